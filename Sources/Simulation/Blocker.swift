/// Why a choice cannot be taken now, as structure; `text` is the one place it becomes words.
/// Views, exports, `check` and tests read the case, not the sentence.
public enum Blocker: Hashable, Sendable {
  case noSuchCPU(Int)
  case nothingRuns(cpu: Int)
  case cpuBusy(cpu: Int)
  case noQEMUThread(cpu: Int, threads: Int)
  case threadDone(cpu: Int)
  case noRequestsLeft
  /// QEMU answers from its virtual SCSW (with the QEMU filter): a function, or HALT/CLEAR, in progress.
  case qemuAnswersItself(RequestKind)
  case noChpEvent(revision: String)
  case noKernelHaltClearLeft
  case alreadyNotOperational
  case noNotOperLeft
  case noStatusPending
  case interruptionTaken
  case alreadyInInterrupt(cpu: Int)
  case irqsOff(cpu: Int)
  case nothingQueued
  case workqueueBusy(on: Int)
  /// The lane's next step takes a lock another CPU holds.
  case trylockWaits(holder: Int)
  case mutexSleeps(holder: Int)
  case spinWaits(holder: Int)
  case channel(ChannelBlock)
  case deviceClosed
  /// close_device is running: the fd is gone, no request can start.
  case deviceClosing
  /// A QEMU pwrite is still in the kernel: the fd's last close comes after it.
  case requestInFlight
  case noClosesLeft
  case noHandler(ContextKind)
  case subchannelDisabled
  /// flush_workqueue waits for the item running on that CPU, or for queued items to run.
  case flushWaits(on: Int)
  case flushWaitsQueued
  /// cancel_work_sync waits for io_todo running on that CPU.
  case cancelWaits(on: Int)

  /// Why the channel subsystem cannot take an action.
  public enum ChannelBlock: Hashable, Sendable {
    case notOperational, statusPending, noStartPending, noStartRunning, intermediateOff
    case intermediateDone, deferredCCOff, noHalt, noClear, noUnsolicitedLeft, functionInProgress
  }

  /// Whether the lane itself waits for a lock (rather than the choice not existing now).
  public var isLockWait: Bool {
    switch self {
    case .trylockWaits, .mutexSleeps, .spinWaits, .flushWaits, .flushWaitsQueued, .cancelWaits: true
    default: false
    }
  }

  /// The words users read. CPUs are numbered from 1, as the lanes are.
  public var text: String {
    switch self {
    case .noSuchCPU(let k): "there is no CPU\(k + 1)"
    case .nothingRuns(let k): "nothing runs on CPU\(k + 1)"
    case .cpuBusy(let k): "CPU\(k + 1) is busy"
    case .noQEMUThread(let k, let t): "CPU\(k + 1) runs no QEMU thread (threads = \(t))"
    case .threadDone(let k): "QEMU thread \(k + 1) has no requests left"
    case .noRequestsLeft: "no QEMU requests left"
    case .qemuAnswersItself(.start): "QEMU's virtual SCSW shows a function in progress: QEMU answers cc2 itself"
    case .qemuAnswersItself: "QEMU's virtual SCSW shows HALT/CLEAR in progress: QEMU answers cc2 itself"
    case .noChpEvent(let id): Revision.noChpEvent(id)
    case .noKernelHaltClearLeft: "no kernel HALT/CLEAR left"
    case .alreadyNotOperational: "the subchannel is already not operational"
    case .noNotOperLeft: "no NOT_OPER event allowed"
    case .noStatusPending: "no status pending"
    case .interruptionTaken: "the interruption was already taken"
    case .alreadyInInterrupt(let k): "CPU\(k + 1) is already in an interrupt"
    case .irqsOff(let k): "irqs off on CPU\(k + 1) (inside sch->lock)"
    case .nothingQueued: "io_work is not pending"
    case .workqueueBusy(let k): "the workqueue is already running an item on CPU\(k + 1)"
    case .trylockWaits(let h): "waits for io_mutex (held by CPU\(h)): trylock gives -EAGAIN, QEMU retries"
    case .mutexSleeps(let h): "sleeps on io_mutex (held by CPU\(h))"
    case .spinWaits(let h): "spins on sch->lock (held by CPU\(h))"
    case .deviceClosed: "the device is closed: QEMU has nothing left to ask of it"
    case .noClosesLeft: "no close or reset left"
    case .deviceClosing: "QEMU is closing the device: its fd is gone"
    case .requestInFlight: "a QEMU request is still in the kernel: the last close of the fd waits for it to return"
    case .noHandler(let kind): "this revision has no \(kind.handlerKey) handler"
    case .subchannelDisabled: "the subchannel is disabled: it presents no interruption"
    case .flushWaits(let k): "flush_workqueue waits for the item running on CPU\(k + 1)"
    case .flushWaitsQueued: "flush_workqueue waits for the queued work to run"
    case .cancelWaits(let k): "cancel_work_sync waits for io_todo running on CPU\(k + 1)"
    case .channel(let c):
      switch c {
      case .notOperational: "the subchannel is not operational"
      case .statusPending: "status is pending: the subchannel waits for TSCH"
      case .noStartPending: "no start is pending"
      case .noStartRunning: "no START is running"
      case .intermediateOff: "intermediate status is off"
      case .intermediateDone: "this START already presented its intermediate status"
      case .deferredCCOff: "deferred cc is off"
      case .noHalt: "no halt in progress"
      case .noClear: "no clear in progress"
      case .noUnsolicitedLeft: "no unsolicited status left"
      case .functionInProgress: "a function is in progress"
      }
    }
  }
}
