import Foundation
import SafeText
import Simulation

/// One schedule told on two revisions, aligned like a diff: steps that read the same on both
/// sides share a row, a step only one revision takes has a row of its own.
public struct Comparison {
  public let runs: [Run]
  /// Rows of (left step index, right step index), 0-based; nil where a side has no step.
  public let rows: [(Int?, Int?)]
  /// The first row where both revisions take a step and the steps differ (where the story
  /// changes); failing that, the first row only one of them has. nil when they are the same.
  public let divergenceRow: Int?

  /// The 1-based steps where the runs diverge, on the left and on the right.
  public var firstDivergence: (left: Int?, right: Int?)? {
    divergenceRow.map { r in (rows[r].0.map { $0 + 1 }, rows[r].1.map { $0 + 1 }) }
  }

  /// The largest alignment table (cells) before the middle is paired step by step.
  public static let maxCells = 4_000_000

  public init(_ a: Run, _ b: Run) {
    runs = [a, b]
    func key(_ s: RunStep) -> String { "\(s.lane.name)|\(s.text)" }
    let ka = a.steps.map(key)
    let kb = b.steps.map(key)
    // The common prefix and suffix pair up as they are; the longest common subsequence of
    // what is between aligns the rest. The table is (n+1)(m+1) cells, so beyond
    // `maxCells` the middle is paired step by step instead (time and memory stay bounded).
    var prefix = 0
    while prefix < ka.count, prefix < kb.count, ka[prefix] == kb[prefix] { prefix += 1 }
    var suffix = 0
    while suffix < ka.count - prefix, suffix < kb.count - prefix,
      ka[ka.count - 1 - suffix] == kb[kb.count - 1 - suffix]
    { suffix += 1 }
    let (na, nb) = (ka.count - prefix - suffix, kb.count - prefix - suffix)
    var rows: [(Int?, Int?)] = (0..<prefix).map { ($0, $0) }
    if (na + 1) * (nb + 1) <= Self.maxCells {
      var lcs = [[Int]](repeating: [Int](repeating: 0, count: nb + 1), count: na + 1)
      for i in stride(from: na - 1, through: 0, by: -1) {
        for j in stride(from: nb - 1, through: 0, by: -1) {
          lcs[i][j] = ka[prefix + i] == kb[prefix + j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
        }
      }
      var (i, j) = (0, 0)
      while i < na || j < nb {
        if i < na, j < nb, ka[prefix + i] == kb[prefix + j] {
          rows.append((prefix + i, prefix + j)); i += 1; j += 1
        } else if i < na, j < nb, lcs[i + 1][j] == lcs[i][j + 1], lcs[i + 1][j + 1] == lcs[i][j] {
          rows.append((prefix + i, prefix + j)); i += 1; j += 1  // both differ here: a substitution
        } else if j < nb, i == na || lcs[i][j + 1] >= lcs[i + 1][j] {
          rows.append((nil, prefix + j)); j += 1
        } else {
          rows.append((prefix + i, nil)); i += 1
        }
      }
    } else {
      for k in 0..<max(na, nb) { rows.append((k < na ? prefix + k : nil, k < nb ? prefix + k : nil)) }
    }
    rows += (0..<suffix).map { (ka.count - suffix + $0, kb.count - suffix + $0) }
    self.rows = rows
    // The first row where the two part ways: a step that differs, or one only a revision has
    // that does something (an inserted lock or free comes before any difference it causes
    // later; an inserted check that is false changes nothing and is passed over).
    let quiet = { (s: RunStep) -> Bool in
      s.facts.allSatisfy { if case .branch(_, taken: false) = $0 { true } else { false } }
    }
    let parts = { (r: (Int?, Int?)) -> Bool in
      switch r {
      case (let x?, let y?): return ka[x] != kb[y]
      case (let x?, nil): return !quiet(a.steps[x])
      case (nil, let y?): return !quiet(b.steps[y])
      default: return false
      }
    }
    divergenceRow = rows.firstIndex(where: parts) ?? rows.firstIndex { $0.0 == nil || $0.1 == nil }
  }

  /// Two columns of `width` and the step labels fit in 120 columns.
  public func text(width: Int = 51) -> String {
    let (a, b) = (runs[0], runs[1])
    var out = ["ccwviz compare: \(a.revision.id) (\(a.revision.kernels)) | \(b.revision.id) (\(b.revision.kernels))"]
    if let t = a.trace.title { out.append(t) }
    if let d = firstDivergence {
      // A side without a step there has none in between: say after which of its steps.
      let row = divergenceRow ?? 0
      func at(_ step: Int?, _ side: KeyPath<(Int?, Int?), Int?>) -> String {
        if let step { return "step \(step)" }
        let before = rows[..<row].last { $0[keyPath: side] != nil }?[keyPath: side]
        return before.map { "no step (after step \($0 + 1))" } ?? "no step (before step 1)"
      }
      out.append("first divergence: \(at(d.left, \.0)) on \(a.revision.id), \(at(d.right, \.1)) on \(b.revision.id) (marked >>)")
    } else {
      out.append("the two runs are the same, step for step")
    }
    out.append("")
    out.append("      " + SafeText.pad(a.revision.id, width + 6) + " | " + b.revision.id)
    out.append(String(repeating: "-", count: 2 * width + 15))
    for (r, row) in rows.enumerated() {
      let sa = row.0.map { a.steps[$0] }
      let sb = row.1.map { b.steps[$0] }
      // Each side's caption stands over its own step: when a retelling replaced a caption
      // (the step went another way there), both are shown, each named by its revision.
      let ca = sa?.caption
      let cb = sb?.caption
      if let ca, let cb, ca != cb {
        out += TextReport.wrap("» \(a.revision.id): \(ca)", width: 2 * width + 9).map { "      " + $0 }
        out += TextReport.wrap("» \(b.revision.id): \(cb)", width: 2 * width + 9).map { "      " + $0 }
      } else if let c = ca ?? cb {
        let only = ca == nil ? "\(b.revision.id): " : cb == nil && sb != nil ? "\(a.revision.id): " : ""
        out += TextReport.wrap("» " + only + c, width: 2 * width + 9).map { "      " + $0 }
      }
      func cell(_ s: RunStep?) -> [String] {
        guard let s else { return [] }
        return TextReport.wrap("\(s.lane.name): \(s.text)", width: width).enumerated().map { k, l in
          (k == 0 ? String(format: "%4d  ", s.index) : "      ") + l
        }
      }
      let la = cell(sa)
      let lb = cell(sb)
      let mark = r == divergenceRow ? ">>" : "  "
      for k in 0..<max(la.count, lb.count) {
        let left = (k < la.count ? la[k] : "").padding(toLength: width + 6, withPad: " ", startingAt: 0)
        out.append("\(k == 0 ? mark : "  ")\(left) | \(k < lb.count ? lb[k] : "")".trimmingTrailingSpaces())
      }
      for (run, step) in [(a, sa), (b, sb)] {
        guard let step else { continue }
        for h in run.hazards where h.step == step.index {
          out.append("  !! \(run.revision.id) step \(h.step): \(h.hazard.kind.rawValue)")
        }
      }
    }
    out.append("")
    for r in runs {
      if let d = r.divergence {
        out += TextReport.wrap("\(r.revision.id) diverged from the story after step \(d.afterSteps): \(d.what) \(d.why).", width: 100)
      }
      if !r.remarks.isEmpty {
        out.append("Remarks on \(r.revision.id):")
        for m in r.remarks { out += TextReport.bullet(m) }
      }
    }
    if runs.contains(where: { $0.divergence != nil || !$0.remarks.isEmpty }) { out.append("") }
    for r in runs {
      let none = r.divergence.map { " none in the steps that applied (diverged after step \($0.afterSteps))" } ?? " none"
      out.append("Hazards on \(r.revision.id):" + (r.hazards.isEmpty ? none : ""))
      for h in r.hazards {
        out.append(contentsOf: TextReport.wrap("\(h.id): \(h.hazard.explanation)", width: 100).map { "  " + $0 })
      }
    }
    return out.joined(separator: "\n") + "\n"
  }

  struct Document: Codable {
    var revisions: [String]
    /// The step on the first revision where the story changes (null when it does not).
    var firstDivergence: Int?
    /// The same row's steps on both revisions.
    var firstDivergenceSteps: [Int?]?
    var runs: [JSONReport.Document]
  }

  public func json() -> String {
    let d = firstDivergence
    return JSONReport.encode(Document(
      revisions: runs.map(\.revision.id), firstDivergence: d?.left ?? d?.right,
      firstDivergenceSteps: d.map { [$0.left, $0.right] }, runs: runs.map(JSONReport.document)))
  }
}

extension String {
  func trimmingTrailingSpaces() -> String {
    var s = self
    while s.last == " " { s.removeLast() }
    return s
  }
}
