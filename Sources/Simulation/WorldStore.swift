/// The explorer's worlds, packed (`PackedWorld`) one after another in a flat array of words:
/// 4 + cpus words a world instead of the 128 bytes of a `World`, so twice as many fit in
/// the caches and a duplicate is found by comparing a few words.
struct WorldStore: Sendable {
  let cpus: Int
  /// Words per world.
  let stride: Int
  private(set) var words: [UInt64] = []

  init(cpus: Int, reserving capacity: Int) {
    self.cpus = cpus
    stride = PackedWorld.words(cpus: cpus)
    words.reserveCapacity(capacity * stride)
  }

  var count: Int { words.count / stride }

  mutating func append(_ p: PackedWorld) { p.write(to: &words) }

  /// World i, unpacked.
  subscript(i: Int) -> World {
    words.withUnsafeBufferPointer {
      World(unpacking: PackedWorld(words: UnsafeBufferPointer(rebasing: $0[i * stride..<(i + 1) * stride]), cpus: cpus))
    }
  }

  /// Whether world i is `p`.
  @inline(__always)
  func holds(_ p: PackedWorld, at i: Int) -> Bool {
    words.withUnsafeBufferPointer { p.equals(UnsafeBufferPointer(rebasing: $0[i * stride..<(i + 1) * stride])) }
  }

  /// Calls `body` with where world i starts (for cache hints).
  @inline(__always)
  func withAddress(of i: Int, _ body: (UnsafeRawPointer) -> Void) {
    words.withUnsafeBufferPointer { body(UnsafeRawPointer($0.baseAddress! + i * stride)) }
  }

  /// Calls `body` with the storage reserved so far and its size in bytes (for page hints).
  func withStorage(_ body: (UnsafeRawPointer, Int) -> Void) {
    words.withUnsafeBufferPointer { body(UnsafeRawPointer($0.baseAddress!), words.capacity * 8) }
  }

  var capacity: Int { words.capacity }
}
