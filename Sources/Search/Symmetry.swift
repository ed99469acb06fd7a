import Simulation
/// CPUs are interchangeable: which QEMU thread runs on which CPU, or which spare CPU runs the
/// kworker, changes nothing but names. The explorer stores one representative per class of
/// worlds that differ only by such a renaming, which divides the search by up to
/// threads! x spares!.
public struct CPUPermutation: Hashable, Sendable {
  /// Nibble i is the CPU that CPU i of the canonical world was in the original world; packed
  /// so that a candidate carrying one needs no reference counting.
  private(set) var nibbles: UInt32

  public init(map: [UInt8]) {
    nibbles = 0
    for i in 0..<8 { nibbles |= UInt32(i < map.count ? map[i] : UInt8(i)) << (4 * UInt32(i)) }
  }

  init(nibbles: UInt32) { self.nibbles = nibbles }

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
  /// Runs once per transition the explorer makes, so it allocates nothing: the order is
  /// sorted on the stack and the renamings are kept as nibbles.
  public mutating func symmetrize(threads: Int) -> CPUPermutation? {
    let n = cpus.count
    let t = min(threads, n)
    let budgets = self.budgets
    // One word per CPU that orders as (packed contexts, remaining requests) does: a packed
    // context has 27 bits (`World.pack`), so the irq's bits, then the task's, then the budget
    // fit in 62 bits, compared at once.
    @inline(__always) func key(_ k: Int) -> UInt64 {
      let p = self.cpus[k].packed
      return (p >> 32) << 35 | (p & 0x7FF_FFFF) << 8 | UInt64(k < t ? budgets.thread(k) : 0)
    }
    var order: UInt32 = 0
    var inverse: UInt32 = 0
    let sorted: Bool = withUnsafeTemporaryAllocation(of: UInt64.self, capacity: n) { keys in
      for k in 0..<n { keys[k] = key(k) }
      // Most worlds are already in order: say so before anything else.
      var inOrder = true
      for k in 1..<max(1, n) where k != t && keys[k - 1] > keys[k] {
        inOrder = false
        break
      }
      if inOrder { return true }
      // order[new] = old CPU; a stable insertion sort within the threads and within the
      // spares, so equal CPUs keep their order (ties go to the lower index).
      withUnsafeTemporaryAllocation(of: Int.self, capacity: n) { o in
        for k in 0..<n { o[k] = k }
        func sort(_ lo: Int, _ hi: Int) {
          guard hi - lo > 1 else { return }
          for i in (lo + 1)..<hi {
            let x = o[i]
            let kx = keys[x]
            var j = i
            while j > lo && keys[o[j - 1]] > kx {
              o[j] = o[j - 1]
              j -= 1
            }
            o[j] = x
          }
        }
        sort(0, t)
        sort(t, n)
        for new in 0..<n {
          order |= UInt32(o[new]) << (4 * UInt32(new))
          inverse |= UInt32(new) << (4 * UInt32(o[new]))
        }
      }
      return false
    }
    if sorted { return nil }
    @inline(__always) func old(_ new: Int) -> Int { Int(order >> (4 * UInt32(new)) & 0xF) }
    var identity: UInt32 = 0
    for k in 0..<n { identity |= UInt32(k) << (4 * UInt32(k)) }
    if order == identity { return nil }
    // Only now copied: most worlds are in order, and copying all eight CPUs just after the
    // step wrote some of them stalls on the stores.
    let cpus = self.cpus
    for new in 0..<n { self.cpus[new] = cpus[old(new)] }
    @inline(__always) func rename(_ holder: UInt8) -> UInt8 {
      holder == 0 ? 0 : UInt8(inverse >> (4 * UInt32(holder - 1)) & 0xF) + 1
    }
    ioMutex = rename(ioMutex)
    schLock = rename(schLock)
    if cp.builder != 0 { cp.builder = rename(cp.builder) }
    work.runningOn = work.runningOn.map { rename($0 + 1) - 1 }
    if threads > 0 {
      var packed: UInt64 = 0
      for new in 0..<t { packed |= UInt64(budgets.thread(old(new))) << (8 * UInt64(new)) }
      self.budgets.perThread = packed
    }
    // CPUs beyond n stay where they are.
    for k in n..<8 { order |= UInt32(k) << (4 * UInt32(k)) }
    return CPUPermutation(nibbles: order)
  }
}
