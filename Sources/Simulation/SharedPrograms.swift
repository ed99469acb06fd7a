/// Handlers that read the same in every modelled revision, written once.
public enum SharedPrograms {
  /// vfio_ccw_async_region_write for HSCH or CSCH (async.c, unchanged since v5.2).
  static func async(_ instruction: String) -> Program {
    Program(
      "vfio_ccw_async_region_write",
      [
        Step(.asyncEnter, "QEMU pwrite(async_cmd_region, \(instruction))"),
        Step(.asyncTrylock, "if (!mutex_trylock(&io_mutex)) return -EAGAIN"),
        Step(.asyncDispatch, "fsm_event(ASYNC_REQ): jumptable[state][ASYNC_REQ]()"),
        Step(
          .asyncLock, "fsm_do_\(instruction == "HSCH" ? "halt" : "clear"): spin_lock_irq(sch->lock)",
          depth: 1),
        Step(
          .asyncInstruction,
          instruction == "HSCH"
            ? "cc = hsch(); cc0: actl |= HALT_PEND; cc1/2: -EBUSY; cc3: -ENODEV"
            : "cc = csch(); cc0: actl = CLEAR_PEND; cc3: -ENODEV",
          depth: 2),
        Step(.asyncUnlock, "spin_unlock_irq(sch->lock)", depth: 1, labels: [.helperUnlock]),
        Step(
          .asyncReturn, "mutex_unlock(&io_mutex); return ret_code ?: count",
          labels: [.ret, .dispatchFailed]),
      ])
  }

  public static let halt = async("HSCH")
  public static let clear = async("CSCH")

  /// do_cio_interrupt → vfio_ccw_sch_irq → fsm_event(INTERRUPT) (cio.c, drv.c, fsm.c).
  public static let irq = Program(
    "do_cio_interrupt",
    [
      Step(.irqEnter, "I/O interrupt: do_cio_interrupt()"),
      Step(.irqLock, "spin_lock(sch->lock)"),
      Step(
        .irqTschFsmIrq,
        "tsch(irb); fsm_event(INTERRUPT): fsm_irq: private->irb = *irb; queue_work(io_work)",
        depth: 1),
      Step(.irqUnlock, "spin_unlock(sch->lock); return from interrupt"),
    ])

  /// vfio_ccw_chp_event (CHP_VARY_OFF) under sch->lock → cio_cancel_halt_clear (chsc.c, cio.c).
  public static let kernelHaltClear = Program(
    "vfio_ccw_chp_event",
    [
      Step(.kernelEnter, "chp_event(CHP_VARY_OFF) for a path in use"),
      Step(.kernelLock, "spin_lock_irqsave(sch->lock)"),
      Step(
        .kernelCancelHaltClear, "cio_cancel_halt_clear(): hsch(); if busy, csch()", depth: 1),
      Step(.kernelUnlock, "spin_unlock_irqrestore(sch->lock)"),
    ])

  /// vfio_ccw_sch_event: cio_update_schib fails → fsm_event(NOT_OPER).
  static func notOper(freesCP: Bool) -> Program {
    Program(
      "vfio_ccw_sch_event",
      [
        Step(.notOperEnter, "sch_event: cio_update_schib() fails (device gone)"),
        Step(.notOperLock, "spin_lock_irqsave(sch->lock)"),
        freesCP
          ? Step(
            .notOperDispatchFree,
            "fsm_event(NOT_OPER): fsm_notoper: sched UNREG; state = NOT_OPER; cp_free(cp)",
            depth: 1)
          : Step(
            .notOperDispatch, "fsm_event(NOT_OPER): fsm_notoper: sched UNREG; state = NOT_OPER",
            depth: 1),
        Step(.notOperUnlock, "spin_unlock_irqrestore(sch->lock)"),
      ])
  }
}
