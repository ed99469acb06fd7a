import Simulation

/// The choices a sleep set can hold, one bit each in a world's 64-bit sleep word
/// (`Explorer.sleepSets`). A step names its CPU (bits 0-7); the channel subsystem's actions
/// need no CPU (bits 8-15); a QEMU request is START, HALT or CLEAR on a CPU (bits 16-23,
/// 24-31, 32-39). The kworker (bit 40), an interrupt (41) and the kernel paths (42-45) go to
/// the CPU the explorer picks as canonical, so they are named without one: their footprints
/// read and write which CPUs run what, so every choice that could change that pick (a
/// context starting or ending, sch->lock taken or released) conflicts with them, and the
/// pick stays the same CPU (or a symmetric one) while they sleep.
enum SleepBits {
  static let hardwareBase = 8
  static let requestBase = 16
  static let workerBit = 40
  static let interruptBit = 41
  static let kernelBase = 42

  /// The choice's bit, 0 for one that never sleeps: an interrupt that would nest over a task
  /// changes what that CPU's step is, so it commutes with nothing.
  @inline(__always) static func bit(_ c: Choice, in w: World) -> UInt64 {
    switch c {
    case .step(let k): 1 << UInt64(k)
    case .hardware(let a): 1 << UInt64(hardwareBase + Int(a.rawValue))
    case .request(let r, let k): 1 << UInt64(requestBase + 8 * Int(r.rawValue) + k)
    case .worker: 1 << UInt64(workerBit)
    case .interrupt(let k): w.cpus[k].hasTask ? 0 : 1 << UInt64(interruptBit)
    case .kernel(let p, _): 1 << UInt64(kernelBase + Int(p.rawValue))
    }
  }

  /// What the choice reads and writes of the shared world, from `w` (a step's depends on
  /// where its context is).
  @inline(__always) static func footprint(_ c: Choice, in w: World, _ f: Footprints) -> Footprints.Mask {
    switch c {
    case .step(let k):
      guard let top = w.cpus[k].topStep else { return Footprints.Mask(reads: [.cpus], writes: [.cpus]) }
      return f.footprint(top.kind, pc: top.pc)
    case .hardware: return Footprints.hardware
    case .request(let r, _): return f.footprint(request: r)
    case .worker: return f.footprint(worker: w.work.next ?? .ioTodo)
    case .interrupt: return f.interruptFootprint
    case .kernel(let p, _): return f.footprint(kernel: p)
    }
  }

  /// A sleep word in the names of a world whose CPU m was CPU `renaming.original(m)`.
  static func renamed(_ sleep: UInt64, _ renaming: CPUPermutation, cpus: Int) -> UInt64 {
    // The channel's, the kworker's, the interrupt's and the kernel paths' bits name no CPU.
    var out = sleep & (0xFF00 | ~0 << UInt64(workerBit))
    for group in [0, requestBase, requestBase + 8, requestBase + 16] {
      let g = sleep >> UInt64(group) & 0xFF
      guard g != 0 else { continue }
      for m in 0..<cpus where g & (1 << UInt64(renaming.original(m))) != 0 { out |= 1 << UInt64(group + m) }
    }
    return out
  }
}
