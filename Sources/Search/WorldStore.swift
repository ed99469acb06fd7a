import CMemoryHints
import Simulation

/// The explorer's worlds, packed (`PackedWorld`) one after another in a flat run of words:
/// 4 + cpus words a world instead of the 128 bytes of a `World`, so twice as many fit in
/// the caches and a duplicate is found by comparing a few words.
///
/// The words live in address space reserved up front for every world the search may store
/// (`ccw_reserve`): pages arrive as the store reaches them, and growing never copies what is
/// there, which for ten million worlds was a gigabyte of copying and page zeroing.
///
/// A class so that the cores expanding a level share it; they only read it, and only the
/// merge, on one thread, appends.
final class WorldStore: @unchecked Sendable {
  let cpus: Int
  /// Words per world.
  let stride: Int
  /// How many worlds fit in the reservation.
  let capacity: Int
  private let words: UnsafeMutablePointer<UInt64>
  private let bytes: Int
  private(set) var count = 0

  /// Reserves room for up to `limit` worlds, or as many as the system grants (at least a
  /// million).
  init(cpus: Int, limit: Int) {
    self.cpus = cpus
    stride = PackedWorld.words(cpus: cpus)
    var n = max(1, limit)
    while true {
      if let raw = ccw_reserve(n * stride * 8) {
        words = raw.bindMemory(to: UInt64.self, capacity: n * stride)
        break
      }
      guard n > 1 << 20 else { fatalError("explore: no memory for a store of \(n) worlds") }
      n /= 2
    }
    capacity = n
    bytes = n * stride * 8
  }

  deinit { ccw_table_free(words, bytes) }

  var isFull: Bool { count == capacity }

  func append(_ p: PackedWorld) {
    precondition(count < capacity, "explore: the world store is full")
    p.write(to: words + count * stride)
    count += 1
  }

  private func slice(_ i: Int) -> UnsafeBufferPointer<UInt64> {
    UnsafeBufferPointer(start: words + i * stride, count: stride)
  }

  /// World i, unpacked.
  subscript(i: Int) -> World { World(unpacking: PackedWorld(words: slice(i), cpus: cpus)) }

  /// Whether world i is `p`.
  @inline(__always)
  func holds(_ p: PackedWorld, at i: Int) -> Bool { p.equals(slice(i)) }

  /// Where world i starts (for cache hints).
  @inline(__always)
  func address(of i: Int) -> UnsafeRawPointer { UnsafeRawPointer(words + i * stride) }
}
