import Foundation
import Testing
import Reports
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
