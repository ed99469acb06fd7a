/// A revision's programs compiled to flat tables of trivially copyable instructions, so the
/// interpreter's hot path reads no arrays of arrays, no strings and no indirect enums (a
/// file-defined revision runs as fast as one written in Swift).
struct CompiledCode: Sendable {
  /// Operations without parameters.
  enum Prim: UInt8, Sendable {
    case enter, mutexTrylock, mutexLock, mutexUnlock, spinUnlock
    case cpInit, cpPrefetch, cpUpdateScsw, cpFree, cpQueue, cpDequeueFree
    case cpFreeCheck, cpFreeChains, cpUpdateScswCheck, cpUpdateScswWalk, cpPrefetchCheck, cpPrefetchWalk
    case cancelHaltClear, tsch, storeIRB, queueWork, queueNotoperWork, disableSubchannel
    case readIRB, copyIRB, eventfdSignal, deviceGone
    case enable, armCompletion, waitForCompletion, complete, flushWorkqueue, cancelWorkSync
    case unregisterRegions
  }

  enum Instr: Sendable {
    case prim(Prim)
    case spinLock(SpinMode)
    case setState(FSMState)
    case setRet(Int8)
    case setFlag(StepFlag, Bool)
    /// Ends the step; the context continues at `step`. `label` indexes `labels`.
    case goto(step: UInt8, label: UInt16)
    case ret
    /// The next instruction is `tables[table + cc]`.
    case instruction(Instruction, table: UInt16)
    /// The next instruction is `tables[table + handler]`.
    case dispatch(FSMEvent, table: UInt16)
    /// Evaluates `conds` from `cond`; false continues at `elseTo`. `spec` indexes `conditions`.
    case branch(cond: UInt16, spec: UInt16, elseTo: UInt16)
    case jump(UInt16)
    case end
  }

  /// Where a step may block before it runs (its first operation takes a lock).
  enum Gate: UInt8, Sendable {
    case none, trylock, mutexLock, spinLock, flush, cancelWork
  }

  /// A condition in postfix form.
  enum CondCode: Sendable {
    case state(FSMState)
    case cpInitialized, cpStarted, workPending, isFinal, solicited, cpIsFinished, cpQueued
    case retNonZero
    case retEquals(Int8)
    case not
    case and
    case or
    case end
  }

  private(set) var instrs: [Instr] = []
  private(set) var stepEntry: [UInt16] = []
  private(set) var gates: [Gate] = []
  private(set) var programOffset: [Int] = []
  private(set) var lengths: [UInt8] = []
  private(set) var tables: [UInt16] = []
  private(set) var conds: [CondCode] = []
  private(set) var conditions: [Condition] = []
  private(set) var labels: [String] = []

  /// Compiles validated programs (every label exists, every dispatch covers its handlers).
  init(_ programs: [Program]) {
    for p in programs {
      programOffset.append(stepEntry.count)
      lengths.append(UInt8(p.steps.count))
      for s in p.steps {
        stepEntry.append(UInt16(instrs.count))
        gates.append(Self.gate(s.actions.first))
        emit(s.actions, program: p)
        instrs.append(.end)
      }
    }
  }

  static func gate(_ a: Action?) -> Gate {
    switch a {
    case .mutexTrylock: .trylock
    case .mutexLock: .mutexLock
    case .spinLock: .spinLock
    case .flushWorkqueue: .flush
    case .cancelWorkSync: .cancelWork
    default: .none
    }
  }

  @inline(__always) func entry(_ kind: ContextKind, _ pc: UInt8) -> Int {
    Int(stepEntry[programOffset[Int(kind.rawValue)] + Int(pc)])
  }

  @inline(__always) func gate(_ kind: ContextKind, _ pc: UInt8) -> Gate {
    gates[programOffset[Int(kind.rawValue)] + Int(pc)]
  }

  @inline(__always) func length(_ kind: ContextKind) -> Int { Int(lengths[Int(kind.rawValue)]) }

  /// The codes of the postfix condition starting at `start`, up to its end (for the static
  /// analyses that ask what a condition reads).
  func conditionCodes(from start: Int) -> ArraySlice<CondCode> {
    var end = start
    while end < conds.count {
      if case .end = conds[end] { break }
      end += 1
    }
    return conds[start..<end]
  }

  // MARK: - Compiling

  /// Emits a list of actions; blocks that end without a jump fall through to what follows.
  private mutating func emit(_ actions: [Action], program: Program) {
    for a in actions {
      switch a {
      case .enter: instrs.append(.prim(.enter))
      case .mutexTrylock: instrs.append(.prim(.mutexTrylock))
      case .mutexLock: instrs.append(.prim(.mutexLock))
      case .mutexUnlock: instrs.append(.prim(.mutexUnlock))
      case .spinLock(let m): instrs.append(.spinLock(m))
      case .spinUnlock: instrs.append(.prim(.spinUnlock))
      case .setState(let s): instrs.append(.setState(s))
      case .setRet(let r): instrs.append(.setRet(r))
      case .set(let f): instrs.append(.setFlag(f, true))
      case .clear(let f): instrs.append(.setFlag(f, false))
      case .goto(let label):
        labels.append(label)
        let target = program.index(of: label) ?? 0
        instrs.append(.goto(step: UInt8(target), label: UInt16(labels.count - 1)))
      case .ret: instrs.append(.ret)
      case .cpInit: instrs.append(.prim(.cpInit))
      case .cpPrefetch: instrs.append(.prim(.cpPrefetch))
      case .cpPrefetchCheck: instrs.append(.prim(.cpPrefetchCheck))
      case .cpPrefetchWalk: instrs.append(.prim(.cpPrefetchWalk))
      case .cpUpdateScsw: instrs.append(.prim(.cpUpdateScsw))
      case .cpFree: instrs.append(.prim(.cpFree))
      case .cpFreeCheck: instrs.append(.prim(.cpFreeCheck))
      case .cpFreeChains: instrs.append(.prim(.cpFreeChains))
      case .cpUpdateScswCheck: instrs.append(.prim(.cpUpdateScswCheck))
      case .cpUpdateScswWalk: instrs.append(.prim(.cpUpdateScswWalk))
      case .cpQueue: instrs.append(.prim(.cpQueue))
      case .cpDequeueFree: instrs.append(.prim(.cpDequeueFree))
      case .cancelHaltClear: instrs.append(.prim(.cancelHaltClear))
      case .tsch: instrs.append(.prim(.tsch))
      case .storeIRB: instrs.append(.prim(.storeIRB))
      case .queueWork(.ioWork): instrs.append(.prim(.queueWork))
      case .queueWork(.notoperWork): instrs.append(.prim(.queueNotoperWork))
      case .disableSubchannel: instrs.append(.prim(.disableSubchannel))
      case .readIRB: instrs.append(.prim(.readIRB))
      case .copyIRB: instrs.append(.prim(.copyIRB))
      case .eventfdSignal: instrs.append(.prim(.eventfdSignal))
      case .deviceGone: instrs.append(.prim(.deviceGone))
      case .enable: instrs.append(.prim(.enable))
      case .armCompletion: instrs.append(.prim(.armCompletion))
      case .waitForCompletion: instrs.append(.prim(.waitForCompletion))
      case .complete: instrs.append(.prim(.complete))
      case .flushWorkqueue: instrs.append(.prim(.flushWorkqueue))
      case .cancelWorkSync: instrs.append(.prim(.cancelWorkSync))
      case .unregisterRegions: instrs.append(.prim(.unregisterRegions))
      case .disable(let o): emitInstruction(.msch, o, program: program)
      case .ssch(let o): emitInstruction(.ssch, o, program: program)
      case .hsch(let o): emitInstruction(.hsch, o, program: program)
      case .csch(let o): emitInstruction(.csch, o, program: program)
      case .dispatch(let event, let cases):
        let table = tables.count
        tables += [UInt16](repeating: .max, count: 16)
        instrs.append(.dispatch(event, table: UInt16(table)))
        var exits: [Int] = []
        for c in cases {
          tables[table + Int(c.handler.rawValue)] = UInt16(instrs.count)
          emit(c.actions, program: program)
          exits.append(instrs.count)
          instrs.append(.jump(0))
        }
        // A handler no case names (validation reports it) does nothing.
        let after = UInt16(instrs.count)
        for i in table..<(table + 16) where tables[i] == .max { tables[i] = after }
        for x in exits { instrs[x] = .jump(after) }
      case .branch(let c, let then, let otherwise):
        let cond = conds.count
        compile(c)
        conds.append(.end)
        conditions.append(c)
        let spec = conditions.count - 1
        let at = instrs.count
        instrs.append(.jump(0))  // patched below
        emit(then, program: program)
        let skip = instrs.count
        instrs.append(.jump(0))
        let elseAt = instrs.count
        emit(otherwise, program: program)
        instrs[at] = .branch(cond: UInt16(cond), spec: UInt16(spec), elseTo: UInt16(elseAt))
        instrs[skip] = .jump(UInt16(instrs.count))
      }
    }
  }

  private mutating func emitInstruction(_ i: Instruction, _ o: Outcomes, program: Program) {
    let table = tables.count
    tables += [UInt16](repeating: 0, count: 4)
    instrs.append(.instruction(i, table: UInt16(table)))
    var exits: [Int] = []
    for cc in 0..<4 {
      tables[table + cc] = UInt16(instrs.count)
      emit(cc < o.byCC.count ? o.byCC[cc] : [], program: program)
      exits.append(instrs.count)
      instrs.append(.jump(0))
    }
    for x in exits { instrs[x] = .jump(UInt16(instrs.count)) }
  }

  private mutating func compile(_ c: Condition) {
    switch c {
    case .state(let s): conds.append(.state(s))
    case .cpInitialized: conds.append(.cpInitialized)
    case .cpStarted: conds.append(.cpStarted)
    case .workPending: conds.append(.workPending)
    case .isFinal: conds.append(.isFinal)
    case .solicited: conds.append(.solicited)
    case .cpIsFinished: conds.append(.cpIsFinished)
    case .cpQueued: conds.append(.cpQueued)
    case .ret(nil): conds.append(.retNonZero)
    case .ret(let v?): conds.append(.retEquals(v))
    case .not(let x):
      compile(x)
      conds.append(.not)
    case .all(let xs), .any(let xs):
      guard let first = xs.first else {
        // An empty `all` is true and an empty `any` false, as in logic.
        conds.append(.cpInitialized)
        conds.append(.cpInitialized)
        conds.append(.not)
        conds.append(.or)
        if case .any = c { conds.append(.not) }
        return
      }
      compile(first)
      for x in xs.dropFirst() {
        compile(x)
        if case .all = c { conds.append(.and) } else { conds.append(.or) }
      }
    }
  }
}
