import RevisionFiles
import ScenarioFiles
import Simulation
import Testing
import Visualizer

/// `m` shows a run's remarks and where a retold story diverged; the status bar points to it.
@Suite struct RemarksTests {
  @Test func mShowsWhereSeedBDivergedOnSeedV3() throws {
    var s = try AppState.scenario(ScenarioCatalog.named("seed-b"), revision: Revisions.named("seed-v3"))
    s.handle(.last)
    let before = Frame.render(s, width: 120, height: 40).dump()
    #expect(before.split(separator: "\n").first!.contains("diverged: m tells why"))
    s.handle(key: .char("m"))
    #expect(s.overlay == .remarks)
    let screen = Frame.render(s, width: 120, height: 40).dump()
    #expect(screen.contains("on seed-v3: 6 remarks"))
    #expect(screen.contains("diverged after step 12: scenario step 4 (start@2) went another way on"))
    #expect(screen.contains("(hw:start-begins) skipped on seed-v3: no start is pending"))
    s.handle(key: .char("x"))
    #expect(s.overlay == nil)
  }

  @Test func aStoryOnItsOwnRevisionHasNothingToRemark() throws {
    var s = try AppState.scenario(ScenarioCatalog.named("seed-b"))
    s.handle(.last)
    #expect(!Frame.render(s, width: 120, height: 40).dump().split(separator: "\n").first!.contains("m tells why"))
    s.handle(key: .char("m"))
    #expect(Frame.render(s, width: 120, height: 40).dump().contains("every step applied as written"))
  }

  @Test func theKeyIsInTheTable() {
    #expect(KeyTable.command(for: .char("m")) == .remarks)
    #expect(KeyTable.bindings.contains { $0.keyLabel == "m" && $0.help.contains("remarks") })
  }
}
