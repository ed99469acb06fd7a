import Foundation
import Testing

/// `coverage`, `export --format svg`, `tui --quiz --dump` and `check` on questions, as a user
/// runs them.
@Suite struct ClassroomCLITests {
  @Test func coverageNamesWhatNoRunReached() throws {
    let r = try CLITests.ccwviz("coverage", "--revision", "v6.0", "--random", "--runs", "50")
    #expect(r.status == 0, "\(r.err)")
    let lines = r.out.split(separator: "\n").map(String.init)
    #expect(lines.first?.hasPrefix("ccwviz coverage v6.0") == true)
    // Unreached steps first, then cells: without chp_event budget its steps are never run.
    let steps = try #require(lines.firstIndex { $0.hasPrefix("Steps never reached") })
    let cells = try #require(lines.firstIndex { $0.hasPrefix("Jump-table cells never reached") })
    let table = try #require(lines.firstIndex { $0.hasPrefix("Jump table (runs per cell)") })
    #expect(steps < cells && cells < table)
    #expect(lines[steps..<cells].contains { $0.contains("chp_event[0]") })
    #expect(lines[cells..<table].contains { $0.contains("jumptable[NOT_OPER][IO_REQ]") })
  }

  @Test func coverageJSONAndExplore() throws {
    let r = try CLITests.ccwviz("coverage", "--revision", "v5.3", "--explore", "--requests", "1", "--format", "json")
    #expect(r.status == 0, "\(r.err)")
    let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
    #expect(doc["mode"] as? String == "explore")
    #expect(doc["exhaustive"] as? Bool == true)
    let units = try #require(doc["units"] as? Int)
    // The same search explore does: the same number of states.
    // Coverage counts every state: compare with the search without partial-order reduction.
    let e = try CLITests.ccwviz("explore", "--revision", "v5.3", "--requests", "1", "--format", "json", "--jobs", "1", "--no-reduction")
    #expect(e.out.contains("\"states\" : \(units)") || e.out.contains("\"states\":\(units)"), "\(units) vs \(e.out.prefix(400))")
    let steps = try #require(doc["steps"] as? [[String: Any]])
    #expect(steps.allSatisfy { ($0["count"] as? Int ?? -1) <= units })
  }

  @Test func coverageRefusesContradictions() throws {
    #expect(try CLITests.ccwviz("coverage", "--random", "--explore").status == 64)
    #expect(try CLITests.ccwviz("coverage").status == 64)
    #expect(try CLITests.ccwviz("coverage", "--random", "--runs", "0").status == 64)
    let all = try CLITests.ccwviz("coverage", "--scenario", "all", "--revision", "v6.0")
    #expect(all.status == 0 && all.out.contains("scenarios seed-a"))
  }

  @Test func svgExportIsAFileOfTheRun() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ccwviz-svg-cli-\(UUID())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("b.svg").path
    let r = try CLITests.ccwviz("export", "--scenario", "seed-b", "--format", "svg", "--output", path)
    #expect(r.status == 0, "\(r.err)")
    let svg = try String(contentsOfFile: path, encoding: .utf8)
    #expect(svg.hasPrefix("<?xml") && svg.hasSuffix("</svg>\n"))
    #expect(svg.contains("use-after-free at step 33"))
    let dark = try CLITests.ccwviz("export", "--scenario", "seed-b", "--format", "svg", "--theme", "default")
    #expect(dark.status == 0 && !dark.out.contains("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>"))
  }

  @Test func quizDumpShowsTheQuestion() throws {
    let r = try CLITests.ccwviz("tui", "--dump", "--quiz", "--step", "20", "--size", "120x40")
    #expect(r.status == 0)
    #expect(r.out.contains("before step 21: what happens next?"))
    #expect(r.out.contains("a   ssch → cc0: accepted, the function starts"))
  }

  @Test func checkRefusesAQuestionWithNoTrueAnswer() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ccwviz-ask-\(UUID())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("q.yaml")
    try """
      title: t
      revision: v6.0
      steps:
        - do: start@1
          until: return
          ask:
            question: "cc?"
            answers:
              - {text: "cc1", expect: {ssch: cc1}}
              - {text: "cc2", expect: {ssch: cc2}}
            why: "w"
      """.write(to: file, atomically: true, encoding: .utf8)
    let r = try CLITests.ccwviz("check", file.path)
    #expect(r.status == 1)
    #expect(r.err.contains("key 'steps[1].ask': no answer holds on v6.0; the step did: ssch → cc0"), "\(r.err)")
  }
}
