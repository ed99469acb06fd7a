import Testing
@testable import Search
@testable import Simulation

/// The fingerprint table says "new" exactly when a fingerprint was not inserted before,
/// across every doubling, whatever the fingerprints look like (a planted bug in the
/// rehash fails both tests).
@Suite struct VisitedSetTests {
  /// Inserts `fingerprints` in order and checks each answer against a Swift `Set`.
  static func check(_ fingerprints: [UInt64]) {
    let table = FingerprintSet(expected: 16)
    var reference = Set<UInt64>()
    var wrong = 0
    for (i, h) in fingerprints.enumerated() {
      let new = table.insert(fingerprint: h)
      if new != reference.insert(FingerprintSet.fingerprint(h)).inserted { wrong += 1 }
      // Now and then, everything inserted so far must read as seen.
      if i % 50_000 == 49_999 {
        for old in fingerprints[...i].prefix(2000) where table.insert(fingerprint: old) { wrong += 1 }
      }
    }
    #expect(wrong == 0)
    #expect(table.count == reference.count)
    for h in fingerprints where table.insert(fingerprint: h) { wrong += 1 }
    #expect(wrong == 0, "a fingerprint inserted before read as new after the table grew")
  }

  @Test func randomFingerprints() {
    var rng = SplitMix64(seed: 7)
    Self.check((0..<300_000).map { _ in rng.next() % 250_000 &* 0x9E37_79B9_7F4A_7C15 })
  }

  /// Fingerprints crowded into few first slots (long clusters), at the very top (clusters
  /// that wrap round the end) and at the bottom.
  @Test func crowdedAndWrappingFingerprints() {
    var rng = SplitMix64(seed: 11)
    var hs: [UInt64] = []
    for _ in 0..<24_000 {
      let r = rng.next()
      switch r % 4 {
      case 0: hs.append(UInt64.max - (r >> 40))  // the last slots: wraps
      case 1: hs.append(r >> 30)  // the first slots
      case 2: hs.append((r >> 52) << 52 | (r & 0xFF))  // 4096 crowded first slots
      default: hs.append(r)
      }
    }
    Self.check(hs)
  }
}
