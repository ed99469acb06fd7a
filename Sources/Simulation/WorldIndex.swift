/// The explorer's visited set: an open-addressing table of indices into its array of worlds.
/// Each slot is 8 bytes (32 bits of hash, 32 bits of index), so probing stays in cache and
/// growing never moves the worlds themselves; full worlds are compared only when 32 hash bits
/// match.
struct WorldIndex {
  private var slots: [UInt64]
  private var mask: Int
  private(set) var count = 0

  init(capacity: Int = 1 << 16) {
    var n = 16
    while n < capacity * 2 { n <<= 1 }
    slots = [UInt64](repeating: 0, count: n)
    mask = n - 1
  }

  /// The index of a world equal to `w`, or nil after recording `index` for it.
  mutating func insert(_ w: World, hash: UInt64, index: Int32, in worlds: [World]) -> Int32? {
    // Grow here, not after an insert: by now every indexed world is in `worlds`.
    if count * 2 >= slots.count { grow(worlds) }
    let tag = hash >> 32
    var i = Int(truncatingIfNeeded: hash) & mask
    while true {
      let s = slots[i]
      if s == 0 { break }
      if s >> 32 == tag {
        let j = Int32(truncatingIfNeeded: s & 0xFFFF_FFFF) - 1
        if worlds[Int(j)] == w { return j }
      }
      i = (i + 1) & mask
    }
    slots[i] = tag << 32 | UInt64(UInt32(index) + 1)
    count += 1
    return nil
  }

  private mutating func grow(_ worlds: [World]) {
    let old = slots
    slots = [UInt64](repeating: 0, count: old.count * 2)
    mask = slots.count - 1
    for s in old where s != 0 {
      let j = Int(s & 0xFFFF_FFFF) - 1
      var i = Int(truncatingIfNeeded: worlds[j].fastHash) & mask
      while slots[i] != 0 { i = (i + 1) & mask }
      slots[i] = s
    }
  }
}
