import RevisionFiles
import Testing
@testable import Search
@testable import Simulation

/// The claim sleep sets rest on, checked against the engine on many reachable worlds: two
/// choices whose footprints do not conflict (`SleepBits.footprint`) commute. Each stays
/// enabled after the other, both orders reach the same world, and each fires the same
/// hazards in either order. A wrong footprint makes this fail.
@Suite struct SleepSetTests {
  /// The hazards `c` fires from `w` (not those seen before).
  static func fired(_ engine: Engine, _ w: World, _ c: Choice) -> UInt8 {
    var u = w
    u.hazardsSeen = 0
    engine.apply(&u, c, record: false)
    return u.hazardsSeen
  }

  @Test(arguments: Revisions.all.map(\.id))
  func choicesThatDoNotConflictCommute(revision: String) throws {
    var pairs = 0
    var failed = false
    try ReductionTests.eachEngine(of: revision, while: { !failed }) { engine, config in
      let explorer = Explorer(engine: engine)
      let footprints = engine.footprints()
      var buffer: [Choice] = []
      ReductionTests.walk(engine, seeds: 0..<40, steps: 60) { w, _ in
        explorer.choices(w, into: &buffer)
        let sleepable = buffer.filter { SleepBits.bit($0, in: w) != 0 }
        for (i, a) in sleepable.enumerated() where !failed {
          for b in sleepable[(i + 1)...] where !failed {
            let fa = SleepBits.footprint(a, in: w, footprints)
            let fb = SleepBits.footprint(b, in: w, footprints)
            guard !fa.conflicts(with: fb) && !fb.conflicts(with: fa) else { continue }
            pairs += 1
            let wa = ReductionTests.after(engine, w, a)
            let wb = ReductionTests.after(engine, w, b)
            let enabled = engine.isEnabled(wa, b) && engine.isEnabled(wb, a)
            let commute = ReductionTests.after(engine, wa, b) == ReductionTests.after(engine, wb, a)
            let sameHazards = Self.fired(engine, w, b) == Self.fired(engine, wa, b)
              && Self.fired(engine, w, a) == Self.fired(engine, wb, a)
            #expect(enabled, "\(revision) \(config): \(a) and \(b) disable each other")
            #expect(commute, "\(revision) \(config): \(a) and \(b) do not commute")
            #expect(sameHazards, "\(revision) \(config): \(a) and \(b) fire other hazards in the other order")
            if !enabled || !commute || !sameHazards { failed = true }
          }
        }
      }
    }
    #expect(pairs > 100, "\(revision): only \(pairs) independent pairs met")
  }

  /// A sleep word renamed with the CPUs: each CPU's bits follow it, the channel's stay.
  @Test func renamingMovesEachCPUsBits() {
    // Canonical CPU 0 was CPU 2, 1 was 0, 2 was 1.
    let p = CPUPermutation(map: [2, 0, 1])
    let sleep: UInt64 = 1 << 2 | 1 << 9 | 1 << UInt64(SleepBits.requestBase + 8 + 0) | 1 << UInt64(SleepBits.workerBit)
    let renamed = SleepBits.renamed(sleep, p, cpus: 3)
    #expect(renamed == 1 << 0 | 1 << 9 | 1 << UInt64(SleepBits.requestBase + 8 + 1) | 1 << UInt64(SleepBits.workerBit))
  }
}
