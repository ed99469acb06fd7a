/// An instruction the driver (or cio) issues to the subchannel.
public enum Instruction: String, Hashable, Sendable {
  case ssch, hsch, csch, xsch, tsch
  /// MODIFY SUBCHANNEL, as cio_disable_subchannel issues it.
  case msch
}

/// What a step did, as structure. The engine emits these; `text` is the one place that turns
/// them into the words users read, so views, exports, `check` and tests use the structure and
/// never parse prose.
public enum Fact: Hashable, Sendable {
  /// A context starts running its handler (`over`: the task a hard IRQ interrupted).
  case entered(ContextKind, over: ContextKind?)
  /// `mutex_trylock` (true) or `mutex_lock` (false) took io_mutex.
  case mutexTaken(trylock: Bool)
  case mutexReleased
  /// sch->lock taken; `irqsOff` names the CPU whose interrupts are now off.
  case spinTaken(SpinMode, cpu: Int)
  case spinReleased
  /// `jumptable[state][event]` named this handler; `ret` is what a refusing handler returned.
  case dispatched(FSMState, FSMEvent, FSMHandler)
  case branch(Condition, taken: Bool)
  case stateSet(FSMState)
  case retSet(Int8)
  case flagSet(StepFlag, Bool)
  case jumped(String)
  /// The write handler returned to QEMU: `ret`, and the condition code QEMU gives the guest.
  case returnedToQEMU(RequestKind, ret: Int8, guestCC: String)
  /// -EAGAIN: QEMU issues the same request again.
  case retried(RequestKind)
  case returned(ContextKind)
  case cpInitialized(builder: Int)
  /// cp_prefetch walked the chains (false: they were freed under it).
  case cpPrefetched(intact: Bool)
  /// cp_prefetch's `initialized` check (false: -EINVAL, nothing walked).
  case cpPrefetchChecked(passed: Bool)
  case cpUpdateScsw(translated: Bool)
  /// cp_free: `freed` false when the cp was not initialized (a no-op).
  case cpFreed(freed: Bool)
  /// cp_free's or cp_update_scsw's `initialized` check.
  case cpFreeChecked(passed: Bool)
  case cpWalkChecked(passed: Bool)
  /// cp_update_scsw walked the chains (false: its check had failed, nothing walked).
  case cpWalked(Bool)
  case cpQueued(count: Int)
  case cpDequeued(freed: Bool, remaining: Int)
  /// An instruction and its condition code; `cc0` effects are in the instruction's name.
  case instruction(Instruction, cc: UInt8)
  /// cp_get_orb found no initialized cp: no instruction issued.
  case noORB
  /// cio_cancel_halt_clear: nothing to do on a subchannel that is not operational.
  case cancelNotOperational
  /// TSCH stored this IRB (nil when cc != 0).
  case tschStored(StatusKind?, cc: UInt8)
  case irbStored(StatusKind)
  case queueWork(queued: Bool)
  case notoperWorkQueued(queued: Bool)
  case subchannelDisabled
  case irbRead(StatusKind?, isFinal: Bool)
  case irbCopied(StatusKind?)
  case eventfdSignalled(StatusKind?)
  case deviceGone
  /// The pending status a CSCH discarded.
  case statusDiscarded
  /// A channel-subsystem action; `freed`: the program it runs was freed; `active`: a halt
  /// found the START running.
  case channel(HardwareAction, freed: Bool, active: Bool)
  case subchannelEnabled
  case completionArmed
  /// quiesce's wait ended: fsm_irq completed it (true), or the 3 s timeout (false).
  case completionWaited(completed: Bool)
  case completed
  case workqueueFlushed
  /// cancel_work_sync: a queued io_work was dropped (true) or there was none (false).
  case workCancelled(dropped: Bool)
  case regionsUnregistered
  /// A choice that was not possible (lenient replays keep these as remarks).
  case refused(Choice, String)

  /// The words users read.
  public var text: String {
    switch self {
    case .entered(let kind, let over):
      switch kind {
      case .start: return "QEMU START: pwrite(io_region) → vfio_ccw_mdev_write_io_region"
      case .halt, .clear: return "QEMU \(kind == .halt ? "HALT" : "CLEAR"): pwrite(async_cmd_region)"
      case .ioTodo: return "kworker: clears PENDING, runs vfio_ccw_sch_io_todo"
      case .irq: return "I/O interrupt → do_cio_interrupt (hard IRQ\(over.map { " over \($0.title)" } ?? ""))"
      case .kernelHaltClear: return "kernel: chp_event(CHP_VARY_OFF), a path in use goes away"
      case .notOper: return "css: vfio_ccw_sch_event"
      case .notOperWork: return "kworker: clears PENDING, runs vfio_ccw_notoper_todo"
      case .close: return "QEMU closes the device fd"
      case .reset: return "QEMU: ioctl(VFIO_DEVICE_RESET)"
      }
    case .mutexTaken(let trylock): return trylock ? "mutex_trylock(&io_mutex): taken" : "mutex_lock(&io_mutex): taken"
    case .mutexReleased: return "mutex_unlock(&io_mutex)"
    case .spinTaken(let mode, let cpu):
      switch mode {
      case .plain: return "spin_lock(sch->lock): taken"
      case .irq: return "spin_lock_irq(sch->lock): taken, irqs off on CPU\(cpu + 1)"
      case .irqsave: return "spin_lock_irqsave(sch->lock): taken, irqs off on CPU\(cpu + 1)"
      }
    case .spinReleased: return "spin_unlock(sch->lock), irqs back on"
    case .dispatched(let s, let e, let h): return "jumptable[\(s.name)][\(e.name)] = \(h.name)"
    case .branch(let c, let taken): return "if (\(c.text)) → \(taken ? "true" : "false")"
    case .stateSet(let s): return "state = \(s.name)"
    case .retSet(let r): return "ret = \(Errno.name(r))"
    case .flagSet(let f, let v): return "\(f.rawValue) = \(v)"
    case .jumped(let label): return "goto \(label)"
    case .returnedToQEMU(let r, let ret, let cc):
      return "returns \(ret == 0 ? "count" : Errno.name(ret)): QEMU gives the guest's \(r.name) \(cc)"
    case .retried(let r): return "returns -EAGAIN: QEMU retries the \(r.name)"
    case .returned(let kind):
      switch kind {
      case .irq: return "return from interrupt"
      case .ioTodo: return "io_todo returns"
      default: return "returns"
      }
    case .cpInitialized: return "cp_init: chains built, initialized = true"
    case .cpPrefetched(let intact):
      return intact
        ? "cp_prefetch: walk done: guest pages pinned, IDALs built"
        : "cp_prefetch: its walk ran over chains freed during it (list corruption)"
    case .cpPrefetchChecked(let passed):
      return passed ? "cp_prefetch: cp->initialized is set: walks the chains" : "cp_prefetch: cp not initialized: return -EINVAL"
    case .cpUpdateScsw(let translated):
      return translated ? "cp_update_scsw: cpa translated" : "cp_update_scsw: cp not initialized, the cpa is not translated"
    case .cpFreed(let freed):
      return freed ? "cp_free: chains unpinned and freed, initialized = false" : "cp_free: cp not initialized, nothing to free"
    case .cpFreeChecked(let passed):
      return passed ? "cp_free: cp->initialized is set: go on" : "cp_free: cp not initialized: return"
    case .cpWalkChecked(let passed):
      return passed ? "cp_update_scsw: cp->initialized is set: walks the chains" : "cp_update_scsw: cp not initialized: return"
    case .cpWalked(let walked): return walked ? "cp_update_scsw: walk done, cpa translated" : "cp_update_scsw: nothing to walk"
    case .cpQueued(let n): return "cp queued after cc0 (\(n) queued)"
    case .cpDequeued(let freed, let n):
      return freed ? "first queued cp removed and freed (\(n) left)" : "no cp queued: nothing removed"
    case .instruction(let i, let cc):
      guard cc == 0 else {
        let why: String
        switch (i, cc) {
        case (_, 3): why = "not operational"
        case (.ssch, 1), (.hsch, 1), (.xsch, 1): why = "status pending"
        default: why = "function in progress"
        }
        return "\(i.rawValue) → cc\(cc) (\(why))"
      }
      switch i {
      case .ssch: return "ssch → cc0: actl |= START_PEND"
      case .hsch: return "hsch → cc0: actl |= HALT_PEND"
      case .csch: return "csch → cc0: actl = CLEAR_PEND"
      case .xsch: return "xsch → cc0: the pending START is cancelled, no interrupt will come"
      case .tsch: return "tsch → cc0"
      case .msch: return "cio_disable_subchannel: msch → cc0, the subchannel is disabled"
      }
    case .noORB: return "cp_get_orb: cp not initialized → NULL: ret = -EIO"
    case .cancelNotOperational: return "cio_cancel_halt_clear: not operational, nothing to do"
    case .tschStored(let kind, let cc):
      if let kind { return "tsch → \(kind.name) IRB" }
      return "tsch → cc\(cc): \(cc == 3 ? "not operational" : "no status (a CSCH discarded it)"); the driver is not called"
    case .irbStored(let kind): return "fsm_irq: private->irb = \(kind.name) IRB"
    case .queueWork(let queued): return "queue_work → \(queued)"
    case .notoperWorkQueued(let queued): return "queue_work(notoper_work) → \(queued)"
    case .subchannelDisabled: return "cio_disable_subchannel, IRB dropped"
    case .irbRead(let kind, let fin): return "reads the \(kind?.name ?? "empty") IRB: is_final = \(fin)"
    case .irbCopied(let kind): return "copies the \(kind?.name ?? "empty") IRB to io_region"
    case .eventfdSignalled(let kind): return "eventfd_signal: QEMU reads the \(kind?.name ?? "empty") IRB"
    case .deviceGone: return "cio_update_schib() fails: the device is gone"
    case .statusDiscarded: return "csch discarded the pending status"
    case .channel(let a, let freed, let active):
      switch a {
      case .startBegins:
        return freed ? "START runs: the channel fetches CCWs from FREED memory" : "START runs: the channel fetches the CCWs (SCHACT|DEVACT)"
      case .intermediate: return "PCI: intermediate status pending, the START goes on"
      case .startEnds:
        return freed
          ? "START ends; its data went into FREED memory: final status pending"
          : "START ends (channel end + device end): final status pending"
      case .deferredCC: return "the START cannot begin: alert status with deferred cc1 pending"
      case .haltEnds: return "halt function done\(active ? ", the START halted" : ""): status pending"
      case .clearEnds: return "clear function done: status pending"
      case .unsolicited: return "the device presents attention: unsolicited status pending"
      }
    case .subchannelEnabled: return "cio_enable_subchannel: the subchannel is enabled"
    case .completionArmed: return "private->completion = &completion"
    case .completionWaited(let done):
      return done ? "wait_for_completion_timeout: completed by fsm_irq" : "wait_for_completion_timeout: timed out after 3 s"
    case .completed: return "complete(private->completion)"
    case .workqueueFlushed: return "flush_workqueue: nothing queued or running"
    case .workCancelled(let dropped): return dropped ? "cancel_work_sync: the queued io_work is dropped" : "cancel_work_sync: nothing queued"
    case .regionsUnregistered: return "the device's regions are unregistered: closed"
    case .refused(let c, let why): return "\(c) is not possible now: \(why)"
    }
  }

  /// A remark beside the step rather than part of what it did (shown as a note).
  public var isNote: Bool {
    switch self {
    case .queueWork(false), .notoperWorkQueued(false), .statusDiscarded, .refused, .cpFreed(false), .cpUpdateScsw: true
    default: false
    }
  }
}
