/// Plain-words descriptions of a world's parts, shared by the reports and the views.
public enum Describe {
  public static func fctl(_ v: UInt8) -> String {
    names(v, [(FCTL.start, "START"), (FCTL.halt, "HALT"), (FCTL.clear, "CLEAR")])
  }

  public static func actl(_ v: UInt8) -> String {
    names(
      v,
      [
        (ACTL.resumePend, "RESUME_PEND"), (ACTL.startPend, "START_PEND"),
        (ACTL.haltPend, "HALT_PEND"), (ACTL.clearPend, "CLEAR_PEND"), (ACTL.schAct, "SCHACT"),
        (ACTL.devAct, "DEVACT"), (ACTL.suspended, "SUSPENDED"),
      ])
  }

  public static func stctl(_ v: UInt8) -> String {
    names(
      v,
      [
        (STCTL.alert, "ALERT"), (STCTL.intermediate, "INTER"), (STCTL.primary, "PRIM"),
        (STCTL.secondary, "SEC"), (STCTL.pending, "PEND"),
      ])
  }

  private static func names(_ v: UInt8, _ table: [(UInt8, String)]) -> String {
    let parts = table.filter { v & $0.0 != 0 }.map(\.1)
    return parts.isEmpty ? "0" : parts.joined(separator: "|")
  }

  /// Who owns the cp's memory, in words.
  public static func cpOwner(_ w: World) -> String {
    if w.sch.program == .freed { return "freed while the channel runs it" }
    switch w.cp.memory {
    case .free:
      return w.sch.program == .leaked ? "free (the running program's chains leaked)" : "free"
    case .building: return "being built by CPU\(w.cp.builder)"
    case .channel:
      return w.sch.program == .live ? "handed to the channel" : "channel done, not yet freed"
    }
  }

  public static func irbSlot(_ w: World) -> String {
    guard let slot = w.irb else { return "empty" }
    return "\(slot.irb.kind.name) IRB, \(slot.consumed ? "consumed" : "not yet consumed")"
  }

  public static func ioWork(_ w: World) -> String {
    let running = w.work.runningOn.map { "running on CPU\($0 + 1)" } ?? "idle"
    return "\(w.work.pending ? "PENDING" : "not pending"), \(running)"
  }

  public static func status(_ w: World) -> String {
    guard let s = w.sch.status else { return "none" }
    return "\(s.kind.name) (stctl \(stctl(s.stctl))\(s.cc != 0 ? ", cc\(s.cc)" : ""))"
      + (w.sch.interruptTaken ? ", interrupt taken" : "")
  }

  public static func lock(_ holder: UInt8) -> String { holder == 0 ? "free" : "CPU\(holder)" }

  /// One line per part of the world, for the end of a text report.
  public static func summary(_ w: World, revision: Revision) -> [(String, String)] {
    var cp = "initialized=\(w.cp.initialized)"
    if revision.hasStartedFlag { cp += " started=\(w.cp.started)" }
    cp += ", \(cpOwner(w))"
    return [
      ("FSM state", w.state.name),
      ("cp", cp),
      ("irb slot", irbSlot(w)),
      ("io_work", ioWork(w)),
      (
        "subchannel",
        "fctl \(fctl(w.sch.fctl)), actl \(actl(w.sch.actl)), status \(status(w))"
          + (w.sch.operational ? "" : ", not operational")
      ),
      ("locks", "io_mutex \(lock(w.ioMutex)), sch->lock \(lock(w.schLock))"),
    ]
  }
}
