import Foundation
import Testing
@testable import Reports
import ScenarioFiles
import RevisionFiles
import Simulation

@Suite struct ExportTests {
  func seedB(_ rev: String) throws -> Run { try ScenarioCatalog.named("seed-b").run(on: Revisions.named(rev)) }

  @Test func compareDivergesWhereTheSeedRefusesTheStart() throws {
    let c = Comparison(try seedB("v5.3"), try seedB("seed-v3"))
    let d = try #require(c.firstDivergence)
    let left = c.runs[0].steps[d.left! - 1]
    let right = c.runs[1].steps[d.right! - 1]
    #expect(left.facts.contains(.instruction(.ssch, cc: 0)))
    #expect(right.facts.contains(.branch(.workPending, taken: true)))
    let doc = try #require(try JSONSerialization.jsonObject(with: Data(c.json().utf8)) as? [String: Any])
    #expect(doc["revisions"] as? [String] == ["v5.3", "seed-v3"])
    #expect(doc["firstDivergence"] as? Int == d.left)
    #expect((doc["runs"] as? [[String: Any]])?.count == 2)
    #expect(Comparison(try seedB("v5.13"), try seedB("v6.0")).firstDivergence == nil)
  }

  /// A step only one revision has is where the runs part ways, even when the steps after it
  /// pair up again and a difference comes later.
  @Test func anInsertedStepIsTheFirstDivergence() throws {
    let yaml = """
      id: v6.0-extra-line
      title: "v6.0 with one more line before SSCH"
      base: v6.0
      handlers:
        start:
          insert_before: ssch
          steps:
            - line: "ret = 0  /* an extra line */"
              depth: 3
              do: { ret: 0 }
      """
    let extra = try RevisionLoader.parse(yaml, file: "extra.yaml")
    let c = Comparison(try seedB("v6.0"), try ScenarioCatalog.named("seed-b").run(on: extra))
    let d = try #require(c.firstDivergence)
    #expect(d.left == nil)
    let inserted = c.runs[1].steps[try #require(d.right) - 1]
    #expect(inserted.facts.contains(.retSet(0)))
    #expect(c.text().contains("first divergence: no step (after step \(d.right! - 1)) on v6.0, step \(d.right!) on v6.0-extra-line"))
  }

  @Test func kernelDiagramColumnsAreAlignedAndFitACommitMessage() throws {
    let text = KernelDiagram.render(try seedB("v5.3"))
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let header = lines[0]
    let starts = ["CPU 1", "CPU 2", "channel subsys."].map { header.range(of: $0)!.lowerBound.utf16Offset(in: header) }
    let body = lines.prefix { !$0.isEmpty }
    for line in body {
      #expect(line.count <= 75, "too wide: \(line)")
      let ascii = line.allSatisfy { $0.isASCII }
      #expect(ascii, "not ASCII: \(line)")
      // Columns never run into each other: the two cells before each column start are blank.
      let chars = Array(line)
      for start in starts.dropFirst() where start - 1 < chars.count {
        #expect(chars[start - 1] == " " && chars[start - 2] == " ", "\(line)")
      }
    }
    #expect(body.contains { $0.hasPrefix(String(repeating: " ", count: starts[1])) && $0.contains("ssch -> cc0") })
    #expect(text.contains("<<< use-after-free"))
  }

  /// The diagram read back: for each step, its lane's column and the lines of its cell
  /// (continuation indents removed); hazard markers left out.
  static func cells(of diagram: String) -> [(column: Int, lines: [String])] {
    let lines = diagram.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
    let rule = lines[1]
    let starts = rule.indices.filter { rule[$0] == "-" && ($0 == 0 || rule[$0 - 1] == " ") }
    var out: [(column: Int, lines: [String])] = []
    for line in lines.dropFirst(2).prefix(while: { !$0.isEmpty }) {
      guard let p = line.firstIndex(where: { $0 != " " }) else { continue }
      let column = starts.lastIndex { $0 <= p }!
      let text = String(line[p...])
      if text.hasPrefix("<<< ") { continue }
      if p - starts[column] >= 2 {
        out[out.count - 1].lines.append(text)
      } else {
        out.append((column, [text]))
      }
    }
    return out
  }

  /// Every cell re-joined gives its step's text back, character for character (only the
  /// spaces a break replaced are gone), breaks fall at spaces or punctuation unless a word is
  /// longer than its column, only lanes that act get a column, and every line fits 75.
  @Test func kernelDiagramLosesNoCharacterAndFits() throws {
    var runs: [Run] = []
    for scenario in ScenarioCatalog.builtins {
      for r in Revisions.all { runs.append(try scenario.run(on: r)) }
    }
    for seed: UInt64 in 1...4 {
      runs.append(Runner.random(revision: Revisions.v6_0, configuration: Configuration(cpus: 5), seed: seed, steps: 60))
    }
    for run in runs {
      let name = "\(run.trace.title ?? "random") on \(run.revision.id)"
      let diagram = KernelDiagram.render(run)
      for line in diagram.split(separator: "\n") { #expect(line.count <= 75, "\(name): \(line)") }
      let acting = Set(run.steps.map(\.lane))
      let header = diagram.split(separator: "\n")[0]
      #expect(header.components(separatedBy: "CPU").count - 1 == acting.filter { $0 != .css }.count, "\(name): \(header)")
      let cells = Self.cells(of: diagram)
      #expect(cells.count == run.steps.count, "\(name)")
      for (step, cell) in zip(run.steps, cells) {
        let original = KernelDiagram.ascii(step.text).split(separator: " ").joined(separator: " ")
        var rest = Substring(original)
        for (k, piece) in cell.lines.enumerated() {
          if k > 0 {
            if rest.first == " " {
              rest = rest.dropFirst()
            } else {
              // Mid-word only inside a word longer than a line, and at punctuation if it has any.
              let before = cell.lines[k - 1]
              let width = KernelDiagram.columns(run).first { $0.lane == step.lane }!.width - 2
              let consumed = original.count - rest.count
              let word = original.split(separator: " ").first { w in
                let a = original.distance(from: original.startIndex, to: w.startIndex)
                return a < consumed && consumed < a + w.count
              }!
              let punctuation = Wrapping.strongBreaks.union(Wrapping.openBreaks).union(Wrapping.weakBreaks)
              #expect(word.count > width, "\(name) step \(step.index): broke '\(word)' though it fits: \(cell.lines)")
              #expect(punctuation.contains(before.last!) || !word.contains(where: punctuation.contains),
                "\(name) step \(step.index): broke '\(word)' away from its punctuation: \(cell.lines)")
            }
          }
          #expect(rest.hasPrefix(piece), "\(name) step \(step.index): \(cell.lines) does not re-join to \(original)")
          rest = rest.dropFirst(piece.count)
        }
        #expect(rest.isEmpty, "\(name) step \(step.index): lost '\(rest)' of \(original)")
      }
    }
  }

  @Test func mermaidHasAParticipantPerLaneAndMessages() throws {
    let text = MermaidDiagram.render(try seedB("v6.0"))
    let lines = text.split(separator: "\n").map(String.init)
    #expect(lines.first == "sequenceDiagram")
    #expect(lines.contains("  participant CPU1") && lines.contains("  participant CPU2"))
    #expect(lines.contains("  participant CSS as channel subsystem"))
    #expect(lines.contains("  CPU2->>CSS: ssch"))
    #expect(lines.contains("  CSS->>CPU1: I/O interrupt"))
    #expect(lines.contains { $0.contains("Note over CPU1,CSS: !! use-after-free") })
    // Nothing mermaid would read as syntax inside texts.
    for l in lines.dropFirst() where l.contains(":") {
      let body = l[l.index(after: l.firstIndex(of: ":")!)...]
      #expect(!body.contains(";") && !body.contains("#"), "\(l)")
    }
  }

  @Test func dotIsADigraphOfTheRevisionsStates() throws {
    let text = FSMGraph.render(try seedB("v5.3"))
    #expect(text.hasPrefix("digraph \"vfio-ccw v5.3\" {"))
    #expect(text.filter { $0 == "{" }.count == text.filter { $0 == "}" }.count)
    let edge = try Regex(#"^  "([A-Z_]+)" -> "([A-Z_]+)" \[label="[^"]* x(\d+)", penwidth=\d+\];$"#)
    let edges = text.split(separator: "\n").filter { $0.contains(" -> ") }
    #expect(!edges.isEmpty)
    for e in edges { #expect(String(e).wholeMatch(of: edge) != nil, "\(e)") }
    for s in ["IDLE", "CP_PROCESSING", "CP_PENDING"] { #expect(text.contains("\"\(s)\" [label=")) }
  }

  @Test func jsonExportIsALoadableTrace() throws {
    let run = try seedB("v5.3")
    let t = try Trace.load(run.trace.jsonData(), source: "export")
    #expect(try Runner.replay(t).hazards.map(\.id) == run.hazards.map(\.id))
  }
}
