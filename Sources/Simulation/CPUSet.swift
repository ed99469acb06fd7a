/// The CPUs of a world, stored inline (up to `Configuration.maxCPUs`) rather than in an
/// array: copying a world is then a plain copy with no reference counting or allocation,
/// which the explorer does millions of times.
public struct CPUSet: RandomAccessCollection, MutableCollection, Hashable, Sendable {
  // @usableFromInline and the @inlinable subscript let the search (another module) read a
  // CPU with a load instead of a call: the subscript was a tenth of the explorer's time.
  @usableFromInline var c0 = CPU(), c1 = CPU(), c2 = CPU(), c3 = CPU()
  @usableFromInline var c4 = CPU(), c5 = CPU(), c6 = CPU(), c7 = CPU()
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

  public var startIndex: Int { 0 }
  public var endIndex: Int { count }

  @inlinable public subscript(k: Int) -> CPU {
    get {
      switch k {
      case 0: c0
      case 1: c1
      case 2: c2
      case 3: c3
      case 4: c4
      case 5: c5
      case 6: c6
      case 7: c7
      default: preconditionFailure("no such CPU")
      }
    }
    set {
      switch k {
      case 0: c0 = newValue
      case 1: c1 = newValue
      case 2: c2 = newValue
      case 3: c3 = newValue
      case 4: c4 = newValue
      case 5: c5 = newValue
      case 6: c6 = newValue
      case 7: c7 = newValue
      default: preconditionFailure("no such CPU")
      }
    }
  }
}
