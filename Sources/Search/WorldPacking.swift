import Simulation

/// A world packed, losslessly, into four 64-bit words and one word per CPU. The explorer
/// stores worlds this way (half the bytes of a `World`, compared word by word) and hashes
/// them from it: the synthesized hash fed every small field to the hasher one byte at a
/// time. `World(unpacking:)` is the exact inverse (a test round-trips random worlds), so a
/// new field of `World` must be packed and unpacked here too.
public struct PackedWorld: Sendable {
  /// FSM state, cp, io_work, QEMU's SCSW, the locks, the subchannel's controls and flags,
  /// hazards seen, the NOT_OPER budget.
  public var w0: UInt64
  /// The irb slot and the subchannel's pending status.
  public var w1: UInt64
  /// The request, kernel HALT/CLEAR and unsolicited budgets.
  public var w2: UInt64
  /// Each QEMU thread's remaining requests.
  public var perThread: UInt64
  public var cpus: CPUSet

  /// How many words a packed world of `cpus` CPUs takes in the explorer's store.
  static func words(cpus: Int) -> Int { 4 + cpus }

  public init(_ w: World) {
    (w0, w1, w2, perThread) = PackedWorld.head(w)
    cpus = w.cpus
  }

  /// The four words before the CPUs' (the explorer writes those straight from the world,
  /// `CPUSet.withPackedWords`, without copying the set).
  static func head(_ w: World) -> (UInt64, UInt64, UInt64, UInt64) {
    var w0 = UInt64(w.state.rawValue)
    w0 |= UInt64(w.cp.initialized ? 1 : 0) << 3 | UInt64(w.cp.started ? 1 : 0) << 4
    w0 |= UInt64(w.cp.memory.rawValue) << 5 | UInt64(w.cp.builder) << 7
    w0 |= UInt64(w.work.pending ? 1 : 0) << 11 | UInt64(w.work.runningOn.map { $0 + 1 } ?? 0) << 12
    w0 |= UInt64(w.virtual.fctl) << 17 | UInt64(w.ioMutex) << 20 | UInt64(w.schLock) << 24
    w0 |= UInt64(w.sch.fctl) << 28 | UInt64(w.sch.actl) << 31
    w0 |= UInt64(w.sch.interruptTaken ? 1 : 0) << 38 | UInt64(w.sch.program.rawValue) << 39
    w0 |= UInt64(w.sch.intermediateDone ? 1 : 0) << 41 | UInt64(w.sch.operational ? 1 : 0) << 42
    w0 |= UInt64(w.hazardsSeen) << 43 | UInt64(w.budgets.notOper) << 51
    w0 |= UInt64(w.cp.queued) << 59
    w0 |= UInt64(w.work.notoperPending ? 1 : 0) << 61 | UInt64(w.work.notoperFirst ? 1 : 0) << 62
    let w1 = PackedWorld.pack(w.irb.map(\.irb)) | UInt64(w.irb.map { $0.consumed ? 2 : 1 } ?? 0) << 24
      | PackedWorld.pack(w.sch.status) << 26
    let w2 = UInt64(w.budgets.requests) | UInt64(w.budgets.kernelHaltClear) << 8
      | UInt64(w.budgets.unsolicited) << 16 | UInt64(w.budgets.closes) << 24
      | UInt64(w.sch.enabled ? 1 : 0) << 32 | UInt64(w.completion & 0x3) << 33
      | UInt64(w.closed ? 1 : 0) << 35
    return (w0, w1, w2, w.budgets.perThread)
  }

  /// Reads a packed world back from the explorer's flat store.
  public init(words: UnsafeBufferPointer<UInt64>, cpus n: Int) {
    w0 = words[0]
    w1 = words[1]
    w2 = words[2]
    perThread = words[3]
    cpus = CPUSet(count: n)
    for k in 0..<n { cpus[k] = CPU(packed: words[4 + k]) }
  }

  /// Writes the words the store keeps (`words(cpus:)` of them).
  func write(to words: UnsafeMutablePointer<UInt64>) {
    words[0] = w0
    words[1] = w1
    words[2] = w2
    words[3] = perThread
    for k in 0..<cpus.count { words[4 + k] = cpus[k].packed }
  }

  /// Packs `w` onto the end of `words` (as `write(to:)` lays it out) and returns its hash:
  /// the explorer's way, which reads the CPUs' words in place (`CPUSet.withPackedWords`)
  /// instead of copying the set into a `PackedWorld` first.
  @inline(__always) static func append(_ w: inout World, to words: inout [UInt64], seed: UInt64) -> UInt64 {
    let head = PackedWorld.head(w)
    let at = words.count
    let n = w.cpus.count
    words.append(head.0)
    words.append(head.1)
    words.append(head.2)
    words.append(head.3)
    w.cpus.withPackedWords { cpu in
      for k in 0..<n { words.append(cpu.load(fromByteOffset: k &* 8, as: UInt64.self)) }
    }
    return words.withUnsafeBufferPointer { PackedWorld.hash(words: $0.baseAddress! + at, cpus: n, seed: seed) }
  }

  /// Whether the store's words are this world's.
  func equals(_ words: UnsafeBufferPointer<UInt64>) -> Bool {
    guard words[0] == w0, words[1] == w1, words[2] == w2, words[3] == perThread else { return false }
    for k in 0..<cpus.count where words[4 + k] != cpus[k].packed { return false }
    return true
  }

  /// A deterministic 64-bit hash (a multiply-xorshift mix per word).
  public var hash: UInt64 { hash(seed: 0) }

  /// The same hash from another starting value (a swarm member's own hash function).
  func hash(seed: UInt64) -> UInt64 {
    withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 4 + cpus.count) { words in
      write(to: words.baseAddress!)
      return PackedWorld.hash(words: UnsafePointer(words.baseAddress!), cpus: cpus.count, seed: seed)
    }
  }

  /// The hash of a packed world in the store's words (`words(cpus:)` of them).
  @inline(__always) static func hash(words: UnsafePointer<UInt64>, cpus n: Int, seed: UInt64) -> UInt64 {
    // Two independent lanes (the CPUs alternate between them), so the multiplies of one
    // overlap with the other's instead of waiting on a single chain.
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ seed
    var g: UInt64 = 0xD6E8_FEB8_6659_FD93 ^ seed
    @inline(__always) func mix(_ x: inout UInt64, _ v: UInt64) {
      x = (x ^ v) &* 0xBF58_476D_1CE4_E5B9
      x ^= x >> 31
    }
    mix(&h, words[0])
    mix(&g, words[1])
    mix(&h, words[2])
    mix(&g, words[3])
    var k = 0
    while k + 1 < n {
      mix(&h, words[4 + k])
      mix(&g, words[5 + k])
      k += 2
    }
    if k < n { mix(&h, words[4 + k]) }
    h = (h ^ (h >> 29) ^ g &* 0x9FB2_1C65_1E98_DF25) &* 0x94D0_49BB_1331_11EB
    return h ^ (h >> 32)
  }

  /// 24 bits of an IRB (0 for none).
  static func pack(_ irb: IRB?) -> UInt64 {
    guard let i = irb else { return 0 }
    return 1 | UInt64(i.kind.rawValue) << 1 | UInt64(i.stctl) << 4 | UInt64(i.actl) << 9
      | UInt64(i.fctl) << 16 | UInt64(i.cc) << 19
  }

  /// The inverse of `pack(_: IRB?)`.
  static func unpackIRB(_ bits: UInt64) -> IRB? {
    guard bits & 1 != 0 else { return nil }
    return IRB(
      kind: StatusKind(rawValue: UInt8(bits >> 1 & 0x7))!, stctl: UInt8(bits >> 4 & 0x1F),
      actl: UInt8(bits >> 9 & 0x7F), fctl: UInt8(bits >> 16 & 0x7), cc: UInt8(bits >> 19 & 0x1F))
  }
}

extension World {
  /// The deterministic 64-bit hash the explorer's visited set uses.
  public var fastHash: UInt64 { PackedWorld(self).hash }

  /// The inverse of `PackedWorld.init(_:)`.
  public init(unpacking p: PackedWorld) {
    self.init(head: (p.w0, p.w1, p.w2, p.perThread), cpus: p.cpus)
  }

  /// Unpacks a world from the explorer's store, the CPUs' words copied in place
  /// (`CPUSet.withPackedWords`) rather than through a packed set, whose copy into the world
  /// would wait for the stores that built it.
  init(unpacking words: UnsafePointer<UInt64>, cpus n: Int) {
    self.init(head: (words[0], words[1], words[2], words[3]), cpus: CPUSet(count: n))
    cpus.withPackedWords { $0.copyMemory(from: words + 4, byteCount: n &* 8) }
  }

  /// The inverse of `PackedWorld.head`, with these CPUs.
  private init(head: (UInt64, UInt64, UInt64, UInt64), cpus: CPUSet) {
    let (w0, w1, w2, perThread) = head
    self.init(
      cpus: cpus,
      budgets: Budgets(
        requests: UInt8(w2 & 0xFF), kernelHaltClear: UInt8(w2 >> 8 & 0xFF),
        unsolicited: UInt8(w2 >> 16 & 0xFF), notOper: UInt8(w0 >> 51 & 0xFF), perThread: perThread))
    budgets.closes = UInt8(w2 >> 24 & 0xFF)
    sch.enabled = w2 >> 32 & 1 != 0
    completion = UInt8(w2 >> 33 & 0x3)
    closed = w2 >> 35 & 1 != 0
    state = FSMState(rawValue: UInt8(w0 & 0x7))!
    cp.initialized = w0 >> 3 & 1 != 0
    cp.started = w0 >> 4 & 1 != 0
    cp.memory = CPMemory(rawValue: UInt8(w0 >> 5 & 0x3))!
    cp.builder = UInt8(w0 >> 7 & 0xF)
    cp.queued = UInt8(w0 >> 59 & 0x3)
    work.notoperPending = w0 >> 61 & 1 != 0
    work.notoperFirst = w0 >> 62 & 1 != 0
    work.pending = w0 >> 11 & 1 != 0
    let runner = UInt8(w0 >> 12 & 0x1F)
    work.runningOn = runner == 0 ? nil : runner - 1
    virtual.fctl = UInt8(w0 >> 17 & 0x7)
    ioMutex = UInt8(w0 >> 20 & 0xF)
    schLock = UInt8(w0 >> 24 & 0xF)
    sch.fctl = UInt8(w0 >> 28 & 0x7)
    sch.actl = UInt8(w0 >> 31 & 0x7F)
    sch.interruptTaken = w0 >> 38 & 1 != 0
    sch.program = ChannelProgramRef(rawValue: UInt8(w0 >> 39 & 0x3))!
    sch.intermediateDone = w0 >> 41 & 1 != 0
    sch.operational = w0 >> 42 & 1 != 0
    hazardsSeen = UInt8(w0 >> 43 & 0xFF)
    let slot = w1 >> 24 & 0x3
    irb = slot == 0 ? nil : IRBSlot(irb: PackedWorld.unpackIRB(w1 & 0xFF_FFFF)!, consumed: slot == 2)
    sch.status = PackedWorld.unpackIRB(w1 >> 26 & 0xFF_FFFF)
  }
}
