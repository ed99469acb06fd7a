import ScenarioFiles
import Simulation
import Testing

/// The lost-status sentence names the IRB that is lost, also when both are of one kind.
@Suite struct LostStatusWordsTests {
  @Test func twoHaltIRBsSayWhichOneIsLost() throws {
    let yaml = """
      title: "two HALTs"
      revision: v6.0
      configuration: {kernel-halt-clear: 2}
      steps:
        - do: kchp@1
          until: return
        - do: hw:halt-ends
        - do: irq@1
          until: return
        - do: kchp@2
          until: return
        - do: hw:halt-ends
        - do: irq@2
          until: return
      """
    let run = try ScenarioParser.parse(yaml, file: "two-halts.yaml").run()
    let h = try #require(run.hazards.first { $0.hazard.kind == .lostStatus })
    #expect(h.hazard.explanation.contains("while the earlier HALT IRB was still waiting for io_todo"))
    #expect(h.hazard.explanation.hasSuffix("io_todo will act on the second HALT IRB that replaced it"))
  }

  @Test func twoKindsNameBoth() throws {
    let run = try runScenario("lost-status-halt", on: "v6.0")
    let h = try #require(run.hazards.first { $0.hazard.kind == .lostStatus })
    #expect(h.hazard.explanation.contains("while the START final IRB was still waiting"))
    #expect(h.hazard.explanation.hasSuffix("io_todo will act on the HALT IRB instead"))
  }
}
