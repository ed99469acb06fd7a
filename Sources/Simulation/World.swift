/// Who owns the memory of the channel program (`private->cp`).
public enum CPMemory: UInt8, Sendable {
  /// No chains: `initialized` is false.
  case free
  /// cp_init built it and a START request (on `ChannelProgram.builder`) is still working on it.
  case building
  /// ssch gave cc0: the channel subsystem was handed the program.
  case channel
}

/// `private->cp`: the flags the driver tests and who owns the memory.
public struct ChannelProgram: Hashable, Sendable {
  public var initialized = false
  /// Only the seed's v3 has `cp.started`; other revisions never set it.
  public var started = false
  public var memory: CPMemory = .free
  /// The CPU building the cp while `memory == .building`.
  public var builder: UInt8 = 0
  /// A queued-cp design: how many started channel programs are queued (at most 3).
  public var queued: UInt8 = 0
}

/// The single-threaded (ordered) vfio-ccw workqueue: the `io_work` item and, from the 2026
/// fixes, `notoper_work`. Items run one at a time, in the order they were queued.
public struct IOWork: Hashable, Sendable {
  /// io_work's WORK_STRUCT_PENDING: queued and not yet started.
  public var pending = false
  /// The CPU whose kworker is running an item (io_todo or notoper_todo), if any.
  public var runningOn: UInt8? = nil
  /// notoper_work's WORK_STRUCT_PENDING.
  public var notoperPending = false
  /// With both items pending: notoper_work was queued first (it runs next).
  public var notoperFirst = false

  /// Some item is queued.
  public var anyPending: Bool { pending || notoperPending }

  /// The handler the kworker runs next, if any item is queued.
  public var next: ContextKind? {
    if notoperPending && (!pending || notoperFirst) { return .notOperWork }
    return pending ? .ioTodo : nil
  }
}

/// The single `private->irb` slot that fsm_irq fills and io_todo reads.
public struct IRBSlot: Hashable, Sendable {
  public var irb: IRB
  /// io_todo copied it into the io_region: overwriting it now loses nothing.
  public var consumed: Bool

  public init(irb: IRB, consumed: Bool) {
    self.irb = irb
    self.consumed = consumed
  }
}

/// The work a CPU is doing: a QEMU request, a kworker, a hard IRQ or a kernel-internal path.
public enum ContextKind: UInt8, CaseIterable, Sendable, Codable {
  case start, halt, clear, ioTodo, irq, kernelHaltClear, notOper
  /// The kworker running vfio_ccw_notoper_todo (the 2026 fixes).
  case notOperWork
  /// QEMU closes the device fd: vfio_ccw_mdev_close_device (release before v6.0).
  case close
  /// QEMU resets the device: the VFIO_DEVICE_RESET ioctl.
  case reset

  /// How the lane labels the context.
  public var title: String {
    switch self {
    case .start: "QEMU START"
    case .halt: "QEMU HALT"
    case .clear: "QEMU CLEAR"
    case .ioTodo: "kworker io_todo"
    case .irq: "hard IRQ"
    case .kernelHaltClear: "kernel chp_event"
    case .notOper: "css sch_event"
    case .notOperWork: "kworker notoper_todo"
    case .close: "QEMU close"
    case .reset: "QEMU reset"
    }
  }
}

/// One running handler on a CPU: its program, where it is, and its locals. CPU equality and
/// hashing go through `World.pack(_:)`: a new field must be packed there and unpacked in
/// `Context(bits:)` too.
public struct Context: Hashable, Sendable {
  public var kind: ContextKind
  /// Index of the next step in the revision's program for `kind`.
  public var pc: UInt8 = 0
  /// `ret_code` (a negative errno) or 0.
  public var ret: Int8 = 0
  public var isFinal = false
  public var cpIsFinished = false
  /// The IRB io_todo copied to the io_region was final (what QEMU reads at the eventfd).
  public var deliveredFinal = false
  /// cp_free's `initialized` check passed; the chains are this context's to free next.
  public var freeing = false
  /// cp_prefetch's or cp_update_scsw's `initialized` check passed; it walks the chain list next.
  public var walking = false

  public init(kind: ContextKind) { self.kind = kind }
}

/// A CPU: its task, and a hard IRQ nested over it when one is being handled.
public struct CPU: Hashable, Sendable {
  // Both contexts are kept packed (`World.pack`, 0 for none): a CPU is 8 bytes, so worlds
  // copy, compare and hash fast in the explorer. The properties below unpack on access.
  @usableFromInline var taskBits: UInt32 = 0
  @usableFromInline var irqBits: UInt32 = 0

  @inlinable public init() {}

  /// The inverse of `packed`.
  public init(packed: UInt64) {
    taskBits = UInt32(truncatingIfNeeded: packed)
    irqBits = UInt32(truncatingIfNeeded: packed >> 32)
  }

  @inlinable public var task: Context? {
    get { Context(bits: taskBits) }
    set { taskBits = UInt32(World.pack(newValue)) }
  }

  @inlinable public var irq: Context? {
    get { Context(bits: irqBits) }
    set { irqBits = UInt32(World.pack(newValue)) }
  }

  /// Both contexts packed in one word, for hashing and ordering.
  public var packed: UInt64 { UInt64(taskBits) | UInt64(irqBits) << 32 }

  /// The context that runs when this CPU is stepped.
  @inlinable public var top: Context? { irq ?? task }

  /// The kind and pc of `top`, read from its bits without unpacking the rest (the explorer
  /// asks this of every CPU of every world).
  @inlinable public var topStep: (kind: ContextKind, pc: UInt8)? {
    let bits = irqBits != 0 ? irqBits : taskBits
    guard bits != 0 else { return nil }
    return (ContextKind(rawValue: Context.kindCode(bits: bits))!, Context.pc(bits: bits))
  }

  /// Whether a task runs (under any interrupt), without unpacking it.
  @inlinable public var hasTask: Bool { taskBits != 0 }
  /// Whether a hard IRQ is being handled, without unpacking it.
  @inlinable public var hasIRQ: Bool { irqBits != 0 }
  @inlinable public var isFree: Bool { taskBits == 0 && irqBits == 0 }
}

extension Context {
  /// The kind's raw value in a context's packed bits (`World.pack`).
  @inlinable @inline(__always) static func kindCode(bits: UInt32) -> UInt8 { UInt8(bits >> 1 & 0x1F) }
  /// The pc in a context's packed bits.
  @inlinable @inline(__always) static func pc(bits: UInt32) -> UInt8 { UInt8(bits >> 6 & 0xFF) }

  /// The inverse of `World.pack(_:)`.
  @inlinable init?(bits: UInt32) {
    guard bits & 1 != 0 else { return nil }
    self.init(kind: ContextKind(rawValue: Context.kindCode(bits: bits))!)
    pc = Context.pc(bits: bits)
    ret = Int8(bitPattern: UInt8(bits >> 14 & 0xFF))
    isFinal = bits >> 22 & 1 != 0
    cpIsFinished = bits >> 23 & 1 != 0
    deliveredFinal = bits >> 24 & 1 != 0
    freeing = bits >> 25 & 1 != 0
    walking = bits >> 26 & 1 != 0
  }
}

/// QEMU's virtual SCSW, used only when the QEMU filter is on (reference §4.4).
public struct VirtualSubchannel: Hashable, Sendable {
  public var fctl: UInt8 = 0
}

/// Budgets for what may still happen; `unlimited` never runs out.
public struct Budgets: Hashable, Sendable {
  public static let unlimited: UInt8 = .max
  public var requests: UInt8
  public var kernelHaltClear: UInt8
  public var unsolicited: UInt8
  public var notOper: UInt8
  /// Closes and resets QEMU may still do (race R8).
  public var closes: UInt8 = 0
  /// With QEMU threads: each thread's remaining requests, one byte per CPU.
  public var perThread: UInt64 = 0

  public init(requests: UInt8, kernelHaltClear: UInt8, unsolicited: UInt8, notOper: UInt8, perThread: UInt64 = 0) {
    self.requests = requests
    self.kernelHaltClear = kernelHaltClear
    self.unsolicited = unsolicited
    self.notOper = notOper
    self.perThread = perThread
  }

  @inlinable public func thread(_ k: Int) -> UInt8 { UInt8(truncatingIfNeeded: perThread >> (8 * UInt64(k))) }

  mutating func spendThread(_ k: Int) {
    perThread -= 1 << (8 * UInt64(k))
  }

  mutating func spend(_ path: WritableKeyPath<Budgets, UInt8>) {
    if self[keyPath: path] != Budgets.unlimited { self[keyPath: path] -= 1 }
  }
}

/// The whole simulated system at one instant. A value: copying it is taking a snapshot.
public struct World: Hashable, Sendable {
  public var state: FSMState = .idle
  public var cp = ChannelProgram()
  public var irb: IRBSlot?
  public var work = IOWork()
  public var sch = Subchannel()
  public var virtual = VirtualSubchannel()
  /// CPU index + 1 of the task holding io_mutex, 0 when free.
  public var ioMutex: UInt8 = 0
  /// CPU index + 1 of the context holding sch->lock, 0 when free.
  public var schLock: UInt8 = 0
  public var cpus: CPUSet
  public var budgets: Budgets
  /// One bit per `HazardKind` seen so far.
  public var hazardsSeen: UInt8 = 0
  /// `private->completion` for quiesce: 0 none, 1 armed (fsm_irq will complete it), 2 completed.
  public var completion: UInt8 = 0
  /// close_device unregistered the regions: the device is closed for QEMU.
  public var closed = false

  public init(configuration: Configuration) {
    cpus = CPUSet(count: configuration.cpus)
    budgets = Budgets(
      requests: configuration.requests.map { UInt8(clamping: $0) } ?? Budgets.unlimited,
      kernelHaltClear: UInt8(clamping: configuration.kernelHaltClear),
      unsolicited: UInt8(clamping: configuration.unsolicited),
      notOper: configuration.notOper ? 1 : 0)
    budgets.closes = UInt8(clamping: configuration.closes)
    if let t = configuration.threads {
      budgets.requests = Budgets.unlimited
      let each = UInt64(min(configuration.requests ?? 2, 255))
      for k in 0..<t { budgets.perThread |= each << (8 * UInt64(k)) }
    }
  }

  /// Has this hazard kind fired in the run that led here?
  public func hasSeen(_ kind: HazardKind) -> Bool { hazardsSeen & kind.bit != 0 }

  /// sch->lock taken with irqsave (or in the interrupt path) turns interrupts off on its CPU.
  public func irqsOff(cpu: Int) -> Bool { schLock == UInt8(cpu + 1) }

  /// The same world with what cannot change any future behaviour erased: a consumed irb
  /// slot with io_work neither pending nor running is as good as an empty one (the next
  /// reader comes after a new fsm_irq has filled it; while io_work is pending or running, an
  /// io_todo may still read the consumed IRB again), QEMU's virtual SCSW matters only with the
  /// QEMU filter, and hazards seen are history. The explorer deduplicates on this form.
  public func canonical(qemuFilter: Bool) -> World {
    var w = self
    w.canonicalize(qemuFilter: qemuFilter)
    return w
  }

  /// The same in place (the explorer's hot path: no copy).
  public mutating func canonicalize(qemuFilter: Bool) {
    if irb?.consumed == true && !work.pending && (work.runningOn == nil || cpus[Int(work.runningOn!)].task?.kind == .notOperWork) { irb = nil }
    if !qemuFilter { virtual.fctl = 0 }
    hazardsSeen = 0
  }

  /// Nothing runs, nothing is queued, and the subchannel is idle with no status pending.
  public var isQuiescent: Bool {
    guard !work.anyPending && work.runningOn == nil && sch.isIdle else { return false }
    for k in 0..<cpus.count where !cpus[k].isFree { return false }
    return true
  }

  /// A world with these CPUs and budgets and every other field at its start value (for the
  /// explorer's unpacking, which sets them all).
  public init(cpus: CPUSet, budgets: Budgets) {
    self.cpus = cpus
    self.budgets = budgets
  }
}

extension World {
  /// Hashes the CPUs by their packed words (the synthesized hash fed every small field to the
  /// hasher one byte at a time); equality stays the synthesized, exact one.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(state)
    hasher.combine(cp)
    hasher.combine(irb)
    hasher.combine(work)
    hasher.combine(sch)
    hasher.combine(virtual)
    hasher.combine(ioMutex)
    hasher.combine(schLock)
    for cpu in cpus { hasher.combine(cpu.packed) }
    hasher.combine(budgets)
    hasher.combine(hazardsSeen)
    hasher.combine(completion)
    hasher.combine(closed)
  }

  /// 32 bits of a context (0 for none).
  @usableFromInline static func pack(_ c: Context?) -> UInt64 {
    guard let c else { return 0 }
    // The kind has 5 bits (up to 32 kinds); the fields keep their order, so packed contexts
    // still sort as before (symmetry orders CPUs by these words).
    return 1 | UInt64(c.kind.rawValue) << 1 | UInt64(c.pc) << 6 | UInt64(UInt8(bitPattern: c.ret)) << 14
      | UInt64(c.isFinal ? 1 : 0) << 22 | UInt64(c.cpIsFinished ? 1 : 0) << 23
      | UInt64(c.deliveredFinal ? 1 : 0) << 24 | UInt64(c.freeing ? 1 : 0) << 25
      | UInt64(c.walking ? 1 : 0) << 26
  }
}
