import Foundation
import SafeText
import Simulation

/// A run as lanes of text: one column per CPU and one for the channel subsystem, one row
/// per step, time flowing down, as kernel developers draw races.
public enum TextReport {
  /// The widest a lane's column gets; with more lanes they narrow so a line fits `pageWidth`.
  public static let columnWidth = 38
  /// No line of the report is wider than this (a terminal of 120 columns, a wide paste).
  public static let pageWidth = 120

  /// The column width for `count` lanes: the label (4), a gap (2), and 2 between columns.
  static func columnWidth(lanes count: Int) -> Int {
    let n = max(1, count)
    return min(columnWidth, max(10, (pageWidth - 6 - 2 * (n - 1)) / n))
  }

  public static func render(_ run: Run, heading: String? = nil) -> String {
    // Every lane gets a column, as in the streamed form; with many CPUs they narrow.
    let lanes = lanes(run.trace.configuration)
    var out = header(revision: run.revision, title: run.trace.title, lanes: lanes, heading: heading)
    for step in run.steps {
      out += lines(step, hazards: run.hazards.filter { $0.step == step.index }, lanes: lanes)
    }
    out += footer(
      remarks: run.remarks, hazards: run.hazards, final: run.final, revision: run.revision,
      divergence: run.divergence)
    return out.joined(separator: "\n") + "\n"
  }

  /// The same text as `render`, for a run told step by step (`Runner.streamRandom`): each
  /// piece goes to `write` as soon as it is known, so the run is never held in memory.
  public static func stream(
    revision: Revision, configuration: Configuration, seed: UInt64, steps: Int,
    strategy: Strategy, write: (String) -> Void
  ) {
    let lanes = lanes(configuration)
    let title = Runner.randomTitle(strategy: strategy, seed: seed)
    write(header(revision: revision, title: title, lanes: lanes).joined(separator: "\n") + "\n")
    let result = Runner.streamRandom(
      revision: revision, configuration: configuration, seed: seed, steps: steps, strategy: strategy
    ) { step, fired in
      write(lines(step, hazards: fired, lanes: lanes).joined(separator: "\n") + "\n")
    }
    write(footer(remarks: [], hazards: result.hazards, final: result.final, revision: revision)
      .joined(separator: "\n") + "\n")
  }

  static func lanes(_ c: Configuration) -> [Lane] { (0..<c.cpus).map { Lane.cpu($0) } + [.css] }

  static func header(revision: Revision, title: String?, lanes: [Lane], heading: String? = nil) -> [String] {
    var out: [String] = []
    out += wrap(heading ?? "ccwviz run on \(revision.id) (\(revision.kernels))", width: pageWidth)
    if let title { out += wrap(title, width: pageWidth) }
    out.append("")
    let w = columnWidth(lanes: lanes.count)
    out.append(row("step", lanes.map(\.name), width: w))
    out.append(row("----", lanes.map { _ in String(repeating: "-", count: w) }, width: w))
    return out
  }

  /// A step's rows: its caption, its text in its lane's column, the hazards it fired.
  static func lines(_ step: RunStep, hazards: [HazardRecord], lanes: [Lane]) -> [String] {
    var out: [String] = []
    let w = columnWidth(lanes: lanes.count)
    if let caption = step.caption {
      for line in wrap("» " + caption, width: w * lanes.count) { out.append("      " + line) }
    }
    var cells = lanes.map { _ in [String]() }
    let col = lanes.firstIndex(of: step.lane)!
    cells[col] = wrap(step.text, width: w) + step.notes.flatMap { wrap("· " + $0, width: w) }
    let height = cells.map(\.count).max() ?? 1
    for line in 0..<height {
      let label = line == 0 ? String(repeating: " ", count: 4 - min(4, "\(step.index)".count))
        + "\(step.index)" : ""
      out.append(row(label, cells.map { line < $0.count ? $0[line] : "" }, width: w))
    }
    for h in hazards {
      for line in wrap("!! \(h.hazard.kind.rawValue): \(h.hazard.explanation)", width: w * lanes.count) {
        out.append("      " + line)
      }
    }
    return out
  }

  static func footer(
    remarks: [String], hazards: [HazardRecord], final: World, revision: Revision,
    divergence: Divergence? = nil
  ) -> [String] {
    var out: [String] = [""]
    if let d = divergence {
      out += wrap("Diverged: this is not the story it was asked to tell. After step \(d.afterSteps), \(d.what) \(d.why).", width: 100)
      out += wrap("What follows that step is what still applied on \(revision.id), not the original schedule.", width: 100)
      out.append("")
    }
    if !remarks.isEmpty {
      out.append("Remarks:")
      for r in remarks { out += bullet(r) }
      out.append("")
    }
    if hazards.isEmpty, let d = divergence {
      out.append("Hazards: none in the steps that applied (the run diverged after step \(d.afterSteps))")
    } else if hazards.isEmpty {
      out.append("Hazards: none")
    } else {
      out.append("Hazards:")
      for h in hazards {
        let lanes = h.hazard.lanes.map(\.name).joined(separator: ", ")
        out.append("  \(h.id) [\(lanes)]")
        out.append(contentsOf: wrap(h.hazard.explanation, width: 96).map { "    " + $0 })
      }
    }
    out.append("")
    out.append("Final state:")
    for (k, v) in Describe.summary(final, revision: revision) {
      for (i, line) in wrap(v, width: pageWidth - 14).enumerated() {
        out.append("  \(SafeText.pad(i == 0 ? k : "", 11)) \(line)")
      }
    }
    return out
  }

  /// "  - text", continued under the text, at most 100 columns.
  static func bullet(_ text: String) -> [String] {
    wrap(text, width: 96).enumerated().map { i, l in (i == 0 ? "  - " : "    ") + l }
  }

  private static func row(_ label: String, _ cells: [String], width: Int) -> String {
    let body = cells.enumerated().map { i, c in
      i == cells.count - 1 ? c : SafeText.pad(c, width)
    }.joined(separator: "  ")
    let line = SafeText.pad(label, 4) + "  " + body
    return String(line.reversed().drop(while: { $0 == " " }).reversed())
  }

  /// Greedy word wrap; a word longer than the width is cut. Linear in the text: a 1 MB
  /// caption without spaces is cut in one pass, never re-counted.
  public static func wrap(_ text: String, width: Int) -> [String] {
    let width = max(1, width)
    var lines: [String] = []
    var current = ""
    var currentCount = 0
    for piece in text.split(separator: " ", omittingEmptySubsequences: true) {
      var word = piece
      var count = word.count
      while count > width {
        if currentCount > 0 { lines.append(current); current = ""; currentCount = 0 }
        let cut = word.index(word.startIndex, offsetBy: width)
        lines.append(String(word[..<cut]))
        word = word[cut...]
        count -= width
      }
      if currentCount == 0 {
        current = String(word)
        currentCount = count
      } else if currentCount + 1 + count <= width {
        current += " " + word
        currentCount += 1 + count
      } else {
        lines.append(current)
        current = String(word)
        currentCount = count
      }
    }
    if currentCount > 0 || lines.isEmpty { lines.append(current) }
    return lines
  }
}
