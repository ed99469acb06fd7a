/// The effect of every `Op`: one atomic step of one context on one CPU.
extension Engine {
  /// Where a context goes after a step.
  enum Flow {
    case next
    case jump(Label)
    case finish
    /// QEMU got -EAGAIN and issues the same pwrite again.
    case restart
  }

  func runStep(_ w: inout World, cpu k: Int, _ e: inout Emitter) {
    let inIRQ = w.cpus[k].irq != nil
    guard var ctx = inIRQ ? w.cpus[k].irq : w.cpus[k].task else { return }
    let op = revision.op(of: ctx)
    let lane = Lane.cpu(k)
    let me = UInt8(k + 1)
    var flow = Flow.next

    switch op {
    // MARK: START
    case .writeEnter:
      e.step(lane, "QEMU START: pwrite(io_region) → vfio_ccw_mdev_write_io_region")
    case .writeTrylock, .asyncTrylock:
      w.ioMutex = me
      e.step(lane, "mutex_trylock(&io_mutex): taken")
    case .writeDispatch:
      let h = revision.jumpTable.handler(w.state, .ioReq)
      switch h {
      case .ioRequest: break
      case .ioRetry: ctx.ret = Errno.EAGAIN
      case .ioBusy: ctx.ret = Errno.EBUSY
      default: ctx.ret = Errno.EIO
      }
      if h != .ioRequest { flow = .jump(.dispatchFailed) }
      e.step(lane, dispatchText(w.state, .ioReq, h, ctx.ret))
    case .requestStartedCheck:
      if w.cp.started {
        ctx.ret = Errno.EBUSY
        flow = .jump(.errOut)
        e.step(lane, "cp.started is set: ret = -EBUSY, goto err_out")
      } else {
        e.step(lane, "cp.started is clear: go on")
      }
    case .requestProcessing:
      setState(&w, .cpProcessing, by: lane, &e)
      e.step(lane, "fsm_io_request: state = CP_PROCESSING")
    case .cpInitUnguarded:
      cpInit(&w, cpu: k, &e)
    case .cpInitGuarded:
      if w.cp.initialized {
        ctx.ret = Errno.EBUSY
        flow = .jump(.errOut)
        e.step(lane, "cp_init: cp->initialized is set → -EBUSY, goto err_out")
      } else {
        cpInit(&w, cpu: k, &e)
      }
    case .cpPrefetch:
      if w.cp.memory == .building && w.cp.builder == me {
        e.step(lane, "cp_prefetch: pins the guest pages, builds the IDALs")
      } else {
        e.step(lane, "cp_prefetch: fills chains that were freed under it (list corruption)")
      }
    case .helperLock, .asyncLock, .kernelLock, .notOperLock:
      w.schLock = me
      e.step(lane, "\(lockVerb(op))(sch->lock): taken, irqs off on \(lane.name)")
    case .irqLock:
      w.schLock = me
      e.step(lane, "spin_lock(sch->lock): taken")
    case .helperSschSetsPending, .helperWorkPendingSschSetsStarted:
      ssch(&w, &ctx, cpu: k, setsStarted: op == .helperWorkPendingSschSetsStarted, &e)
    case .helperUnlock, .asyncUnlock, .kernelUnlock, .notOperUnlock:
      w.schLock = 0
      e.step(lane, "spin_unlock(sch->lock), irqs back on")
    case .requestHelperResult, .requestHelperResultIdle:
      if ctx.ret != 0 {
        e.step(lane, "fsm_io_helper returned \(Errno.name(ctx.ret)): cp_free(cp), goto err_out")
        cpFree(&w, by: lane, &e)
        flow = .jump(.errOut)
      } else if op == .requestHelperResultIdle {
        setState(&w, .idle, by: lane, &e)
        e.step(lane, "ssch accepted: state = IDLE (no CP_PENDING in the seed)")
        flow = .jump(.ret)
      } else {
        e.step(lane, "fsm_io_helper returned 0: fsm_io_request returns")
        flow = .jump(.ret)
      }
    case .requestErrIdle:
      setState(&w, .idle, by: lane, &e)
      e.step(lane, "err_out: state = IDLE")
    case .writeResetIdleOnError:
      if ctx.ret != 0 {
        setState(&w, .idle, by: lane, &e)
        e.step(lane, "ret_code \(Errno.name(ctx.ret)) != 0: state = IDLE (ops.c)")
      } else {
        e.step(lane, "ret_code is 0: state left as is")
      }
    case .writeReturn, .asyncReturn:
      w.ioMutex = 0
      flow = requestReturns(&w, ctx, lane: lane, &e)

    // MARK: HALT / CLEAR
    case .asyncEnter:
      e.step(lane, "QEMU \(ctx.kind == .halt ? "HALT" : "CLEAR"): pwrite(async_cmd_region)")
    case .asyncDispatch:
      let h = revision.jumpTable.handler(w.state, .asyncReq)
      switch h {
      case .asyncRequest: break
      case .asyncRetry: ctx.ret = Errno.EAGAIN
      default: ctx.ret = Errno.EIO
      }
      if h != .asyncRequest { flow = .jump(.dispatchFailed) }
      e.step(lane, dispatchText(w.state, .asyncReq, h, ctx.ret))
    case .asyncInstruction:
      asyncInstruction(&w, &ctx, cpu: k, &e)

    // MARK: Interrupt
    case .irqEnter:
      w.sch.interruptTaken = true
      let over = w.cpus[k].task.map { " over \($0.kind.title)" } ?? ""
      e.step(lane, "I/O interrupt → do_cio_interrupt (hard IRQ\(over))")
    case .irqTschFsmIrq:
      tschAndFsmIrq(&w, &ctx, cpu: k, &e)
    case .irqUnlock:
      w.schLock = 0
      flow = .finish
      e.step(lane, "spin_unlock(sch->lock); return from interrupt")

    // MARK: io_todo
    case .todoEnter:
      w.work.pending = false
      w.work.runningOn = UInt8(k)
      e.step(lane, "kworker: clears PENDING, runs vfio_ccw_sch_io_todo")
    case .todoFinal:
      let irb = w.irb?.irb
      ctx.isFinal = irb?.isFinal ?? false
      ctx.cpIsFinished = false
      e.step(lane, "reads the \(irb?.kind.name ?? "empty") IRB: is_final = \(ctx.isFinal)")
    case .todoFreeIfFinal, .todoFreeIfFinalPending, .todoFreeIfFinalStarted,
      .todoFreeIfPendingFinish:
      todoMaybeFree(&w, &ctx, op, lane: lane, &e)
    case .todoLock:
      w.ioMutex = me
      e.step(lane, "mutex_lock(&io_mutex): taken")
    case .todoCopyUnlock:
      w.irb?.consumed = true
      ctx.deliveredFinal = w.irb?.irb.isFinal ?? false
      w.ioMutex = 0
      e.step(lane, "copies the \(w.irb?.irb.kind.name ?? "empty") IRB to io_region; mutex_unlock")
    case .todoIdleIfFinal:
      if ctx.isFinal {
        setState(&w, .idle, by: lane, &e)
        e.step(lane, "is_final: state = IDLE")
      } else {
        e.step(lane, "not final: state left \(w.state.name)")
      }
    case .todoIdleIfFinished:
      if ctx.cpIsFinished {
        setState(&w, .idle, by: lane, &e)
        e.step(lane, "cp_is_finished: state = IDLE")
      } else {
        e.step(lane, "cp_is_finished is false: state left \(w.state.name)")
      }
    case .todoEventfd:
      if ctx.deliveredFinal { w.virtual.fctl = 0 }
      w.work.runningOn = nil
      flow = .finish
      e.step(lane, "eventfd_signal: QEMU reads the \(w.irb?.irb.kind.name ?? "empty") IRB")

    // MARK: Kernel-internal
    case .kernelEnter:
      e.step(lane, "kernel: chp_event(CHP_VARY_OFF), a path in use goes away")
    case .kernelCancelHaltClear:
      cancelHaltClear(&w, lane: lane, &e)
    case .notOperEnter:
      w.sch.operational = false
      e.step(lane, "css: sch_event, cio_update_schib() fails: the device is gone")
    case .notOperDispatch, .notOperDispatchFree:
      let h = revision.jumpTable.handler(w.state, .notOper)
      if h == .notoper {
        w.state = .notOper
        e.step(lane, "fsm_notoper: unregistration scheduled; state = NOT_OPER")
        if op == .notOperDispatchFree { cpFree(&w, by: lane, &e) }
      } else {
        e.step(lane, "jumptable[\(w.state.name)][NOT_OPER] = \(h.name): nothing to do")
      }
    }

    switch flow {
    case .next: ctx.pc += 1
    case .jump(let label): ctx.pc = revision.target(ctx.kind, label)
    case .restart: ctx = Context(kind: ctx.kind)
    case .finish: break
    }
    let done: Bool
    if case .finish = flow { done = true } else { done = Int(ctx.pc) >= revision.length(ctx.kind) }
    if inIRQ {
      w.cpus[k].irq = done ? nil : ctx
    } else {
      w.cpus[k].task = done ? nil : ctx
    }
  }

  private func lockVerb(_ op: Op) -> String {
    switch op {
    case .asyncLock: "spin_lock_irq"
    default: "spin_lock_irqsave"
    }
  }

  private func dispatchText(_ s: FSMState, _ ev: FSMEvent, _ h: FSMHandler, _ ret: Int8) -> String
  {
    let cell = "jumptable[\(s.name)][\(ev.name)] = \(h.name)"
    return ret == 0 ? cell : "\(cell) → \(Errno.name(ret))"
  }

  // MARK: - Shared effects

  /// Writes the FSM state; a write over NOT_OPER by a path that never looked is race R7.
  func setState(_ w: inout World, _ s: FSMState, by lane: Lane, _ e: inout Emitter) {
    if w.state == .notOper && s != .notOper {
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
      if w.sch.program == .live { w.sch.program = .leaked }
    }
    w.cp.initialized = true
    w.cp.started = false
    w.cp.memory = .building
    w.cp.builder = UInt8(k + 1)
    e.step(lane, "cp_init: chains built, initialized = true")
  }

  /// cp_free: a no-op unless initialized; frees what the channel or another START still uses.
  func cpFree(_ w: inout World, by lane: Lane, _ e: inout Emitter) {
    guard w.cp.initialized else {
      e.note(lane, "cp_free: cp not initialized, nothing to free")
      return
    }
    if w.cp.memory == .building, Lane.cpu(Int(w.cp.builder) - 1) != lane {
      let builder = Lane.cpu(Int(w.cp.builder) - 1)
      e.hazard(
        &w, .useAfterFree, [lane, builder],
        "\(lane.name) ran cp_free() while \(builder.name)'s START was still building the channel "
          + "program (between cp_init and ssch): that START goes on filling and submitting "
          + "freed chains")
    }
    if w.sch.program == .live {
      e.hazard(
        &w, .useAfterFree, [lane, .css],
        "\(lane.name) ran cp_free() while the channel subsystem was still running the START "
          + "it had accepted with cc0: the channel fetches CCWs and moves data through freed, "
          + "unpinned memory")
      w.sch.program = .freed
    }
    w.cp = ChannelProgram()
    e.note(lane, "cp_free: chains unpinned and freed, initialized = false")
  }
}
