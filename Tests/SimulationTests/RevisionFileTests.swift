import Foundation
import Reports
@testable import RevisionFiles
import Simulation
import Testing

/// Revisions as files: the shipped ones load, the guide's example runs, and every kind of
/// mistake is reported with file, line and key.
@Suite struct RevisionFileTests {
  static let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/revisions.md")

  @Test func everyShippedRevisionLoads() {
    #expect(Revisions.loadErrors.isEmpty, "\(Revisions.loadErrors.values.map(\.description))")
    #expect(Revisions.all.map(\.id) == ["v5.2", "v5.3", "seed-v3", "huck-queue", "v5.13", "v6.0", "v6.6.153"])
    #expect(Revisions.seedV3.hasStartedFlag && !Revisions.v6_0.hasStartedFlag)
    #expect((try? Revisions.named("huck-queue"))?.queuesPrograms == true)
  }

  /// The yaml block of a docs section.
  static func example(after heading: String) throws -> String {
    let text = try String(contentsOf: docs, encoding: .utf8)
    let section = try #require(text.range(of: heading))
    let start = try #require(text.range(of: "```yaml\n", range: section.upperBound..<text.endIndex))
    let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
    return String(text[start.upperBound..<end.lowerBound])
  }

  @Test func theGuidesExampleAddsOneStepToV6_0() throws {
    let yaml = try Self.example(after: "## Start from a base")
    #expect(yaml.split(separator: "\n").count < 20)
    let mine = try RevisionLoader.parse(yaml, file: "my.yaml")
    let d = RevisionDiff(Revisions.v6_0, mine, verdicts: nil)
    #expect(d.cells.isEmpty)
    #expect(d.hunks.map(\.handler) == ["start"])
    let changed = d.hunks[0].lines.filter { $0.mark != " " }
    #expect(changed.count == 1 && changed[0].mark == "+")
    #expect(changed[0].step.actions == [.branch(.workPending, then: [.setRet(Errno.EBUSY), .goto("io_helper_unlock")], else: [])])
    // The check runs: a START is refused while io_work is pending.
    let run = try ScenarioParserShim.seedB(on: mine)
    #expect(run.steps.contains { $0.facts.contains(.branch(.workPending, taken: true)) })
  }

  @Test func theGuideListsEveryOperation() throws {
    let text = try String(contentsOf: Self.docs, encoding: .utf8)
    let table = text.components(separatedBy: "## Operations")[1].components(separatedBy: "Conditions:")[0]
    let listed = Set(table.split(separator: "\n").compactMap { line -> String? in
      guard line.hasPrefix("| `") else { return nil }
      return String(line.dropFirst(3).prefix { $0 != "`" })
    })
    let vocabulary = Set(RevisionFileParser.Reader.plain.keys).union(RevisionFileParser.Reader.keyed)
    #expect(listed == vocabulary, "documented but unknown: \(listed.subtracting(vocabulary)); undocumented: \(vocabulary.subtracting(listed))")
  }

  func problems(_ yaml: String) -> [String] {
    do {
      _ = try RevisionLoader.parse(yaml, file: "r.yaml")
      return []
    } catch {
      return error.problems.map(\.description)
    }
  }

  static let head = "id: broken\nbase: v6.0\nhandlers:\n  start:\n    insert_after: io_helper_lock\n    steps:\n"

  @Test func mistakesNameFileLineAndKey() {
    #expect(problems(Self.head + "      - line: x\n        do: frobnicate\n").first?
      .hasPrefix("r.yaml:8: key 'handlers.start.steps[0].do': unknown operation 'frobnicate'") == true)
    #expect(problems(Self.head + "      - line: x\n        do: { state: BUSY }\n").first?
      .contains("unknown state 'BUSY'") == true)
    #expect(problems(Self.head + "      - line: x\n        do: { goto: nowhere }\n").first?
      .contains("goto 'nowhere': no step of vfio_ccw_mdev_write_io_region has that label") == true)
    #expect(problems("id: x\nbase: v6.0\ntable:\n  IDLE: { IO_REQ: fsm_frob }\n").first?
      .hasPrefix("r.yaml:4: key 'table.IDLE.IO_REQ': unknown FSM handler 'fsm_frob'") == true)
    #expect(problems("id: x\nbase: v6.0\nhandlers:\n  start:\n    replace: nope\n    steps:\n      - line: y\n        do: cp_free\n").first?
      .contains("no step labelled 'nope'") == true)
    #expect(problems("id: x\nbase: v6.0\nsteps: []\n").first?.contains("key 'steps': unknown key") == true)
  }

  @Test func pathsAreChecked() {
    // An edit's step is named as the file wrote it, not by its place in the edited handler.
    let missing = problems(Self.head + "      - line: x\n        if: work_pending\n        then: [{ goto: nowhere }]\n")
    #expect(missing.first?.hasPrefix("r.yaml:7: key 'handlers.start.steps[0]': goto 'nowhere'") == true, "\(missing)")
    // YAML syntax errors name a line of the file, also at its end.
    #expect(problems("id: x\nhandlers: [a, b\n").first?.hasPrefix("r.yaml:2: not valid YAML") == true)
    #expect(problems("id: x\ntitle: \"a\u{1}b\"\n").first?.hasPrefix("r.yaml:2: not valid YAML") == true)
    // A lock that a path keeps: the inserted step returns with sch->lock held.
    let held = problems(Self.head + "      - line: x\n        if: work_pending\n        then: [return]\n")
    #expect(held.contains { $0.contains("returns still holding io_mutex and sch->lock") }, "\(held)")
    // A jump over a step leaves it unreachable.
    let dead = problems(Self.head + "      - line: x\n        do: { goto: io_helper_unlock }\n")
    #expect(dead.contains { $0.contains("no path reaches this step") }, "\(dead)")
    // The last step falls off the end.
    let open = problems("id: x\nbase: v6.0\nhandlers:\n  irq:\n    replace: fsm_irq\n    steps:\n      - label: fsm_irq\n        line: t\n        do: [tsch]\n  chp_event:\n    steps:\n      - line: a\n        do: enter\n")
    #expect(open.contains { $0.contains("falls off the end") }, "\(open)")
    // A lock that is not a step's first operation.
    let late = problems(Self.head + "      - line: x\n        do: [cp_free, mutex_lock]\n")
    #expect(late.contains { $0.contains("is a step's first operation") }, "\(late)")
    // A dispatch that misses a handler of its column.
    let uncovered = problems("id: x\nbase: v6.0\nhandlers:\n  start:\n    replace: dispatch\n    steps:\n      - label: dispatch\n        line: d\n        do: { fsm_event: IO_REQ, cases: { fsm_io_request: [] } }\n")
    #expect(uncovered.contains { $0.contains("jumptable[CP_PENDING][IO_REQ] = fsm_io_busy, but this fsm_event has no case for fsm_io_busy") }, "\(uncovered)")
  }

  @Test func hostileDocumentsEndQuickly() {
    var bomb = "id: x\na0: &a0 [x, x, x, x, x, x, x, x, x]\n"
    for i in 1..<9 { bomb += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ", ") + "]\n" }
    bomb += "sources: *a8\n"
    let start = ContinuousClock.now
    #expect(!problems(bomb).isEmpty)
    #expect(ContinuousClock.now - start < .seconds(2))
  }

  @Test func huckQueueOpensItsOwnHazards() throws {
    let v = Verdicts.explore(try Revisions.named("huck-queue"), configuration: Configuration(cpus: 3, requests: 2, threads: 2))
    #expect(v.verdict(.useAfterFree)?.trace?.count == 17)
    #expect(v.verdict(.stuck)?.found == false)
  }
}

/// seed-b told on a revision, for the tests above.
enum ScenarioParserShim {
  static func seedB(on r: Revision) throws -> Run {
    var run = Run(revision: r, configuration: Configuration(cpus: 2))
    for c in ["clear@1", "step@1", "step@1", "step@1", "step@1", "step@1", "step@1", "hw:clear-ends", "irq@1", "step@1", "step@1", "step@1", "start@2"] {
      run.append(Choice(c)!)
    }
    for _ in 0..<12 { run.append(.step(cpu: 1)) }
    return run
  }
}
