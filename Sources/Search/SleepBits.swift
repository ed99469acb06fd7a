import Simulation

/// The choices a sleep set can hold, one bit each in a world's 64-bit sleep word
/// (`Explorer.sleepSets`): those whose identity and footprint stay the same while other
/// lanes move. A step names its CPU (bits 0-7); the channel subsystem's actions need no CPU
/// (bits 8-15); a QEMU request is START, HALT or CLEAR on a CPU (bits 16-23, 24-31, 32-39).
/// The kworker, a kernel path and an interrupt go to whichever CPU the explorer picks as
/// canonical, which another lane's move can change, so they never sleep (bit 0 here) and
/// nothing sleeps across them.
enum SleepBits {
  static let hardwareBase = 8
  static let requestBase = 16

  @inline(__always) static func bit(_ c: Choice) -> UInt64 {
    switch c {
    case .step(let k): 1 << UInt64(k)
    case .hardware(let a): 1 << UInt64(hardwareBase + Int(a.rawValue))
    case .request(let r, let k): 1 << UInt64(requestBase + 8 * Int(r.rawValue) + k)
    case .kernel, .interrupt, .worker: 0
    }
  }

  /// What the choice reads and writes of the shared world, from `w` (a step's depends on
  /// where its context is).
  @inline(__always) static func footprint(_ c: Choice, in w: World, _ f: Footprints) -> Footprints.Mask {
    switch c {
    case .step(let k):
      guard let top = w.cpus[k].top else { return Footprints.Mask(reads: [.cpus], writes: [.cpus]) }
      return f.footprint(top.kind, pc: top.pc)
    case .hardware: return Footprints.hardware
    case .request(let r, _): return f.footprint(request: r)
    case .kernel, .interrupt, .worker: return Footprints.Mask(reads: [.cpus], writes: [.cpus])
    }
  }

  /// A sleep word in the names of a world whose CPU m was CPU `renaming.original(m)`.
  static func renamed(_ sleep: UInt64, _ renaming: CPUPermutation, cpus: Int) -> UInt64 {
    var out = sleep & 0xFF00
    for group in [0, requestBase, requestBase + 8, requestBase + 16] {
      let g = sleep >> UInt64(group) & 0xFF
      guard g != 0 else { continue }
      for m in 0..<cpus where g & (1 << UInt64(renaming.original(m))) != 0 { out |= 1 << UInt64(group + m) }
    }
    return out
  }
}
