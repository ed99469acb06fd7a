import Foundation
import Testing
import ScenarioFiles
import Simulation

@Suite struct ScenarioFileTests {
  @Test func everyShippedScenarioValidatesAndRoundTrips() throws {
    #expect(ScenarioCatalog.builtins.count == ScenarioCatalog.order.count)
    let folder = try #require(ScenarioCatalog.folder)
    for s in ScenarioCatalog.builtins {
      let path = (folder as NSString).appendingPathComponent("\(s.name).yaml")
      let parsed = try ScenarioParser.load(path: path)
      #expect(parsed == s)
      #expect(try ScenarioParser.parse(ScenarioWriter.yaml(s), file: "round trip") == s, "\(s.name)")
    }
  }

  func error(_ yaml: String) -> String {
    do {
      _ = try ScenarioParser.parse(yaml, file: "s.yaml")
      return "no error"
    } catch {
      return error.description
    }
  }

  @Test func brokenFilesNameFileLineAndWhatWasExpected() {
    let head = "title: t\nrevision: v6.0\n"
    #expect(error(head + "steps:\n  - do: fly@1\n").hasPrefix("s.yaml:4: key 'steps[1].do': 'fly@1' is not a choice"))
    #expect(error(head + "steps:\n  - do: start@1\n    until: soon\n").hasPrefix("s.yaml:5: key 'steps[1].until': 'soon' is not a stopping point"))
    #expect(error(head + "steps:\n  - do: start@3\n").contains("names CPU3 but the scenario has 2 CPUs"))
    #expect(error(head + "steps:\n  - caption: x\n").hasPrefix("s.yaml:4: key 'steps[1].do': missing"))
    #expect(error("title: t\nrevision: v9\nsteps: []\n").hasPrefix("s.yaml:2: key 'revision': unknown revision 'v9'"))
    #expect(error(head + "configuration: {cpus: 12}\nsteps:\n  - do: start@1\n").hasPrefix("s.yaml:3: key 'configuration.cpus': expected a whole number from 1 to 8"))
    #expect(error(head + "colour: red\n").hasPrefix("s.yaml:3: key 'colour': unknown key"))
    #expect(error("revision: v6.0\nsteps:\n  - do: start@1\n").contains("key 'title': missing"))
    #expect(error("title: [x\n").hasPrefix("s.yaml:2: not valid YAML") || error("title: [x\n").hasPrefix("s.yaml:1: not valid YAML"))
  }

  @Test func theReadmeExampleRuns() throws {
    // The example in docs/scenarios.md, "Writing a scenario", kept in step with it.
    let yaml = """
      name: my-race
      title: "My first race: a HALT, then a START"
      description: "The halt's interrupt is taken; a START slips in before io_todo runs."
      revision: v5.13
      configuration:
        cpus: 2
      steps:
        - do: halt@1
          until: return
          chapter: "The HALT"
          caption: "CPU1: the guest's HALT: hsch → cc0"
        - do: hw:halt-ends
          caption: "the halt completes"
        - do: irq@1
          until: return
          caption: "CPU1 takes the interrupt; io_work is queued"
        - do: start@2
          until: return
          chapter: "The START"
          caption: "CPU2: a START gets cc0"
        - do: work@1
          until: return
          caption: "io_todo frees the START's channel program"
      """
    let s = try ScenarioParser.parse(yaml, file: "my-race.yaml")
    let run = try s.run()
    #expect(run.hazards.contains { $0.hazard.kind == .useAfterFree })
    #expect(run.steps.first?.caption == "[The HALT] CPU1: the guest's HALT: hsch → cc0")
    let readme = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../docs/scenarios.md").standardized, encoding: .utf8)
    #expect(readme.contains(yaml), "docs/scenarios.md's example differs from this test's")
  }
}
