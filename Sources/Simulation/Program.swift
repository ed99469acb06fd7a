/// The atomic operations a handler is made of. Each revision lists, per handler, which
/// operations run in which order and the pseudo-code line each one shows; the interpreter
/// (`Interpreter.swift`) gives every operation its effect. Where revisions differ in what a
/// line does, they use different operations, so a revision's listing says what it does.
public enum Op: UInt8, Sendable, CaseIterable {
  // QEMU START: vfio_ccw_mdev_write_io_region → fsm_io_request → fsm_io_helper
  case writeEnter, writeTrylock, writeDispatch
  case requestStartedCheck, requestProcessing
  case cpInitUnguarded, cpInitGuarded, cpPrefetch
  case helperLock, helperSschSetsPending, helperWorkPendingSschSetsStarted, helperUnlock
  case requestHelperResult, requestHelperResultIdle, requestErrIdle
  case writeResetIdleOnError, writeReturn
  // QEMU HALT/CLEAR: vfio_ccw_async_region_write → fsm_async_request → fsm_do_halt/clear
  case asyncEnter, asyncTrylock, asyncDispatch, asyncLock, asyncInstruction, asyncUnlock
  case asyncReturn
  // Host interrupt: do_cio_interrupt → vfio_ccw_sch_irq → fsm_irq
  case irqEnter, irqLock, irqTschFsmIrq, irqUnlock
  // kworker: vfio_ccw_sch_io_todo
  case todoEnter, todoFinal
  case todoFreeIfFinal, todoFreeIfFinalPending, todoFreeIfFinalStarted, todoFreeIfPendingFinish
  case todoLock, todoCopyUnlock, todoIdleIfFinal, todoIdleIfFinished, todoEventfd
  // Kernel-internal: chp_event → cio_cancel_halt_clear; sch_event → NOT_OPER
  case kernelEnter, kernelLock, kernelCancelHaltClear, kernelUnlock
  case notOperEnter, notOperLock, notOperDispatch, notOperDispatchFree, notOperUnlock
}

/// Jump targets inside a program (`goto err_out` and friends).
public enum Label: UInt8, Sendable {
  /// fsm_io_request's err_out, or where the error path continues in ops.c.
  case errOut
  /// Where a refused FSM dispatch (io_busy, io_retry, io_error) continues.
  case dispatchFailed
  /// The handler's return to userspace.
  case ret
  /// fsm_io_helper's unlock (after a refused SSCH).
  case helperUnlock
}

/// One atomic step: an operation and the line of pseudo-code it shows.
public struct Step: Sendable {
  public let op: Op
  public let line: String
  /// Indentation depth for the code view: 0 for the entry point, 1 inside a callee, …
  public let depth: Int
  public let labels: [Label]

  public init(_ op: Op, _ line: String, depth: Int = 0, labels: [Label] = []) {
    self.op = op
    self.line = line
    self.depth = depth
    self.labels = labels
  }
}

/// A handler as its ordered steps, with the kernel function it models as its title.
public struct Program: Sendable {
  public let title: String
  public let steps: [Step]
  private let labelIndex: [UInt8]

  public init(_ title: String, _ steps: [Step]) {
    self.title = title
    self.steps = steps
    var index = [UInt8](repeating: .max, count: 4)
    for (i, s) in steps.enumerated() {
      for l in s.labels where index[Int(l.rawValue)] == .max { index[Int(l.rawValue)] = UInt8(i) }
    }
    labelIndex = index
    precondition(steps.count < 200)
  }

  /// The step a label names. Every program that jumps to a label defines it.
  public func target(_ label: Label) -> UInt8 {
    let i = labelIndex[Int(label.rawValue)]
    precondition(i != .max, "\(title) has no label \(label)")
    return i
  }
}
