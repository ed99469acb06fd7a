/// v6.0 – today: the 2022 rework. OPEN and CLOSE events, fsm_notoper frees the cp, STANDBY
/// ignores interrupts; the I/O path is v5.13's (reference §2.5).
extension Revisions {
  public static let v6_0 = Revision(
    id: "v6.0", kernels: "v6.0 – today",
    summary: "v5.13's I/O path plus OPEN/CLOSE events; fsm_notoper and close free the cp",
    jumpTable: JumpTable(
      states: classicStates,
      events: [.notOper, .ioReq, .interrupt, .asyncReq, .open, .close],
      rows: [
        [.nop, .ioError, .disabledIRQ, .asyncError, .nop, .nop],
        [.notoper, .ioError, .disabledIRQ, .asyncError, .open, .notoper],
        [.notoper, .ioRequest, .irq, .asyncRequest, .notoper, .close],
        [.notoper, .ioRetry, .irq, .asyncRetry, .notoper, .close],
        [.notoper, .ioBusy, .irq, .asyncRequest, .notoper, .close],
      ]),
    hasStartedFlag: false,
    start: v5_13Start,
    ioTodo: v5_13IoTodo(idleLine: "if (cp_is_finished) state = IDLE"),
    notOper: SharedPrograms.notOper(freesCP: true))
}
