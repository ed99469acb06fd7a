import RevisionFiles
import Testing
@testable import Search
@testable import Simulation

/// The explorer against the reference's matrix at small bounds: two QEMU threads with one
/// request each (plus one unsolicited status where R6's stuck needs it).
@Suite struct ExplorerTests {
  static func explore(_ revision: String, unsolicited: Int = 0, kernel: Int = 0) throws -> (Engine, Explorer.Result) {
    let config = Configuration(cpus: 4 + (kernel > 0 ? 1 : 0), requests: 1, threads: 2,
      kernelHaltClear: kernel, unsolicited: unsolicited)
    let engine = Engine(revision: try Revisions.named(revision), configuration: config)
    let wanted = Set(HazardKind.allCases.filter { $0 != .notOperLost })
    return (engine, Explorer(engine: engine, wanted: wanted).run())
  }

  static let expected: [String: (plain: Set<HazardKind>, unsolicited: Set<HazardKind>)] = [
    // R2 turns R5 into a use-after-free on v5.2; R6 with attention leaks before v5.13.
    // v5.2's io_todo frees on any final interrupt, unlocked: against a failed START's own
    // cp_free both can pass the initialized check.
    "v5.2": ([.useAfterFree, .lostStatus, .doubleFree], [.useAfterFree, .lostStatus, .cpLeak, .doubleFree]),
    "v5.3": ([.useAfterFree, .lostStatus, .cpLeak], [.useAfterFree, .lostStatus, .cpLeak]),
    // The seed's UAF only through the window where io_todo has already started; R6 sticks.
    "seed-v3": ([.useAfterFree, .lostStatus], [.useAfterFree, .lostStatus, .stuck]),
    "v5.13": ([.useAfterFree, .lostStatus], [.useAfterFree, .lostStatus, .stuck]),
    "v6.0": ([.useAfterFree, .lostStatus], [.useAfterFree, .lostStatus, .stuck]),
    "v6.6.153": ([.useAfterFree, .lostStatus], [.useAfterFree, .lostStatus, .stuck]),
  ]

  @Test(arguments: ["v5.2", "v5.3", "seed-v3", "v5.13", "v6.0", "v6.6.153"])
  func hazardsFoundOrUnreachableAsTheReferenceSays(revision: String) throws {
    let (_, plain) = try Self.explore(revision)
    #expect(plain.exhaustive)
    #expect(Set(plain.findings.keys) == Self.expected[revision]!.plain, "\(revision)")
    let (_, withAttention) = try Self.explore(revision, unsolicited: 1)
    #expect(Set(withAttention.findings.keys) == Self.expected[revision]!.unsolicited, "\(revision) with --unsolicited 1")
  }

  @Test(arguments: ["v5.2", "v5.3", "seed-v3", "v5.13", "v6.0"])
  func everyShortestTraceReplaysToItsHazard(revision: String) throws {
    let (engine, r) = try Self.explore(revision, unsolicited: 1)
    for (kind, f) in r.findings {
      let trace = Trace(revision: revision, configuration: engine.configuration, choices: f.choices)
      let run = try Runner.replay(trace)
      #expect(run.hazards.last?.hazard.kind == kind, "\(revision) \(kind)")
      #expect(run.hazards.last?.step == f.choices.count, "the hazard fires on the trace's last step")
      // Shortest: no prefix already reaches it.
      #expect(!run.hazards.dropLast().contains { $0.hazard.kind == kind })
    }
  }

  @Test func seedV3sUseAfterFreeNeedsIoTodoToHaveStarted() throws {
    let (engine, r) = try Self.explore("seed-v3")
    let f = try #require(r.findings[.useAfterFree])
    let run = try Runner.replay(Trace(revision: "seed-v3", configuration: engine.configuration, choices: f.choices))
    let todoStart = try #require(run.steps.first { $0.facts.contains(.entered(.ioTodo, over: nil)) }).index
    let uaf = try #require(run.hazards.first { $0.hazard.kind == .useAfterFree }).step
    #expect(todoStart < uaf, "io_todo cleared the pending bit before the free")
  }

  @Test func parallelExpansionChangesNothing() throws {
    let config = Configuration(cpus: 4, requests: 1, threads: 2, unsolicited: 1)
    let engine = Engine(revision: Revisions.v6_0, configuration: config)
    var explorer = Explorer(engine: engine, wanted: [.useAfterFree, .stuck, .lostStatus, .cpLeak])
    explorer.minimumPerJob = 16
    let one = explorer.run(jobs: 1)
    let two = explorer.run(jobs: 2)
    #expect(one.states == two.states && one.transitions == two.transitions)
    #expect(one.findings.mapValues(\.choices) == two.findings.mapValues(\.choices))
  }

  @Test func deterministic() throws {
    let (_, a) = try Self.explore("v5.3", unsolicited: 1)
    let (_, b) = try Self.explore("v5.3", unsolicited: 1)
    #expect(a.states == b.states && a.transitions == b.transitions && a.maxDepth == b.maxDepth)
    #expect(a.findings.mapValues(\.choices) == b.findings.mapValues(\.choices))
  }

  @Test(arguments: ["v5.3", "v6.0"])
  func reductionsLoseNothing(revision: String) throws {
    // Canonical forms and CPU renamings must find the same hazards at the same shortest
    // lengths as the plain search, with fewer states.
    let config = Configuration(cpus: 4, requests: 1, threads: 2, unsolicited: 1)
    let engine = Engine(revision: try Revisions.named(revision), configuration: config)
    let wanted = Set(HazardKind.allCases.filter { $0 != .notOperLost })
    let reduced = Explorer(engine: engine, wanted: wanted).run()
    var plainExplorer = Explorer(engine: engine, wanted: wanted)
    plainExplorer.reductions = false
    let plain = plainExplorer.run()
    #expect(reduced.findings.mapValues(\.choices.count) == plain.findings.mapValues(\.choices.count))
    #expect(reduced.states < plain.states)
  }

  @Test func shrinkingNeverLengthensAndKeepsTheHazard() throws {
    let config = Configuration(cpus: 3, kernelHaltClear: 1, unsolicited: 1)
    let engine = Engine(revision: Revisions.v5_3, configuration: config)
    let hunt = Hunt(engine: engine, strategy: .uniform, steps: 200).run(seeds: 1, runs: 300)
    #expect(!hunt.catches.isEmpty)
    for (kind, c) in hunt.catches {
      let t = Trace(revision: "v5.3", configuration: config, choices: c.choices)
      let s = try Shrinker.shrink(t, on: Revisions.v5_3, hazard: kind)
      #expect(s.choices.count <= t.choices.count)
      let run = try Runner.replay(s)
      #expect(run.hazards.contains { $0.hazard.kind == kind }, "\(kind)")
    }
  }

  @Test func huntIsReproducible() {
    let engine = Engine(revision: Revisions.v6_0, configuration: Configuration(cpus: 3, unsolicited: 1))
    for strategy in [Strategy.uniform, .pct(depth: 3)] {
      let a = Hunt(engine: engine, strategy: strategy, steps: 150).run(seeds: 10, runs: 200)
      let b = Hunt(engine: engine, strategy: strategy, steps: 150).run(seeds: 10, runs: 200)
      #expect(a.catches.mapValues(\.seed) == b.catches.mapValues(\.seed))
      #expect(a.catches.mapValues(\.choices) == b.catches.mapValues(\.choices))
      // The seed's run replays to the same choices.
      for (_, c) in a.catches {
        let run = Runner.random(revision: Revisions.v6_0, configuration: engine.configuration,
          seed: c.seed, steps: 150, strategy: strategy)
        #expect(Array(run.trace.choices.prefix(c.choices.count)) == c.choices)
      }
    }
  }

  @Test func pctFavoursFewPreemptions() {
    // Count lane switches: PCT switches lanes far less often than uniform choice.
    func switches(_ s: Strategy) -> Int {
      var total = 0
      for seed in UInt64(1)...50 {
        let run = Runner.random(revision: Revisions.v6_0, configuration: Configuration(cpus: 3, requests: 6),
          seed: seed, steps: 100, strategy: s)
        total += zip(run.steps, run.steps.dropFirst()).filter { $0.lane != $1.lane }.count
      }
      return total
    }
    #expect(switches(.pct(depth: 3)) * 2 < switches(.uniform))
  }
}
