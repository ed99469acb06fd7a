/// CPUs are interchangeable: which QEMU thread runs on which CPU, or which spare CPU runs the
/// kworker, changes nothing but names. The explorer stores one representative per class of
/// worlds that differ only by such a renaming, which divides the search by up to
/// threads! x spares!.
public struct CPUPermutation: Hashable, Sendable {
  /// Nibble i is the CPU that CPU i of the canonical world was in the original world; packed
  /// so that a candidate carrying one needs no reference counting.
  private var nibbles: UInt32

  public init(map: [UInt8]) {
    nibbles = 0
    for i in 0..<8 { nibbles |= UInt32(i < map.count ? map[i] : UInt8(i)) << (4 * UInt32(i)) }
  }

  /// Every CPU stays where it is.
  public static func identity(_ n: Int) -> CPUPermutation { CPUPermutation(map: []) }

  /// Original CPU of a canonical CPU.
  public func original(_ k: Int) -> Int { Int(nibbles >> (4 * UInt32(k)) & 0xF) }

  /// self then other: canonical-of-other coordinates → this one's original coordinates.
  public func composed(with other: CPUPermutation) -> CPUPermutation {
    CPUPermutation(map: (0..<8).map { UInt8(original(other.original($0))) })
  }

  /// A choice made in canonical coordinates, as it reads in the original world.
  public func original(_ c: Choice) -> Choice {
    switch c {
    case .step(let k): .step(cpu: original(k))
    case .request(let r, let k): .request(r, cpu: original(k))
    case .kernel(let p, let k): .kernel(p, cpu: original(k))
    case .interrupt(let k): .interrupt(cpu: original(k))
    case .worker(let k): .worker(cpu: original(k))
    case .hardware: c
    }
  }
}

extension World {
  /// The representative of the world's class: the thread CPUs (0..<threads) sorted among
  /// themselves and the spare CPUs sorted among themselves, by what they run (and, for
  /// threads, their remaining requests); every reference to a CPU renamed to match. Returns
  /// the permutation used, to translate the representative's choices back.
  public func symmetric(threads: Int) -> (World, CPUPermutation?) {
    var w = self
    let p = w.symmetrize(threads: threads)
    return (w, p)
  }

  /// The same in place; returns the renaming, nil when the world was already in order.
  public mutating func symmetrize(threads: Int) -> CPUPermutation? {
    let n = cpus.count
    func key(_ k: Int) -> (UInt64, UInt8) {
      (cpus[k].packed, k < threads ? budgets.thread(k) : 0)
    }
    // Most worlds are already in order: say so without allocating anything.
    let t0 = min(threads, n)
    var sorted = true
    for k in 1..<max(1, n) where k != t0 && key(k - 1) > key(k) {
      sorted = false
      break
    }
    if sorted { return nil }
    var order = Array(0..<n)
    let t = min(threads, n)
    order[0..<t].sort { key($0) < key($1) || (key($0) == key($1) && $0 < $1) }
    order[t..<n].sort { key($0) < key($1) || (key($0) == key($1) && $0 < $1) }
    if order == Array(0..<n) { return nil }
    var inverse = [Int](repeating: 0, count: n)
    for (new, old) in order.enumerated() { inverse[old] = new }
    let old = self
    var w = self
    w.cpus = CPUSet(order.map { old.cpus[$0] })
    func rename(_ holder: UInt8) -> UInt8 { holder == 0 ? 0 : UInt8(inverse[Int(holder) - 1] + 1) }
    w.ioMutex = rename(ioMutex)
    w.schLock = rename(schLock)
    if cp.builder != 0 { w.cp.builder = rename(cp.builder) }
    w.work.runningOn = work.runningOn.map { UInt8(inverse[Int($0)]) }
    if threads > 0 {
      var packed: UInt64 = 0
      for new in 0..<t { packed |= UInt64(budgets.thread(order[new])) << (8 * UInt64(new)) }
      w.budgets.perThread = packed
    }
    self = w
    return CPUPermutation(map: order.map(UInt8.init))
  }
}
