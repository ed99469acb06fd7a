import Foundation
import Testing
import ScenarioFiles
import RevisionFiles
import Simulation

@Suite struct BadInputTests {
  @Test func unknownNamesSayWhatExists() {
    #expect(throws: SimulationError.unknownRevision("v4.0", known: Revisions.all.map(\.id))) { try Revisions.named("v4.0") }
    #expect(throws: SimulationError.unknownScenario("nope")) { try ScenarioCatalog.named("nope") }
    #expect(SimulationError.unknownRevision("v4.0", known: Revisions.all.map(\.id)).description.contains("v5.2, v5.3, seed-v3, v5.13, v6.0"))
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
    #expect(loadError("{")!.hasPrefix("t.json: not valid JSON"))
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
