import CMemoryHints
import Simulation

/// The explorer's visited set: an open-addressing table of indices into its array of worlds.
/// Each slot is 8 bytes (32 bits of hash, 32 bits of index), so probing stays in cache and
/// growing never moves the worlds themselves; full worlds are compared only when 32 hash bits
/// match.
///
/// A probe starts at the slot named by the hash's top bits, which the slot keeps as its tag:
/// growing then rehashes from the slots alone, without reading a single world. The slots
/// live in huge pages where the system allows (`ccw_table_alloc`), because the probes are
/// random and would otherwise miss the TLB as well as the caches.
struct WorldIndex: ~Copyable {
  private var slots: UnsafeMutablePointer<UInt64>
  private var capacity: Int
  /// log2(capacity): a probe starts at the hash's top `bits` bits.
  private var bits: Int
  private(set) var count = 0

  /// Bytes the slots take.
  var bytes: Int { capacity * 8 }
  /// Bytes the next insert may allocate at once (the doubled table), 0 when it will not grow.
  var growthBytes: Int { (count + 1) * 2 >= capacity ? capacity * 16 : 0 }

  init(capacity: Int = 1 << 16) {
    var bits = 4
    while 1 << bits < capacity * 2 { bits += 1 }
    self.bits = bits
    self.capacity = 1 << bits
    slots = WorldIndex.allocate(1 << bits)
  }

  deinit { ccw_table_free(slots, capacity * MemoryLayout<UInt64>.stride) }

  private static func allocate(_ n: Int) -> UnsafeMutablePointer<UInt64> {
    guard let raw = ccw_table_alloc(n * MemoryLayout<UInt64>.stride) else {
      fatalError("explore: out of memory for a visited set of \(n) slots")
    }
    return raw.bindMemory(to: UInt64.self, capacity: n)
  }

  @inline(__always)
  private func start(_ tag: UInt64) -> Int { Int(truncatingIfNeeded: tag >> UInt64(32 - bits)) }

  /// The index of a world equal to `w`, or nil after recording `index` for it.
  mutating func insert(_ w: PackedWorld, hash: UInt64, index: Int32, in worlds: WorldStore) -> Int32? {
    if count * 2 >= capacity { grow() }
    let tag = hash >> 32
    let mask = capacity - 1
    var i = start(tag)
    while true {
      let s = slots[i]
      if s == 0 { break }
      if s >> 32 == tag {
        let j = Int32(truncatingIfNeeded: s & 0xFFFF_FFFF) - 1
        if worlds.holds(w, at: Int(j)) { return j }
      }
      i = (i + 1) & mask
    }
    slots[i] = tag << 32 | UInt64(UInt32(index) + 1)
    count += 1
    return nil
  }

  /// Starts loading the slot where a probe for `hash` begins, so that a later `insert`
  /// finds it in cache.
  @inline(__always)
  func prefetchSlot(hash: UInt64) {
    ccw_prefetch(slots + start(hash >> 32))
  }

  /// When the probe's first slot (prefetched earlier) holds a world with the same tag,
  /// starts loading that world, which `insert` will compare.
  @inline(__always)
  func prefetchMatch(hash: UInt64, in worlds: WorldStore) {
    let s = slots[start(hash >> 32)]
    guard s != 0, s >> 32 == hash >> 32 else { return }
    let j = Int(s & 0xFFFF_FFFF) - 1
    ccw_prefetch(worlds.address(of: j))
  }

  private mutating func grow() {
    precondition(bits < 32, "explore: the visited set cannot grow past 2^32 slots")
    let old = slots
    let oldCapacity = capacity
    bits += 1
    capacity <<= 1
    slots = WorldIndex.allocate(capacity)
    let mask = capacity - 1
    for k in 0..<oldCapacity where old[k] != 0 {
      var i = start(old[k] >> 32)
      while slots[i] != 0 { i = (i + 1) & mask }
      slots[i] = old[k]
    }
    ccw_table_free(old, oldCapacity * MemoryLayout<UInt64>.stride)
  }
}
