/// The larger effects of the interpreter: the instructions the driver issues, the interrupt
/// handler, io_todo's free decision, and QEMU's reading of return codes.
extension Engine {
  /// fsm_io_helper's body under sch->lock: cp_get_orb and ssch (and, in the seed, the
  /// work_pending check before them).
  func ssch(_ w: inout World, _ ctx: inout Context, cpu k: Int, setsStarted: Bool,
    _ e: inout Emitter
  ) {
    let lane = Lane.cpu(k)
    if setsStarted && w.work.pending {
      ctx.ret = Errno.EBUSY
      e.step(lane, "work_pending(&io_work) is true: ret = -EBUSY, no ssch")
      return
    }
    guard w.cp.initialized else {
      ctx.ret = Errno.EIO
      e.step(lane, "cp_get_orb: cp not initialized → NULL: ret = -EIO")
      return
    }
    let cc = w.sch.ssch()
    switch cc {
    case 0:
      w.cp.memory = .channel
      w.sch.program = .live
      if setsStarted {
        w.cp.started = true
        e.step(lane, "ssch → cc0: actl |= START_PEND; cp.started = true")
      } else {
        setState(&w, .cpPending, by: lane, &e)
        e.step(lane, "ssch → cc0: actl |= START_PEND; state = CP_PENDING")
      }
    case 1, 2:
      ctx.ret = Errno.EBUSY
      let why = cc == 1 ? "status pending" : "function in progress"
      e.step(lane, "ssch → cc\(cc) (\(why)): ret = -EBUSY")
    default:
      ctx.ret = Errno.ENODEV
      e.step(lane, "ssch → cc3 (not operational): ret = -ENODEV")
    }
  }

  /// The write handler returns: QEMU maps the errno to a condition code for the guest.
  func requestReturns(_ w: inout World, _ ctx: Context, lane: Lane, _ e: inout Emitter) -> Flow {
    let what = ctx.kind == .start ? "START" : ctx.kind == .halt ? "HALT" : "CLEAR"
    if ctx.ret == Errno.EAGAIN {
      e.step(lane, "mutex_unlock; returns -EAGAIN: QEMU retries the \(what)")
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
    let result = ctx.ret == 0 ? "count" : Errno.name(ctx.ret)
    e.step(lane, "mutex_unlock; returns \(result): QEMU gives the guest's \(what) \(guest)")
    return .finish
  }

  /// fsm_do_halt / fsm_do_clear's instruction.
  func asyncInstruction(_ w: inout World, _ ctx: inout Context, cpu k: Int, _ e: inout Emitter) {
    let lane = Lane.cpu(k)
    if ctx.kind == .halt {
      let cc = w.sch.hsch()
      ctx.ret = cc == 0 ? 0 : cc == 3 ? Errno.ENODEV : Errno.EBUSY
      e.step(lane, "hsch → cc\(cc)" + (cc == 0 ? ": actl |= HALT_PEND" : ": ret = \(Errno.name(ctx.ret))"))
    } else {
      let hadStatus = w.sch.status != nil
      let cc = w.sch.csch()
      ctx.ret = cc == 0 ? 0 : Errno.ENODEV
      e.step(lane, "csch → cc\(cc)" + (cc == 0 ? ": actl = CLEAR_PEND" : ": ret = -ENODEV"))
      if hadStatus && cc == 0 { e.note(lane, "csch discarded the pending status") }
    }
  }

  /// TSCH in do_cio_interrupt, then vfio_ccw_sch_irq → fsm_event(INTERRUPT).
  func tschAndFsmIrq(_ w: inout World, _ ctx: inout Context, cpu k: Int, _ e: inout Emitter) {
    let lane = Lane.cpu(k)
    let (cc, stored) = w.sch.tsch()
    guard cc == 0, let irb = stored else {
      let why = cc == 3 ? "not operational" : "no status (a CSCH discarded it)"
      e.step(lane, "tsch → cc\(cc): \(why); the driver is not called")
      return
    }
    let h = revision.jumpTable.handler(w.state, .interrupt)
    guard h == .irq else {
      e.step(lane, "tsch → \(irb.kind.name) IRB; \(h.name): cio_disable_subchannel, IRB dropped")
      return
    }
    if let old = w.irb, !old.consumed {
      e.hazard(
        &w, .lostStatus, [lane],
        "\(lane.name)'s fsm_irq overwrote the single irb slot while the \(old.irb.kind.name) "
          + "IRB was still waiting for io_todo: that status is lost, and io_todo will act on the "
          + "\(irb.kind.name) IRB instead")
    }
    w.irb = IRBSlot(irb: irb, consumed: false)
    if w.work.pending {
      e.step(lane, "tsch → \(irb.kind.name) IRB; fsm_irq: irb stored; queue_work → false")
      e.note(lane, "queue_work found io_work already pending: nothing queued")
    } else {
      w.work.pending = true
      e.step(lane, "tsch → \(irb.kind.name) IRB; fsm_irq: irb stored; queue_work → true")
    }
  }

  /// io_todo's solicited branch: cp_update_scsw and the revision's cp_free condition.
  func todoMaybeFree(_ w: inout World, _ ctx: inout Context, _ op: Op, lane: Lane,
    _ e: inout Emitter
  ) {
    guard let irb = w.irb?.irb, irb.isSolicited else {
      e.step(lane, "unsolicited IRB: no cp_update_scsw, no cp_free")
      return
    }
    if !w.cp.initialized {
      e.note(lane, "cp_update_scsw: cp not initialized, the cpa is not translated")
    }
    let free: Bool
    let why: String
    switch op {
    case .todoFreeIfFinal:
      free = ctx.isFinal
      why = "is_final"
    case .todoFreeIfFinalStarted:
      free = ctx.isFinal && w.cp.started
      why = "is_final && cp.started"
    default:
      free = ctx.isFinal && w.state == .cpPending
      why = "is_final && state == CP_PENDING (state is \(w.state.name))"
    }
    if free {
      e.step(lane, "solicited; \(why): cp_free(cp)")
      cpFree(&w, by: lane, &e)
      if op == .todoFreeIfPendingFinish { ctx.cpIsFinished = true }
    } else {
      e.step(lane, "solicited; not (\(why)): no cp_free")
    }
  }

  /// cio_cancel_halt_clear: xsch, then hsch, then csch (cio.c), one call.
  func cancelHaltClear(_ w: inout World, lane: Lane, _ e: inout Emitter) {
    var s = w.sch
    defer { w.sch = s }
    guard s.operational else {
      e.step(lane, "cio_cancel_halt_clear: not operational, nothing to do")
      return
    }
    if s.actl & (ACTL.haltPend | ACTL.clearPend) == 0 {
      // Stage 1: xsch cancels a start that has not begun; cc1 when status is pending.
      if s.status != nil {
        e.step(lane, "xsch → cc1 (status pending): -EBUSY, wait for the interrupt")
        return
      }
      if s.fctl == FCTL.start && s.actl & ACTL.startPend != 0
        && s.actl & (ACTL.schAct | ACTL.devAct) == 0
      {
        s.fctl = 0
        s.actl = 0
        s.program = .none
        e.step(lane, "xsch → cc0: the pending START is cancelled, no interrupt will come")
        return
      }
      // Stage 2: halt.
      let cc = s.hsch()
      if cc == 0 {
        e.step(lane, "xsch not applicable; hsch → cc0: actl |= HALT_PEND")
        return
      }
      if cc == 3 { return }
    }
    // Stage 3: clear.
    let cc = s.csch()
    e.step(lane, "hsch busy; csch → cc\(cc): actl = CLEAR_PEND")
  }
}
