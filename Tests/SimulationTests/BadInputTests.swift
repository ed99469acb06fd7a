import Foundation
import Testing
import ScenarioFiles
import RevisionFiles
import Simulation

@Suite struct BadInputTests {
  @Test func unknownNamesSayWhatExists() {
    #expect(throws: SimulationError.unknownRevision("v4.0", known: Revisions.all.map(\.id))) { try Revisions.named("v4.0") }
    #expect(throws: SimulationError.unknownScenario("nope")) { try ScenarioCatalog.named("nope") }
    #expect(SimulationError.unknownRevision("v4.0", known: Revisions.all.map(\.id)).description.contains("v5.2, v5.3, seed-v3, huck-queue, v5.13, v6.0, v6.6.153"))
  }

  func loadError(_ json: String) -> String? {
    do {
      _ = try Trace.load(Data(json.utf8), source: "t.json")
      return nil
    } catch {
      return error.description
    }
  }

  @Test func malformedTracesAreRefusedWithTheReason() {
    #expect(loadError("{") != nil)
    #expect(loadError("{") == "t.json: line 1, column 2: not valid JSON (the file ends too early)")
    #expect(loadError(#"{"format":"ccwviz-trace","version":1,"revision":"v6.0","configuration":{}}"#)
      == "t.json: missing key 'choices'")
    #expect(loadError(#"{"format":"ccwviz-trace","version":1,"revision":"v6.0","configuration":{},"choices":["start@1","fly@2"]}"#)!
      .contains("choices[1] 'fly@2' is not a choice"))
    #expect(loadError(#"{"format":"ccwviz-trace","version":1,"revision":"v6.0","configuration":{"cpus":2},"choices":["start@3"]}"#)!
      .contains("beyond cpus = 2"))
    #expect(loadError(#"{"format":"ccwviz-trace","version":7,"revision":"v6.0","configuration":{},"choices":[]}"#)!
      .contains("version 7 is not supported"))
    // The revision is resolved by whoever replays the trace (a shipped name or a file).
    let v9 = try? Trace.load(Data(#"{"format":"ccwviz-trace","version":1,"revision":"v9","configuration":{},"choices":[]}"#.utf8), source: "t.json")
    #expect(throws: SimulationError.unknownRevision("v9", known: Revisions.all.map(\.id))) { try Revisions.named(v9?.revision ?? "") }
    #expect(loadError(#"{"format":"ccwviz-trace","version":1,"revision":"v6.0","configuration":{"cpus":"two"},"choices":[]}"#)!
      .contains("'configuration.cpus' should be Int"))
  }

  @Test func malformedJSONGivesLineAndColumnAndNumbersTheirKey() {
    #expect(loadError("{\"format\": \"ccwviz-trace\",\n \"version\": 1,\n  choices: []}")!
      .hasPrefix("t.json: line 3, column 3: not valid JSON"))
    #expect(loadError("{\"format\": \"ccwviz-trace\", \"version\": 1e400}")
      == "t.json: line 1, column 39: 'version': the number 1e400 is out of range")
    #expect(loadError(#"{"format":"ccwviz-trace","version":1,"revision":"v6.0","configuration":{"cpus":99999999999999999999999},"choices":[]}"#)
      == "t.json: 'configuration.cpus' should be a whole number in range, found 99999999999999999999999")
    #expect(loadError(#"{"format":"ccwviz-trace","version":1,"revision":"v6.0","configuration":{"unsolicited":2.5},"choices":[]}"#)
      == "t.json: 'configuration.unsolicited' should be a whole number in range, found 2.5")
    // A trace's revision is resolved by whoever replays it (a shipped name or a file).
    #expect(loadError(#"{"format":"ccwviz-trace","version":1,"revision":"v9","configuration":{},"choices":[]}"#) == nil)
    let long = String(repeating: "x", count: 10_000)
    #expect(loadError(#"{"format":"ccwviz-trace","version":1,"revision":"v6.0","configuration":{},"choices":[""# + long + #""]}"#)!
      .count < 300)
  }

  @Test func aTraceThatDoesNotFitTheRevisionNamesTheStep() throws {
    let t = Trace(revision: "v6.0", configuration: Configuration(), choices: [.worker(cpu: 0)])
    #expect(throws: SimulationError.badTrace("step 1: work@1 is not possible on v6.0: io_work is not pending")) {
      try Runner.replay(t)
    }
  }

  @Test func configurationRanges() {
    #expect(throws: SimulationError.self) { try Configuration(cpus: 0).validate() }
    #expect(throws: SimulationError.self) { try Configuration(cpus: 9).validate() }
    #expect(throws: SimulationError.self) { try Configuration(unsolicited: -1).validate() }
  }
}
