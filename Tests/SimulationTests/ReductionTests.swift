import RevisionFiles
import Simulation
import Testing

/// The static analyses behind the explorer's reductions, checked against the engine itself on
/// many reachable worlds: a step the partial-order reduction takes alone commutes with every
/// step the other lanes take before it, and erasing dead locals changes no future.
@Suite struct ReductionTests {
  static let configurations = [
    Configuration(cpus: 4, requests: 2, threads: 2, kernelHaltClear: 1, unsolicited: 1),
    Configuration(cpus: 5, requests: 2, threads: 3),
    Configuration(cpus: 4, requests: 2, threads: 2, qemuFilter: true, notOper: true, closes: 1),
    Configuration(cpus: 3, requests: 4, kernelHaltClear: 1, unsolicited: 1, intermediate: true, deferredCC: true),
  ]

  /// Random walks from the start; `body` sees every world on them.
  static func walk(_ engine: Engine, seeds: Range<UInt64>, steps: Int, _ body: (World, inout SplitMix64) -> Void) {
    for seed in seeds {
      var rng = SplitMix64(seed: seed)
      var w = engine.initialWorld()
      for _ in 0..<steps {
        let choices = engine.enabledChoices(w)
        if choices.isEmpty { break }
        body(w, &rng)
        engine.apply(&w, choices[rng.below(choices.count)], record: false)
      }
    }
  }

  /// An engine of `revision` for each of the configurations, while `going` says so (a test
  /// stops at its first failure, so one bug reports once).
  static func eachEngine(of revision: String, while going: () -> Bool, _ body: (Engine, Configuration) -> Void) throws {
    let rev = try Revisions.named(revision)
    for config in configurations where going() { body(Engine(revision: rev, configuration: config), config) }
  }

  static func after(_ engine: Engine, _ w: World, _ choices: Choice...) -> World {
    var w = w
    for c in choices { engine.apply(&w, c, record: false) }
    return w
  }

  @Test(arguments: Revisions.all.map(\.id))
  func aStepTakenAloneCommutesWithWhatTheOthersDoFirst(revision: String) throws {
    var alone = 0
    var failed = false
    try Self.eachEngine(of: revision, while: { !failed }) { engine, config in
      let por = engine.footprints()
      Self.walk(engine, seeds: 0..<60, steps: 60) { w, rng in
        for k in 0..<w.cpus.count where !failed && por.mayRunAlone(w, cpu: k) {
          alone += 1
          let t = Choice.step(cpu: k)
          // Any run of the other lanes (an interrupt nesting on k runs to its end first, see
          // `Footprints.mayRunAlone`), checked step by step: t stays enabled and commutes.
          var u = w
          for _ in 0..<8 {
            #expect(engine.isEnabled(u, t), "\(revision) \(config): \(t) disabled")
            let others = engine.enabledChoices(u).filter { $0 != t && $0 != .interrupt(cpu: k) }
            guard let c = others.isEmpty ? nil : others[rng.below(others.count)] else { break }
            let ct = Self.after(engine, u, c, t)
            let tc = Self.after(engine, u, t, c)
            let enabled = engine.isEnabled(Self.after(engine, u, t), c)
            let commute = ct == tc
            #expect(enabled, "\(revision): \(c) disabled by \(t)")
            #expect(commute, "\(revision) \(config): \(t) and \(c) do not commute")
            if !enabled || !commute {
              failed = true
              return
            }
            u = Self.after(engine, u, c)
          }
        }
      }
    }
    #expect(alone > 0, "\(revision): no step was ever taken alone")
  }

  @Test(arguments: Revisions.all.map(\.id))
  func erasingDeadLocalsChangesNoFuture(revision: String) throws {
    var erased = 0
    var failed = false
    try Self.eachEngine(of: revision, while: { !failed }) { engine, config in
      let dead = engine.deadLocals()
      Self.walk(engine, seeds: 0..<60, steps: 80) { w, _ in
        var e = w
        dead.erase(&e)
        guard e != w, !failed else { return }
        erased += 1
        #expect(engine.enabledChoices(e) == engine.enabledChoices(w), "\(revision): other choices")
        for c in engine.enabledChoices(w) {
          var a = Self.after(engine, w, c)
          var b = Self.after(engine, e, c)
          let sameHazards = a.hazardsSeen == b.hazardsSeen
          dead.erase(&a)
          dead.erase(&b)
          let same = a == b
          #expect(sameHazards, "\(revision): \(c) fires other hazards")
          #expect(same, "\(revision) \(config): \(c) leads elsewhere after erasing")
          if !same || !sameHazards {
            failed = true
            return
          }
        }
      }
    }
    #expect(erased > 0, "\(revision): nothing was ever dead")
  }
}
