/// What a scenario step's caption says the step does, checked against the facts the step
/// emitted when the story is told: a caption asserts `ssch → cc0` only if the step carries
/// `expect: {ssch: cc0}`, and a retelling where the step does something else shows what
/// happened instead (`Expectation.instead`), never the caption.
public enum Expectation: Hashable, Sendable {
  /// `ssch: cc0`, `hsch: cc1`, …: the instruction was issued with this condition code.
  case instruction(Instruction, cc: UInt8)
  /// `returns: cc2`, `returns: -EBUSY` or `returns: count`: what the write handler returned
  /// to QEMU (the guest's condition code, or the return value).
  case returns(String)
  /// `hazard: use-after-free`: this hazard fired during the step.
  case hazard(HazardKind)
  /// `state: CP_PENDING`: the FSM state once the step has run.
  case state(FSMState)
  /// `frees: true|false`: cp_free (or a queued-cp removal) freed a channel program.
  case frees(Bool)
  /// `irb: HALT`: fsm_irq stored an IRB of this kind in the slot.
  case irb(StatusKind)
  /// `freed-memory: true|false`: the channel ran on (or wrote into) freed memory.
  case freedMemory(Bool)
  /// `translated: true|false`: cp_update_scsw translated the cpa.
  case translated(Bool)

  /// The keys `expect:` takes, in the order the docs list them.
  public static let keys = [
    "ssch", "hsch", "csch", "xsch", "tsch", "returns", "hazard", "state", "frees", "irb",
    "freed-memory", "translated",
  ]

  /// Reads one `key: value` of an `expect:` mapping; nil with the reason when it is not one.
  public static func parse(key: String, value: String) -> Result<Expectation, ExpectationError> {
    func flag(_ make: (Bool) -> Expectation) -> Result<Expectation, ExpectationError> {
      switch value {
      case "true": .success(make(true))
      case "false": .success(make(false))
      default: .failure(.init("expected true or false"))
      }
    }
    if let i = Instruction(rawValue: key) {
      guard value.count == 3, value.hasPrefix("cc"), let cc = UInt8(value.dropFirst(2)), cc <= 3 else {
        return .failure(.init("expected a condition code cc0, cc1, cc2 or cc3"))
      }
      return .success(.instruction(i, cc: cc))
    }
    switch key {
    case "returns":
      let ok = ["cc0", "cc1", "cc2", "cc3", "count"].contains(value)
        || (value.hasPrefix("-E") && value.count > 2 && value.dropFirst().allSatisfy { $0.isUppercase })
      return ok ? .success(.returns(value)) : .failure(.init("expected cc0-cc3, count or an errno such as -EBUSY"))
    case "hazard":
      guard let h = HazardKind(rawValue: value) else {
        return .failure(.init("expected a hazard: \(HazardKind.allCases.map(\.rawValue).joined(separator: ", "))"))
      }
      return .success(.hazard(h))
    case "state":
      guard let s = FSMState.allCases.first(where: { $0.name == value }) else {
        return .failure(.init("expected a state: \(FSMState.allCases.map(\.name).joined(separator: ", "))"))
      }
      return .success(.state(s))
    case "frees": return flag(Expectation.frees)
    case "freed-memory": return flag(Expectation.freedMemory)
    case "translated": return flag(Expectation.translated)
    case "irb":
      let kinds: [(String, StatusKind)] = [
        ("START", .startFinal), ("INTERMEDIATE", .intermediate), ("HALT", .halt), ("CLEAR", .clear),
        ("DEFERRED-CC", .deferredCC), ("UNSOLICITED", .unsolicited),
      ]
      guard let k = kinds.first(where: { $0.0 == value.uppercased() })?.1 else {
        return .failure(.init("expected an IRB kind: \(kinds.map(\.0).joined(separator: ", "))"))
      }
      return .success(.irb(k))
    default:
      return .failure(.init("unknown outcome; expected one of \(keys.joined(separator: ", "))"))
    }
  }

  /// As the file spells it: `ssch: cc0`.
  public var text: String {
    switch self {
    case .instruction(let i, let cc): "\(i.rawValue): cc\(cc)"
    case .returns(let v): "returns: \(v)"
    case .hazard(let h): "hazard: \(h.rawValue)"
    case .state(let s): "state: \(s.name)"
    case .frees(let b): "frees: \(b)"
    case .irb(let k):
      "irb: " + ([.startFinal: "START", .intermediate: "INTERMEDIATE", .halt: "HALT", .clear: "CLEAR",
        .deferredCC: "DEFERRED-CC", .unsolicited: "UNSOLICITED"] as [StatusKind: String])[k]!
    case .freedMemory(let b): "freed-memory: \(b)"
    case .translated(let b): "translated: \(b)"
    }
  }

  /// Whether the step's facts, the hazards it fired and the world after it bear this out.
  public func holds(facts: [Fact], hazards: [HazardKind], state: FSMState) -> Bool {
    switch self {
    case .instruction(let i, let cc):
      return facts.contains { f in
        switch f {
        case .instruction(i, cc): true
        case .tschStored(_, let c): i == .tsch && c == cc
        default: false
        }
      }
    case .returns(let v):
      return facts.contains { f in
        if case .returnedToQEMU(_, let ret, let cc) = f {
          return cc == v || (v == "count" && ret == 0) || (ret != 0 && Errno.name(ret) == v)
        }
        if case .retried = f { return v == "-EAGAIN" }
        return false
      }
    case .hazard(let h): return hazards.contains(h)
    case .state(let s): return state == s
    case .frees(let b): return Expectation.frees(facts) == b
    case .irb(let k): return facts.contains(.irbStored(k))
    case .freedMemory(let b):
      return facts.contains { if case .channel(_, freed: true, _) = $0 { true } else { false } } == b
    case .translated(let b): return facts.contains(.cpUpdateScsw(translated: b)) || facts.contains(.cpWalked(b))
    }
  }

  private static func frees(_ facts: [Fact]) -> Bool {
    facts.contains { f in
      switch f {
      case .cpFreed(freed: true), .cpDequeued(freed: true, _): true
      default: false
      }
    }
  }

  /// What the step did in place of this expectation, in words made from its facts.
  public func actual(facts: [Fact], hazards: [HazardKind], state: FSMState) -> String {
    switch self {
    case .instruction(let i, _):
      for f in facts {
        if case .instruction(i, _) = f { return f.text }
        if i == .tsch, case .tschStored = f { return f.text }
      }
      return "no \(i.rawValue)"
    case .returns:
      for f in facts {
        if case .returnedToQEMU(let r, let ret, let cc) = f {
          return "the \(r.name) returns \(ret == 0 ? "count" : Errno.name(ret)) (\(cc))"
        }
        if case .retried(let r) = f { return "the \(r.name) returns -EAGAIN and is retried" }
      }
      return "nothing is returned to QEMU"
    case .hazard(let h): return "no \(h.rawValue)"
    case .state: return "the state is \(state.name)"
    case .frees: return Expectation.frees(facts) ? "cp_free frees the channel program" : "nothing is freed"
    case .irb:
      for f in facts { if case .irbStored = f { return f.text } }
      return "no IRB is stored"
    case .freedMemory(let b): return b ? "no freed memory is used" : "the channel uses freed memory"
    case .translated:
      for f in facts {
        if case .cpUpdateScsw = f { return f.text }
        if case .cpWalked = f { return f.text }
      }
      return "no cp_update_scsw"
    }
  }

  /// Why the step went another way: the branch that sent it to an error (taken just before
  /// `ret` was set), or a jump-table cell that names a refusing handler.
  public static func reason(_ facts: [Fact]) -> String? {
    for (i, f) in facts.enumerated() {
      if case .dispatched(_, _, let h) = f, [.ioBusy, .ioError, .ioRetry, .asyncRetry, .asyncError, .nop].contains(h) {
        return f.text
      }
      if case .branch = f, i + 1 < facts.count, case .retSet(let r) = facts[i + 1], r != 0 {
        return f.text
      }
    }
    return nil
  }

  /// What happened in place of failed expectations, from the facts, and what the story
  /// expected: "if (work_pending) → true: no ssch; the START returns -EBUSY (cc2) (the story
  /// expects ssch: cc0)". The replaced caption is "CPU2 on seed-v3: " and this.
  public static func instead(
    _ failed: [Expectation], facts: [Fact], hazards: [HazardKind], state: FSMState
  ) -> String {
    var actual: [String] = []
    for e in failed {
      let a = e.actual(facts: facts, hazards: hazards, state: state)
      if !actual.contains(a) { actual.append(a) }
    }
    if !failed.contains(where: { if case .returns = $0 { true } else { false } }) {
      let returned = Expectation.returns("").actual(facts: facts, hazards: hazards, state: state)
      if returned != "nothing is returned to QEMU" { actual.append(returned) }
    }
    let why = reason(facts).map { $0 + ": " } ?? ""
    return "\(why)\(actual.joined(separator: "; ")) "
      + "(the story expects \(failed.map(\.text).joined(separator: ", ")))"
  }
}

/// Why an `expect:` entry could not be read.
public struct ExpectationError: Error, Hashable, Sendable {
  public var message: String
  public init(_ message: String) { self.message = message }
}
