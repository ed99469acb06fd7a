/// The effects behind the operations: what the driver's calls and the instructions do to the
/// world, and the hazards they can cause. Revisions choose which of these run and when; the
/// effects themselves are the kernel's and the hardware's, the same for every revision.
extension Engine {
  /// The most channel programs a queued-cp design keeps.
  static let maxQueued: UInt8 = 3

  /// io_todo reaches QEMU's region after close unregistered it (v6.0's close_device does not
  /// cancel io_work).
  func afterClose(_ w: inout World, lane: Lane, _ e: inout Emitter) {
    e.hazard(
      &w, .afterClose, [lane],
      "\(lane.name)'s io_todo copies an IRB into the io_region after close_device unregistered "
        + "the regions: the write goes to memory the device no longer owns, and QEMU, gone, is "
        + "never told")
  }

  /// Writes the FSM state; a write over NOT_OPER by a path that never looked is race R7
  /// (NOT_OPER because the device is gone; quiesce's own NOT_OPER on reset is meant to be
  /// overwritten).
  func setState(_ w: inout World, _ s: FSMState, by lane: Lane, _ e: inout Emitter) {
    if w.state == .notOper && s != .notOper && !w.sch.operational {
      e.hazard(
        &w, .notOperLost, [lane],
        "\(lane.name) set state = \(s.name) over NOT_OPER: the device is gone and its "
          + "unregistration is scheduled, but the FSM no longer says so")
    }
    w.state = s
  }

  func cpInit(_ w: inout World, cpu k: Int, _ e: inout Emitter) {
    let lane = Lane.cpu(k)
    if w.cp.initialized {
      e.hazard(
        &w, .cpLeak, [lane],
        "\(lane.name)'s cp_init re-initialised a channel program that was still initialized: "
          + "INIT_LIST_HEAD forgets its chains, and their memory and pinned pages leak")
      if w.sch.program == .live && w.cp.memory == .channel { w.sch.program = .leaked }
    }
    w.cp.initialized = true
    w.cp.started = false
    w.cp.memory = .building
    w.cp.builder = UInt8(k + 1)
    e.step(lane, .cpInitialized(builder: k))
  }

  /// cp_free: a no-op unless initialized; frees what the channel or another START still uses.
  func cpFree(_ w: inout World, by lane: Lane, _ e: inout Emitter) {
    guard w.cp.initialized else {
      e.step(lane, .cpFreed(freed: false))
      return
    }
    // A cp_prefetch or cp_update_scsw that passed its own check is walking the list being
    // freed. (A START that has not passed cp_prefetch's check yet gets -EINVAL, one between
    // the walk and cp_get_orb gets -EIO: the kernel's `initialized` checks catch those.)
    for j in w.cpus.indices where Lane.cpu(j) != lane {
      if let walker = w.cpus[j].task, walker.walking { walkerFreed(&w, walker.kind, on: j, by: lane, &e) }
      if let walker = w.cpus[j].irq, walker.walking { walkerFreed(&w, walker.kind, on: j, by: lane, &e) }
    }
    // Once cio_update_schib has failed the subchannel is gone: the channel subsystem no longer
    // runs the program, so freeing it is not a use-after-free.
    if w.sch.program == .live && w.cp.memory == .channel && w.sch.operational {
      runningProgramFreed(&w, by: lane, &e)
    }
    let queued = w.cp.queued
    w.cp = ChannelProgram()
    w.cp.queued = queued
    e.step(lane, .cpFreed(freed: true))
  }

  /// cp_free's second half, after its check passed: clears `initialized` and frees the chains.
  /// When another caller cleared it since the check, both free the same chains.
  func cpFreeChains(_ w: inout World, cpu k: Int, _ e: inout Emitter) {
    let lane = Lane.cpu(k)
    if !w.cp.initialized {
      e.hazard(
        &w, .doubleFree, [lane],
        "\(lane.name)'s cp_free and another one both passed the initialized check: their walks of the "
          + "chain list, each unpinning and freeing every chain, can overlap, and a chain is freed twice")
      e.step(lane, .cpFreed(freed: true))
      return
    }
    cpFree(&w, by: lane, &e)
  }

  private func walkerFreed(_ w: inout World, _ kind: ContextKind, on j: Int, by lane: Lane, _ e: inout Emitter) {
    let other = Lane.cpu(j)
    let what = kind == .start
      ? "\(other.name)'s cp_prefetch walks them (its check passed, its walk not done): it pins guest pages into freed chains"
      : "\(other.name)'s cp_update_scsw walks them (its check passed, its walk not done): it follows list pointers through freed memory"
    e.hazard(&w, .useAfterFree, [lane, other], "\(lane.name) freed the channel program's chains while " + what)
  }

  private func runningProgramFreed(_ w: inout World, by lane: Lane, _ e: inout Emitter) {
    e.hazard(
      &w, .useAfterFree, [lane, .css],
      "\(lane.name) ran cp_free() while the channel subsystem was still running the START "
        + "it had accepted with cc0: the channel fetches CCWs and moves data through freed, "
        + "unpinned memory")
    w.sch.program = .freed
  }

  /// A queued-cp design: the cp the channel was just handed joins the tail of the queue, and
  /// the next START builds a new one.
  func cpQueue(_ w: inout World, by lane: Lane, _ e: inout Emitter) {
    guard w.cp.initialized else {
      e.step(lane, .cpQueued(count: Int(w.cp.queued)))
      return
    }
    if w.cp.queued == Engine.maxQueued {
      // The oldest entry falls off: its memory is never freed.
      e.hazard(&w, .cpLeak, [lane], "the queue of channel programs is full (\(Engine.maxQueued)): the oldest queued cp is never freed")
    } else {
      w.cp.queued += 1
    }
    let queued = w.cp.queued
    w.cp = ChannelProgram()
    w.cp.queued = queued
    e.step(lane, .cpQueued(count: Int(queued)))
  }

  /// A queued-cp design: removes and frees the first queued cp. The channel runs the newest
  /// (the tail); the head is the running program only when it is the only one queued.
  func cpDequeueFree(_ w: inout World, by lane: Lane, _ e: inout Emitter) {
    guard w.cp.queued > 0 else {
      e.note(lane, .cpDequeued(freed: false, remaining: 0))
      return
    }
    if w.cp.queued == 1 && w.sch.program == .live && w.cp.memory != .channel && w.sch.operational {
      runningProgramFreed(&w, by: lane, &e)
    }
    w.cp.queued -= 1
    e.step(lane, .cpDequeued(freed: true, remaining: Int(w.cp.queued)))
  }

  /// ssch (after cp_get_orb), hsch or csch: the instruction's own effect; the condition code,
  /// or nil when no instruction was issued (no initialized cp for the ORB).
  func instruction(
    _ ins: Instruction, _ w: inout World, _ ctx: inout Context, cpu k: Int, _ e: inout Emitter
  ) -> UInt8? {
    let lane = Lane.cpu(k)
    switch ins {
    case .ssch:
      guard w.cp.initialized else {
        ctx.ret = Errno.EIO
        e.step(lane, .noORB)
        return nil
      }
      let cc = w.sch.ssch()
      if cc == 0 {
        w.cp.memory = .channel
        w.sch.program = .live
      }
      e.step(lane, .instruction(.ssch, cc: cc))
      return cc
    case .hsch:
      let cc = w.sch.hsch()
      e.step(lane, .instruction(.hsch, cc: cc))
      return cc
    case .csch:
      let hadStatus = w.sch.status != nil
      let cc = w.sch.csch()
      e.step(lane, .instruction(.csch, cc: cc))
      if hadStatus && cc == 0 { e.note(lane, .statusDiscarded) }
      return cc
    case .msch:
      // cio_disable_subchannel: MSCH clearing the enabled bit; -EBUSY with status pending
      // (cc1) or a function in progress (cc2).
      let cc: UInt8 = !w.sch.operational ? 3 : w.sch.status != nil ? 1 : w.sch.fctl != 0 ? 2 : 0
      if cc == 0 { w.sch.enabled = false }
      e.step(lane, .instruction(.msch, cc: cc))
      return cc
    case .xsch, .tsch:
      return nil
    }
  }

  /// The write handler returns: QEMU maps the errno to a condition code for the guest.
  func requestReturns(_ w: inout World, _ ctx: Context, lane: Lane, _ e: inout Emitter) -> Flow {
    let request: RequestKind = ctx.kind == .start ? .start : ctx.kind == .halt ? .halt : .clear
    if ctx.ret == Errno.EAGAIN {
      e.step(lane, .retried(request))
      return .restart
    }
    let guest: String
    switch ctx.ret {
    case 0:
      guest = "cc0"
      switch ctx.kind {
      case .start: w.virtual.fctl = FCTL.start
      case .halt: w.virtual.fctl |= FCTL.halt
      default: w.virtual.fctl = FCTL.clear
      }
    case Errno.EBUSY: guest = "cc2"
    case Errno.ENODEV, Errno.EACCES: guest = "cc3"
    default: guest = "cc0 with a unit exception"
    }
    e.step(lane, .returnedToQEMU(request, ret: ctx.ret, guestCC: guest))
    return .finish
  }

  /// fsm_irq's copy into the single irb slot: overwriting an IRB io_todo has not copied out
  /// yet loses that status.
  func storeIRB(_ w: inout World, _ irb: IRB, lane: Lane, _ e: inout Emitter) {
    if let old = w.irb, !old.consumed {
      // Two IRBs of the same kind: say which one is lost (the earlier) and which stays. The
      // sentence is built only when recorded: the explorer passes here millions of times.
      func sentence() -> String {
        let same = old.irb.kind == irb.kind
        let lost = same ? "earlier \(old.irb.kind.name) IRB" : "\(old.irb.kind.name) IRB"
        let kept = same ? "the second \(irb.kind.name) IRB that replaced it" : "the \(irb.kind.name) IRB instead"
        return "\(lane.name)'s fsm_irq overwrote the single irb slot while the \(lost) "
          + "was still waiting for io_todo: that status is lost, and io_todo will act on " + kept
      }
      e.hazard(&w, .lostStatus, [lane], sentence())
    }
    w.irb = IRBSlot(irb: irb, consumed: false)
    e.step(lane, .irbStored(irb.kind))
  }

  /// cio_cancel_halt_clear: xsch, then hsch, then csch (cio.c), one call.
  func cancelHaltClear(_ w: inout World, lane: Lane, _ e: inout Emitter) {
    var s = w.sch
    defer { w.sch = s }
    guard s.operational else {
      e.step(lane, .cancelNotOperational)
      return
    }
    if s.actl & (ACTL.haltPend | ACTL.clearPend) == 0 {
      // Stage 1: xsch cancels a start that has not begun; cc1 when status is pending.
      if s.status != nil {
        e.step(lane, .instruction(.xsch, cc: 1))
        return
      }
      if s.fctl == FCTL.start && s.actl & ACTL.startPend != 0
        && s.actl & (ACTL.schAct | ACTL.devAct) == 0
      {
        s.fctl = 0
        s.actl = 0
        s.program = .none
        e.step(lane, .instruction(.xsch, cc: 0))
        return
      }
      // Stage 2: halt.
      e.step(lane, .instruction(.xsch, cc: 2))
      let cc = s.hsch()
      e.step(lane, .instruction(.hsch, cc: cc))
      if cc == 0 || cc == 3 { return }
    }
    // Stage 3: clear.
    let cc = s.csch()
    e.step(lane, .instruction(.csch, cc: cc))
  }
}
