/// v5.13 – v5.19: the 2021 fixes. c6c82e0c (cp_init refuses an initialized cp), 6c02ac4c
/// (err_out resets IDLE inside the FSM, ops.c no longer does) and 2af7a834 (io_todo resets IDLE
/// only when it freed the cp itself: `cp_is_finished`) (reference §2.4).
extension Revisions {
  /// The START path of eras (d) and (e).
  static let v5_13Start = Program(
    "vfio_ccw_mdev_write_io_region",
    [
      CommonSteps.writeEnter,
      CommonSteps.writeTrylock,
      CommonSteps.writeDispatch,
      CommonSteps.requestProcessing,
      CommonSteps.cpInitGuarded,
      CommonSteps.cpPrefetch,
      CommonSteps.helperLock,
      CommonSteps.helperSschSetsPending,
      CommonSteps.helperUnlock,
      CommonSteps.helperResult,
      CommonSteps.errOutIdle,
      CommonSteps.writeReturnAfterFSMReset,
    ])

  static func v5_13IoTodo(idleLine: String) -> Program {
    Program(
      "vfio_ccw_sch_io_todo",
      [
        CommonSteps.todoEnter,
        CommonSteps.todoFinalFinished,
        Step(
          .todoFreeIfPendingFinish,
          "if (solicited) { cp_update_scsw(); if (is_final && state == CP_PENDING) "
            + "{ cp_free(cp); cp_is_finished = true; } }"),
        CommonSteps.todoLock,
        CommonSteps.todoCopyUnlock,
        Step(.todoIdleIfFinished, idleLine),
        CommonSteps.todoEventfd,
      ])
  }

  public static let v5_13 = Revision(
    id: "v5.13", kernels: "v5.13 – v5.19",
    summary: "cp_init guard, IDLE reset inside the FSM, IDLE after io_todo only if it freed the cp",
    jumpTable: classicTable, hasStartedFlag: false,
    start: v5_13Start,
    ioTodo: v5_13IoTodo(idleLine: "if (private->mdev && cp_is_finished) state = IDLE"),
    notOper: SharedPrograms.notOper(freesCP: false))
}
