/// The CPUs of a world, stored inline (up to `Configuration.maxCPUs`) rather than in an
/// array: copying a world is then a plain copy with no reference counting or allocation,
/// which the explorer does millions of times.
public struct CPUSet: RandomAccessCollection, MutableCollection, Hashable, Sendable {
  // Eight CPUs in one tuple, read and written at an offset: the subscript is one load or
  // store instead of a jump over eight stored properties (which the engine, the choices and
  // the symmetry reduction call several times a transition). @usableFromInline and the
  // @inlinable subscript let the search (another module) do the same.
  @usableFromInline var storage: (CPU, CPU, CPU, CPU, CPU, CPU, CPU, CPU) = (CPU(), CPU(), CPU(), CPU(), CPU(), CPU(), CPU(), CPU())
  public let count: Int

  public init(count: Int) {
    precondition((0...8).contains(count))
    self.count = count
  }

  public init(_ cpus: [CPU]) {
    self.init(count: cpus.count)
    for (k, c) in cpus.enumerated() { self[k] = c }
  }

  /// Only the CPUs in use count (the spare slots are always empty anyway); comparing packed
  /// words is much cheaper than the synthesized field-by-field comparison.
  public static func == (a: CPUSet, b: CPUSet) -> Bool {
    guard a.count == b.count else { return false }
    for k in 0..<a.count where a[k] != b[k] { return false }
    return true
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(count)
    for k in 0..<count { hasher.combine(self[k]) }
  }

  /// The CPUs' packed words (`CPU.packed`), read and written in place. For loops over a
  /// world being built: the subscript's getter copies the whole set to read one CPU, and a
  /// copy just after a narrow store into the set waits for that store (measured: erasing
  /// dead locals through the subscript was 9% of a search).
  @inlinable public mutating func withPackedWords<R>(_ body: (UnsafeMutableRawPointer) throws -> R) rethrows -> R {
    // A CPU is its task's 32 bits, then its irq's: on a little-endian machine the 8 bytes,
    // read as one word, are `packed`.
    try withUnsafeMutableBytes(of: &storage) { try body($0.baseAddress!) }
  }

  public var startIndex: Int { 0 }
  public var endIndex: Int { count }

  @inlinable public subscript(k: Int) -> CPU {
    get {
      precondition(k >= 0 && k < 8, "no such CPU")
      return withUnsafeBytes(of: storage) { $0.load(fromByteOffset: k &* 8, as: CPU.self) }
    }
    set {
      precondition(k >= 0 && k < 8, "no such CPU")
      withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: newValue, toByteOffset: k &* 8, as: CPU.self) }
    }
  }
}
