/// v5.3 – v5.12: f4c99394 ("Don't call cp_free if we are processing a channel program"): io_todo
/// frees the cp only when the interrupt is final and the state is CP_PENDING. ops.c resets the
/// state to IDLE after any failed request (reference §2.2).
extension Revisions {
  /// The START path of eras (a) and (b): the failure reset lives in ops.c, under io_mutex.
  static let v5_3Start = Program(
    "vfio_ccw_mdev_write_io_region",
    [
      CommonSteps.writeEnter,
      CommonSteps.writeTrylock,
      CommonSteps.writeDispatch,
      CommonSteps.requestProcessing,
      CommonSteps.cpInitUnguarded,
      CommonSteps.cpPrefetch,
      CommonSteps.helperLock,
      CommonSteps.helperSschSetsPending,
      CommonSteps.helperUnlock,
      CommonSteps.helperResult,
      Step(
        .writeResetIdleOnError, "if (ret_code != 0) state = IDLE  /* ops.c */",
        labels: [.errOut, .dispatchFailed]),
      Step(.writeReturn, "mutex_unlock(&io_mutex); return ret_code ?: count", labels: [.ret]),
    ])

  public static let v5_3 = Revision(
    id: "v5.3", kernels: "v5.3 – v5.12",
    summary: "cp_free in io_todo only when final and state == CP_PENDING (f4c99394)",
    jumpTable: classicTable, hasStartedFlag: false,
    start: v5_3Start,
    ioTodo: CommonSteps.classicIoTodo(
      free: Step(
        .todoFreeIfFinalPending,
        "if (solicited) { cp_update_scsw(); if (is_final && state == CP_PENDING) cp_free(cp); }")),
    notOper: SharedPrograms.notOper(freesCP: false))
}
