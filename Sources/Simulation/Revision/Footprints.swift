/// What each step of a revision reads and writes of the shared world, found by reading its
/// compiled operations: the static half of the explorer's partial-order reduction (the
/// dynamic half, which asks what the other lanes can still do, is `Footprints.persistent`).
///
/// A footprint is two sets of shared variables (`Shared`). Two steps are independent when
/// neither writes what the other reads or writes: then they commute, neither enables nor
/// disables the other, and a hazard either fires (its check reads are in the footprint) is
/// the same in both orders.
public struct Footprints: Sendable {
  /// The shared variables, one bit each; the reads in the low half of a `Mask`, the writes in
  /// the high half.
  public struct Shared: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// The FSM state.
    public static let state = Shared(rawValue: 1 << 0)
    /// `private->cp`, and the contexts' walking flags a cp_free reads for its hazard.
    public static let cp = Shared(rawValue: 1 << 1)
    /// The single irb slot.
    public static let irb = Shared(rawValue: 1 << 2)
    /// The workqueue: io_work's and notoper_work's pending bits, who runs them.
    public static let work = Shared(rawValue: 1 << 3)
    /// The subchannel's controls, status, enablement and the program it runs.
    public static let sch = Shared(rawValue: 1 << 4)
    /// Whether the device is operational (read by every instruction and by the NOT_OPER check).
    public static let operational = Shared(rawValue: 1 << 5)
    /// QEMU's virtual SCSW.
    public static let virtual = Shared(rawValue: 1 << 6)
    public static let ioMutex = Shared(rawValue: 1 << 7)
    /// sch->lock, and with it interrupt masking on its CPU.
    public static let schLock = Shared(rawValue: 1 << 8)
    public static let completion = Shared(rawValue: 1 << 9)
    public static let closed = Shared(rawValue: 1 << 10)
    /// Which CPUs run what: a context starting or ending.
    public static let cpus = Shared(rawValue: 1 << 11)
    /// Markers (writes only, never a conflict by themselves): the step issues a function to
    /// the channel subsystem (so the channel can act and interrupt), or queues work.
    public static let issues = Shared(rawValue: 1 << 12)
    public static let queues = Shared(rawValue: 1 << 13)
    static let markers: Shared = [.issues, .queues]
  }

  /// Reads (low 16 bits) and writes (high 16 bits).
  public struct Mask: Equatable, Sendable {
    public var bits: UInt32
    public init(reads: Shared = [], writes: Shared = []) { bits = reads.rawValue | writes.rawValue << 16 }
    init(bits: UInt32) { self.bits = bits }
    public var reads: Shared { Shared(rawValue: bits & 0xFFFF) }
    public var writes: Shared { Shared(rawValue: bits >> 16) }
    @inline(__always) static func | (a: Mask, b: Mask) -> Mask { Mask(bits: a.bits | b.bits) }
    @inline(__always) static func |= (a: inout Mask, b: Mask) { a.bits |= b.bits }
    /// Whether a step with this footprint and one with `other` are dependent.
    @inline(__always) public func conflicts(with other: Mask) -> Bool {
      let markers = Shared.markers.rawValue
      let w = (bits >> 16) & ~markers
      let ow = (other.bits >> 16) & ~markers
      return w & (other.bits | ow) != 0 || (bits & 0xFFFF) & ow != 0
    }
  }

  static let kinds = ContextKind.allCases.count
  /// By `kind * 256 + pc`: the step's own footprint.
  private(set) var step: [Mask]
  /// By `kind * 256 + pc`: the step may be taken alone when nothing else conflicts (no lock
  /// taken or released, no gate, never ends its context or goes back, fires no hazard).
  private(set) var candidate: [Bool]
  /// By `held * kinds * 256 + kind * 256 + pc`, `held` the locks another CPU holds (bit 0
  /// io_mutex, bit 1 sch->lock): the union of the footprints of every step a context at `pc`
  /// can still take while those locks stay held (a step that takes one of them waits).
  private(set) var reach: [Mask]
  /// The channel subsystem's actions, and what enables an interrupt or a kworker.
  public static let hardware = Mask(reads: [.sch, .operational], writes: [.sch])
  static let interruptEnabling = Mask(reads: [.sch, .schLock, .cpus], writes: [.cpus])
  static let workerEnabling = Mask(reads: [.work, .cpus], writes: [.cpus])
  /// A request or a kernel path starting: the CPUs, and what its enabling reads.
  static let contextStarting = Mask(reads: [.cpus, .closed, .virtual, .operational], writes: [.cpus])

  /// By locks held (as in `reach`): what new contexts can touch from their first step on. A
  /// request on another QEMU thread; the kernel paths; an interrupt; a kworker.
  private var requests: [Mask] = []
  private var kernelHaltClear: [Mask] = []
  private var notOper: [Mask] = []
  private var closes: [Mask] = []
  private var interrupt: [Mask] = []
  private var worker: [Mask] = []
  private let threads: Int?

  @inline(__always) static func index(_ kind: ContextKind, _ pc: UInt8) -> Int { Int(kind.rawValue) &* 256 &+ Int(pc) }

  public func footprint(_ kind: ContextKind, pc: UInt8) -> Mask { step[Self.index(kind, pc)] }
  /// A QEMU request of `kind`: the context starting (and what its enabling reads) and its
  /// first step, which the same choice runs.
  public func footprint(request kind: RequestKind) -> Mask { Self.contextStarting | step[Self.index(kind.context, 0)] }
  /// A kernel path starting (the context, what its enabling reads) and its first step.
  public func footprint(kernel path: KernelPath) -> Mask { Self.contextStarting | step[Self.index(path.context, 0)] }
  /// An interrupt arriving (it reads the subchannel's status and who holds sch->lock) and
  /// fsm_irq's first step.
  public var interruptFootprint: Mask { Self.interruptEnabling | step[Self.index(.irq, 0)] }
  /// A kworker starting the work item `kind` (it reads the workqueue) and its first step.
  public func footprint(worker kind: ContextKind) -> Mask { Self.workerEnabling | step[Self.index(kind, 0)] }
  public func isCandidate(_ kind: ContextKind, pc: UInt8) -> Bool { candidate[Self.index(kind, pc)] }
  /// What a context of `kind` at `pc` may still touch while the locks in `held` stay taken.
  @inline(__always) public func future(_ kind: ContextKind, pc: UInt8, held: Int) -> Mask {
    reach[held &* Self.kinds &* 256 &+ Self.index(kind, pc)]
  }

  init(revision: Revision, configuration: Configuration) {
    let code = revision.code
    threads = configuration.threads
    let size = Self.kinds * 256
    step = [Mask](repeating: Mask(), count: size)
    candidate = [Bool](repeating: false, count: size)
    reach = [Mask](repeating: Mask(), count: 4 * size)
    var successors = [[Int]](repeating: [], count: size)
    for kind in ContextKind.allCases {
      let length = code.length(kind)
      for pc in 0..<length {
        let s = Self.analyse(code, kind, pc: pc, length: length, configuration: configuration)
        let i = Self.index(kind, UInt8(pc))
        step[i] = s.mask
        successors[i] = s.successors
        candidate[i] = s.candidate
      }
    }
    // The reach tables: a backward fixpoint over each program's step graph (programs are
    // small: iterate until nothing grows).
    for held in 0..<4 {
      for kind in ContextKind.allCases {
        let length = code.length(kind)
        guard length > 0 else { continue }
        var r = [Mask](repeating: Mask(), count: length)
        var changed = true
        while changed {
          changed = false
          for pc in (0..<length).reversed() {
            let gate = code.gate(kind, UInt8(pc))
            // A step that takes a lock another CPU holds waits there: neither it nor
            // anything after it runs while the lock stays held.
            if held & 1 != 0 && (gate == .trylock || gate == .mutexLock) { continue }
            if held & 2 != 0 && gate == .spinLock { continue }
            var m = step[Self.index(kind, UInt8(pc))]
            for s in successors[Self.index(kind, UInt8(pc))] where s < length { m |= r[s] }
            if m != r[pc] {
              r[pc] = m
              changed = true
            }
          }
        }
        for pc in 0..<length { reach[held * size + Self.index(kind, UInt8(pc))] = r[pc] }
      }
      func first(_ kinds: [ContextKind], _ enabling: Mask) -> Mask {
        kinds.reduce(enabling) { m, k in revision.has(k) ? m | reach[held * size + Self.index(k, 0)] : m }
      }
      requests.append(first([.start, .halt, .clear], Self.contextStarting))
      kernelHaltClear.append(first([.kernelHaltClear], Self.contextStarting))
      notOper.append(first([.notOper], Self.contextStarting))
      closes.append(first([.close, .reset], Self.contextStarting))
      interrupt.append(first([.irq], Self.interruptEnabling))
      worker.append(first([.ioTodo, .notOperWork], Self.workerEnabling))
    }
  }

  /// Whether CPU `k`'s next step may be taken alone from `w`: a persistent set of one step,
  /// for the explorer's partial-order reduction. It may when the step is a candidate (see
  /// `candidate`) and conflicts with nothing any other lane can do before it: the steps the
  /// other CPUs' contexts can still take, the contexts that can still start (requests on
  /// other QEMU threads, kernel paths, an interrupt when status is pending or the channel can
  /// still act, a kworker when work is queued or can be), and the channel subsystem's actions;
  /// all while the locks CPU `k` holds stay held, since `k` does not move before this step.
  /// An interrupt nesting on `k` itself runs to its end before the step in any schedule, and
  /// conflicts with nothing it does, so the step can be moved before it too.
  public func mayRunAlone(_ w: World, cpu k: Int) -> Bool {
    let cpu = w.cpus[k]
    guard let top = cpu.top else { return false }
    let i = Self.index(top.kind, top.pc)
    guard candidate[i] else { return false }
    let own = step[i]
    let held = (w.ioMutex == UInt8(k + 1) ? 1 : 0) | (w.schLock == UInt8(k + 1) ? 2 : 0)
    let base = held &* Self.kinds &* 256
    var f = Mask()
    for j in 0..<w.cpus.count where j != k {
      let c = w.cpus[j]
      if let t = c.task { f |= reach[base &+ Self.index(t.kind, t.pc)] }
      if let q = c.irq { f |= reach[base &+ Self.index(q.kind, q.pc)] }
    }
    let b = w.budgets
    if let threads {
      for j in 0..<threads where j != k && b.thread(j) != 0 {
        f |= requests[held]
        break
      }
    } else if b.requests != 0 && w.cpus.count > 1 {
      f |= requests[held]
    }
    if b.kernelHaltClear != 0 { f |= kernelHaltClear[held] }
    if b.notOper != 0 && w.sch.operational { f |= notOper[held] }
    if b.closes != 0 && !w.closed { f |= closes[held] }
    if own.conflicts(with: f) { return false }
    // The channel can act (and then interrupt, and the interrupt queue work) when a function
    // is in progress, status is pending, unsolicited status is left, or a lane can issue one.
    var channel = false
    var interrupts = false
    var kworker = false
    while true {
      let before = f
      if !channel && w.sch.operational
        && (w.sch.fctl != 0 || w.sch.status != nil || b.unsolicited != 0 || f.writes.contains(.issues))
      {
        channel = true
        f |= Self.hardware
      }
      if !interrupts && (w.sch.status != nil || channel) {
        interrupts = true
        f |= interrupt[held]
      }
      if !kworker && (w.work.anyPending || f.writes.contains(.queues)) {
        kworker = true
        f |= worker[held]
      }
      if f == before { break }
    }
    return !own.conflicts(with: f)
  }

  private struct StepAnalysis {
    var mask = Mask()
    var successors: [Int] = []
    var candidate = true
  }

  /// Reads one step's operations on every path through it.
  private static func analyse(
    _ code: CompiledCode, _ kind: ContextKind, pc: Int, length: Int, configuration: Configuration
  ) -> StepAnalysis {
    var a = StepAnalysis()
    var reads: Shared = []
    var writes: Shared = []
    switch code.gate(kind, UInt8(pc)) {
    case .none: break
    case .flush, .cancelWork:
      // Waits for the workqueue to be idle.
      reads.insert(.work)
      a.candidate = false
    case .trylock, .mutexLock, .spinLock: a.candidate = false
    }
    var pending = [code.entry(kind, UInt8(pc))]
    var seen = Set<Int>()
    func successor(_ s: Int) {
      if !a.successors.contains(s) { a.successors.append(s) }
      if s <= pc || s >= length { a.candidate = false }
    }
    while let i = pending.popLast() {
      guard seen.insert(i).inserted, i < code.instrs.count else { continue }
      switch code.instrs[i] {
      case .end:
        successor(pc + 1)
        if pc + 1 >= length { writes.insert(.cpus) }
      case .jump(let t):
        pending.append(Int(t))
      case .branch(let cond, _, let elseTo):
        reads.formUnion(conditionReads(code, Int(cond)))
        pending.append(i + 1)
        pending.append(Int(elseTo))
      case .goto(let s, _):
        successor(Int(s))
      case .ret:
        // Ends the context (a request may restart: QEMU retries after -EAGAIN).
        a.candidate = false
        writes.insert(.cpus)
        switch kind {
        case .start, .halt, .clear:
          writes.insert(.virtual)
          if !a.successors.contains(0) { a.successors.append(0) }
        case .ioTodo, .notOperWork: writes.insert(.work)
        default: break
        }
      case .instruction(let ins, let table):
        // ssch with no initialized cp issues nothing and ends the step here.
        successor(pc + 1)
        if pc + 1 >= length { writes.insert(.cpus) }
        reads.insert(.operational)
        switch ins {
        case .ssch:
          reads.formUnion([.cp, .sch])
          writes.formUnion([.cp, .sch, .issues])
        case .hsch, .csch:
          reads.insert(.sch)
          writes.formUnion([.sch, .issues])
        case .msch, .xsch, .tsch:
          reads.insert(.sch)
          writes.insert(.sch)
        }
        for cc in 0..<4 { pending.append(Int(code.tables[Int(table) + cc])) }
      case .dispatch(_, let table):
        reads.insert(.state)
        for h in 0..<16 { pending.append(Int(code.tables[Int(table) + h])) }
      case .spinLock:
        reads.insert(.schLock)
        writes.insert(.schLock)
        a.candidate = false
        pending.append(i + 1)
      case .setState:
        reads.formUnion([.state, .operational])
        writes.insert(.state)
        // Writing over NOT_OPER is race R7's hazard: only a device that may go away has it.
        if configuration.notOper { a.candidate = false }
        pending.append(i + 1)
      case .setRet:
        pending.append(i + 1)
      case .setFlag(let f, _):
        if f == .cpStarted { writes.insert(.cp) }
        pending.append(i + 1)
      case .prim(let p):
        if p == .tsch {
          // TSCH finding no status ends the step here.
          successor(pc + 1)
          if pc + 1 >= length { writes.insert(.cpus) }
        }
        let (r, w, hazard) = primitive(p, kind)
        reads.formUnion(r)
        writes.formUnion(w)
        if hazard || (p == .copyIRB && configuration.closes > 0) { a.candidate = false }
        pending.append(i + 1)
      }
    }
    // Locks and contexts are what the canonical CPU choices read: never taken alone.
    if !writes.isDisjoint(with: [.ioMutex, .schLock, .cpus]) { a.candidate = false }
    a.mask = Mask(reads: reads, writes: writes)
    return a
  }

  private static func conditionReads(_ code: CompiledCode, _ start: Int) -> Shared {
    var out: Shared = []
    for c in code.conditionCodes(from: start) {
      switch c {
      case .state: out.insert(.state)
      case .cpInitialized, .cpStarted, .cpQueued: out.insert(.cp)
      case .workPending: out.insert(.work)
      case .solicited: out.insert(.irb)
      case .isFinal, .cpIsFinished, .retNonZero, .retEquals, .not, .and, .or, .end: break
      }
    }
    return out
  }

  /// What an operation reads and writes, and whether it can fire a hazard. Every case is
  /// listed, so a new operation cannot compile without saying what it touches.
  private static func primitive(_ p: CompiledCode.Prim, _ kind: ContextKind) -> (Shared, Shared, Bool) {
    switch p {
    case .enter:
      switch kind {
      case .ioTodo, .notOperWork: return ([.work], [.work], false)
      case .irq: return ([.sch], [.sch], false)
      default: return ([], [], false)
      }
    case .mutexTrylock, .mutexLock, .mutexUnlock: return ([.ioMutex], [.ioMutex], false)
    case .spinUnlock: return ([.schLock], [.schLock], false)
    case .cpInit, .cpFree, .cpFreeChains, .cpQueue, .cpDequeueFree:
      return ([.cp, .sch, .operational], [.cp, .sch], true)
    case .cpPrefetch, .cpUpdateScsw: return ([.cp], [], false)
    // The checks and walks set and clear this context's walking flag, which a cp_free on
    // another CPU reads: a write of the cp.
    case .cpPrefetchCheck, .cpPrefetchWalk, .cpUpdateScswCheck, .cpUpdateScswWalk, .cpFreeCheck:
      return ([.cp], [.cp], false)
    case .cancelHaltClear: return ([.sch, .operational], [.sch, .issues], false)
    case .tsch: return ([.sch], [.sch], false)
    case .storeIRB: return ([.irb], [.irb], true)
    case .queueWork, .queueNotoperWork: return ([.work], [.work, .queues], false)
    case .disableSubchannel, .flushWorkqueue: return ([], [], false)
    case .readIRB: return ([.irb], [], false)
    case .copyIRB: return ([.irb, .closed], [.irb], false)
    case .eventfdSignal: return ([.irb], [.virtual], false)
    case .deviceGone: return ([.operational], [.operational], false)
    case .enable: return ([.operational, .sch], [.sch], false)
    case .armCompletion, .waitForCompletion, .complete: return ([.completion], [.completion], false)
    case .cancelWorkSync: return ([.work], [.work], false)
    case .unregisterRegions: return ([.closed], [.closed], false)
    }
  }
}

extension Engine {
  /// The footprints of this revision's steps under this configuration (see `Footprints`).
  public func footprints() -> Footprints { Footprints(revision: revision, configuration: configuration) }
}
