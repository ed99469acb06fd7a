import RevisionFiles
import Testing
@testable import Search
@testable import Simulation

/// The explorer's visited set on its own: growth from a tiny table and probing past slots
/// whose tags collide must never lose a world or confuse two.
@Suite struct WorldIndexTests {
  /// Distinct worlds from seeded random runs of v6.0, in the order first met: half with
  /// the explorer's usual bounds, half with every option on (QEMU filter, PCI, deferred cc,
  /// NOT_OPER), which reach fields the first half never sets.
  static func distinctWorlds(_ wanted: Int) -> [World] {
    let configurations = [
      Configuration(cpus: 4, requests: 3, threads: 2, kernelHaltClear: 1, unsolicited: 1),
      Configuration(
        cpus: 4, requests: 3, threads: 2, kernelHaltClear: 1, unsolicited: 1, qemuFilter: true,
        intermediate: true, deferredCC: true, notOper: true),
    ]
    var seen = Set<World>()
    var out: [World] = []
    var rng = SplitMix64(seed: 7)
    var choices: [Choice] = []
    for (n, configuration) in configurations.enumerated() {
      let engine = Engine(revision: Revisions.all.last!, configuration: configuration)
      while out.count < wanted * (n + 1) / configurations.count {
        var w = engine.initialWorld()
        for _ in 0..<200 {
          engine.enabledChoices(w, into: &choices)
          guard let c = choices.randomElement(using: &rng) else { break }
          engine.apply(&w, c, record: false)
          w.hazardsSeen = 0
          if seen.insert(w).inserted { out.append(w) }
        }
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
    let stored = WorldStore(cpus: 4, limit: 1 << 16)
    for k in worlds.indices {
      #expect(index.insert(PackedWorld(worlds[k]), hash: hash(k), index: Int32(k), in: stored) == nil)
      stored.append(PackedWorld(worlds[k]))
    }
    #expect(index.count == worlds.count)
    for k in worlds.indices {
      let again = index.insert(PackedWorld(worlds[k]), hash: hash(k), index: Int32(worlds.count + k), in: stored)
      #expect(again == Int32(k))
    }
    #expect(index.count == worlds.count)
  }

  /// The explorer keeps only packed worlds and expands what it unpacks: packing must lose
  /// nothing, and two worlds must pack alike exactly when they are equal.
  @Test func packingIsLosslessAndExact() {
    let worlds = Self.distinctWorlds(20000)
    let store = WorldStore(cpus: 4, limit: 1 << 16)
    var hashes = Set<UInt64>()
    for (k, w) in worlds.enumerated() {
      var seen = w
      seen.hazardsSeen = UInt8(k % 32)
      let packed = PackedWorld(seen)
      #expect(World(unpacking: packed) == seen)
      store.append(packed)
      #expect(store[k] == seen)
      #expect(store.holds(packed, at: k))
      if k > 0 { #expect(!store.holds(packed, at: k - 1)) }
      hashes.insert(packed.hash)
      // The explorer's own path: the CPUs' words read and written in place, the hash taken
      // from the store's words. Both assume a CPU's 8 bytes are its packed word.
      var words = [UInt64](repeating: 0, count: 4 + 4)
      words.withUnsafeMutableBufferPointer { words in
        packed.write(to: words.baseAddress!)
        #expect(World(unpacking: UnsafePointer(words.baseAddress!), cpus: 4) == seen)
        #expect(PackedWorld.hash(words: UnsafePointer(words.baseAddress!), cpus: 4, seed: 7) == packed.hash(seed: 7))
      }
      var cpus = seen.cpus
      cpus.withPackedWords { raw in
        for c in 0..<4 { #expect(raw.load(fromByteOffset: 8 * c, as: UInt64.self) == seen.cpus[c].packed) }
      }
    }
    // 20,000 distinct worlds, 64-bit hashes: a collision would point at a lossy packing.
    #expect(hashes.count == worlds.count)
  }
}
