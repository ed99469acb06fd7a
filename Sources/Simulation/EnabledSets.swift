/// The questions the explorer asks of every world it expands, answered as bits, without
/// building the `Blocker`s that explain a refusal (`blocker` stays the one definition of why;
/// a test checks that the explorer's choices built from these equal `enabledChoices`).
extension Engine {
  /// Whether the context of `kind` at `pc`, on top of CPU `k`, waits for a lock, the
  /// workqueue or a completion.
  public func waits(_ w: World, cpu k: Int, _ kind: ContextKind, pc: UInt8) -> Bool {
    switch revision.code.gate(kind, pc) {
    case .none: return false
    case .trylock, .mutexLock: return w.ioMutex != 0
    case .spinLock: return w.schLock != 0 && w.schLock != UInt8(k + 1)
    case .flush:
      if let r = w.work.runningOn, Int(r) != k { return true }
      return w.work.anyPending
    case .cancelWork:
      if let r = w.work.runningOn, Int(r) != k, w.cpus[Int(r)].task?.kind == .ioTodo { return true }
      return false
    }
  }

  /// The requests QEMU may issue on free CPU `k`, one bit per `RequestKind` raw value;
  /// `closing` is whether some CPU runs close_device (ask once per world).
  public func enabledRequests(_ w: World, cpu k: Int, closing: Bool) -> UInt8 {
    if w.closed || closing { return 0 }
    if let t = configuration.threads {
      if k >= t || w.budgets.thread(k) == 0 { return 0 }
    } else if w.budgets.requests == 0 {
      return 0
    }
    guard configuration.qemuFilter else { return 0b111 }
    // QEMU answers from its virtual SCSW when the guest's instruction would not succeed.
    var bits: UInt8 = 1 << RequestKind.clear.rawValue
    if w.virtual.fctl == 0 { bits |= 1 << RequestKind.start.rawValue }
    if w.virtual.fctl & (FCTL.halt | FCTL.clear) == 0 { bits |= 1 << RequestKind.halt.rawValue }
    return bits
  }

  /// The channel subsystem's enabled actions, one bit per `HardwareAction` raw value.
  public func enabledHardware(_ w: World) -> UInt8 {
    let s = w.sch
    guard s.operational, s.status == nil else { return 0 }
    var bits: UInt8 = 0
    @inline(__always) func on(_ a: HardwareAction) { bits |= 1 << a.rawValue }
    let start = s.fctl & FCTL.start != 0
    if start && s.actl & ACTL.startPend != 0 {
      on(.startBegins)
      if configuration.deferredCC { on(.deferredCC) }
    }
    if start && s.actl & ACTL.schAct != 0 {
      on(.startEnds)
      if configuration.intermediate && !s.intermediateDone { on(.intermediate) }
    }
    if s.fctl & FCTL.halt != 0 && s.actl & ACTL.haltPend != 0 { on(.haltEnds) }
    if s.fctl & FCTL.clear != 0 && s.actl & ACTL.clearPend != 0 { on(.clearEnds) }
    if w.budgets.unsolicited != 0 && s.fctl == 0 { on(.unsolicited) }
    return bits
  }
}
