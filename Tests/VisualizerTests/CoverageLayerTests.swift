import RevisionFiles
import ScenarioFiles
import Simulation
import Teaching
import Testing
@testable import Visualizer

/// The coverage layer (`o`): counts and a heat scale on the FSM table and the code panel,
/// readable without colour.
@Suite struct CoverageLayerTests {
  func seedB(at step: Int) throws -> AppState {
    var s = try AppState.scenario(ScenarioCatalog.named("seed-b"), revision: Revisions.v6_0)
    s.handle(.last)
    while s.cursor > step { s.handle(.back) }
    return s
  }

  @Test func oTogglesTheLayerAndItCountsTheRunSoFar() throws {
    var s = try seedB(at: 33)
    #expect(KeyTable.command(for: .char("o")) == .toggleCoverage)
    let plain = Frame.render(s, width: 120, height: 40, glyphs: .ascii).dump()
    s.handle(key: .char("o"))
    #expect(s.showsCoverage)
    let heat = s.heat
    // io_todo ran cp_free's free step once by step 33; the lines after it not yet.
    let io = Revisions.v6_0.program(.ioTodo)
    let free = try #require(io.steps.firstIndex { $0.line.contains("unpin and free") })
    #expect(heat.steps[StepSite(.ioTodo, free)] == 1)
    #expect(heat.steps[StepSite(.ioTodo, free + 1)] == nil)
    // seed-b's START was dispatched in IDLE.
    #expect(heat.cells[CellSite(.idle, .ioReq)] == 1)
    let screen = Frame.render(s, width: 120, height: 40, glyphs: .ascii).dump()
    #expect(screen != plain)
    #expect(screen.contains("times run per line"))
    // In ASCII (mono) the heat is a digit beside the count, and `.` marks never run.
    #expect(screen.contains("8 1 ") && screen.contains("  . mutex_lock"))
    s.handle(key: .char("o"))
    #expect(Frame.render(s, width: 120, height: 40, glyphs: .ascii).dump() == plain)
  }

  @Test func countsFromRandomRunsReplaceTheRunsOwn() throws {
    var s = try seedB(at: 10)
    let cov = Coverage.random(revision: Revisions.v6_0, configuration: Configuration(cpus: 2), runs: 50, seed: 1, steps: 200)
    s.coverage = HeatCounts(cov)
    s.showsCoverage = true
    #expect(s.heat.unit == "runs")
    #expect(s.heat.cells[CellSite(.idle, .ioReq)] == cov.count(CellSite(.idle, .ioReq)))
    let screen = Frame.render(s, width: 120, height: 40).dump()
    #expect(screen.contains("FSM: runs per cell"))
  }

  @Test func theHeatScaleIsMonotoneAndEndsAtTheMaximum() {
    #expect(Heat.level(0, max: 100) == 0)
    #expect(Heat.level(1, max: 100) >= 1)
    #expect(Heat.level(100, max: 100) == Heat.levels)
    let levels = (0...100).map { Heat.level($0, max: 100) }
    #expect(levels == levels.sorted())
  }
}
