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
    if let b = blocker(w, choice) {
      e.note(choice.lane, .refused(choice, b.text))
      return e.events
    }
    perform(&w, choice, &e)
    return e.events
  }

  /// Applies a choice known to be enabled (one `enabledChoices` or the explorer's `choices`
  /// offered for this world), building no text: the explorer's hot path, which would
  /// otherwise ask the blockers a second time.
  public func applyEnabled(_ w: inout World, _ choice: Choice) {
    var e = Emitter(record: false)
    perform(&w, choice, &e)
  }

  private func perform(_ w: inout World, _ choice: Choice, _ e: inout Emitter) {
    switch choice {
    case .step(let k):
      runStep(&w, cpu: k, &e)
    case .request(let kind, let k):
      if configuration.threads != nil { w.budgets.spendThread(k) } else { w.budgets.spend(\.requests) }
      w.cpus[k].task = Context(kind: kind.context)
      runStep(&w, cpu: k, &e)
    case .kernel(let path, let k):
      switch path {
      case .haltClear: w.budgets.spend(\.kernelHaltClear)
      case .notOper: w.budgets.spend(\.notOper)
      case .close, .reset: w.budgets.spend(\.closes)
      }
      w.cpus[k].task = Context(kind: path.context)
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
        body(.kernel(.close, cpu: k))
        body(.kernel(.reset, cpu: k))
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

  /// Why a choice cannot be applied now, as structure, or nil when it can.
  public func blocker(_ w: World, _ choice: Choice) -> Blocker? {
    if case .hardware(let a) = choice { return hardwareBlocker(w, a).map(Blocker.channel) }
    let k: Int
    switch choice {
    case .step(let c), .request(_, let c), .kernel(_, let c), .interrupt(let c), .worker(let c):
      k = c
    case .hardware: return nil
    }
    guard w.cpus.indices.contains(k) else { return .noSuchCPU(k) }
    let cpu = w.cpus[k]
    switch choice {
    case .step:
      guard let top = cpu.top else { return .nothingRuns(cpu: k) }
      return lockBlocker(w, cpu: k, top)
    case .request(let r, _):
      if !cpu.isFree { return .cpuBusy(cpu: k) }
      if w.closed { return .deviceClosed }
      // close_device runs on the last release of the fd: no pwrite can start after it.
      if w.cpus.contains(where: { $0.task?.kind == .close }) { return .deviceClosing }
      if let t = configuration.threads {
        if k >= t { return .noQEMUThread(cpu: k, threads: t) }
        if w.budgets.thread(k) == 0 { return .threadDone(cpu: k) }
      } else if w.budgets.requests == 0 {
        return .noRequestsLeft
      }
      if configuration.qemuFilter && qemuRefuses(w, r) { return .qemuAnswersItself(r) }
      return nil
    case .kernel(let path, _):
      if !cpu.isFree { return .cpuBusy(cpu: k) }
      switch path {
      case .haltClear:
        if !revision.has(.kernelHaltClear) { return .noChpEvent(revision: revision.id) }
        return w.budgets.kernelHaltClear == 0 ? .noKernelHaltClearLeft : nil
      case .notOper:
        if !w.sch.operational { return .alreadyNotOperational }
        return w.budgets.notOper == 0 ? .noNotOperLeft : nil
      case .close, .reset:
        if !revision.has(path.context) { return .noHandler(path.context) }
        if w.budgets.closes == 0 { return .noClosesLeft }
        if w.closed { return .deviceClosed }
        // A pwrite holds a reference to the file: the last close comes after it returns. A
        // reset is an ioctl, which another QEMU thread can issue meanwhile.
        if path == .close, w.cpus.contains(where: { [.start, .halt, .clear].contains($0.task?.kind) }) {
          return .requestInFlight
        }
        return nil
      }
    case .interrupt:
      guard w.sch.status != nil else { return .noStatusPending }
      if w.sch.interruptTaken { return .interruptionTaken }
      if cpu.irq != nil { return .alreadyInInterrupt(cpu: k) }
      if w.irqsOff(cpu: k) { return .irqsOff(cpu: k) }
      if !w.sch.enabled { return .subchannelDisabled }
      return nil
    case .worker:
      if !w.work.anyPending { return .nothingQueued }
      if let r = w.work.runningOn { return .workqueueBusy(on: Int(r)) }
      if !cpu.isFree { return .cpuBusy(cpu: k) }
      return nil
    case .hardware: return nil
    }
  }

  /// The same as words (nil when enabled); with `explain: false` an empty string stands for
  /// "blocked", so callers that only test for nil build no text.
  func blocked(_ w: World, _ choice: Choice, explain x: Bool) -> String? {
    guard let b = blocker(w, choice) else { return nil }
    return x ? b.text : ""
  }

  /// QEMU answers from its virtual SCSW when the guest's instruction would not succeed.
  private func qemuRefuses(_ w: World, _ r: RequestKind) -> Bool {
    switch r {
    case .start: w.virtual.fctl != 0
    case .halt: w.virtual.fctl & (FCTL.halt | FCTL.clear) != 0
    case .clear: false
    }
  }

  /// The lock the context on top of a CPU waits for before its next step, or nil.
  public func lockBlocker(_ w: World, cpu k: Int, _ ctx: Context) -> Blocker? {
    switch revision.code.gate(ctx.kind, ctx.pc) {
    case .trylock: if w.ioMutex != 0 { return .trylockWaits(holder: Int(w.ioMutex)) }
    case .mutexLock: if w.ioMutex != 0 { return .mutexSleeps(holder: Int(w.ioMutex)) }
    case .spinLock: if w.schLock != 0 && w.schLock != UInt8(k + 1) { return .spinWaits(holder: Int(w.schLock)) }
    case .flush:
      if let r = w.work.runningOn, Int(r) != k { return .flushWaits(on: Int(r)) }
      if w.work.anyPending { return .flushWaitsQueued }
    case .cancelWork:
      if let r = w.work.runningOn, Int(r) != k, w.cpus[Int(r)].task?.kind == .ioTodo { return .cancelWaits(on: Int(r)) }
    case .none: break
    }
    return nil
  }

  /// Why the context on top of a CPU cannot take its next step, in words, or nil.
  public func blockedReason(_ w: World, cpu k: Int, _ ctx: Context, explain x: Bool = true) -> String? {
    guard let b = lockBlocker(w, cpu: k, ctx) else { return nil }
    return x ? b.text : ""
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
