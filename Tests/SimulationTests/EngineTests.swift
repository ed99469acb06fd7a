import Foundation
import Testing
import Reports
import RevisionFiles
import Simulation

@Suite struct EngineTests {
  static let busyConfig = Configuration(
    cpus: 3, requests: 6, kernelHaltClear: 1, unsolicited: 1, intermediate: true,
    deferredCC: true, notOper: true)

  @Test func sameSeedSameBytesOtherSeedOtherBytes() throws {
    let cfg = Configuration(kernelHaltClear: 1, unsolicited: 1)
    let a = JSONReport.render(Runner.random(revision: Revisions.v5_3, configuration: cfg, seed: 42, steps: 300))
    let b = JSONReport.render(Runner.random(revision: Revisions.v5_3, configuration: cfg, seed: 42, steps: 300))
    let c = JSONReport.render(Runner.random(revision: Revisions.v5_3, configuration: cfg, seed: 43, steps: 300))
    #expect(a == b)
    #expect(a != c)
  }

  @Test(arguments: allRevisions)
  func everyEnabledChoiceApplies(revision: String) throws {
    let engine = Engine(revision: try Revisions.named(revision), configuration: Self.busyConfig)
    var rng = SplitMix64(seed: 7)
    for seed in 0..<40 {
      var w = engine.initialWorld()
      for _ in 0..<150 {
        let choices = engine.enabledChoices(w)
        if choices.isEmpty { break }
        for c in choices {
          let (next, events) = engine.apply(w, c)
          #expect(!events.contains { if case .note(_, .refused) = $0 { true } else { false } },
            "seed \(seed): \(c) was offered but refused")
          #expect(events.contains { if case .step = $0 { true } else { false } }, "\(c) said nothing")
          _ = next
        }
        (w, _) = engine.apply(w, choices[rng.below(choices.count)])
      }
    }
  }

  @Test(arguments: allRevisions)
  func randomRunsKeepTheEnginesInvariants(revision: String) throws {
    let engine = Engine(revision: try Revisions.named(revision), configuration: Self.busyConfig)
    for seed in UInt64(0)..<300 {
      var rng = SplitMix64(seed: seed)
      var w = engine.initialWorld()
      for step in 0..<200 {
        let choices = engine.enabledChoices(w)
        if choices.isEmpty { break }
        engine.apply(&w, choices[rng.below(choices.count)], record: false)
        let bad = Invariants.violations(w, engine: engine)
        #expect(bad.isEmpty, "seed \(seed) step \(step + 1): \(bad)")
        if !bad.isEmpty { return }
      }
    }
  }

  @Test func disabledChoiceLeavesTheWorldAndSaysWhy() {
    let engine = Engine(revision: Revisions.v6_0, configuration: Configuration())
    let w = engine.initialWorld()
    let (next, events) = engine.apply(w, .worker(cpu: 0))
    #expect(next == w)
    #expect(events == [.note(.cpu(0), .refused(.worker(cpu: 0), "io_work is not pending"))])
    #expect(engine.whyNot(w, .step(cpu: 5)) == "there is no CPU6")
  }

  @Test func blockedLanesSayWhy() throws {
    // seed-b up to the START holding io_mutex, then a CLEAR on CPU1 must wait for it.
    var run = Run(revision: Revisions.v6_0, configuration: Configuration())
    run.append(.request(.start, cpu: 1))
    run.append(.step(cpu: 1))  // trylock taken
    run.append(.request(.clear, cpu: 0))
    #expect(run.engine.blocker(run.final, .step(cpu: 0)) == .trylockWaits(holder: 2))
    // The words come from the structure, in one place.
    #expect(run.engine.whyNot(run.final, .step(cpu: 0)) == Blocker.trylockWaits(holder: 2).text)
  }

  @Test func irqsOffInsideSchLock() {
    var run = Run(revision: Revisions.v6_0, configuration: Configuration())
    run.append(.request(.clear, cpu: 0))
    for _ in 0..<4 { run.append(.step(cpu: 0)) }  // through csch: sch->lock still held
    #expect(run.final.schLock == 1)
    run.append(.step(cpu: 0))  // unlock
    run.append(.step(cpu: 0))  // return
    run.append(.hardware(.clearEnds))
    run.append(.request(.halt, cpu: 0))
    for _ in 0..<3 { run.append(.step(cpu: 0)) }  // takes sch->lock
    #expect(run.engine.blocker(run.final, .interrupt(cpu: 0)) == .irqsOff(cpu: 0))
    #expect(run.engine.blocker(run.final, .interrupt(cpu: 1)) == nil)
  }

  @Test func queueWorkOnAPendingItemQueuesNothing() throws {
    let run = try runScenario("lost-status-halt", on: "v6.0")
    #expect(run.steps.contains { $0.facts.contains(.queueWork(queued: false)) })
    // io_todo ran once for two interrupts.
    #expect(run.steps.filter { $0.facts.contains(.entered(.ioTodo, over: nil)) }.count == 1)
  }

  @Test func randomSeedReplaysFromItsTrace() throws {
    let run = Runner.random(
      revision: Revisions.v5_13, configuration: Self.busyConfig, seed: 99, steps: 250)
    let data = run.trace.jsonData()
    let loaded = try Trace.load(data, source: "mem")
    #expect(loaded == run.trace)
    let again = try Runner.replay(loaded)
    #expect(JSONReport.render(again) == JSONReport.render(run))
  }

  @Test func choiceTextRoundTrips() {
    let all: [Choice] = [
      .step(cpu: 0), .request(.start, cpu: 1), .request(.halt, cpu: 2), .request(.clear, cpu: 0),
      .kernel(.haltClear, cpu: 1), .kernel(.notOper, cpu: 0), .interrupt(cpu: 3),
      .worker(cpu: 0),
    ] + HardwareAction.allCases.map { .hardware($0) }
    for c in all { #expect(Choice(c.description) == c) }
    for bad in ["", "step", "step@0", "step@9", "jump@1", "hw:nothing", "start@x"] {
      #expect(Choice(bad) == nil, "\(bad)")
    }
  }
}
