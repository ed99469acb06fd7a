/// v5.2: Cornelia Huck's rework (io_mutex, CP_PROCESSING/CP_PENDING, the async region), before
/// Farhan Ali's f4c99394. io_todo frees the cp on any final solicited interrupt, whatever the
/// state (reference §2.1).
extension Revisions {
  public static let v5_2 = Revision(
    id: "v5.2", kernels: "v5.2",
    summary: "io_mutex and CP_PENDING; io_todo frees the cp on any final solicited interrupt",
    jumpTable: classicTable, hasStartedFlag: false,
    start: v5_3Start,
    ioTodo: CommonSteps.classicIoTodo(
      free: Step(
        .todoFreeIfFinal,
        "if (scsw_is_solicited(irb)) { cp_update_scsw(); if (is_final) cp_free(cp); }")),
    notOper: SharedPrograms.notOper(freesCP: false))
}
