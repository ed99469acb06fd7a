/// Dead-variable reduction (as SPIN does by default): a context's locals that no later step
/// can read before writing them are erased from the explorer's canonical worlds, so worlds
/// that differ only in a value nobody will look at again are searched once. Two such worlds
/// behave alike in every future: the same steps are enabled and do the same things.
public struct DeadLocals: Sendable {
  /// The locals this reduction may erase, one bit each.
  struct Local: OptionSet {
    let rawValue: UInt8
    static let ret = Local(rawValue: 1)
    static let isFinal = Local(rawValue: 2)
    static let cpIsFinished = Local(rawValue: 4)
    static let deliveredFinal = Local(rawValue: 8)
    static let freeing = Local(rawValue: 16)
    // `walking` is never erased: a cp_free on another CPU reads it.
  }

  /// By `kind * 256 + pc`: the AND mask that clears a packed context's dead locals (see
  /// `World.pack`), all ones where every local may still be read.
  @usableFromInline var keep: [UInt32]

  init(revision: Revision) {
    keep = [UInt32](repeating: .max, count: ContextKind.allCases.count * 256)
    let code = revision.code
    for kind in ContextKind.allCases {
      let live = Self.liveAtEntry(code, kind)
      for (pc, l) in live.enumerated() { keep[Int(kind.rawValue) * 256 + pc] = Self.mask(keeping: l) }
    }
  }

  /// Erases the dead locals of every context of `w`.
  @inlinable public func erase(_ w: inout World) {
    let n = w.cpus.count
    keep.withUnsafeBufferPointer { keep in
      w.cpus.withPackedWords { words in
        for k in 0..<n {
          let packed = words.load(fromByteOffset: k &* 8, as: UInt64.self)
          guard packed != 0 else { continue }
          var task = UInt32(truncatingIfNeeded: packed)
          var irq = UInt32(truncatingIfNeeded: packed >> 32)
          if task != 0 { task &= keep[Int(Context.kindCode(bits: task)) &* 256 &+ Int(Context.pc(bits: task))] }
          if irq != 0 { irq &= keep[Int(Context.kindCode(bits: irq)) &* 256 &+ Int(Context.pc(bits: irq))] }
          let erased = UInt64(task) | UInt64(irq) << 32
          if erased != packed { words.storeBytes(of: erased, toByteOffset: k &* 8, as: UInt64.self) }
        }
      }
    }
  }

  /// Which locals may be read at the start of a program's steps.
  func live(_ kind: ContextKind, pc: Int) -> UInt8 {
    // Inverse of `mask(keeping:)`, for tests.
    let m = keep[Int(kind.rawValue) * 256 + pc]
    var l: Local = []
    if m & 0xFF << 14 != 0 { l.insert(.ret) }
    if m & 1 << 22 != 0 { l.insert(.isFinal) }
    if m & 1 << 23 != 0 { l.insert(.cpIsFinished) }
    if m & 1 << 24 != 0 { l.insert(.deliveredFinal) }
    if m & 1 << 25 != 0 { l.insert(.freeing) }
    return l.rawValue
  }

  /// The bit positions are `World.pack`'s.
  private static func mask(keeping l: Local) -> UInt32 {
    var m = UInt32.max
    if !l.contains(.ret) { m &= ~(0xFF << 14) }
    if !l.contains(.isFinal) { m &= ~(1 << 22) }
    if !l.contains(.cpIsFinished) { m &= ~(1 << 23) }
    if !l.contains(.deliveredFinal) { m &= ~(1 << 24) }
    if !l.contains(.freeing) { m &= ~(1 << 25) }
    return m
  }

  /// A backward liveness fixpoint over one program's instructions: a local is live before an
  /// instruction when some path from it reads the local before writing it. A write that only
  /// happens on some paths (cp_prefetch's -EINVAL) kills nothing.
  private static func liveAtEntry(_ code: CompiledCode, _ kind: ContextKind) -> [Local] {
    let length = code.length(kind)
    guard length > 0 else { return [] }
    // Each instruction belongs to one step: collect each step's instructions.
    var owner: [Int: Int] = [:]
    for pc in 0..<length {
      var pending = [code.entry(kind, UInt8(pc))]
      while let i = pending.popLast() {
        guard owner[i] == nil, i < code.instrs.count else { continue }
        owner[i] = pc
        switch code.instrs[i] {
        case .end, .goto, .ret: break
        case .jump(let t): pending.append(Int(t))
        case .branch(_, _, let e):
          pending.append(i + 1)
          pending.append(Int(e))
        case .dispatch(_, let table):
          for h in 0..<16 { pending.append(Int(code.tables[Int(table) + h])) }
        case .instruction(_, let table):
          for cc in 0..<4 { pending.append(Int(code.tables[Int(table) + cc])) }
        default: pending.append(i + 1)
        }
      }
    }
    let instrs = owner.keys.sorted(by: >)
    var live: [Int: Local] = [:]
    var entry = [Local](repeating: [], count: length)
    func at(_ i: Int) -> Local { live[i] ?? [] }
    func step(_ pc: Int) -> Local { pc < length ? entry[pc] : [] }
    var changed = true
    while changed {
      changed = false
      for i in instrs {
        let pc = owner[i]!
        let l: Local
        switch code.instrs[i] {
        case .end: l = step(pc + 1)
        case .goto(let s, _): l = step(Int(s))
        case .ret:
          // A request's return maps ret_code for QEMU (and restarts on -EAGAIN with fresh
          // locals); other handlers read nothing when they return.
          l = [.start, .halt, .clear].contains(kind) ? .ret : []
        case .jump(let t): l = at(Int(t))
        case .branch(let cond, _, let e): l = conditionReads(code, Int(cond)).union(at(i + 1)).union(at(Int(e)))
        case .dispatch(_, let table):
          l = (0..<16).reduce(Local()) { $0.union(at(Int(code.tables[Int(table) + $1]))) }
        case .instruction(_, let table):
          // ssch with no cp for the ORB sets -EIO and ends the step.
          l = (0..<4).reduce(step(pc + 1)) { $0.union(at(Int(code.tables[Int(table) + $1]))) }
        case .setRet: l = at(i + 1).subtracting(.ret)
        case .setFlag(.cpIsFinished, _): l = at(i + 1).subtracting(.cpIsFinished)
        case .setFlag, .spinLock, .setState: l = at(i + 1)
        case .prim(let p):
          switch p {
          case .readIRB: l = at(i + 1).subtracting([.isFinal, .cpIsFinished])
          case .copyIRB: l = at(i + 1).subtracting(.deliveredFinal)
          case .eventfdSignal: l = at(i + 1).union(.deliveredFinal)
          case .cpFreeCheck: l = at(i + 1).subtracting(.freeing)
          case .cpFreeChains: l = at(i + 1).union(.freeing)
          // TSCH with no status ends the step.
          case .tsch: l = at(i + 1).union(step(pc + 1))
          default: l = at(i + 1)
          }
        }
        if l != at(i) {
          live[i] = l
          changed = true
        }
        if i == code.entry(kind, UInt8(pc)) && entry[pc] != l {
          entry[pc] = l
          changed = true
        }
      }
    }
    return entry
  }

  private static func conditionReads(_ code: CompiledCode, _ start: Int) -> Local {
    var out: Local = []
    for c in code.conditionCodes(from: start) {
      switch c {
      case .isFinal: out.insert(.isFinal)
      case .cpIsFinished: out.insert(.cpIsFinished)
      case .retNonZero, .retEquals: out.insert(.ret)
      case .state, .cpInitialized, .cpStarted, .workPending, .solicited, .cpQueued, .not, .and, .or, .end: break
      }
    }
    return out
  }
}

extension Engine {
  /// The dead locals of this revision's steps (see `DeadLocals`).
  public func deadLocals() -> DeadLocals { DeadLocals(revision: revision) }
}
