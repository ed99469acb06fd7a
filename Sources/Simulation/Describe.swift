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

  /// What a step changed, part by part, in words: the presenter's spotlight.
  public static func changes(from a: World, to b: World, revision: Revision) -> [String] {
    var out: [String] = []
    func note(_ what: String, _ x: String, _ y: String) { if x != y { out.append("\(what): \(x) → \(y)") } }
    note("FSM state", a.state.name, b.state.name)
    note("cp initialized", "\(a.cp.initialized)", "\(b.cp.initialized)")
    if revision.hasStartedFlag { note("cp.started", "\(a.cp.started)", "\(b.cp.started)") }
    note("cp memory", cpOwner(a), cpOwner(b))
    note("io_work", ioWork(a), ioWork(b))
    note("irb slot", irbSlot(a), irbSlot(b))
    note("fctl", fctl(a.sch.fctl), fctl(b.sch.fctl))
    note("actl", actl(a.sch.actl), actl(b.sch.actl))
    note("status", status(a), status(b))
    note("io_mutex", lock(a.ioMutex), lock(b.ioMutex))
    note("sch->lock", lock(a.schLock), lock(b.schLock))
    for k in a.cpus.indices {
      let x = a.cpus[k].top.map { "\($0.kind.title) at line \($0.pc + 1)" } ?? "idle"
      let y = b.cpus[k].top.map { "\($0.kind.title) at line \($0.pc + 1)" } ?? "idle"
      if (a.cpus[k].top?.kind) != (b.cpus[k].top?.kind) || a.cpus[k].irq != b.cpus[k].irq && b.cpus[k].irq == nil {
        note("CPU\(k + 1)", x, y)
      }
    }
    return out
  }

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
