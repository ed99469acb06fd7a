import Foundation
import RevisionFiles
import ScenarioFiles
import Search
import Simulation
import Teaching
import Testing

/// `ccwviz coverage`: runs and searches counted per jump-table cell and handler step.
@Suite struct CoverageTests {
  /// A small bound the explorer searches exhaustively.
  static func smallEngine(_ rev: Revision, requests: Int = 1) -> Engine {
    let config = Configuration(cpus: Configuration.explorerCPUs(threads: 2, kernelPaths: false), requests: requests, threads: 2)
    return Engine(revision: rev, configuration: config)
  }

  @Test(arguments: ["v5.3", "v6.0", "seed-v3"])
  func exploreCountsAgreeWithTheExplorer(_ id: String) throws {
    let rev = try Revisions.named(id)
    let engine = Self.smallEngine(rev)
    // Coverage counts every state: compare with the search without partial-order reduction.
    var plain = Explorer(engine: engine, wanted: [])
    plain.reduction = .none
    let result = plain.run()
    // With nothing wanted the explorer never stops early at a hazard... unless one fires:
    // then compare against a search that wants every hazard and is exhaustive.
    var all = Explorer(engine: engine)
    all.reduction = .none
    let full = result.exhaustive ? result : all.run()
    #expect(full.exhaustive, "the bound must be small enough to search it all")
    let cov = Coverage.explore(engine: engine)
    #expect(cov.exhaustive)
    #expect(cov.units == full.states)
    #expect(cov.transitions == full.transitions)
    // Every transition either ran a handler step or was the channel subsystem's.
    let stepTransitions = cov.allSteps.reduce(0) { $0 + (cov.stepTransitionCount($1)) }
    #expect(stepTransitions + cov.channelTransitions == cov.transitions && stepTransitions > 0)
    // No step is about to run in more states than there are.
    #expect(cov.allSteps.allSatisfy { cov.count($0) <= cov.units })
    // The START's first step is run by exactly the transitions that begin a START.
    #expect(cov.stepTransitionCount(StepSite(.start, 0)) > 0)
    // A state in which a CPU is about to run start[1] exists iff a START began.
    #expect(cov.count(StepSite(.start, 1)) > 0)
  }

  @Test func aStepNoRunReachesIsReportedFirst() throws {
    // Statically reachable (the branch jumps to it), never reached: without --notoper the
    // state is never NOT_OPER when a START runs.
    let yaml = """
      id: dead-step
      title: "v6.0 with a branch no run takes"
      base: v6.0
      handlers:
        start:
          edits:
            - insert_before: dispatch
              steps:
                - line: "if (private->state == NOT_OPER) goto gone"
                  if: { state: NOT_OPER }
                  then: [{ goto: gone }]
            - insert_after: helper_free_chains
              steps:
                - label: gone
                  line: 'gone: pr_warn("never printed"); ret = -EIO'
                  depth: 1
                  do: [{ ret: -EIO }, { goto: err_out }]
      """
    let rev = try RevisionLoader.parse(yaml, file: "dead.yaml")
    let dead = try #require(rev.program(.start).steps.firstIndex { $0.line.contains("never printed") })
    let config = Configuration(cpus: 2)
    let cov = Coverage.random(revision: rev, configuration: config, runs: 300, seed: 1, steps: 200)
    #expect(cov.unreachedSteps.contains(StepSite(.start, dead)))
    // The steps around it are reached: the report is about this line, not the handler.
    #expect(cov.count(StepSite(.start, dead - 1)) > 0)
    #expect(cov.count(StepSite(.start, dead + 1)) > 0)
    let text = cov.text(what: "test")
    let first = try #require(text.range(of: "Steps never reached"))
    let table = try #require(text.range(of: "Jump table ("))
    let mention = try #require(text.range(of: "never printed"))
    #expect(mention.lowerBound > first.lowerBound && mention.lowerBound < table.lowerBound)
    // The shipped v6.0 has no such step: the same runs reach every start step.
    let shipped = Coverage.random(revision: Revisions.v6_0, configuration: config, runs: 300, seed: 1, steps: 200)
    #expect(!shipped.unreachedSteps.contains { $0.kind == .start })
    // And the search finds it dead too.
    let searched = Coverage.explore(engine: Self.smallEngine(rev))
    #expect(searched.unreachedSteps.contains(StepSite(.start, dead)))
  }

  @Test func scenarioRunsCountOncePerRun() throws {
    let rev = Revisions.v6_0
    var cov = Coverage(revision: rev, mode: .runs)
    let b = try ScenarioCatalog.named("seed-b").run(on: rev)
    cov.add(b, name: "seed-b")
    cov.add(b, name: "seed-b again")
    #expect(cov.units == 2)
    // seed-b dispatches IO_REQ in IDLE and INTERRUPT in CP_PENDING: both runs count.
    #expect(cov.count(CellSite(.idle, .ioReq)) == 2)
    #expect(cov.count(CellSite(.notOper, .ioReq)) == 0)
    #expect(cov.runs.map { $0.hazards.map(\.id) } == [["use-after-free@33"], ["use-after-free@33"]])
    #expect(cov.hazards[.useAfterFree] == 2)
    let json = cov.json(what: "seed-b twice")
    #expect(json.contains("\"unreachedCells\""))
  }
}
