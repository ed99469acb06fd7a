import Foundation
import Simulation

/// `ccwviz coverage` as text and as JSON. Unreached steps and cells come first: in a
/// proposed patch they are the code no run tried.
extension Coverage {
  var unitName: String { mode == .runs ? "runs" : "states" }

  /// `what`: how the coverage was computed, e.g. "10000 random runs, seeds 1…".
  /// Why whole handlers are unreached under a configuration: their paths had no budget.
  public func budgetHints(_ c: Configuration) -> [String] {
    var out: [String] = []
    let dead = Set(unreachedSteps.map(\.kind))
    if dead.contains(.kernelHaltClear) && c.kernelHaltClear == 0 && revision.has(.kernelHaltClear) {
      out.append("chp_event never ran: no kernel HALT/CLEAR was allowed (--kernel-halt-clear 1)")
    }
    if dead.contains(.notOper) && !c.notOper {
      out.append("sch_event never ran: the device never went away (--notoper)")
    }
    for kind in [ContextKind.close, .reset] where dead.contains(kind) && c.closes == 0 && revision.has(kind) {
      out.append("\(kind.handlerKey) never ran: QEMU was not allowed to close or reset the device (--closes 1)")
    }
    return out
  }

  public func text(what: String, hints: [String] = []) -> String {
    var out: [String] = []
    out.append("ccwviz coverage \(revision.id) (\(revision.kernels)): \(what)")
    if mode == .explore {
      out.append(
        "searched \(units) states, \(transitions) transitions\(exhaustive ? ", every reachable state" : " (stopped at a bound)")")
      out.append("a step's count: the states in which some CPU is about to run it, then the transitions that ran it")
      out.append("(a handler's first step runs in the transition that starts it: no state is before it)")
      out.append("a cell's count: the transitions that dispatched through it")
    } else {
      out.append("\(units) run\(units == 1 ? "" : "s"), \(transitions) steps; a count is the runs that reached it")
    }
    let deadSteps = unreachedSteps
    let deadCells = unreachedCells
    out.append("")
    out.append("Steps never reached (\(deadSteps.count) of \(allSteps.count)):")
    if deadSteps.isEmpty { out.append("  none") }
    for s in deadSteps { out.append("  " + stepName(s) + "  " + line(s)) }
    for h in hints { out.append("  note: \(h)") }
    out.append("")
    out.append("Jump-table cells never reached (\(deadCells.count) of \(allCells.count)):")
    if deadCells.isEmpty { out.append("  none") }
    for c in deadCells {
      out.append("  jumptable[\(c.state.name)][\(c.event.name)] = \(revision.jumpTable.handler(c.state, c.event).name)")
    }
    out.append("")
    out.append("Jump table (\(unitName) per cell):")
    let events = revision.jumpTable.events
    let w = 14
    func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
    out.append(pad("", 15) + events.map { pad($0.name, w) }.joined())
    for st in revision.jumpTable.states {
      out.append(pad(st.name, 15) + events.map { pad("\(count(CellSite(st, $0)))", w) }.joined())
    }
    out.append("")
    out.append("Handler steps (\(unitName)\(mode == .explore ? " / transitions" : "") per step):")
    for (kind, p) in revision.allPrograms where !p.steps.isEmpty {
      out.append("  \(kind.handlerKey): \(p.title)")
      for i in p.steps.indices {
        let s = StepSite(kind, i)
        var n = "\(count(s))"
        if mode == .explore { n += " / \(stepTransitions[s] ?? 0)" }
        out.append("    " + pad(n, 18) + " " + String(repeating: " ", count: p.steps[i].depth * 2) + p.steps[i].line)
      }
    }
    out.append("")
    out.append("Hazards (\(mode == .runs ? "runs that hit each" : "transitions that fired each")):")
    if hazards.isEmpty { out.append("  none") }
    for k in HazardKind.allCases where hazards[k] != nil { out.append("  \(k.rawValue): \(hazards[k]!)") }
    if mode == .runs {
      let hit = runs.filter { !$0.hazards.isEmpty }
      out.append("")
      out.append("Runs that hit a hazard (\(hit.count) of \(runs.count)):")
      for r in hit.prefix(20) {
        out.append("  \(r.name): " + r.hazards.map(\.id).joined(separator: ", "))
      }
      if hit.count > 20 { out.append("  … and \(hit.count - 20) more (--format json lists every run)") }
    }
    return out.map { String($0.reversed().drop { $0 == " " }.reversed()) }.joined(separator: "\n") + "\n"
  }

  /// `start[3] (line 41)`: the handler key and step index, and where the file wrote it.
  public func stepName(_ s: StepSite) -> String {
    let src = source(s)
    return "\(s.kind.handlerKey)[\(s.index)]" + (src.isEmpty ? "" : " (file \(src))")
  }

  struct Document: Encodable {
    struct StepDoc: Encodable {
      var handler: String
      var index: Int
      var line: String
      var sourceLine: Int?
      var count: Int
      var transitions: Int?
    }
    struct CellDoc: Encodable {
      var state: String
      var event: String
      var handler: String
      var count: Int
    }
    struct RunDoc: Encodable {
      var name: String
      var hazards: [String]
    }
    var revision: String
    var mode: String
    var what: String
    var units: Int
    var transitions: Int
    var exhaustive: Bool?
    var unreachedSteps: [StepDoc]
    var unreachedCells: [CellDoc]
    var steps: [StepDoc]
    var cells: [CellDoc]
    var hazards: [String: Int]
    var runs: [RunDoc]?
  }

  public func json(what: String) -> String {
    func stepDoc(_ s: StepSite) -> Document.StepDoc {
      let st = revision.program(s.kind).steps[s.index]
      return .init(
        handler: s.kind.handlerKey, index: s.index, line: st.line,
        sourceLine: st.sourceLine > 0 ? st.sourceLine : nil, count: count(s),
        transitions: mode == .explore ? stepTransitions[s] ?? 0 : nil)
    }
    func cellDoc(_ c: CellSite) -> Document.CellDoc {
      .init(state: c.state.name, event: c.event.name, handler: revision.jumpTable.handler(c.state, c.event).name, count: count(c))
    }
    let doc = Document(
      revision: revision.id, mode: mode.rawValue, what: what, units: units, transitions: transitions,
      exhaustive: mode == .explore ? exhaustive : nil,
      unreachedSteps: unreachedSteps.map(stepDoc), unreachedCells: unreachedCells.map(cellDoc),
      steps: allSteps.map(stepDoc), cells: allCells.map(cellDoc),
      hazards: Dictionary(uniqueKeysWithValues: hazards.map { ($0.key.rawValue, $0.value) }),
      runs: mode == .runs ? runs.map { .init(name: $0.name, hazards: $0.hazards.map(\.id)) } : nil)
    let enc = JSONEncoder()
    enc.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    return String(decoding: (try? enc.encode(doc)) ?? Data(), as: UTF8.self) + "\n"
  }
}
