/// Which steps touch only their own context: the search's partial-order reduction may run such
/// a step first and alone (see `Explorer`), because nothing any other CPU or the channel
/// subsystem does reads or writes a context's pc, ret_code or step flags.
extension Engine {
  /// Whether step `pc` of the program for `kind`, on every path through it, only evaluates
  /// conditions on its own locals, sets ret_code or cp_is_finished, and goes on to a *later*
  /// step of the same program (never the first step again, never the end: ending frees the
  /// CPU, which other choices read). Such a step takes no lock (it has no gate), reads and
  /// writes no shared state and fires no hazard. Any operation this does not know about counts
  /// as shared, so a new operation is never reduced by mistake.
  public func stepIsLocal(_ kind: ContextKind, pc: Int) -> Bool {
    let code = revision.code
    let length = code.length(kind)
    guard pc >= 0, pc < length, code.gate(kind, UInt8(pc)) == .none else { return false }
    var pending = [code.entry(kind, UInt8(pc))]
    var seen = Set<Int>()
    while let i = pending.popLast() {
      guard seen.insert(i).inserted, i < code.instrs.count else { continue }
      switch code.instrs[i] {
      case .end:
        // Falls through to the next step.
        if pc + 1 >= length { return false }
      case .jump(let t):
        pending.append(Int(t))
      case .branch(let cond, _, let elseTo):
        if !conditionIsLocal(code, Int(cond)) { return false }
        pending.append(i + 1)
        pending.append(Int(elseTo))
      case .goto(let step, _):
        if Int(step) <= pc || Int(step) >= length { return false }
      case .setRet:
        pending.append(i + 1)
      case .setFlag(.cpIsFinished, _):
        pending.append(i + 1)
      default:
        return false
      }
    }
    return true
  }

  private func conditionIsLocal(_ code: CompiledCode, _ start: Int) -> Bool {
    var i = start
    while i < code.conds.count {
      switch code.conds[i] {
      case .end: return true
      case .isFinal, .cpIsFinished, .retNonZero, .retEquals, .not, .and, .or: i += 1
      default: return false
      }
    }
    return false
  }
}
