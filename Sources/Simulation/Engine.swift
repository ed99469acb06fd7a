/// The pure step function over worlds, for one revision and configuration.
///
/// `apply` is total: a choice that is not enabled leaves the world as it was and says why.
public struct Engine: Sendable {
  public let revision: Revision
  public let configuration: Configuration

  public init(revision: Revision, configuration: Configuration) {
    self.revision = revision
    self.configuration = configuration
  }

  public func initialWorld() -> World { World(configuration: configuration) }

  // MARK: - Applying choices

  /// Applies one choice and returns the new world with what happened.
  public func apply(_ world: World, _ choice: Choice) -> (World, [Event]) {
    var w = world
    let events = apply(&w, choice, record: true)
    return (w, events)
  }

  /// The in-place form for hot loops; with `record: false` it builds no text at all.
  @discardableResult
  public func apply(_ w: inout World, _ choice: Choice, record: Bool) -> [Event] {
    var e = Emitter(record: record)
    if let reason = whyNot(w, choice) {
      e.note(choice.lane, .refused(choice, reason))
      return e.events
    }
    switch choice {
    case .step(let k):
      runStep(&w, cpu: k, &e)
    case .request(let kind, let k):
      if configuration.threads != nil { w.budgets.spendThread(k) } else { w.budgets.spend(\.requests) }
      w.cpus[k].task = Context(kind: kind.context)
      runStep(&w, cpu: k, &e)
    case .kernel(let path, let k):
      switch path {
      case .haltClear:
        w.budgets.spend(\.kernelHaltClear)
        w.cpus[k].task = Context(kind: .kernelHaltClear)
      case .notOper:
        w.budgets.spend(\.notOper)
        w.cpus[k].task = Context(kind: .notOper)
      }
      runStep(&w, cpu: k, &e)
    case .interrupt(let k):
      w.cpus[k].irq = Context(kind: .irq)
      runStep(&w, cpu: k, &e)
    case .worker(let k):
      w.cpus[k].task = Context(kind: w.work.next ?? .ioTodo)
      runStep(&w, cpu: k, &e)
    case .hardware(let action):
      runHardware(&w, action, &e)
    }
    checkQuiescence(&w, &e)
    return e.events
  }

  // MARK: - What may happen next

  /// Every choice that `apply` would carry out, in a fixed order (CPUs first, then the
  /// channel subsystem), so that seeded runs are reproducible.
  public func enabledChoices(_ w: World) -> [Choice] {
    var out: [Choice] = []
    out.reserveCapacity(8)
    enabledChoices(w, into: &out)
    return out
  }

  /// The same into a caller's buffer, which hot loops reuse.
  public func enabledChoices(_ w: World, into out: inout [Choice]) {
    out.removeAll(keepingCapacity: true)
    forEachCandidate(w) { c in if isEnabled(w, c) { out.append(c) } }
  }

  /// Calls `body` with every choice the model knows for this configuration, enabled or not.
  @inline(__always)
  func forEachCandidate(_ w: World, _ body: (Choice) -> Void) {
    for k in w.cpus.indices {
      if w.cpus[k].top != nil {
        body(.step(cpu: k))
      } else {
        for r in RequestKind.allCases { body(.request(r, cpu: k)) }
        body(.kernel(.haltClear, cpu: k))
        body(.kernel(.notOper, cpu: k))
        body(.worker(cpu: k))
      }
      body(.interrupt(cpu: k))
    }
    for a in HardwareAction.allCases { body(.hardware(a)) }
  }

  /// Why a choice cannot be applied now, or nil when it can.
  public func whyNot(_ w: World, _ choice: Choice) -> String? { blocked(w, choice, explain: true) }

  /// Whether a choice can be applied now, without building any text.
  @inline(__always)
  public func isEnabled(_ w: World, _ choice: Choice) -> Bool {
    blocked(w, choice, explain: false) == nil
  }

  /// The reason text only when asked for; hot loops pass `explain: false` and get "" instead,
  /// which costs no allocation.
  @inline(__always)
  func because(_ explain: Bool, _ text: @autoclosure () -> String) -> String {
    explain ? text() : ""
  }

  func blocked(_ w: World, _ choice: Choice, explain x: Bool) -> String? {
    if case .hardware(let a) = choice { return hardwareBlocked(w, a, explain: x) }
    let k: Int
    switch choice {
    case .step(let c), .request(_, let c), .kernel(_, let c), .interrupt(let c), .worker(let c):
      k = c
    case .hardware: return nil
    }
    guard w.cpus.indices.contains(k) else { return because(x, "there is no CPU\(k + 1)") }
    let cpu = w.cpus[k]
    switch choice {
    case .step:
      guard let top = cpu.top else { return because(x, "nothing runs on CPU\(k + 1)") }
      return blockedReason(w, cpu: k, top, explain: x)
    case .request(let r, _):
      if !cpu.isFree { return because(x, "CPU\(k + 1) is busy") }
      if let t = configuration.threads {
        if k >= t { return because(x, "CPU\(k + 1) runs no QEMU thread (threads = \(t))") }
        if w.budgets.thread(k) == 0 { return because(x, "QEMU thread \(k + 1) has no requests left") }
      } else if w.budgets.requests == 0 {
        return "no QEMU requests left"
      }
      if configuration.qemuFilter, let why = qemuRefuses(w, r) { return why }
      return nil
    case .kernel(let path, _):
      if !cpu.isFree { return because(x, "CPU\(k + 1) is busy") }
      switch path {
      case .haltClear:
        if !revision.has(.kernelHaltClear) { return Revision.noChpEvent(revision.id) }
        return w.budgets.kernelHaltClear == 0 ? "no kernel HALT/CLEAR left" : nil
      case .notOper:
        if !w.sch.operational { return "the subchannel is already not operational" }
        return w.budgets.notOper == 0 ? "no NOT_OPER event allowed" : nil
      }
    case .interrupt:
      guard w.sch.status != nil else { return "no status pending" }
      if w.sch.interruptTaken { return "the interruption was already taken" }
      if cpu.irq != nil { return because(x, "CPU\(k + 1) is already in an interrupt") }
      if w.irqsOff(cpu: k) { return because(x, "irqs off on CPU\(k + 1) (inside sch->lock)") }
      return nil
    case .worker:
      if !w.work.anyPending { return "io_work is not pending" }
      if let r = w.work.runningOn { return because(x, "the workqueue is already running an item on CPU\(Int(r) + 1)") }
      if !cpu.isFree { return because(x, "CPU\(k + 1) is busy") }
      return nil
    case .hardware: return nil
    }
  }

  /// QEMU answers from its virtual SCSW when the guest's instruction would not succeed.
  private func qemuRefuses(_ w: World, _ r: RequestKind) -> String? {
    switch r {
    case .start where w.virtual.fctl != 0:
      return "QEMU's virtual SCSW shows a function in progress: QEMU answers cc2 itself"
    case .halt where w.virtual.fctl & (FCTL.halt | FCTL.clear) != 0:
      return "QEMU's virtual SCSW shows HALT/CLEAR in progress: QEMU answers cc2 itself"
    default: return nil
    }
  }

  /// Why the context on top of a CPU cannot take its next step, or nil.
  public func blockedReason(_ w: World, cpu k: Int, _ ctx: Context, explain x: Bool = true) -> String? {
    switch revision.code.gate(ctx.kind, ctx.pc) {
    case .trylock:
      if w.ioMutex != 0 {
        return because(
          x, "waits for io_mutex (held by CPU\(w.ioMutex)): trylock gives -EAGAIN, QEMU retries")
      }
    case .mutexLock:
      if w.ioMutex != 0 { return because(x, "sleeps on io_mutex (held by CPU\(w.ioMutex))") }
    case .spinLock:
      if w.schLock != 0 && w.schLock != UInt8(k + 1) {
        return because(x, "spins on sch->lock (held by CPU\(w.schLock))")
      }
    case .none: break
    }
    return nil
  }

  // MARK: - Hazards at quiescence

  private func checkQuiescence(_ w: inout World, _ e: inout Emitter) {
    guard w.isQuiescent, w.state != .notOper else { return }
    if w.state == .cpPending || w.state == .cpProcessing || w.cp.started {
      let what = w.cp.started ? "cp.started is still set" : "the FSM is still \(w.state.name)"
      e.hazard(
        &w, .stuck, [.css],
        "\(what) although the subchannel is idle, io_work is empty and no CPU runs driver code: "
          + "no interrupt will ever end it, so every new START is refused with -EBUSY (cc2) "
          + "until a HALT/CLEAR, a close or a reset")
    } else if w.cp.queued > 0 {
      let queued = w.cp.queued
      e.hazard(
        &w, .cpLeak, [.css],
        "\(queued) channel program(s) still queued although no I/O is outstanding: no final "
          + "interrupt or CSCH will come to remove them, so their pages stay pinned")
    } else if w.cp.initialized {
      e.hazard(
        &w, .cpLeak, [.css],
        "the channel program is still initialized, its pages pinned, although no I/O is "
          + "outstanding: nothing will free it (the next cp_init overwrites it, or from v5.13 "
          + "refuses with -EBUSY)")
    }
  }
}
