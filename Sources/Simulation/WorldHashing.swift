/// A fast hash for worlds. The synthesized one feeds every small field to the hasher one
/// byte at a time, which dominated the explorer's profile; here the fields are packed into a
/// few 64-bit words first. Equality stays the synthesized, exact one: equal worlds pack
/// equally, so the two agree.
extension World {
  public func hash(into hasher: inout Hasher) { hasher.combine(fastHash) }

  /// A deterministic 64-bit hash of the packed fields (a multiply-xorshift mix per word).
  public var fastHash: UInt64 {
    var w0 = UInt64(state.rawValue)
    w0 |= UInt64(cp.initialized ? 1 : 0) << 3 | UInt64(cp.started ? 1 : 0) << 4
    w0 |= UInt64(cp.memory.rawValue) << 5 | UInt64(cp.builder) << 7
    w0 |= UInt64(work.pending ? 1 : 0) << 11 | UInt64(work.runningOn.map { $0 + 1 } ?? 0) << 12
    w0 |= UInt64(virtual.fctl) << 17 | UInt64(ioMutex) << 20 | UInt64(schLock) << 24
    w0 |= UInt64(sch.fctl) << 28 | UInt64(sch.actl) << 31
    w0 |= UInt64(sch.interruptTaken ? 1 : 0) << 38 | UInt64(sch.program.rawValue) << 39
    w0 |= UInt64(sch.intermediateDone ? 1 : 0) << 41 | UInt64(sch.operational ? 1 : 0) << 42
    w0 |= UInt64(hazardsSeen) << 43 | UInt64(budgets.notOper) << 51
    var w1 = World.pack(irb.map(\.irb)) | UInt64(irb.map { $0.consumed ? 2 : 1 } ?? 0) << 24
    w1 |= World.pack(sch.status) << 26
    let w2 =
      UInt64(budgets.requests) | UInt64(budgets.kernelHaltClear) << 8
      | UInt64(budgets.unsolicited) << 16
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15
    @inline(__always) func mix(_ v: UInt64) {
      h = (h ^ v) &* 0xBF58_476D_1CE4_E5B9
      h ^= h >> 31
    }
    mix(w0)
    mix(w1)
    mix(w2)
    mix(budgets.perThread)
    for cpu in cpus { mix(cpu.packed) }
    h = (h ^ (h >> 29)) &* 0x94D0_49BB_1331_11EB
    return h ^ (h >> 32)
  }

  /// 24 bits of an IRB (0 for none).
  static func pack(_ irb: IRB?) -> UInt64 {
    guard let i = irb else { return 0 }
    return 1 | UInt64(i.kind.rawValue) << 1 | UInt64(i.stctl) << 4 | UInt64(i.actl) << 9
      | UInt64(i.fctl) << 16 | UInt64(i.cc) << 19
  }

  /// 32 bits of a context (0 for none).
  static func pack(_ c: Context?) -> UInt64 {
    guard let c else { return 0 }
    return 1 | UInt64(c.kind.rawValue) << 1 | UInt64(c.pc) << 4 | UInt64(UInt8(bitPattern: c.ret)) << 12
      | UInt64(c.isFinal ? 1 : 0) << 20 | UInt64(c.cpIsFinished ? 1 : 0) << 21
      | UInt64(c.deliveredFinal ? 1 : 0) << 22
  }
}
