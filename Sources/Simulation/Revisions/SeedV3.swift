/// The seed: Eric Farman's RFC v3 (June 2020, not merged), on top of v5.3. Three patches:
/// `cp.started`; CP_PENDING removed (IDLE right after a successful SSCH, io_todo never writes
/// the state); a `work_pending(io_work)` check before SSCH (reference §2.3).
extension Revisions {
  public static let seedV3 = Revision(
    id: "seed-v3", kernels: "RFC v3 (2020, unmerged)",
    summary: "cp.started, no CP_PENDING, START refused while io_work is pending",
    jumpTable: JumpTable(
      states: [.notOper, .standby, .idle, .cpProcessing],
      events: classicEvents,
      rows: [
        [.nop, .ioError, .disabledIRQ, .asyncError],
        [.notoper, .ioError, .irq, .asyncError],
        [.notoper, .ioRequest, .irq, .asyncRequest],
        [.notoper, .ioRetry, .irq, .asyncRetry],
      ]),
    hasStartedFlag: true,
    start: Program(
      "vfio_ccw_mdev_write_io_region",
      [
        CommonSteps.writeEnter,
        CommonSteps.writeTrylock,
        CommonSteps.writeDispatch,
        Step(
          .requestStartedCheck, "fsm_io_request: if (cp.started) { ret = -EBUSY; goto err_out; }",
          depth: 1),
        Step(.requestProcessing, "state = CP_PROCESSING; memcpy(scsw)", depth: 1),
        Step(
          .cpInitUnguarded,
          "cp_init(cp, orb): INIT_LIST_HEAD; build; initialized = true; started = false",
          depth: 2),
        CommonSteps.cpPrefetch,
        CommonSteps.helperLock,
        Step(
          .helperWorkPendingSschSetsStarted,
          "if (work_pending(&io_work)) ret = -EBUSY; else cc = ssch(); cc0: cp.started = true",
          depth: 3),
        CommonSteps.helperUnlock,
        Step(
          .requestHelperResultIdle, "if (ret) { cp_free(cp); goto err_out; } state = IDLE",
          depth: 1),
        CommonSteps.errOutIdle,
        CommonSteps.writeReturnAfterFSMReset,
      ]),
    ioTodo: Program(
      "vfio_ccw_sch_io_todo",
      [
        CommonSteps.todoEnter,
        CommonSteps.todoFinal,
        Step(
          .todoFreeIfFinalStarted,
          "if (solicited) { cp_update_scsw(); if (is_final && cp.started) cp_free(cp); }"),
        CommonSteps.todoLock,
        CommonSteps.todoCopyUnlock,
        CommonSteps.todoEventfd,
      ]),
    notOper: SharedPrograms.notOper(freesCP: false))
}
