import Testing
@testable import Simulation

/// The explorer's visited set on its own: growth from a tiny table and probing past slots
/// whose tags collide must never lose a world or confuse two.
@Suite struct WorldIndexTests {
  /// Distinct worlds from seeded random runs of v6.0, in the order first met.
  static func distinctWorlds(_ wanted: Int) -> [World] {
    let engine = Engine(revision: Revisions.all.last!,
      configuration: Configuration(cpus: 4, requests: 3, threads: 2, kernelHaltClear: 1, unsolicited: 1))
    var seen = Set<World>()
    var out: [World] = []
    var rng = SplitMix64(seed: 7)
    var choices: [Choice] = []
    while out.count < wanted {
      var w = engine.initialWorld()
      for _ in 0..<200 {
        engine.enabledChoices(w, into: &choices)
        guard let c = choices.randomElement(using: &rng) else { break }
        engine.apply(&w, c, record: false)
        w.hazardsSeen = 0
        if seen.insert(w).inserted { out.append(w) }
      }
    }
    return Array(out.prefix(wanted))
  }

  @Test(arguments: [false, true])
  func growsFromATinyTableWithoutLosingAWorld(collidingTags: Bool) {
    // With colliding tags, three tags (and so three probe starts) for 1,500 worlds: every
    // probe walks a long run of slots and compares the worlds whose tags match.
    let worlds = Self.distinctWorlds(collidingTags ? 1500 : 20000)
    func hash(_ k: Int) -> UInt64 {
      collidingTags ? UInt64(k % 3) << 62 : worlds[k].fastHash
    }
    var index = WorldIndex(capacity: 4)
    var stored: [World] = []
    for k in worlds.indices {
      #expect(index.insert(worlds[k], hash: hash(k), index: Int32(k), in: stored) == nil)
      stored.append(worlds[k])
    }
    #expect(index.count == worlds.count)
    for k in worlds.indices {
      #expect(index.insert(worlds[k], hash: hash(k), index: Int32(worlds.count + k), in: stored) == Int32(k))
    }
    #expect(index.count == worlds.count)
  }
}
