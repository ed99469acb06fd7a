import Simulation

/// The run as the N-column CPU diagram of kernel commit messages: one column per lane that
/// did something, time flowing down, plain ASCII, at most 75 columns wide.
public enum KernelDiagram {
  public static func render(_ run: Run, maxWidth: Int = 75) -> String {
    let used = (0..<run.trace.configuration.cpus).map { Lane.cpu($0) }.filter { l in run.steps.contains { $0.lane == l } }
      + (run.steps.contains { $0.lane == .css } ? [Lane.css] : [])
    guard !used.isEmpty else { return "  (no steps)\n" }
    let indent = 2
    let gap = 2
    // The channel subsystem says little; the CPUs get the room.
    let cssWidth = used.contains(.css) && used.count > 1 ? 18 : 0
    let cpuCount = used.count - (cssWidth > 0 ? 1 : 0)
    let cpuWidth = (maxWidth - indent - gap * (used.count - 1) - cssWidth) / max(1, cpuCount)
    func widthOf(_ lane: Lane) -> Int { lane == .css && cssWidth > 0 ? cssWidth : cpuWidth }
    func column(_ lane: Lane) -> Int {
      indent + used.prefix(while: { $0 != lane }).reduce(0) { $0 + widthOf($1) + gap }
    }
    var lines: [String] = []
    func row(_ cells: [Lane: String]) -> String {
      var chars = [Character](repeating: " ", count: maxWidth)
      for (lane, text) in cells {
        for (i, c) in text.prefix(widthOf(lane)).enumerated() { chars[column(lane) + i] = c }
      }
      return String(chars).trimmingTrailingSpaces()
    }
    lines.append(row(Dictionary(uniqueKeysWithValues: used.map { ($0, $0 == .css ? "channel subsys." : "CPU \($0.cpuIndex! + 1)") })))
    lines.append(row(Dictionary(uniqueKeysWithValues: used.map { ($0, String(repeating: "-", count: $0 == .css ? 15 : 5)) })))
    for step in run.steps {
      // Continuation lines are indented by two, so they wrap two narrower.
      let w = widthOf(step.lane)
      var words = ascii(step.text).split(separator: " ").map(String.init)
      var head = ""
      while let word = words.first, head.isEmpty || head.count + 1 + word.count <= w {
        head += (head.isEmpty ? "" : " ") + word
        words.removeFirst()
        if head.count >= w { break }
      }
      let rest = words.isEmpty ? [] : TextReport.wrap(words.joined(separator: " "), width: w - 2)
      for (k, piece) in (TextReport.wrap(head, width: w) + rest).enumerated() {
        lines.append(row([step.lane: (k == 0 ? "" : "  ") + piece]))
      }
      for h in run.hazards where h.step == step.index {
        lines.append(row([step.lane: "<<< \(h.hazard.kind.rawValue)"]))
      }
    }
    if !run.hazards.isEmpty {
      lines.append("")
      for h in run.hazards {
        lines.append(contentsOf: TextReport.wrap(ascii("\(h.hazard.kind.rawValue) at step \(h.step): \(h.hazard.explanation)"), width: maxWidth - indent).map { String(repeating: " ", count: indent) + $0 })
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
