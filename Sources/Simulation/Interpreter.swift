/// Runs one step of a context: the compiled operations of its current step, in order.
extension Engine {
  /// Where a context goes after a step.
  enum Flow {
    case next
    case jump(UInt8)
    case finish
    /// QEMU got -EAGAIN and issues the same pwrite again.
    case restart
  }

  func runStep(_ w: inout World, cpu k: Int, _ e: inout Emitter) {
    let inIRQ = w.cpus[k].irq != nil
    guard var ctx = inIRQ ? w.cpus[k].irq : w.cpus[k].task else { return }
    let code = revision.code
    let lane = Lane.cpu(k)
    var flow = Flow.next
    var i = code.entry(ctx.kind, ctx.pc)
    // The IRB TSCH stored in this step (the per-CPU cio_irb fsm_irq copies from).
    var tschIRB: IRB? = nil
    run: while true {
      switch code.instrs[i] {
      case .end:
        break run
      case .jump(let t):
        i = Int(t)
        continue run
      case .branch(let cond, let spec, let elseTo):
        let taken = evaluate(code, Int(cond), w, ctx)
        e.step(lane, .branch(code.conditions[Int(spec)], taken: taken))
        i = taken ? i + 1 : Int(elseTo)
        continue run
      case .goto(let step, let label):
        flow = .jump(step)
        e.step(lane, .jumped(code.labels[Int(label)]))
        break run
      case .ret:
        flow = returns(&w, ctx, cpu: k, &e)
        break run
      case .dispatch(let event, let table):
        let h = revision.jumpTable.handler(w.state, event)
        e.step(lane, .dispatched(w.state, event, h))
        i = Int(code.tables[Int(table) + Int(h.rawValue)])
        continue run
      case .instruction(let ins, let table):
        guard let cc = instruction(ins, &w, &ctx, cpu: k, &e) else { break run }
        i = Int(code.tables[Int(table) + Int(cc)])
        continue run
      case .spinLock(let mode):
        w.schLock = UInt8(k + 1)
        e.step(lane, .spinTaken(mode, cpu: k))
      case .setState(let s):
        setState(&w, s, by: lane, &e)
        e.step(lane, .stateSet(s))
      case .setRet(let r):
        ctx.ret = r
        e.step(lane, .retSet(r))
      case .setFlag(let f, let v):
        switch f {
        case .cpStarted: w.cp.started = v
        case .cpIsFinished: ctx.cpIsFinished = v
        }
        e.step(lane, .flagSet(f, v))
      case .prim(let p):
        if !primitive(p, &w, &ctx, &tschIRB, cpu: k, &e) { break run }
      }
      i += 1
    }

    switch flow {
    case .next: ctx.pc += 1
    case .jump(let step): ctx.pc = step
    case .restart: ctx = Context(kind: ctx.kind)
    case .finish: break
    }
    let done: Bool
    if case .finish = flow { done = true } else { done = Int(ctx.pc) >= code.length(ctx.kind) }
    if inIRQ {
      w.cpus[k].irq = done ? nil : ctx
    } else {
      w.cpus[k].task = done ? nil : ctx
    }
  }

  /// Evaluates a postfix condition on a small stack of bits.
  @inline(__always)
  private func evaluate(_ code: CompiledCode, _ start: Int, _ w: World, _ ctx: Context) -> Bool {
    var stack: UInt64 = 0
    var i = start
    while true {
      let v: Bool
      switch code.conds[i] {
      case .end: return stack & 1 != 0
      case .state(let s): v = w.state == s
      case .cpInitialized: v = w.cp.initialized
      case .cpStarted: v = w.cp.started
      case .workPending: v = w.work.pending
      case .isFinal: v = ctx.isFinal
      case .solicited: v = w.irb?.irb.isSolicited ?? false
      case .cpIsFinished: v = ctx.cpIsFinished
      case .cpQueued: v = w.cp.queued > 0
      case .retNonZero: v = ctx.ret != 0
      case .retEquals(let r): v = ctx.ret == r
      case .not:
        stack ^= 1
        i += 1
        continue
      case .and, .or:
        let a = stack & 1
        let b = stack >> 1 & 1
        stack >>= 2
        let r = code.conds[i].isAnd ? a & b : a | b
        stack = stack << 1 | r
        i += 1
        continue
      }
      stack = stack << 1 | (v ? 1 : 0)
      i += 1
    }
  }

  /// An operation without parameters. Returns false when the rest of the step does not run
  /// (TSCH found no status: the driver is not called).
  private func primitive(
    _ p: CompiledCode.Prim, _ w: inout World, _ ctx: inout Context, _ tschIRB: inout IRB?, cpu k: Int,
    _ e: inout Emitter
  ) -> Bool {
    let lane = Lane.cpu(k)
    let me = UInt8(k + 1)
    switch p {
    case .enter:
      switch ctx.kind {
      case .ioTodo:
        w.work.pending = false
        w.work.notoperFirst = false
        w.work.runningOn = UInt8(k)
      case .notOperWork:
        w.work.notoperPending = false
        w.work.notoperFirst = false
        w.work.runningOn = UInt8(k)
      case .irq:
        w.sch.interruptTaken = true
      default: break
      }
      e.step(lane, .entered(ctx.kind, over: ctx.kind == .irq ? w.cpus[k].task?.kind : nil))
    case .mutexTrylock, .mutexLock:
      w.ioMutex = me
      e.step(lane, .mutexTaken(trylock: p == .mutexTrylock))
    case .mutexUnlock:
      w.ioMutex = 0
      e.step(lane, .mutexReleased)
    case .spinUnlock:
      w.schLock = 0
      e.step(lane, .spinReleased)
    case .cpInit:
      cpInit(&w, cpu: k, &e)
    case .cpPrefetch:
      // The kernel's cp_prefetch refuses a cp that is not initialized ("an error in the caller").
      if w.cp.initialized {
        e.step(lane, .cpPrefetched(intact: true))
      } else {
        ctx.ret = Errno.EINVAL
        e.step(lane, .cpPrefetchChecked(passed: false))
      }
    case .cpPrefetchCheck:
      ctx.walking = w.cp.initialized
      if !ctx.walking { ctx.ret = Errno.EINVAL }
      e.step(lane, .cpPrefetchChecked(passed: ctx.walking))
    case .cpPrefetchWalk:
      guard ctx.walking else {
        e.note(lane, .cpPrefetchChecked(passed: false))
        return true
      }
      // A free since the check has already been reported (by the freeing lane).
      e.step(lane, .cpPrefetched(intact: w.cp.initialized))
      ctx.walking = false
    case .cpUpdateScsw:
      e.note(lane, .cpUpdateScsw(translated: w.cp.initialized))
    case .cpFree:
      cpFree(&w, by: lane, &e)
    case .cpFreeCheck:
      ctx.freeing = w.cp.initialized
      e.step(lane, .cpFreeChecked(passed: ctx.freeing))
    case .cpFreeChains:
      guard ctx.freeing else {
        e.step(lane, .cpFreed(freed: false))
        return true
      }
      ctx.freeing = false
      cpFreeChains(&w, cpu: k, &e)
    case .cpUpdateScswCheck:
      ctx.walking = w.cp.initialized
      e.step(lane, .cpWalkChecked(passed: ctx.walking))
    case .cpUpdateScswWalk:
      e.step(lane, .cpWalked(ctx.walking))
      ctx.walking = false
    case .cpQueue:
      cpQueue(&w, by: lane, &e)
    case .cpDequeueFree:
      cpDequeueFree(&w, by: lane, &e)
    case .cancelHaltClear:
      cancelHaltClear(&w, lane: lane, &e)
    case .tsch:
      let (cc, stored) = w.sch.tsch()
      e.step(lane, .tschStored(stored?.kind, cc: cc))
      guard cc == 0, let irb = stored else { return false }
      tschIRB = irb
    case .storeIRB:
      if let irb = tschIRB { storeIRB(&w, irb, lane: lane, &e) }
    case .queueWork:
      if w.work.pending {
        e.note(lane, .queueWork(queued: false))
      } else {
        w.work.pending = true
        // FIFO: a notoper_work queued earlier runs first.
        w.work.notoperFirst = w.work.notoperPending
        e.step(lane, .queueWork(queued: true))
      }
    case .queueNotoperWork:
      if w.work.notoperPending {
        e.note(lane, .notoperWorkQueued(queued: false))
      } else {
        w.work.notoperPending = true
        w.work.notoperFirst = false
        e.step(lane, .notoperWorkQueued(queued: true))
      }
    case .disableSubchannel:
      e.step(lane, .subchannelDisabled)
    case .readIRB:
      let irb = w.irb?.irb
      ctx.isFinal = irb?.isFinal ?? false
      ctx.cpIsFinished = false
      e.step(lane, .irbRead(irb?.kind, isFinal: ctx.isFinal))
    case .copyIRB:
      if w.closed { afterClose(&w, lane: lane, &e) }
      w.irb?.consumed = true
      ctx.deliveredFinal = w.irb?.irb.isFinal ?? false
      e.step(lane, .irbCopied(w.irb?.irb.kind))
    case .enable:
      w.sch.enabled = w.sch.operational
      e.step(lane, .subchannelEnabled)
    case .armCompletion:
      w.completion = 1
      e.step(lane, .completionArmed)
    case .waitForCompletion:
      e.step(lane, .completionWaited(completed: w.completion == 2))
      w.completion = 0
    case .complete:
      if w.completion == 1 {
        w.completion = 2
        e.step(lane, .completed)
      }
    case .flushWorkqueue:
      e.step(lane, .workqueueFlushed)
    case .cancelWorkSync:
      let dropped = w.work.pending
      w.work.pending = false
      w.work.notoperFirst = false
      e.step(lane, .workCancelled(dropped: dropped))
    case .unregisterRegions:
      w.closed = true
      e.step(lane, .regionsUnregistered)
    case .deviceGone:
      w.sch.operational = false
      e.step(lane, .deviceGone)
    case .eventfdSignal:
      if ctx.deliveredFinal { w.virtual.fctl = 0 }
      e.step(lane, .eventfdSignalled(w.irb?.irb.kind))
    }
    return true
  }

  /// The handler returns: to QEMU (which maps ret to a condition code), from the kworker, or
  /// from the interrupt.
  private func returns(_ w: inout World, _ ctx: Context, cpu k: Int, _ e: inout Emitter) -> Flow {
    let lane = Lane.cpu(k)
    switch ctx.kind {
    case .start, .halt, .clear:
      return requestReturns(&w, ctx, lane: lane, &e)
    case .ioTodo, .notOperWork:
      w.work.runningOn = nil
    default: break
    }
    e.step(lane, .returned(ctx.kind))
    return .finish
  }
}

extension CompiledCode.CondCode {
  var isAnd: Bool {
    if case .and = self { return true }
    return false
  }
}
