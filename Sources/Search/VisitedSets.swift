import CMemoryHints
import Simulation

/// What the explorer remembers of the worlds it has seen. Three kinds, chosen with
/// `Explorer.Visited`:
/// - `ExactVisitedSet`: every world stored, packed and losslessly (`WorldStore`), found through
///   `WorldIndex`; nothing can be missed; 8 * (4 + CPUs) bytes per world plus the index.
/// - `FingerprintSet`: a 64-bit fingerprint per world (hash compaction, as TLC does): 8 bytes
///   in a table at most 3/4 full; two distinct worlds with one fingerprint would make the
///   second look seen, with the probability `omissionProbability` gives.
/// - `BitstateSet`: Holzmann's supertrace: three bits per world in a bit array of fixed size,
///   no world stored; some worlds are missed, `coverage` estimates how many.
/// All are classes used from the merging thread only.
protocol VisitedSet: AnyObject {
  /// Records the world (its packed words at `words`, its hash); true when it was not seen.
  func insert(_ words: UnsafePointer<UInt64>, hash: UInt64) -> Bool
  /// Bytes held now.
  var bytes: Int { get }
  /// The bytes the next insert may add at once (a table doubling), 0 when it will not grow.
  var growthBytes: Int { get }
  /// Starts loading what an insert of `hash` will probe.
  func prefetch(hash: UInt64)
  /// No more worlds fit (only the exact store can fill up).
  var isFull: Bool { get }
}

extension VisitedSet {
  var isFull: Bool { false }
}

/// 64-bit fingerprints in an open-addressing table (linear probing, the fingerprint's top
/// bits choose the first slot, 0 marks an empty slot), grown by doubling at 3/4 full.
final class FingerprintSet: VisitedSet {
  private var slots: UnsafeMutablePointer<UInt64>
  private var capacity: Int
  private var bits: Int
  private(set) var count = 0

  init(expected: Int) {
    var bits = 10
    while (1 << bits) * 3 / 4 < expected { bits += 1 }
    self.bits = bits
    capacity = 1 << bits
    slots = FingerprintSet.allocate(1 << bits)
  }

  deinit { ccw_table_free(slots, capacity * 8) }

  private static func allocate(_ n: Int) -> UnsafeMutablePointer<UInt64> {
    // A refused mapping is handled by the caller's memory check: growthBytes is asked first.
    guard let raw = ccw_table_alloc(n * 8) else { fatalError("explore: the system refused \(n * 8) bytes") }
    return raw.bindMemory(to: UInt64.self, capacity: n)
  }

  var bytes: Int { capacity * 8 }
  var growthBytes: Int { count + 1 > capacity * 3 / 4 ? capacity * 16 : 0 }

  @inline(__always) private func start(_ fp: UInt64) -> Int { Int(truncatingIfNeeded: fp >> UInt64(64 - bits)) }

  @inline(__always) static func fingerprint(_ hash: UInt64) -> UInt64 { hash == 0 ? 1 : hash }

  @inline(__always)
  func prefetch(hash: UInt64) { ccw_prefetch(slots + start(FingerprintSet.fingerprint(hash))) }

  @inline(__always)
  func insert(_ words: UnsafePointer<UInt64>, hash: UInt64) -> Bool { insert(fingerprint: hash) }

  /// Bytes growing to hold `n` more fingerprints would allocate (the largest table at once).
  func growthBytes(adding n: Int) -> Int {
    var c = capacity
    while count + n > c * 3 / 4 { c <<= 1 }
    return c == capacity ? 0 : c * 8 + capacity * 8
  }

  /// Grows now so that `n` more fingerprints fit without growing.
  func reserve(adding n: Int) {
    while count + n > capacity * 3 / 4 { grow() }
  }

  func insert(fingerprint hash: UInt64) -> Bool {
    if count + 1 > capacity * 3 / 4 { grow() }
    let fp = FingerprintSet.fingerprint(hash)
    let mask = capacity - 1
    var i = start(fp)
    while true {
      let s = slots[i]
      if s == fp { return false }
      if s == 0 { break }
      i = (i + 1) & mask
    }
    slots[i] = fp
    count += 1
    return true
  }

  private func grow() {
    let old = slots
    let oldCapacity = capacity
    bits += 1
    capacity <<= 1
    slots = FingerprintSet.allocate(capacity)
    let mask = capacity - 1
    for k in 0..<oldCapacity where old[k] != 0 {
      var i = start(old[k])
      while slots[i] != 0 { i = (i + 1) & mask }
      slots[i] = old[k]
    }
    ccw_table_free(old, oldCapacity * 8)
  }

  /// The probability that at least one world was taken for another (and so, with what it
  /// leads to, possibly missed): n(n-1)/2 pairs, each equal with probability 2^-64.
  static func omissionProbability(states n: Int) -> Double {
    let n = Double(n)
    return min(1, n * (n - 1) / 2 / 18_446_744_073_709_551_616.0)
  }
}

/// Fingerprints split by their low bits into one `FingerprintSet` per job, so that the jobs
/// decide in parallel which candidates of a round are new: each shard sees its candidates in
/// candidate order, so "new" means exactly what one table would say, for any number of jobs.
final class ShardedFingerprintSet: VisitedSet, @unchecked Sendable {
  let shards: [FingerprintSet]

  init(shards n: Int, expected: Int) {
    precondition(n > 0 && n & (n - 1) == 0)
    shards = (0..<n).map { _ in FingerprintSet(expected: expected / n) }
  }

  var count: Int { shards.reduce(0) { $0 + $1.count } }
  var bytes: Int { shards.reduce(0) { $0 + $1.bytes } }
  var growthBytes: Int { shards.map(\.growthBytes).max() ?? 0 }
  func prefetch(hash: UInt64) {}

  @inline(__always) private func shard(_ hash: UInt64) -> Int { Self.shard(hash, of: shards.count) }

  /// The shard that keeps `hash`'s fingerprint, of `n` (a power of two).
  @inline(__always) static func shard(_ hash: UInt64, of n: Int) -> Int {
    Int(truncatingIfNeeded: FingerprintSet.fingerprint(hash)) & (n - 1)
  }

  func insert(_ words: UnsafePointer<UInt64>, hash: UInt64) -> Bool {
    shards[shard(hash)].insert(fingerprint: hash)
  }

  /// The bytes growing the shards to take a round's candidates would add: each shard grows
  /// for the candidates it keeps (every one of them new, at most). Sizing every shard for
  /// the whole round instead made the bound, and the tables, grow with the number of jobs:
  /// 64 jobs held three times the memory of 2 and stopped a search under --memory-limit
  /// that 2 jobs finished.
  func growthBytes(adding buffers: ArraySlice<CandidateBuffer>) -> Int {
    (0..<shards.count).reduce(0) { $0 + shards[$1].growthBytes(adding: Self.candidates(buffers, shard: $1)) }
  }

  /// How many of the round's candidates shard `s` keeps.
  static func candidates(_ buffers: ArraySlice<CandidateBuffer>, shard s: Int) -> Int {
    buffers.reduce(0) { $0 + $1.byShard[s].count }
  }

  /// Sets each candidate's `isNew` flag, buffers in order, one thread per shard.
  func mark(_ buffers: ArraySlice<CandidateBuffer>, pool: PhasePool) {
    for b in buffers { b.prepareFlags() }
    let n = shards.count
    pool.perform(iterations: n) { s in
      let table = shards[s]
      // Each shard grows (rehashes into a fresh table) on its own thread: the shards grow at
      // about the same rounds, and a rehash on one thread would leave the others waiting.
      table.reserve(adding: Self.candidates(buffers, shard: s))
      for b in buffers {
        let flags = b.isNew
        b.hashes.withUnsafeBufferPointer { hashes in
          b.byShard[s].withUnsafeBufferPointer { mine in
            let n = mine.count
            for i in 0..<n {
              // Start loading the slot a later candidate of this shard will probe.
              if i + 16 < n { table.prefetch(hash: hashes[Int(mine[i + 16])]) }
              let c = Int(mine[i])
              flags[c] = table.insert(fingerprint: hashes[c]) ? 1 : 0
            }
          }
        }
      }
    }
  }
}

/// Supertrace: `k` bits per world in an array of 2^bits bits, nothing else stored.
final class BitstateSet: VisitedSet {
  private let words: UnsafeMutablePointer<UInt64>
  let bits: Int
  private let mask: UInt64
  private(set) var set = 0
  /// The expected number of worlds taken for seen although new, summed as they come.
  private(set) var expectedOmissions = 0.0
  static let k = 3

  init(log2Bits: Int) {
    bits = log2Bits
    mask = (1 << UInt64(log2Bits)) - 1
    let n = max(1, (1 << log2Bits) / 64)
    guard let raw = ccw_table_alloc(n * 8) else { fatalError("explore: the system refused \(n * 8) bytes") }
    words = raw.bindMemory(to: UInt64.self, capacity: n)
  }

  deinit { ccw_table_free(words, bytes) }

  var bytes: Int { max(8, (1 << bits) / 8) }
  var growthBytes: Int { 0 }

  @inline(__always)
  private func position(_ hash: UInt64, _ i: Int) -> UInt64 {
    // Double hashing: h1 + i * h2, h2 odd.
    let h2 = (hash >> 32 | hash << 32) | 1
    return (hash &+ UInt64(i) &* h2) & mask
  }

  func prefetch(hash: UInt64) { ccw_prefetch(words + Int(position(hash, 0) >> 6)) }

  func insert(_ p: UnsafePointer<UInt64>, hash: UInt64) -> Bool {
    var new = false
    for i in 0..<BitstateSet.k {
      let b = position(hash, i)
      let w = Int(b >> 6)
      let bit: UInt64 = 1 << (b & 63)
      if words[w] & bit == 0 {
        words[w] |= bit
        set += 1
        new = true
      }
    }
    if new {
      // A new world whose k bits were all set already would have been lost: the chance of
      // that, at this fill, is fill^k.
      let fill = Double(set) / Double(1 << bits)
      let p = fill * fill * fill
      expectedOmissions += p / max(1e-12, 1 - p)
    }
    return new
  }

  /// The share of the worlds met that were stored rather than lost, estimated.
  func coverage(stored: Int) -> Double {
    guard stored > 0 else { return 1 }
    return Double(stored) / (Double(stored) + expectedOmissions)
  }
}

/// Every world stored, packed, in full: the lossless set.
final class ExactVisitedSet: VisitedSet {
  let store: WorldStore
  private var index: WorldIndex

  init(cpus: Int, limit: Int, expected: Int) {
    store = WorldStore(cpus: cpus, limit: limit)
    index = WorldIndex(capacity: expected)
  }

  var bytes: Int { index.bytes + store.count * store.stride * 8 }
  var growthBytes: Int { index.growthBytes }

  func prefetch(hash: UInt64) { index.prefetchSlot(hash: hash) }

  func insert(_ words: UnsafePointer<UInt64>, hash: UInt64) -> Bool {
    if store.isFull { return false }
    let p = PackedWorld(words: UnsafeBufferPointer(start: words, count: store.stride), cpus: store.cpus)
    if index.insert(p, hash: hash, index: Int32(store.count), in: store) == nil {
      store.append(p)
      return true
    }
    return false
  }

  var isFull: Bool { store.isFull }
}

/// A column of fixed-size values that only grows at its end, in address space reserved up
/// front so that it never copies itself (the explorer's parents, choices and renamings).
final class Column<T: BitwiseCopyable>: @unchecked Sendable {
  private let base: UnsafeMutablePointer<T>
  private let reserved: Int
  let capacity: Int
  private(set) var count = 0

  init(capacity: Int) {
    var n = max(1, capacity)
    var raw: UnsafeMutableRawPointer? = nil
    while raw == nil {
      raw = ccw_reserve(n * MemoryLayout<T>.stride)
      if raw == nil {
        precondition(n > 1 << 16, "explore: no address space for a column of \(n) values")
        n /= 2
      }
    }
    base = raw!.bindMemory(to: T.self, capacity: n)
    reserved = n * MemoryLayout<T>.stride
    self.capacity = n
  }

  deinit { ccw_table_free(base, reserved) }

  /// Room for n more values at the end; returns where they go.
  func extend(by n: Int) -> UnsafeMutablePointer<T> {
    precondition(count + n <= capacity, "explore: column full")
    let at = base + count
    count += n
    return at
  }

  @inline(__always) func append(_ v: T) {
    precondition(count < capacity, "explore: column full")
    base[count] = v
    count += 1
  }

  @inline(__always) subscript(i: Int) -> T { base[i] }

  /// Bytes touched so far.
  var bytes: Int { count * MemoryLayout<T>.stride }
}
