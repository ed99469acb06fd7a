/// Checks a revision's programs before they run: labels exist, dispatches cover the jump
/// table, states are declared, locks are taken where a lane can block, every step is reached,
/// every path returns, and every lock taken is released on every path.
enum RevisionValidator {
  typealias Problem = RevisionError.Problem

  /// Where one path through a step's operations leaves the step.
  enum Exit: Hashable {
    case next
    case goto(String)
    case ret
  }

  /// The locks a path holds: bit 0 io_mutex, bit 1 sch->lock.
  struct Locks: Hashable {
    var bits: UInt8 = 0
    static let mutex: UInt8 = 1
    static let spin: UInt8 = 2

    var names: String {
      [bits & Self.mutex != 0 ? "io_mutex" : nil, bits & Self.spin != 0 ? "sch->lock" : nil]
        .compactMap { $0 }.joined(separator: " and ")
    }
  }

  static func validate(_ programs: [Program], jumpTable: JumpTable, present: Set<ContextKind>) -> [Problem] {
    var problems: [Problem] = []
    for (kind, program) in zip(ContextKind.allCases, programs) where present.contains(kind) {
      problems += validate(program, kind: kind, jumpTable: jumpTable)
    }
    return problems
  }

  /// The key a step's problems are reported under: as its file wrote it when known.
  static func stepKey(_ s: Step, _ i: Int, _ base: String) -> String {
    s.sourceKey.isEmpty ? "\(base).steps[\(i)]" : s.sourceKey
  }

  static func validate(_ program: Program, kind: ContextKind, jumpTable: JumpTable) -> [Problem] {
    var problems: [Problem] = []
    let base = "handlers.\(kind.handlerKey)"
    if program.steps.isEmpty {
      return [Problem(line: 0, key: "\(base).steps", message: "empty; a handler needs at least one step that returns")]
    }
    if program.steps.count > 200 {
      problems.append(Problem(line: program.steps[200].sourceLine, key: "\(base).steps", message: "more than 200 steps; split the handler"))
      return problems
    }
    var seen: [String: Int] = [:]
    for (i, s) in program.steps.enumerated() {
      for l in s.labels {
        if let j = seen[l] {
          problems.append(Problem(line: s.sourceLine, key: "\(stepKey(s, i, base)).label", message: "label '\(l)' is already used by step \(j); labels name one step"))
        }
        seen[l] = i
      }
    }
    for (i, s) in program.steps.enumerated() {
      let key = stepKey(s, i, base)
      check(s.actions, first: true, key: key, line: s.sourceLine, program: program, jumpTable: jumpTable, into: &problems)
    }
    if !problems.isEmpty { return problems }
    problems += flow(program, key: base)
    return problems
  }

  /// Labels, states, events, dispatch cases and lock positions, recursively.
  private static func check(
    _ actions: [Action], first: Bool, key: String, line: Int, program: Program, jumpTable: JumpTable,
    into problems: inout [Problem]
  ) {
    func fail(_ m: String) { problems.append(Problem(line: line, key: key, message: m)) }
    for (n, a) in actions.enumerated() {
      switch a {
      case .mutexTrylock, .mutexLock, .spinLock, .flushWorkqueue, .cancelWorkSync:
        if !(first && n == 0) {
          fail("a lock (or a wait: flush_workqueue, cancel_work_sync) is a step's first operation, where its lane can block; start a new step for it")
        }
      case .goto(let label):
        if program.index(of: label) == nil {
          let known = program.steps.flatMap(\.labels)
          fail("goto '\(label)': no step of \(program.title) has that label; expected one of: \(known.isEmpty ? "(none)" : known.joined(separator: ", "))")
        }
      case .setState(let s):
        if !jumpTable.states.contains(s) {
          fail("state \(s.name) is not one of this revision's states (\(jumpTable.states.map(\.name).joined(separator: ", ")))")
        }
      case .branch(let c, let then, let otherwise):
        checkCondition(c, jumpTable: jumpTable, fail: fail)
        check(then, first: false, key: key, line: line, program: program, jumpTable: jumpTable, into: &problems)
        check(otherwise, first: false, key: key, line: line, program: program, jumpTable: jumpTable, into: &problems)
      case .dispatch(let event, let cases):
        if !jumpTable.events.contains(event) {
          fail("event \(event.name) is not one of this revision's events (\(jumpTable.events.map(\.name).joined(separator: ", ")))")
        }
        for s in jumpTable.states {
          let h = jumpTable.handler(s, event)
          if !cases.contains(where: { $0.handler == h }) {
            fail("jumptable[\(s.name)][\(event.name)] = \(h.name), but this fsm_event has no case for \(h.name)")
          }
        }
        for c in cases {
          check(c.actions, first: false, key: key, line: line, program: program, jumpTable: jumpTable, into: &problems)
        }
      case .ssch(let o), .hsch(let o), .csch(let o), .disable(let o):
        for list in o.byCC {
          check(list, first: false, key: key, line: line, program: program, jumpTable: jumpTable, into: &problems)
        }
      default: break
      }
      if a.endsStep && n != actions.count - 1 {
        fail("operations after a goto or return never run; end the list there")
      }
    }
  }

  private static func checkCondition(_ c: Condition, jumpTable: JumpTable, fail: (String) -> Void) {
    switch c {
    case .state(let s):
      if !jumpTable.states.contains(s) {
        fail("state \(s.name) is not one of this revision's states (\(jumpTable.states.map(\.name).joined(separator: ", ")))")
      }
    case .not(let x): checkCondition(x, jumpTable: jumpTable, fail: fail)
    case .all(let xs), .any(let xs): for x in xs { checkCondition(x, jumpTable: jumpTable, fail: fail) }
    default: break
    }
  }

  // MARK: - Paths

  /// Every way through a list of operations from a lock state: where it leaves, holding what,
  /// and the lock mistakes on the way.
  static func paths(_ actions: [Action], _ locks: Locks) -> [(Exit, Locks, [String])] {
    var out: [(Exit, Locks, [String])] = []
    walk(actions[...], locks, [], &out)
    return out
  }

  private static func walk(
    _ rest: ArraySlice<Action>, _ locks: Locks, _ errors: [String], _ out: inout [(Exit, Locks, [String])]
  ) {
    var locks = locks
    var errors = errors
    var rest = rest
    while let a = rest.first {
      rest = rest.dropFirst()
      switch a {
      case .mutexTrylock, .mutexLock:
        if locks.bits & Locks.mutex != 0 { errors.append("takes io_mutex, which this path already holds") }
        locks.bits |= Locks.mutex
      case .mutexUnlock:
        if locks.bits & Locks.mutex == 0 { errors.append("releases io_mutex, which this path does not hold") }
        locks.bits &= ~Locks.mutex
      case .spinLock:
        if locks.bits & Locks.spin != 0 { errors.append("takes sch->lock, which this path already holds") }
        locks.bits |= Locks.spin
      case .spinUnlock:
        if locks.bits & Locks.spin == 0 { errors.append("releases sch->lock, which this path does not hold") }
        locks.bits &= ~Locks.spin
      case .goto(let l):
        out.append((.goto(l), locks, errors))
        return
      case .ret:
        if locks.bits != 0 { errors.append("returns still holding \(locks.names)") }
        out.append((.ret, locks, errors))
        return
      case .tsch:
        // cc != 0 ends the step here.
        out.append((.next, locks, errors))
      case .branch(_, let then, let otherwise):
        walk(then + rest, locks, errors, &out)
        walk(otherwise + rest, locks, errors, &out)
        return
      case .dispatch(_, let cases):
        for c in cases { walk(c.actions + rest, locks, errors, &out) }
        if cases.isEmpty { walk(rest, locks, errors, &out) }
        return
      case .ssch(let o), .hsch(let o), .csch(let o), .disable(let o):
        var lists = o.byCC
        if lists.isEmpty { lists = [[]] }
        // cp_get_orb's NULL (ssch only) runs no outcome list.
        if case .ssch = a { walk(rest, locks, errors, &out) }
        for l in Set(lists) { walk(l + rest, locks, errors, &out) }
        return
      default: break
      }
    }
    out.append((.next, locks, errors))
  }

  /// Reachability, returns and lock balance over the steps, from step 0 with no lock held.
  private static func flow(_ program: Program, key base: String) -> [Problem] {
    var problems: [Problem] = []
    var reported = Set<String>()
    var visited = Set<[Int]>()
    var reached = Set<Int>()
    var work: [(Int, Locks)] = [(0, Locks())]
    while let (i, locks) = work.popLast() {
      guard visited.insert([i, Int(locks.bits)]).inserted else { continue }
      reached.insert(i)
      let s = program.steps[i]
      let key = stepKey(s, i, base)
      for (exit, after, errors) in paths(s.actions, locks) {
        for m in errors where reported.insert("\(i) \(m)").inserted {
          problems.append(Problem(line: s.sourceLine, key: key, message: m))
        }
        switch exit {
        case .ret: break
        case .goto(let l):
          if let t = program.index(of: l) { work.append((t, after)) }
        case .next:
          if i + 1 < program.steps.count {
            work.append((i + 1, after))
          } else if reported.insert("\(i) end").inserted {
            problems.append(Problem(line: s.sourceLine, key: key, message: "a path falls off the end of \(program.title) without returning; end it with 'return'"))
          }
        }
      }
    }
    for (i, s) in program.steps.enumerated() where !reached.contains(i) {
      problems.append(Problem(line: s.sourceLine, key: s.sourceKey.isEmpty ? "\(base).steps[\(i)]" : s.sourceKey, message: "no path reaches this step (dead code): nothing falls through or jumps to it"))
    }
    return problems.sorted { ($0.line, $0.key) < ($1.line, $1.key) }
  }
}
