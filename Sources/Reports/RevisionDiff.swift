import Foundation
import SafeText
import Simulation

/// What one revision changes against another: the jump-table cells that differ, each
/// handler's steps as a patch, and the explorer's verdicts for both at the same bounds.
public struct RevisionDiff {
  public struct Cell {
    public var state: FSMState
    public var event: FSMEvent
    /// nil where the revision has no such state or event.
    public var a: FSMHandler?
    public var b: FSMHandler?
  }

  /// One line of a handler's patch: " " kept, "-" only in A, "+" only in B.
  public struct Line {
    public var mark: Character
    public var step: Step
  }

  public struct Hunk {
    public var handler: String
    public var function: String
    public var lines: [Line]
  }

  public var a: Revision
  public var b: Revision
  public var cells: [Cell]
  public var hunks: [Hunk]
  public var verdictsA: Verdicts?
  public var verdictsB: Verdicts?

  public init(_ a: Revision, _ b: Revision, verdicts: Configuration? = Verdicts.defaultBounds, jobs: Int = 1) {
    self.a = a
    self.b = b
    var cells: [Cell] = []
    for s in FSMState.allCases {
      for e in FSMEvent.allCases {
        let x = RevisionDiff.cell(a.jumpTable, s, e)
        let y = RevisionDiff.cell(b.jumpTable, s, e)
        if x != y && (x != nil || y != nil) { cells.append(Cell(state: s, event: e, a: x, b: y)) }
      }
    }
    self.cells = cells
    hunks = ContextKind.allCases.compactMap { kind in
      let p = a.program(kind)
      let q = b.program(kind)
      let lines = RevisionDiff.patch(p.steps, q.steps)
      guard lines.contains(where: { $0.mark != " " }) || p.title != q.title else { return nil }
      return Hunk(handler: kind.handlerKey, function: q.title, lines: lines)
    }
    if let bounds = verdicts {
      verdictsA = Verdicts.explore(a, configuration: bounds, jobs: jobs)
      verdictsB = Verdicts.explore(b, configuration: bounds, jobs: jobs)
    }
  }

  static func cell(_ t: JumpTable, _ s: FSMState, _ e: FSMEvent) -> FSMHandler? {
    t.states.contains(s) && t.events.contains(e) ? t.handler(s, e) : nil
  }

  /// A longest-common-subsequence patch of two step lists.
  static func patch(_ x: [Step], _ y: [Step]) -> [Line] {
    let n = x.count
    let m = y.count
    var lcs = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
    for i in stride(from: n - 1, through: 0, by: -1) {
      for j in stride(from: m - 1, through: 0, by: -1) {
        lcs[i][j] = x[i].sameAs(y[j]) ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
      }
    }
    var out: [Line] = []
    var i = 0
    var j = 0
    while i < n || j < m {
      if i < n && j < m && x[i].sameAs(y[j]) {
        out.append(Line(mark: " ", step: y[j]))
        i += 1
        j += 1
      } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
        out.append(Line(mark: "+", step: y[j]))
        j += 1
      } else {
        out.append(Line(mark: "-", step: x[i]))
        i += 1
      }
    }
    return out
  }

  /// Hazards reachable in B but not in A (opened) and the other way round (closed).
  public var opened: [Verdicts.Verdict] {
    guard let va = verdictsA, let vb = verdictsB else { return [] }
    return vb.verdicts.filter { v in v.found && va.verdict(v.hazard)?.found == false }
  }

  public var closed: [Verdicts.Verdict] {
    guard let va = verdictsA, let vb = verdictsB else { return [] }
    return va.verdicts.filter { v in v.found && vb.verdict(v.hazard)?.found == false }
  }

  // MARK: - Text

  public func text() -> String {
    var out = "ccwviz diff \(a.id) \(b.id)\n"
    out += "--- \(a.id) (\(a.kernels))\n+++ \(b.id) (\(b.kernels))\n\n"
    out += "Jump table:\n"
    if cells.isEmpty { out += "  no cell differs\n" }
    for c in cells {
      out += "  jumptable[\(c.state.name)][\(c.event.name)]: \(c.a?.name ?? "(none)") -> \(c.b?.name ?? "(none)")\n"
    }
    out += "\nHandlers:\n"
    if hunks.isEmpty { out += "  no handler differs\n" }
    for h in hunks {
      out += "@@ \(h.handler): \(h.function) @@\n"
      // Context: only the steps next to a change, as a patch shows them.
      let changed = h.lines.indices.filter { h.lines[$0].mark != " " }
      var shown = Set<Int>()
      for i in changed { for k in max(0, i - 2)...min(h.lines.count - 1, i + 2) { shown.insert(k) } }
      var last = -1
      for i in shown.sorted() {
        if last >= 0 && i > last + 1 { out += "  ...\n" }
        let l = h.lines[i]
        let label = l.step.labels.isEmpty ? "" : "\(l.step.labels.joined(separator: ",")): "
        out += "\(l.mark) \(String(repeating: "  ", count: l.step.depth))\(label)\(l.step.line)\n"
        last = i
      }
    }
    if let va = verdictsA, let vb = verdictsB {
      out += "\nVerdicts (\(va.boundsText)):\n"
      out += "  hazard          \(SafeText.pad(a.id, 22)) \(b.id)\n"
      for v in va.verdicts {
        let w = vb.verdict(v.hazard)
        func say(_ x: Verdicts.Verdict?) -> String {
          guard let x else { return "-" }
          return x.trace.map { "reachable (\($0.count) steps)" } ?? "unreachable"
        }
        out += "  \(SafeText.pad(v.hazard.rawValue, 15)) \(SafeText.pad(say(v), 22)) \(say(w))\n"
      }
      out += "\n"
      out += closed.isEmpty ? "Closes: nothing\n" : "Closes: \(closed.map(\.hazard.rawValue).joined(separator: ", "))\n"
      // Races that need an event the bounds leave out cannot show here: say which flags add them.
      let c = va.configuration
      let more = [
        c.notOper ? nil : "--notoper", c.closes == 0 ? "--closes 1" : nil,
        c.kernelHaltClear == 0 ? "--kernel-halt-clear 1" : nil, c.unsolicited == 0 ? "--unsolicited 1" : nil,
      ].compactMap { $0 }
      if closed.isEmpty && opened.isEmpty && !more.isEmpty {
        out += "  (at these bounds; races that need the device to go away, a close or reset, a kernel "
          + "HALT/CLEAR or an unsolicited status show with \(more.joined(separator: ", "))"
          + ")\n"
      }
      if opened.isEmpty {
        out += "Opens: nothing\n"
      } else {
        for v in opened {
          out += "Opens: \(v.hazard.rawValue), shortest trace (\(v.trace!.count) steps):\n"
          out += "  " + v.trace!.map(\.description).joined(separator: " ") + "\n"
        }
      }
    }
    return out
  }

  // MARK: - JSON

  public func json() -> String {
    struct StepJSON: Encodable {
      var mark: String
      var labels: [String]
      var line: String
      var depth: Int
    }
    struct HunkJSON: Encodable {
      var handler: String
      var function: String
      var lines: [StepJSON]
    }
    struct CellJSON: Encodable {
      var state: String
      var event: String
      var a: String?
      var b: String?
    }
    typealias VerdictJSON = ExploreReport.Document.HazardResult
    struct Doc: Encodable {
      var a: String
      var b: String
      var table: [CellJSON]
      var handlers: [HunkJSON]
      var bounds: String?
      var verdicts: [String: [VerdictJSON]]?
      var closes: [String]
      var opens: [VerdictJSON]
    }
    func vj(_ v: Verdicts.Verdict) -> VerdictJSON {
      VerdictJSON(hazard: v.hazard.rawValue, found: v.found, length: v.trace?.count, trace: v.trace?.map(\.description), explanation: nil)
    }
    var verdicts: [String: [VerdictJSON]]?
    if let va = verdictsA, let vb = verdictsB {
      verdicts = ["a": va.verdicts.map(vj), "b": vb.verdicts.map(vj)]
    }
    let doc = Doc(
      a: a.id, b: b.id,
      table: cells.map { CellJSON(state: $0.state.name, event: $0.event.name, a: $0.a?.name, b: $0.b?.name) },
      handlers: hunks.map { h in
        HunkJSON(handler: h.handler, function: h.function, lines: h.lines.map {
          StepJSON(mark: String($0.mark), labels: $0.step.labels, line: $0.step.line, depth: $0.step.depth)
        })
      },
      bounds: verdictsA?.boundsText, verdicts: verdicts, closes: closed.map(\.hazard.rawValue), opens: opened.map(vj))
    let enc = JSONEncoder()
    enc.outputFormatting = [.prettyPrinted, .sortedKeys]
    return String(decoding: (try? enc.encode(doc)) ?? Data(), as: UTF8.self) + "\n"
  }
}
