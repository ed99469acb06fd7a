/// The closed vocabulary revision files are written in: the operations a step may run and the
/// conditions a branch may test. No operation names a revision's policy; what differs between
/// revisions lives in which operations a handler lists, in what order, under which conditions.
///
/// Every case here is documented, with a one-line example, in docs/revisions.md (a test keeps
/// that list and this enum in step).

/// How `spin_lock` takes sch->lock.
public enum SpinMode: String, Hashable, Sendable, CaseIterable {
  /// `spin_lock_irqsave`: interrupts off on this CPU while held.
  case irqsave
  /// `spin_lock_irq`: the same, for the model.
  case irq
  /// `spin_lock`: taken where interrupts are already off (the interrupt path).
  case plain
}

/// A boolean a step can set or clear.
public enum StepFlag: String, Hashable, Sendable, CaseIterable {
  /// `cp->started` (the seed's patch 1/3).
  case cpStarted = "cp.started"
  /// io_todo's local `cp_is_finished` (2af7a834).
  case cpIsFinished = "cp_is_finished"
}

/// A work item on the ordered vfio-ccw workqueue.
public enum WorkItem: String, Hashable, Sendable, CaseIterable {
  /// `private->io_work` → vfio_ccw_sch_io_todo.
  case ioWork = "io_work"
  /// `private->notoper_work` → vfio_ccw_notoper_todo (the 2026 fixes).
  case notoperWork = "notoper_work"
}

/// Something a branch tests.
public indirect enum Condition: Hashable, Sendable {
  /// `private->state == S`.
  case state(FSMState)
  case cpInitialized
  case cpStarted
  /// `work_pending(&private->io_work)`.
  case workPending
  /// io_todo's local `is_final` (read by `read_irb`).
  case isFinal
  /// `scsw_is_solicited(irb)` of the IRB in the slot.
  case solicited
  case cpIsFinished
  /// At least one channel program is queued (a queued-cp design).
  case cpQueued
  /// `ret` equals this value; nil means `ret != 0`.
  case ret(Int8?)
  case not(Condition)
  case all([Condition])
  case any([Condition])

  /// The condition as the files spell it, e.g. `all(is_final, state == CP_PENDING)`.
  public var text: String {
    switch self {
    case .state(let s): "state == \(s.name)"
    case .cpInitialized: "cp.initialized"
    case .cpStarted: "cp.started"
    case .workPending: "work_pending"
    case .isFinal: "is_final"
    case .solicited: "solicited"
    case .cpIsFinished: "cp_is_finished"
    case .cpQueued: "cp_queued"
    case .ret(nil): "ret != 0"
    case .ret(let v?): "ret == \(Errno.name(v))"
    case .not(let c): "!(\(c.text))"
    case .all(let cs): cs.map(\.text).joined(separator: " && ")
    case .any(let cs): "(" + cs.map(\.text).joined(separator: " || ") + ")"
    }
  }

  /// Every flag or local the condition reads (for the views: does a revision use cp.started?).
  var usesStarted: Bool {
    switch self {
    case .cpStarted: true
    case .not(let c): c.usesStarted
    case .all(let cs), .any(let cs): cs.contains(where: \.usesStarted)
    default: false
    }
  }
}

/// What one condition code of an instruction leads to.
public struct Outcomes: Hashable, Sendable {
  /// Indexed by cc 0...3. The instruction's own effect on the subchannel (actl, the program
  /// handed to the channel) happens first; these are what the driver does about it.
  public var byCC: [[Action]]

  public init(byCC: [[Action]]) { self.byCC = byCC }
}

/// One case of an FSM dispatch: the handler the jump table names, and what it does.
public struct DispatchCase: Hashable, Sendable {
  public var handler: FSMHandler
  public var actions: [Action]

  public init(handler: FSMHandler, actions: [Action]) {
    self.handler = handler
    self.actions = actions
  }
}

/// One operation of a step.
public indirect enum Action: Hashable, Sendable {
  /// The actor begins: QEMU's pwrite, the kworker (clears PENDING), the hard IRQ (the
  /// interruption is taken), sch_event (cio_update_schib fails: the device is gone).
  case enter
  case mutexTrylock
  /// `mutex_lock(&io_mutex)`: sleeps while another CPU holds it.
  case mutexLock
  case mutexUnlock
  case spinLock(SpinMode)
  case spinUnlock
  /// `private->state = S`.
  case setState(FSMState)
  /// `fsm_event(private, EVENT)`: `jumptable[state][EVENT]`, then the case for that handler.
  case dispatch(FSMEvent, [DispatchCase])
  case branch(Condition, then: [Action], else: [Action])
  /// `goto LABEL`: the next step is the one with that label (ends the step).
  case goto(String)
  /// `ret = ERRNO` (0 allowed).
  case setRet(Int8)
  case set(StepFlag)
  case clear(StepFlag)
  /// Returns from the handler: QEMU maps ret to a condition code (-EAGAIN retries), the
  /// kworker is done, the interrupt returns.
  case ret
  /// `cp_init`: builds the chains; initialized = true, started = false. Re-initialising an
  /// initialized cp leaks its chains (INIT_LIST_HEAD).
  case cpInit
  /// `cp_prefetch` as one step: -EINVAL unless initialized, else pins the guest pages.
  case cpPrefetch
  /// cp_prefetch as the kernel runs it, first half: `if (!cp->initialized) return -EINVAL;`.
  case cpPrefetchCheck
  /// Second half: walk the chain list, pinning pages and building IDALs (if the check passed).
  case cpPrefetchWalk
  /// `cp_update_scsw`: translates the IRB's cpa (a no-op unless initialized).
  case cpUpdateScsw
  /// `cp_free`: a no-op unless initialized; unpins and frees the chains (one step).
  case cpFree
  /// cp_free as the kernel runs it, first half: `if (!cp->initialized) return;`.
  case cpFreeCheck
  /// Second half: `cp->initialized = false`, then unpin and free every chain (if the check passed).
  case cpFreeChains
  /// cp_update_scsw, first half: `if (!cp->initialized) return;`.
  case cpUpdateScswCheck
  /// Second half: walk the chain list to translate the cpa (if the check passed).
  case cpUpdateScswWalk
  /// A queued-cp design: the cp just started moves to the tail of the queue.
  case cpQueue
  /// A queued-cp design: the first queued cp, if any, is removed and freed.
  case cpDequeueFree
  /// `cp_get_orb` + `ssch`; the outcome lists run after the instruction's own effect.
  case ssch(Outcomes)
  case hsch(Outcomes)
  case csch(Outcomes)
  /// `cio_cancel_halt_clear`: xsch, else hsch, else csch.
  case cancelHaltClear
  /// `cio_disable_subchannel` (MSCH): cc0 disabled; busy (status pending or a function in
  /// progress) and not operational run their outcome lists (defaults -EBUSY, -ENODEV).
  case disable(Outcomes)
  /// `cio_enable_subchannel`: the subchannel presents interruptions again.
  case enable
  /// quiesce's `private->completion = &completion` (fsm_irq completes it).
  case armCompletion
  /// `wait_for_completion_timeout(3*HZ)`: done when fsm_irq completed it, else a timeout;
  /// either way `private->completion = NULL`. Its lane may take it at any time: waiting is
  /// the scheduler not stepping it.
  case waitForCompletion
  /// fsm_irq's `if (private->completion) complete(private->completion)`.
  case complete
  /// `flush_workqueue(vfio_ccw_work_q)`: waits until nothing is queued or running.
  case flushWorkqueue
  /// `cancel_work_sync(&io_work)`: drops a queued io_work, waits for a running io_todo.
  case cancelWorkSync
  /// The device's regions go away (close_device): QEMU is done with it.
  case unregisterRegions
  /// `cio_update_schib` fails in sch_event: the subchannel is not operational any more.
  case deviceGone
  /// TEST SUBCHANNEL in do_cio_interrupt; cc != 0 ends the step (the driver is not called).
  case tsch
  /// fsm_irq's copy of the IRB into the single `private->irb` slot.
  case storeIRB
  /// `queue_work(vfio_ccw_work_q, &item)` (false while the item is pending).
  case queueWork(WorkItem)
  /// `cio_disable_subchannel`: the IRB is dropped.
  case disableSubchannel
  /// io_todo reads the slot: `is_final = !(actl & (DEVACT | SCHACT))`; cp_is_finished = false.
  case readIRB
  /// io_todo copies the IRB into io_region (what QEMU will read).
  case copyIRB
  case eventfdSignal

  /// Whether the action ends the step's execution (a jump or a return).
  var endsStep: Bool {
    switch self {
    case .goto, .ret: true
    default: false
    }
  }
}

/// The default outcomes of the instructions, as the kernel's fsm_io_helper, fsm_do_halt and
/// fsm_do_clear map condition codes (reference §2.2).
extension Outcomes {
  public static let sschDefault = Outcomes(byCC: [[], [.setRet(Errno.EBUSY)], [.setRet(Errno.EBUSY)], [.setRet(Errno.ENODEV)]])
  public static let hschDefault = sschDefault
  public static let cschDefault = Outcomes(byCC: [[], [.setRet(Errno.EBUSY)], [.setRet(Errno.EBUSY)], [.setRet(Errno.ENODEV)]])
  public static let disableDefault = sschDefault
}
