import Foundation
import RevisionFiles
import Testing
@testable import Reports
@testable import Search
@testable import Simulation

/// The search's own guarantees: its choices are the engine's, packing covers every field,
/// partial-order reduction and the visited sets change no verdict, limits stop cleanly.
@Suite struct SearchTests {
  static let everyHazard = Set(HazardKind.allCases)

  /// Worlds from seeded random runs under the given bounds.
  static func randomWorlds(_ engine: Engine, count: Int, seed: UInt64) -> [World] {
    var rng = SplitMix64(seed: seed)
    var out: [World] = []
    var choices: [Choice] = []
    while out.count < count {
      var w = engine.initialWorld()
      for _ in 0..<120 {
        engine.enabledChoices(w, into: &choices)
        guard let c = choices.randomElement(using: &rng) else { break }
        engine.apply(&w, c, record: false)
        out.append(w)
      }
    }
    return Array(out.prefix(count))
  }

  static let configurations = [
    Configuration(cpus: 4, requests: 2, threads: 2),
    Configuration(cpus: 5, requests: 2, threads: 2, kernelHaltClear: 1, unsolicited: 1),
    Configuration(cpus: 3, requests: 2, threads: 3, unsolicited: 1),
    Configuration(cpus: 4, requests: 2, threads: 2, qemuFilter: true, notOper: true),
  ]

  /// The explorer's choices are the engine's enabled choices with each kworker, kernel path
  /// and interrupt on one canonical CPU: the same set once CPUs are forgotten for those, and
  /// a subset of the engine's.
  /// The hazard bits the search records are one per kind, in the kinds' order (JSON and the
  /// findings list follow it).
  @Test func hazardBitsFollowTheKindsOrder() {
    #expect(HazardKind.allCases.enumerated().allSatisfy { $1.bit == 1 << $0 })
  }

  @Test(arguments: ["v5.3", "v6.0", "huck-queue"])
  func generatedChoicesAreTheEnginesCanonicalised(revision: String) throws {
    for configuration in Self.configurations {
      let engine = Engine(revision: try Revisions.named(revision), configuration: configuration)
      let explorer = Explorer(engine: engine)
      var mine: [Choice] = []
      for w in Self.randomWorlds(engine, count: 3000, seed: 11) {
        explorer.choices(w, into: &mine)
        let theirs = engine.enabledChoices(w)
        #expect(Set(mine).isSubset(of: Set(theirs)), "\(revision): \(mine) not within \(theirs)")
        func forget(_ c: Choice) -> String {
          switch c {
          case .kernel(let p, _): "kernel-\(p)"
          case .interrupt: "interrupt"
          case .worker: "worker"
          default: c.description
          }
        }
        #expect(Set(mine.map(forget)) == Set(theirs.map(forget)), "\(revision) \(configuration)")
        #expect(mine.count == Set(mine).count, "no choice twice")
      }
    }
  }

  /// Packing must cover every stored field: this lists them, so a new field of `World` or of
  /// anything it holds fails here until `PackedWorld` (and this list) covers it.
  @Test func packingCoversEveryField() {
    func fields(_ value: Any) -> [String] { Mirror(reflecting: value).children.compactMap(\.label) }
    var w = World(configuration: Configuration(cpus: 4, requests: 2, threads: 2))
    w.irb = IRBSlot(irb: IRB(kind: .startFinal, stctl: 0, actl: 0, fctl: 0, cc: 0), consumed: false)
    #expect(fields(w) == ["state", "cp", "irb", "work", "sch", "virtual", "ioMutex", "schLock", "cpus", "budgets", "hazardsSeen", "completion", "closed"])
    #expect(fields(w.cp) == ["initialized", "started", "memory", "builder", "queued"])
    #expect(fields(w.work) == ["pending", "runningOn", "notoperPending", "notoperFirst"])
    #expect(fields(w.sch) == ["fctl", "actl", "status", "interruptTaken", "program", "intermediateDone", "operational", "enabled"])
    #expect(fields(w.virtual) == ["fctl"])
    #expect(fields(w.budgets) == ["requests", "kernelHaltClear", "unsolicited", "notOper", "closes", "perThread"])
    #expect(fields(w.irb!) == ["irb", "consumed"])
    #expect(fields(w.irb!.irb) == ["kind", "stctl", "actl", "fctl", "cc"])
    #expect(fields(Context(kind: .start)) == ["kind", "pc", "ret", "isFinal", "cpIsFinished", "deliveredFinal", "freeing", "walking"])
    #expect(fields(CPU()) == ["taskBits", "irqBits"])
    // The widths packing gives the enumerations.
    #expect(ContextKind.allCases.count <= 32, "a context's kind has 5 bits")
    #expect(HazardKind.allCases.count <= 8, "hazards seen are one byte")
    #expect(FSMState.allCases.count <= 8, "the FSM state has 3 bits")
  }

  /// Every field, set to every value packing must keep, round-trips.
  /// Symmetry compares CPUs by one word that assumes a packed context has 27 bits.
  @Test func aPackedContextFitsSymmetrysKey() {
    for kind in ContextKind.allCases {
      var c = Context(kind: kind)
      c.pc = 255
      c.ret = -1
      (c.isFinal, c.cpIsFinished, c.deliveredFinal, c.freeing, c.walking) = (true, true, true, true, true)
      var cpu = CPU()
      cpu.task = c
      cpu.irq = c
      #expect(cpu.packed & ~0x07FF_FFFF_07FF_FFFF == 0, "\(kind)")
    }
  }

  @Test func everyContextFieldRoundTrips() {
    for kind in ContextKind.allCases {
      for pc in [0, 1, 17, 255] {
        for ret in [Int8.min, -11, 0, 1, .max] {
          var c = Context(kind: kind)
          c.pc = UInt8(pc)
          c.ret = ret
          c.isFinal = pc % 2 == 0
          c.cpIsFinished = pc % 3 == 0
          c.deliveredFinal = ret < 0
          c.freeing = pc % 5 == 0
          c.walking = pc % 2 == 1
          var cpu = CPU()
          cpu.task = c
          cpu.irq = kind == .irq ? c : nil
          #expect(cpu.task == c && CPU(packed: cpu.packed).task == c)
        }
      }
    }
  }

  /// Reduction and the visited sets against the plain exact search, at small bounds, over
  /// every shipped revision and the option sets the issue names: same hazards, same lengths.
  @Test(arguments: Revisions.all.map(\.id))
  func reductionAndVisitedSetsChangeNoVerdict(revision: String) throws {
    let rev = try Revisions.named(revision)
    let bounds = [
      Configuration(cpus: 4, requests: 1, threads: 2, unsolicited: 1),
      Configuration(cpus: 3, requests: 1, threads: 2, unsolicited: 1),
      Configuration(cpus: 5, requests: 1, threads: 3),
      Configuration(cpus: 4, requests: 1, threads: 2, qemuFilter: true),
      Configuration(cpus: 5, requests: 1, threads: 2, notOper: true),
    ]
    for config in bounds {
      let engine = Engine(revision: rev, configuration: config)
      let wanted = HazardKind.possible(under: config)
      var plain = Explorer(engine: engine, wanted: wanted)
      plain.reduction = .none
      plain.reduction = .none
      plain.visited = .exact
      let reference = plain.run()
      #expect(reference.exhaustive)
      let variants: [(reduction: Explorer.Reduction, visited: Explorer.Visited, jobs: Int, seed: UInt64)] = [
        (.persistentSets, .fingerprints, 1, 0), (.persistentSets, .exact, 1, 0), (.none, .fingerprints, 2, 0),
        (.sleepSets, .fingerprints, 2, 0), (.sleepSets, .exact, 1, 0), (.sleepSets, .fingerprints, 1, 99),
        (.persistentSets, .fingerprints, 2, 0), (.sleepSets, .bitstate(log2Bits: 26), 1, 0),
      ]
      for (reduction, visited, jobs, seed) in variants {
        var e = Explorer(engine: engine, wanted: wanted)
        e.reduction = reduction
        e.visited = visited
        e.seed = seed
        e.minimumPerJob = 64
        let r = e.run(jobs: jobs)
        let what = "\(revision) \(config) \(reduction) \(visited) jobs \(jobs) seed \(seed)"
        #expect(Set(r.findings.keys) == Set(reference.findings.keys), "\(what)")
        if case .bitstate = visited {
          // A bit array promises no shortest length, only a trace no shorter than the truth.
          #expect(!r.lengthsAreShortest && !r.exhaustive, "\(what)")
          for (kind, f) in r.findings { #expect(f.choices.count >= reference.findings[kind]?.choices.count ?? .max, "\(what)") }
        } else {
          #expect(r.findings.mapValues(\.choices.count) == reference.findings.mapValues(\.choices.count), "\(what)")
          #expect(r.lengthsAreShortest)
        }
        // A saved trace always replays to its hazard, on its last step.
        for (kind, f) in r.findings {
          let run = try Runner.replay(Trace(revision: revision, configuration: config, choices: f.choices), on: rev)
          #expect(run.hazards.contains { $0.hazard.kind == kind && $0.step == f.choices.count }, "\(what) \(kind)")
        }
        // Sleep sets leave out transitions, never a world: the plain search's count.
        if reduction != .persistentSets, visited != .bitstate(log2Bits: 26) { #expect(r.states == reference.states, "\(what)") }
        if reduction == .sleepSets { #expect(r.transitions <= reference.transitions, "\(what)") }
        #expect(r.reduction == reduction || (reduction == .persistentSets && r.reduction == .persistentSets), "\(what)")
      }
    }
  }

  /// Fingerprints and shards decide "new" exactly as one table does: same states, same traces.
  @Test func shardsAndJobsChangeNothing() throws {
    let config = Configuration(cpus: 5, requests: 1, threads: 2, kernelHaltClear: 1, unsolicited: 1)
    let engine = Engine(revision: Revisions.v6_0, configuration: config)
    var e = Explorer(engine: engine)
    e.minimumPerJob = 64
    let one = e.run(jobs: 1)
    let two = e.run(jobs: 2)
    let three = e.run(jobs: 3)
    e.visited = .exact
    let exact = e.run(jobs: 2)
    for r in [two, three, exact] {
      #expect(r.states == one.states && r.transitions == one.transitions && r.maxDepth == one.maxDepth)
      #expect(r.findings.mapValues(\.choices) == one.findings.mapValues(\.choices))
    }
  }

  /// Under a depth limit persistent sets give way to sleep sets, which keep its promise
  /// (every schedule of up to D steps): the same states as the plain bounded search.
  @Test func aDepthLimitTakesSleepSetsForPersistentOnes() {
    let config = Configuration(cpus: 4, requests: 2, threads: 2)
    var e = Explorer(engine: Engine(revision: Revisions.v6_0, configuration: config), maxDepth: 20)
    e.reduction = .persistentSets
    let r = e.run()
    var plain = e
    plain.reduction = .none
    let p = plain.run()
    #expect(r.reduction == .sleepSets && r.states == p.states && r.transitions < p.transitions)
  }

  /// Many jobs need about the memory of two: each fingerprint shard is sized for the
  /// candidates it keeps, not for the whole round (which made 64 jobs hold three times the
  /// memory of 2 and stop, under --memory-limit, a search that 2 jobs finished).
  @Test func manyJobsFitWhereTwoFit() throws {
    let engine = Engine(revision: Revisions.v6_0, configuration: Configuration(cpus: 4, requests: 2, threads: 2))
    var e = Explorer(engine: engine, wanted: [.cpLeak])
    let two = e.run(jobs: 2)
    #expect(two.exhaustive)
    e.memoryLimit = two.peakBytes + 6 << 20
    let many = e.run(jobs: 32)
    #expect(many.exhaustive && many.stop == nil, "stopped at \(many.states) states, \(many.peakBytes) bytes held")
    #expect(many.states == two.states && many.transitions == two.transitions)
  }

  /// A memory limit ends the search cleanly with what was found so far.
  @Test func memoryLimitStopsCleanly() throws {
    let config = Configuration(cpus: 5, requests: 2, threads: 2, kernelHaltClear: 1, unsolicited: 1)
    for visited in [Explorer.Visited.fingerprints, .exact] {
      for jobs in [1, 2] {
        var e = Explorer(engine: Engine(revision: Revisions.v6_0, configuration: config))
        e.memoryLimit = 24 << 20
        e.visited = visited
        let r = e.run(jobs: jobs)
        #expect(r.stop == .memoryLimit(bytes: 24 << 20), "\(visited) jobs \(jobs)")
        #expect(!r.exhaustive)
        #expect(r.states > 1000)
        #expect(r.peakBytes <= 24 << 20 || r.states < 2_000_000)
      }
    }
  }

  /// Bitstate at a size that fits keeps (nearly) every state and says so; a tiny one misses
  /// states and says that too. Its coverage figure is a bound: never below the real share.
  /// A bitstate run is never exhaustive and its lengths are "at most".
  @Test func bitstateEstimatesItsCoverage() throws {
    let config = Configuration(cpus: 4, requests: 2, threads: 2)
    let engine = Engine(revision: Revisions.v6_0, configuration: config)
    var exact = Explorer(engine: engine)
    exact.visited = .exact
    let reference = exact.run()
    var big = Explorer(engine: engine)
    big.visited = .bitstate(log2Bits: 28)
    let b = big.run()
    #expect(b.states <= reference.states && b.states > reference.states * 99 / 100)
    #expect((b.coverageAtMost ?? 0) > 0.999 && (b.hashFactor ?? 0) > 100)
    #expect(!b.exhaustive && !b.lengthsAreShortest)
    var small = Explorer(engine: engine)
    small.visited = .bitstate(log2Bits: 20)
    let s = small.run()
    #expect(s.states < reference.states)
    #expect((s.coverageAtMost ?? 1) < 0.99 && (s.hashFactor ?? 100) < 100)
    #expect((s.coverageAtMost ?? 0) >= Double(s.states) / Double(reference.states))
    #expect(!s.exhaustive)
  }

  /// The swarm's members search differently seeded but agree on the verdicts; merge keeps the
  /// shortest trace and combines coverage.
  @Test func swarmMembersAgreeAndMerge() throws {
    let config = Configuration(cpus: 4, requests: 1, threads: 2, unsolicited: 1)
    let engine = Engine(revision: Revisions.v5_3, configuration: config)
    var docs: [(name: String, data: Data)] = []
    var reference: [HazardKind: Int]?
    for (member, seed): (Int, UInt64) in [(1, 0), (2, 12345), (3, 987_654_321)] {
      var e = Explorer(engine: engine, wanted: HazardKind.possible(under: config))
      e.seed = seed
      e.visited = .bitstate(log2Bits: 24)
      let r = e.run()
      let lengths = r.findings.mapValues(\.choices.count)
      if let reference { #expect(lengths == reference) } else { reference = lengths }
      var report = ExploreReport(revision: Revisions.v5_3, configuration: config, maxDepth: nil, wanted: HazardKind.possible(under: config), result: r)
      report.swarm = "\(member)/3"
      docs.append(("m\(seed).json", Data(report.json().utf8)))
    }
    let merged = try ExploreReport.merge(docs)
    let doc = try JSONDecoder().decode(ExploreReport.Document.self, from: Data(merged.utf8))
    #expect(doc.runs == 3)
    #expect(doc.results.filter(\.found).count == reference?.count)
    #expect((doc.coverageAtMost ?? 0) >= 0.999)
    #expect(doc.members?.count == 3)
    // A member given twice would count its coverage twice: refused, and so is a merged
    // document merged again with one of its members.
    #expect(throws: ExploreReport.MergeError.self) { try ExploreReport.merge(docs + [("copy.json", docs[1].data)]) }
    #expect(throws: ExploreReport.MergeError.self) { try ExploreReport.merge([("merged.json", Data(merged.utf8)), docs[0]]) }
    // A complete run makes the merge complete, whichever order the files come in: every
    // state seen, lengths shortest, no coverage bound left.
    var complete = Explorer(engine: engine, wanted: HazardKind.possible(under: config))
    complete.visited = .exact
    let c = ExploreReport(revision: Revisions.v5_3, configuration: config, maxDepth: nil, wanted: HazardKind.possible(under: config), result: complete.run())
    for files in [[docs[1], ("c.json", Data(c.json().utf8))], [("c.json", Data(c.json().utf8)), docs[1]]] {
      let both = try JSONDecoder().decode(ExploreReport.Document.self, from: Data(try ExploreReport.merge(files).utf8))
      #expect(both.exhaustive && both.lengthsShortest == true && both.coverageAtMost == nil && both.visited == "exact")
    }
    // Another question does not merge.
    var other = Explorer(engine: Engine(revision: Revisions.v6_0, configuration: config))
    other.visited = .exact
    let o = ExploreReport(revision: Revisions.v6_0, configuration: config, maxDepth: nil, wanted: [.cpLeak], result: other.run())
    #expect(throws: ExploreReport.MergeError.self) { try ExploreReport.merge(docs + [("other.json", Data(o.json().utf8))]) }
  }

  /// Steps that touch no shared variable at all are the reduction's simplest case, exercised
  /// on v6.0 with two `ret = 0` steps before the ssch. Reduced and plain searches must agree
  /// on every hazard and its shortest length (the reduced search's lengths are confirmed by
  /// the plain search), with fewer transitions, and the traces replay.
  @Test func reductionOnARevisionWithLocalSteps() throws {
    let yaml = """
      id: local-steps
      title: "v6.0 with two local steps"
      base: v6.0
      handlers:
        start:
          insert_before: ssch
          steps:
            - line: "ret = 0 (a local step)"
              do: { ret: 0 }
            - line: "ret = 0 (another)"
              do: { ret: 0 }
      """
    let rev = try RevisionLoader.parse(yaml, file: "local-steps.yaml")
    for config in [
      Configuration(cpus: 4, requests: 1, threads: 2, unsolicited: 1),
      Configuration(cpus: 5, requests: 1, threads: 2, kernelHaltClear: 1),
      Configuration(cpus: 4, requests: 2, threads: 2),
    ] {
      let engine = Engine(revision: rev, configuration: config)
      let footprints = engine.footprints()
      #expect(ContextKind.allCases.contains { k in (0..<256).contains { footprints.isCandidate(k, pc: UInt8($0)) && footprints.footprint(k, pc: UInt8($0)) == Footprints.Mask() } })
      let wanted = HazardKind.possible(under: config)
      var plain = Explorer(engine: engine, wanted: wanted)
      plain.reduction = .none
      plain.visited = .exact
      let p = plain.run()
      for jobs in [1, 2] {
        var reduced = Explorer(engine: engine, wanted: wanted)
        reduced.reduction = .persistentSets
        reduced.minimumPerJob = 64
        let r = reduced.run(jobs: jobs)
        #expect(r.reducedWorlds > 0)
        // Fewer transitions; states only when two CPUs sit at local steps at once, which
        // io_mutex prevents here.
        #expect(r.states <= p.states && r.transitions < p.transitions, "\(r.transitions) vs \(p.transitions)")
        #expect(Set(r.findings.keys) == Set(p.findings.keys), "\(config)")
        #expect(r.findings.mapValues(\.choices.count) == p.findings.mapValues(\.choices.count), "the confirmed lengths are the plain search's")
        #expect(r.lengthsAreShortest)
        for (kind, f) in r.findings {
          let run = try Runner.replay(Trace(revision: "local-steps", configuration: config, choices: f.choices), on: rev)
          #expect(run.hazards.contains { $0.hazard.kind == kind && $0.step == f.choices.count })
        }
      }
    }
  }
}
