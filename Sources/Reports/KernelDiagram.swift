import Simulation

/// The run as the N-column CPU diagram of kernel commit messages: one column per lane that
/// did something, time flowing down, plain ASCII, at most 75 columns wide.
public enum KernelDiagram {
  /// Where a lane's text goes: its first column and how many columns its lines may take.
  public struct Column: Equatable, Sendable {
    public var lane: Lane
    public var x: Int
    public var width: Int
  }

  static let indent = 2
  static let gap = 2
  /// Below this a column is too narrow to read; more lanes stagger instead.
  static let narrowest = 20

  /// The columns of the lanes that act. Up to three lanes (or as many as leave each column
  /// `narrowest` wide) get side-by-side columns; with more, each lane starts one step to the
  /// right of the one before and its lines run to the right margin (a row only ever holds one
  /// lane's text, so the start says whose it is).
  public static func columns(_ run: Run, maxWidth: Int = 75) -> [Column] {
    let used = (0..<run.trace.configuration.cpus).map { Lane.cpu($0) }.filter { l in run.steps.contains { $0.lane == l } }
      + (run.steps.contains { $0.lane == .css } ? [Lane.css] : [])
    guard !used.isEmpty else { return [] }
    // The channel subsystem says little; the CPUs get the room.
    let cssWidth = used.contains(.css) && used.count > 1 ? 18 : 0
    let cpuCount = used.count - (cssWidth > 0 ? 1 : 0)
    let cpuWidth = (maxWidth - indent - gap * (used.count - 1) - cssWidth) / max(1, cpuCount)
    if cpuWidth >= narrowest || used.count == 1 {
      var x = indent
      return used.map { lane in
        let w = lane == .css && cssWidth > 0 ? cssWidth : cpuWidth
        defer { x += w + gap }
        return Column(lane: lane, x: x, width: w)
      }
    }
    let lastWidth = 24
    let pitch = max(1, (maxWidth - indent - lastWidth) / (used.count - 1))
    return used.enumerated().map { i, lane in
      let x = indent + i * pitch
      return Column(lane: lane, x: x, width: maxWidth - x)
    }
  }

  public static func render(_ run: Run, maxWidth: Int = 75) -> String {
    let cols = columns(run, maxWidth: maxWidth)
    guard !cols.isEmpty else { return "  (no steps)\n" }
    let staggered = cols.count > 1 && cols[0].width > cols[1].x - cols[0].x
    var lines: [String] = []
    func row(_ cells: [(Lane, String)]) -> String {
      var chars = [Character](repeating: " ", count: maxWidth)
      for (lane, text) in cells {
        let c = cols.first { $0.lane == lane }!
        for (i, ch) in text.prefix(c.width).enumerated() { chars[c.x + i] = ch }
      }
      return String(chars).trimmingTrailingSpaces()
    }
    func name(_ lane: Lane) -> String {
      lane == .css ? (staggered ? "CSS" : "channel subsys.") : staggered ? "CPU\(lane.cpuIndex! + 1)" : "CPU \(lane.cpuIndex! + 1)"
    }
    lines.append(row(cols.map { ($0.lane, name($0.lane)) }))
    lines.append(row(cols.map { ($0.lane, String(repeating: "-", count: name($0.lane).count)) }))
    for step in run.steps {
      // Continuation lines are indented by two, so they wrap two narrower.
      let w = cols.first { $0.lane == step.lane }!.width
      for (k, piece) in Wrapping.lines(ascii(step.text), first: w, rest: w - 2).enumerated() {
        lines.append(row([(step.lane, (k == 0 ? "" : "  ") + piece)]))
      }
      for h in run.hazards where h.step == step.index {
        for piece in Wrapping.lines("<<< \(h.hazard.kind.rawValue)", first: w, rest: w) {
          lines.append(row([(step.lane, piece)]))
        }
      }
    }
    if !run.hazards.isEmpty {
      lines.append("")
      for h in run.hazards {
        let text = ascii("\(h.hazard.kind.rawValue) at step \(h.step): \(h.hazard.explanation)")
        let width = maxWidth - indent
        lines.append(contentsOf: Wrapping.lines(text, first: width, rest: width).map { String(repeating: " ", count: indent) + $0 })
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Commit messages are ASCII.
  static func ascii(_ s: String) -> String {
    var out = ""
    for c in s {
      switch c {
      case "→": out += "->"
      case "–", "—": out += "-"
      case "…": out += "..."
      case "·": out += "-"
      default: out.append(c.isASCII ? c : "?")
      }
    }
    return out
  }
}

/// The run as a Mermaid sequence diagram: a participant per lane, instructions and interrupts
/// as messages between a CPU and the channel subsystem, everything else as notes.
public enum MermaidDiagram {
  public static func render(_ run: Run) -> String {
    let lanes = (0..<run.trace.configuration.cpus).map { Lane.cpu($0) } + [.css]
    var out = ["sequenceDiagram"]
    if let t = run.trace.title { out.append("  title \(clean(t)) (\(run.revision.id))") }
    for l in lanes {
      out.append(l == .css ? "  participant CSS as channel subsystem" : "  participant \(l.name)")
    }
    for step in run.steps {
      let text = clean(step.text)
      switch step.choice {
      case .interrupt(let k):
        out.append("  CSS->>CPU\(k + 1): I/O interrupt")
      default:
        if case .cpu = step.lane, let r = step.facts.lazy.compactMap({ f -> Instruction? in
          if case .instruction(let i, _) = f { return i } else { return nil }
        }).first {
          out.append("  \(step.lane.name)->>CSS: \(r.rawValue)")
          out.append("  CSS-->>\(step.lane.name): \(text)")
        } else {
          out.append("  Note over \(step.lane.name): \(step.index). \(text)")
        }
      }
      for h in run.hazards where h.step == step.index {
        let over = h.hazard.lanes.map(\.name)
        out.append("  Note over \(over.first!)\(over.count > 1 ? "," + over.last! : ""): !! \(h.hazard.kind.rawValue): \(clean(h.hazard.explanation))")
      }
    }
    return out.joined(separator: "\n") + "\n"
  }

  /// Mermaid reads ';' and '#' as syntax and angle brackets as HTML.
  static func clean(_ s: String) -> String {
    s.replacingOccurrences(of: "->", with: "→").replacingOccurrences(of: ";", with: ",").replacingOccurrences(of: "#", with: "no. ")
      .replacingOccurrences(of: "<", with: "‹").replacingOccurrences(of: ">", with: "›")
      .replacingOccurrences(of: "\n", with: " ")
  }
}

/// The revision's FSM as Graphviz: states with their jump-table rows, and the state changes
/// this run made, weighted by how often it made them.
public enum FSMGraph {
  public static func render(_ run: Run) -> String {
    let jt = run.revision.jumpTable
    var out = ["digraph \"vfio-ccw \(run.revision.id)\" {", "  rankdir=LR;", "  node [shape=box, fontname=\"monospace\"];"]
    for s in jt.states {
      let rows = jt.events.map { "\($0.name): \(jt.handler(s, $0).name)" }.joined(separator: "\\l")
      out.append("  \"\(s.name)\" [label=\"\(s.name)\\n\\n\(rows)\\l\"];")
    }
    var counts: [String: (from: String, to: String, label: String, n: Int)] = [:]
    var order: [String] = []
    for (i, step) in run.steps.enumerated() {
      let a = run.worlds[i].state
      let b = run.worlds[i + 1].state
      guard a != b else { continue }
      let who = step.text.split(separator: ":").first.map(String.init) ?? step.text
      let label = "\(who)".replacingOccurrences(of: "\"", with: "'")
      let key = "\(a.name)|\(b.name)|\(label)"
      if counts[key] == nil { order.append(key) }
      counts[key, default: (a.name, b.name, label, 0)].n += 1
    }
    for key in order {
      let e = counts[key]!
      out.append("  \"\(e.from)\" -> \"\(e.to)\" [label=\"\(e.label) x\(e.n)\", penwidth=\(e.n)];")
    }
    out.append("}")
    return out.joined(separator: "\n") + "\n"
  }
}
