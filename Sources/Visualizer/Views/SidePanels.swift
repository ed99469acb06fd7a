import Simulation
import Teaching

/// The FSM: the current state and the revision's jump table, the cell just executed lit.
enum FSMView {
  static func draw(_ state: AppState, _ s: inout Screen, _ r: Rect, table: Bool) {
    let heat = state.showsCoverage ? state.heat : nil
    s.box(r, title: heat.map { "FSM: \($0.unit) per cell, heat \(s.glyphs.heat(1))-\(s.glyphs.heat(8)), \(s.glyphs.never) never" } ?? "FSM")
    let inner = r.inner
    let w = state.world
    let g = s.glyphs
    var x = s.text(inner.x, inner.y, "state ", .text)
    x = s.text(x, inner.y, "\(g.next) \(w.state.name)", .fsmState)
    if let prev = state.previousWorld, prev.state != w.state {
      s.text(x, inner.y, "  (was \(prev.state.name))", .dim, limit: inner.maxX - x)
    }
    let lit = litCell(state)
    let jt = state.run.revision.jumpTable
    guard table, inner.height >= jt.states.count + 2 else {
      // No room for the table: the current state's row, and the cell just run.
      let row = jt.events.map { "\(short($0)) \(short(jt.handler(w.state, $0)))" }.joined(separator: " ")
      if inner.height > 1 { s.text(inner.x, inner.y + 1, row, .fsmRowCurrent, limit: inner.width) }
      if let lit, inner.height > 2 {
        s.text(inner.x, inner.y + 2, "ran \(jt.handler(lit.0, lit.1).name) for \(lit.1.name) in \(lit.0.name)", .fsmCellLit, limit: inner.width)
      }
      return
    }
    let stateWidth = 10
    let cellWidth = min(6, (inner.width - stateWidth) / jt.events.count)
    for (e, event) in jt.events.enumerated() {
      s.text(inner.x + stateWidth + e * cellWidth, inner.y + 1, short(event), .dim, limit: cellWidth - 1)
    }
    for (i, st) in jt.states.enumerated() {
      let y = inner.y + 2 + i
      let current = st == w.state
      s.text(inner.x, y, (current ? "\(g.next)" : " ") + short(st), current ? .fsmRowCurrent : .text, limit: stateWidth - 1)
      for (e, event) in jt.events.enumerated() {
        let isLit = lit.map { $0.0 == st && $0.1 == event } ?? false
        let cx = inner.x + stateWidth + e * cellWidth
        let name = short(jt.handler(st, event))
        if let heat {
          let n = heat.cells[CellSite(st, event)] ?? 0
          let level = Heat.level(n, max: heat.maxCell)
          let text = n == 0 ? "\(s.glyphs.never)" : "\(s.glyphs.heat(level))" + HeatCounts.short(n)
          s.text(cx + 1, y, text, isLit ? .fsmCellLit : level == 0 ? .dim : level >= 6 ? .hazard : .fsmCell, limit: cellWidth - 1)
        } else if isLit {
          s.text(cx, y, "[\(name)]", .fsmCellLit, limit: cellWidth)
        } else {
          s.text(cx + 1, y, name, current ? .fsmRowCurrent : .fsmCell, limit: cellWidth - 1)
        }
      }
    }
  }

  /// The jump-table cell the last step dispatched through: (state before, event).
  static func litCell(_ state: AppState) -> (FSMState, FSMEvent)? {
    guard let step = state.lastStep, case .cpu(let k) = step.lane, let prev = state.previousWorld
    else { return nil }
    let cpu = prev.cpus[k]
    let ctx: Context?
    switch step.choice {
    case .step: ctx = cpu.top
    default: ctx = nil  // A context's first step never dispatches.
    }
    guard let ctx else { return nil }
    _ = ctx
    for case .dispatched(let s, let e, _) in step.facts { return (s, e) }
    return nil
  }

  static func short(_ s: FSMState) -> String {
    switch s {
    case .notOper: "NOT_OPER"
    case .standby: "STANDBY"
    case .idle: "IDLE"
    case .cpProcessing: "CP_PROC"
    case .cpPending: "CP_PEND"
    }
  }

  static func short(_ e: FSMEvent) -> String {
    switch e {
    case .notOper: "NOTOP"
    case .ioReq: "IOREQ"
    case .interrupt: "INTR"
    case .asyncReq: "ASYNC"
    case .open: "OPEN"
    case .close: "CLOSE"
    }
  }

  static func short(_ h: FSMHandler) -> String {
    switch h {
    case .nop: "nop"
    case .ioError, .asyncError: "error"
    case .ioRequest: "req"
    case .ioRetry, .asyncRetry: "retry"
    case .ioBusy: "busy"
    case .irq: "irq"
    case .disabledIRQ: "dis"
    case .asyncRequest: "async"
    case .notoper: "notop"
    case .open: "open"
    case .close: "close"
    }
  }
}

/// The channel program: its flags and who owns its memory, in words and colour.
enum ChannelProgramView {
  static func draw(_ state: AppState, _ s: inout Screen, _ r: Rect) {
    s.box(r, title: "cp (channel program)")
    let inner = r.inner
    let w = state.world
    var x = flag(&s, inner.x, inner.y, "initialized", w.cp.initialized)
    if state.run.revision.hasStartedFlag {
      x = flag(&s, x + 2, inner.y, "started", w.cp.started)
    } else {
      s.text(x + 2, inner.y, "(no cp.started here)", .dim, limit: inner.maxX - x - 2)
    }
    let owner = Describe.cpOwner(w)
    let role: Role =
      w.sch.program == .freed ? .ownerFreed
      : w.cp.memory == .building ? .ownerBuilding
      : w.cp.memory == .channel ? .ownerChannel : .ownerFree
    let mark = w.sch.program == .freed ? "\(s.glyphs.alert)\(s.glyphs.alert) " : ""
    let after = s.text(inner.x, inner.y + 1, "memory: ", .text)
    s.text(after, inner.y + 1, mark + owner, role, limit: inner.maxX - after)
  }

  /// "name ● yes" or "name ○ no": readable without colour.
  static func flag(_ s: inout Screen, _ x: Int, _ y: Int, _ name: String, _ on: Bool) -> Int {
    let after = s.text(x, y, name + " ", .text)
    return s.text(after, y, on ? "\(s.glyphs.on) yes" : "\(s.glyphs.off) no", on ? .flagOn : .flagOff)
  }
}

/// io_work: the pending bit, who runs it, and the single irb slot.
enum WorkView {
  static func draw(_ state: AppState, _ s: inout Screen, _ r: Rect) {
    s.box(r, title: "io_work and the irb slot")
    let inner = r.inner
    let w = state.world
    var x = s.text(inner.x, inner.y, "PENDING ", .text)
    x = s.text(x, inner.y, w.work.pending ? "\(s.glyphs.on) set" : "\(s.glyphs.off) clear", w.work.pending ? .workPending : .flagOff)
    x = s.text(x, inner.y, "  ", .text)
    x = s.text(x, inner.y, w.work.runningOn.map { "runs on CPU\($0 + 1)" } ?? "idle", w.work.runningOn == nil ? .dim : .flagOn)
    if let step = state.lastStep, step.facts.contains(.queueWork(queued: false)) {
      s.text(x, inner.y, "  \(s.glyphs.alert) queue_work → false", .warning, limit: inner.maxX - x)
    }
    let slot = w.irb
    let irbRole: Role = slot.map { $0.consumed ? .dim : .workPending } ?? .dim
    let after = s.text(inner.x, inner.y + 1, "irb: ", .text)
    s.text(after, inner.y + 1, Describe.irbSlot(w), irbRole, limit: inner.maxX - after)
  }
}

/// The subchannel: function, activity and status controls, the last cc, locks.
enum SubchannelView {
  static func draw(_ state: AppState, _ s: inout Screen, _ r: Rect) {
    s.box(r, title: "subchannel")
    let inner = r.inner
    let w = state.world
    s.text(inner.x, inner.y, "fctl \(Describe.fctl(w.sch.fctl))  actl \(Describe.actl(w.sch.actl))", .text, limit: inner.width)
    s.text(inner.x, inner.y + 1, "status: \(Describe.status(w))", w.sch.status == nil ? .text : .workPending, limit: inner.width)
    s.text(inner.x, inner.y + 2, "last cc: \(lastInstruction(state) ?? "none yet")", .text, limit: inner.width)
    let program: (String, Role)
    switch w.sch.program {
    case .none: program = ("no START running", .dim)
    case .live: program = ("START runs the live cp", .ownerChannel)
    case .freed: program = ("\(s.glyphs.alert)\(s.glyphs.alert) START runs FREED memory", .ownerFreed)
    case .leaked: program = ("START runs leaked chains", .warning)
    }
    let after = s.text(inner.x, inner.y + 3, "channel: ", .text)
    s.text(after, inner.y + 3, program.0 + (w.sch.operational ? "" : "; not operational"), program.1, limit: inner.maxX - after)
    let irqsOff = w.schLock == 0 ? "" : "  irqs off CPU\(w.schLock)"
    s.text(inner.x, inner.y + 4, "io_mutex \(Describe.lock(w.ioMutex))  sch->lock \(Describe.lock(w.schLock))\(irqsOff)", w.ioMutex == 0 && w.schLock == 0 ? .dim : .text, limit: inner.width)
  }

  /// The last SSCH/HSCH/CSCH/XSCH and its condition code, from the steps on screen.
  static func lastInstruction(_ state: AppState) -> String? {
    for step in state.run.steps[..<state.cursor].reversed() {
      for case .instruction(let i, let cc) in step.facts.reversed() where i != .tsch {
        return "\(i.rawValue) → cc\(cc) (\(step.lane.name), step \(step.index))"
      }
    }
    return nil
  }
}
