import Foundation
import SafeText
import Simulation
import Yams

/// A revision file as written: what it sets, and the changes it makes to its base.
struct RevisionSpec {
  var file: String
  var id: String
  var title: String?
  var kernels: String?
  var summary: String?
  var base: String?
  var baseLine: Int?
  var sources: [String] = []
  var states: [FSMState]?
  var events: [FSMEvent]?
  /// Jump-table cells the file sets: state, event, handler, line.
  var cells: [(FSMState, FSMEvent, FSMHandler, Int)] = []
  var handlers: [ContextKind: HandlerSpec] = [:]
}

/// A handler as written: a whole list of steps, or edits to the base's.
struct HandlerSpec {
  var title: String?
  var steps: [Step]?
  var edits: [Edit] = []
  var line: Int
}

/// One change to a base handler, at a labelled step.
struct Edit {
  enum Kind: String, CaseIterable {
    case insertBefore = "insert_before"
    case insertAfter = "insert_after"
    case replace
    case remove
  }

  var kind: Kind
  var label: String
  var steps: [Step]
  var line: Int
  var key: String
}

/// Reads revision files (YAML) into specs; every error names the file, line and key.
enum RevisionFileParser {
  /// Larger files are refused before parsing (a revision is a few hundred lines).
  static let maxBytes = 1 << 20
  /// Bounds the work an alias-heavy document can cause.
  static let maxNodes = 200_000

  static func parse(_ yaml: String, file: String) throws(RevisionFileError) -> RevisionSpec {
    try Reader(file: file).read(yaml)
  }

  struct Reader {
    let file: String
    /// Nodes visited so far (aliases count each time they are read).
    final class Counter { var nodes = 0 }
    let counter = Counter()

    init(file: String) { self.file = file }

    func fail(_ node: Node?, _ key: String?, _ message: String) -> RevisionFileError {
      RevisionFileError(file: file, line: node?.mark?.line, key: key, message)
    }

    func count(_ node: Node) throws(RevisionFileError) {
      counter.nodes += 1
      if counter.nodes > RevisionFileParser.maxNodes {
        throw fail(node, nil, "the document is too large (over \(RevisionFileParser.maxNodes) nodes, counting aliases); a revision file is a few hundred lines")
      }
    }

    func read(_ yaml: String) throws(RevisionFileError) -> RevisionSpec {
      if yaml.utf8.count > RevisionFileParser.maxBytes {
        throw fail(nil, nil, "the file is larger than 1 MB; a revision file is a few hundred lines")
      }
      let composed: Node?
      do { composed = try YAMLDocument.compose(yaml) } catch {
        throw RevisionFileError(file: file, line: error.line, key: nil, error.message)
      }
      guard let root = composed else {
        throw RevisionFileError(file: file, line: 1, key: nil, "the file is empty; expected a mapping with id, title and handlers")
      }
      guard case .mapping(let top) = root else { throw fail(root, nil, "expected a mapping at the top (id, title, handlers, …)") }
      var spec = RevisionSpec(file: file, id: "")
      var sawID = false
      for (k, v) in top {
        try count(v)
        let key = try scalar(k, "")
        switch key {
        case "id":
          spec.id = try text(v, key)
          sawID = true
          if spec.id.isEmpty || !spec.id.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) {
            throw fail(v, key, "expected a short name of letters, digits, '-', '_' and '.' (like v6.0 or my-patch)")
          }
        case "title": spec.title = try text(v, key)
        case "kernels": spec.kernels = try text(v, key)
        case "summary": spec.summary = try text(v, key)
        case "base":
          spec.base = try text(v, key)
          spec.baseLine = v.mark?.line
        case "sources":
          guard case .sequence(let seq) = v else { throw fail(v, key, "expected a list of texts") }
          for (i, s) in seq.enumerated() { spec.sources.append(try text(s, "sources[\(i)]")) }
        case "states":
          spec.states = try list(v, key) { (n, k) throws(RevisionFileError) in try state(n, k) }
        case "events":
          spec.events = try list(v, key) { (n, k) throws(RevisionFileError) in try event(n, k) }
        case "table":
          spec.cells = try table(v)
        case "handlers":
          guard case .mapping(let hs) = v else { throw fail(v, key, "expected a mapping from handler (\(kinds)) to its steps") }
          for (hk, hv) in hs {
            let name = try scalar(hk, key)
            guard let kind = ContextKind(handlerKey: name) else {
              throw fail(hk, "handlers.\(name)", "unknown handler; expected one of: \(kinds)")
            }
            spec.handlers[kind] = try handler(hv, "handlers.\(name)")
          }
        default:
          throw fail(k, key, "unknown key; expected id, title, kernels, summary, base, sources, states, events, table or handlers")
        }
      }
      if !sawID { throw fail(root, "id", "missing; expected the revision's name, e.g. id: my-patch") }
      return spec
    }

    var kinds: String { ContextKind.allCases.map(\.handlerKey).joined(separator: ", ") }

    // MARK: - Scalars

    func scalar(_ n: Node, _ key: String) throws(RevisionFileError) -> String {
      guard case .scalar(let s) = n else { throw fail(n, key.isEmpty ? nil : key, "expected a name") }
      return s.string
    }

    func text(_ n: Node, _ key: String) throws(RevisionFileError) -> String {
      guard case .scalar(let s) = n else { throw fail(n, key, "expected text") }
      return s.string
    }

    func list<T>(_ n: Node, _ key: String, _ item: (Node, String) throws(RevisionFileError) -> T) throws(RevisionFileError) -> [T] {
      guard case .sequence(let seq) = n else { throw fail(n, key, "expected a list") }
      var out: [T] = []
      for (i, x) in seq.enumerated() {
        try count(x)
        out.append(try item(x, "\(key)[\(i)]"))
      }
      return out
    }

    /// One of a closed set of names (states, events, FSM handlers), spelled as the kernel does.
    func named<T: CaseIterable>(_ n: Node, _ key: String, _ what: String, _ name: (T) -> String) throws(RevisionFileError) -> T {
      let s = try scalar(n, key)
      guard let v = T.allCases.first(where: { name($0) == s }) else {
        throw fail(n, key, "unknown \(what) '\(SafeText.excerpt(s))'; expected one of: \(T.allCases.map(name).joined(separator: ", "))")
      }
      return v
    }

    func state(_ n: Node, _ key: String) throws(RevisionFileError) -> FSMState { try named(n, key, "state", \.name) }
    func event(_ n: Node, _ key: String) throws(RevisionFileError) -> FSMEvent { try named(n, key, "event", \.name) }
    func fsmHandler(_ n: Node, _ key: String) throws(RevisionFileError) -> FSMHandler { try named(n, key, "FSM handler", \.name) }

    func errno(_ n: Node, _ key: String) throws(RevisionFileError) -> Int8 {
      let s = try scalar(n, key)
      if let v = RevisionFileParser.errnos[s] { return v }
      if let v = Int8(s), v <= 0 { return v }
      throw fail(n, key, "expected 0 or an error code: \(RevisionFileParser.errnos.keys.sorted().joined(separator: ", "))")
    }

    func label(_ n: Node, _ key: String) throws(RevisionFileError) -> String {
      let s = try scalar(n, key)
      guard !s.isEmpty, s.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
        throw fail(n, key, "expected a label: letters, digits, '_' and '-'")
      }
      return s
    }

    // MARK: - The jump table

    func table(_ n: Node) throws(RevisionFileError) -> [(FSMState, FSMEvent, FSMHandler, Int)] {
      guard case .mapping(let rows) = n else { throw fail(n, "table", "expected a mapping from state to { EVENT: handler, … }") }
      var out: [(FSMState, FSMEvent, FSMHandler, Int)] = []
      for (sk, row) in rows {
        let s = try state(sk, "table")
        let key = "table.\(s.name)"
        guard case .mapping(let cells) = row else { throw fail(row, key, "expected a mapping from event to handler") }
        for (ek, hv) in cells {
          try count(hv)
          let e = try event(ek, key)
          out.append((s, e, try fsmHandler(hv, "\(key).\(e.name)"), hv.mark?.line ?? 0))
        }
      }
      return out
    }

    // MARK: - Handlers and steps

    func handler(_ n: Node, _ key: String) throws(RevisionFileError) -> HandlerSpec {
      guard case .mapping(let m) = n else { throw fail(n, key, "expected a mapping with function and steps (or an edit such as insert_before)") }
      var spec = HandlerSpec(line: n.mark?.line ?? 0)
      var single: (Edit.Kind, String, Int)?
      var singleSteps: [Step]?
      var remove: [String] = []
      for (k, v) in m {
        try count(v)
        let name = try scalar(k, key)
        let sub = "\(key).\(name)"
        if let kind = Edit.Kind(rawValue: name) {
          if kind == .remove {
            if case .sequence = v {
              remove = try list(v, sub) { (n, k) throws(RevisionFileError) in try label(n, k) }
            } else {
              remove = [try label(v, sub)]
            }
            continue
          }
          if single != nil { throw fail(k, sub, "one edit per handler here; for several, list them under 'edits'") }
          single = (kind, try label(v, sub), v.mark?.line ?? 0)
          continue
        }
        switch name {
        case "function": spec.title = try text(v, sub)
        case "steps": singleSteps = try steps(v, sub)
        case "edits":
          guard case .sequence(let seq) = v else { throw fail(v, sub, "expected a list of edits") }
          for (i, e) in seq.enumerated() { spec.edits += try edit(e, "\(sub)[\(i)]") }
        default:
          throw fail(k, sub, "unknown key; expected function, steps, insert_before, insert_after, replace, remove or edits")
        }
      }
      if let (kind, l, line) = single {
        guard let s = singleSteps else { throw fail(n, "\(key).steps", "missing; '\(kind.rawValue)' needs the steps to put there") }
        spec.edits.insert(Edit(kind: kind, label: l, steps: s, line: line, key: "\(key).\(kind.rawValue)"), at: 0)
      } else if let s = singleSteps {
        spec.steps = s
      }
      for l in remove { spec.edits.append(Edit(kind: .remove, label: l, steps: [], line: n.mark?.line ?? 0, key: "\(key).remove")) }
      return spec
    }

    func edit(_ n: Node, _ key: String) throws(RevisionFileError) -> [Edit] {
      guard case .mapping(let m) = n else { throw fail(n, key, "expected an edit such as { insert_before: LABEL, steps: [...] }") }
      var kind: (Edit.Kind, [String], Int)?
      var s: [Step] = []
      for (k, v) in m {
        let name = try scalar(k, key)
        if let e = Edit.Kind(rawValue: name) {
          if kind != nil { throw fail(k, "\(key).\(name)", "one edit per list item") }
          // `remove` may name several steps.
          let labels: [String]
          if e == .remove, case .sequence = v {
            labels = try list(v, "\(key).\(name)") { (n, k) throws(RevisionFileError) in try label(n, k) }
          } else {
            labels = [try label(v, "\(key).\(name)")]
          }
          kind = (e, labels, v.mark?.line ?? 0)
        } else if name == "steps" {
          s = try steps(v, "\(key).steps")
        } else {
          throw fail(k, "\(key).\(name)", "unknown key; expected insert_before, insert_after, replace or remove, and steps")
        }
      }
      guard let (e, labels, line) = kind else { throw fail(n, key, "missing the edit: insert_before, insert_after, replace or remove") }
      if e != .remove && s.isEmpty { throw fail(n, "\(key).steps", "missing; '\(e.rawValue)' needs the steps to put there") }
      return labels.map { Edit(kind: e, label: $0, steps: s, line: line, key: "\(key).\(e.rawValue)") }
    }

    func steps(_ n: Node, _ key: String) throws(RevisionFileError) -> [Step] {
      guard case .sequence(let seq) = n else { throw fail(n, key, "expected a list of steps, each with line and do") }
      var out: [Step] = []
      for (i, s) in seq.enumerated() {
        try count(s)
        out.append(try step(s, "\(key)[\(i)]"))
      }
      return out
    }

    func step(_ n: Node, _ key: String) throws(RevisionFileError) -> Step {
      guard case .mapping(let m) = n else { throw fail(n, key, "expected a step: { line: \"…\", do: … }") }
      var line: String?
      var depth = 0
      var labels: [String] = []
      var actions: [Action]?
      var cond: Condition?
      var then: [Action] = []
      var otherwise: [Action] = []
      var condNode: Node?
      for (k, v) in m {
        try count(v)
        let name = try scalar(k, key)
        let sub = "\(key).\(name)"
        switch name {
        case "line": line = try text(v, sub)
        case "depth":
          guard let d = v.int, (0...8).contains(d) else { throw fail(v, sub, "expected a whole number from 0 to 8") }
          depth = d
        case "label":
          if case .sequence = v {
            labels = try list(v, sub) { (n, k) throws(RevisionFileError) in try label(n, k) }
          } else {
            labels = [try label(v, sub)]
          }
        case "do": actions = try actionList(v, sub)
        case "if":
          cond = try condition(v, sub)
          condNode = v
        case "then": then = try actionList(v, sub)
        case "else": otherwise = try actionList(v, sub)
        default:
          throw fail(k, sub, "unknown key; expected line, depth, label, do, or if with then and else")
        }
      }
      guard let line else { throw fail(n, "\(key).line", "missing; expected the pseudo-code line the code panel shows") }
      if let cond {
        if actions != nil { throw fail(condNode, "\(key).if", "a step has either do or if/then/else; put the branch inside do") }
        actions = [.branch(cond, then: then, else: otherwise)]
      } else if !then.isEmpty || !otherwise.isEmpty {
        throw fail(n, "\(key).if", "missing; then and else need an if")
      }
      guard let actions, !actions.isEmpty else {
        throw fail(n, "\(key).do", "missing; expected the operation(s) the step runs (docs/revisions.md lists them)")
      }
      return Step(line: line, depth: depth, labels: labels, actions: actions, sourceLine: n.mark?.line ?? 0, sourceKey: key)
    }

    func actionList(_ n: Node, _ key: String) throws(RevisionFileError) -> [Action] {
      if case .sequence(let seq) = n {
        var out: [Action] = []
        for (i, x) in seq.enumerated() {
          try count(x)
          out.append(try action(x, "\(key)[\(i)]"))
        }
        return out
      }
      return [try action(n, key)]
    }

    static let plain: [String: Action] = [
      "enter": .enter, "mutex_trylock": .mutexTrylock, "mutex_lock": .mutexLock,
      "mutex_unlock": .mutexUnlock, "spin_unlock": .spinUnlock, "return": .ret,
      "cp_init": .cpInit, "cp_prefetch": .cpPrefetch, "cp_prefetch_check": .cpPrefetchCheck, "cp_prefetch_walk": .cpPrefetchWalk, "cp_update_scsw": .cpUpdateScsw,
      "cp_free": .cpFree, "cp_free_check": .cpFreeCheck, "cp_free_chains": .cpFreeChains,
      "cp_update_scsw_check": .cpUpdateScswCheck, "cp_update_scsw_walk": .cpUpdateScswWalk, "cp_queue": .cpQueue, "cp_dequeue_free": .cpDequeueFree,
      "cio_cancel_halt_clear": .cancelHaltClear, "tsch": .tsch, "store_irb": .storeIRB,
      "queue_work": .queueWork(.ioWork), "disable_subchannel": .disableSubchannel, "read_irb": .readIRB,
      "copy_irb": .copyIRB, "eventfd_signal": .eventfdSignal, "cio_update_schib_fails": .deviceGone,
      "cio_disable_subchannel": .disable(.disableDefault), "cio_enable_subchannel": .enable,
      "arm_completion": .armCompletion, "wait_for_completion": .waitForCompletion, "complete": .complete,
      "flush_workqueue": .flushWorkqueue, "cancel_work_sync": .cancelWorkSync,
      "unregister_regions": .unregisterRegions,
      "ssch": .ssch(.sschDefault), "hsch": .hsch(.hschDefault), "csch": .csch(.cschDefault),
    ]
    static let keyed = ["cio_disable_subchannel", "queue_work", "spin_lock", "state", "ret", "goto", "set", "clear", "ssch", "hsch", "csch", "fsm_event", "if"]

    var operations: String { (Reader.plain.keys.sorted() + Reader.keyed.map { "{\($0): …}" }).joined(separator: ", ") }

    func action(_ n: Node, _ key: String) throws(RevisionFileError) -> Action {
      if case .scalar(let s) = n {
        guard let a = Reader.plain[s.string] else {
          throw fail(n, key, "unknown operation '\(SafeText.excerpt(s.string))'; expected one of: \(operations)")
        }
        return a
      }
      guard case .mapping(let m) = n,
        let (k0, v0) = m.first(where: { k, _ in ["fsm_event", "if"].contains((try? scalar(k, key)) ?? "") })
          ?? m.first(where: { _ in true })
      else {
        throw fail(n, key, "expected an operation: a name such as cp_free, or a mapping such as { state: IDLE }")
      }
      let name = try scalar(k0, key)
      let sub = "\(key).\(name)"
      func only() throws(RevisionFileError) {
        if m.count != 1 { throw fail(n, sub, "expected one key in this operation") }
      }
      switch name {
      case "queue_work":
        try only()
        let s = try scalar(v0, sub)
        guard let item = WorkItem(rawValue: s) else { throw fail(v0, sub, "expected one of: \(WorkItem.allCases.map(\.rawValue).joined(separator: ", "))") }
        return .queueWork(item)
      case "spin_lock":
        try only()
        let s = try scalar(v0, sub)
        guard let mode = SpinMode(rawValue: s) else { throw fail(v0, sub, "expected irqsave, irq or plain") }
        return .spinLock(mode)
      case "state":
        try only()
        return .setState(try state(v0, sub))
      case "ret":
        try only()
        return .setRet(try errno(v0, sub))
      case "goto":
        try only()
        return .goto(try label(v0, sub))
      case "set", "clear":
        try only()
        let s = try scalar(v0, sub)
        guard let f = StepFlag(rawValue: s) else { throw fail(v0, sub, "expected one of: \(StepFlag.allCases.map(\.rawValue).joined(separator: ", "))") }
        return name == "set" ? .set(f) : .clear(f)
      case "cio_disable_subchannel":
        try only()
        return .disable(try outcomes(v0, sub, .disableDefault))
      case "ssch", "hsch", "csch":
        try only()
        let defaults: Outcomes = name == "ssch" ? .sschDefault : name == "hsch" ? .hschDefault : .cschDefault
        let o = try outcomes(v0, sub, defaults)
        return name == "ssch" ? .ssch(o) : name == "hsch" ? .hsch(o) : .csch(o)
      case "fsm_event":
        let ev = try event(v0, sub)
        var cases: [DispatchCase] = []
        for (k, v) in m where (try? scalar(k, key)) != "fsm_event" {
          guard try scalar(k, key) == "cases" else { throw fail(k, "\(key).\(try scalar(k, key))", "unknown key; expected fsm_event and cases") }
          guard case .mapping(let cm) = v else { throw fail(v, "\(key).cases", "expected a mapping from FSM handler to its operations") }
          for (hk, hv) in cm {
            let h = try fsmHandler(hk, "\(key).cases")
            cases.append(DispatchCase(handler: h, actions: try optionalList(hv, "\(key).cases.\(h.name)")))
          }
        }
        return .dispatch(ev, cases)
      case "if":
        var then: [Action] = []
        var otherwise: [Action] = []
        for (k, v) in m {
          switch try scalar(k, key) {
          case "if": break
          case "then": then = try optionalList(v, "\(key).then")
          case "else": otherwise = try optionalList(v, "\(key).else")
          case let other: throw fail(k, "\(key).\(other)", "unknown key; expected if, then and else")
          }
        }
        return .branch(try condition(v0, sub), then: then, else: otherwise)
      default:
        throw fail(k0, sub, "unknown operation '\(SafeText.excerpt(name))'; expected one of: \(operations)")
      }
    }

    /// A list that may be empty (`[]`, or nothing at all).
    func optionalList(_ n: Node, _ key: String) throws(RevisionFileError) -> [Action] {
      if case .sequence(let seq) = n, seq.isEmpty { return [] }
      if case .scalar(let s) = n, s.string.isEmpty || s.string == "~" || s.string == "null" { return [] }
      return try actionList(n, key)
    }

    func outcomes(_ n: Node, _ key: String, _ defaults: Outcomes) throws(RevisionFileError) -> Outcomes {
      if case .scalar(let s) = n, s.string.isEmpty || s.string == "~" { return defaults }
      guard case .mapping(let m) = n else { throw fail(n, key, "expected a mapping from cc0, cc1, cc2, cc3 (or busy for cc1 and cc2) to operations") }
      var byCC = defaults.byCC
      for (k, v) in m {
        let name = try scalar(k, key)
        let list = try optionalList(v, "\(key).\(name)")
        switch name {
        case "cc0": byCC[0] = list
        case "cc1": byCC[1] = list
        case "cc2": byCC[2] = list
        case "cc3": byCC[3] = list
        case "busy":
          byCC[1] = list
          byCC[2] = list
        default: throw fail(k, "\(key).\(name)", "expected cc0, cc1, cc2, cc3 or busy")
        }
      }
      return Outcomes(byCC: byCC)
    }

    static let leaves: [String: Condition] = [
      "cp.initialized": .cpInitialized, "cp.started": .cpStarted, "work_pending": .workPending,
      "is_final": .isFinal, "solicited": .solicited, "cp_is_finished": .cpIsFinished,
      "cp_queued": .cpQueued, "ret": .ret(nil),
    ]

    func condition(_ n: Node, _ key: String) throws(RevisionFileError) -> Condition {
      try count(n)
      if case .scalar(let s) = n {
        guard let c = Reader.leaves[s.string] else {
          throw fail(n, key, "unknown condition '\(SafeText.excerpt(s.string))'; expected one of: \(Reader.leaves.keys.sorted().joined(separator: ", ")), or {state: S}, {ret: ERRNO}, {not: …}, {all: […]}, {any: […]}")
        }
        return c
      }
      guard case .mapping(let m) = n, m.count == 1, let (k, v) = m.first(where: { _ in true }) else {
        throw fail(n, key, "expected a condition: a name such as is_final, or one of {state: S}, {ret: ERRNO}, {not: …}, {all: […]}, {any: […]}")
      }
      let name = try scalar(k, key)
      let sub = "\(key).\(name)"
      switch name {
      case "state": return .state(try state(v, sub))
      case "ret": return .ret(try errno(v, sub))
      case "not": return .not(try condition(v, sub))
      case "all", "any":
        guard case .sequence(let seq) = v else { throw fail(v, sub, "expected a list of conditions") }
        var cs: [Condition] = []
        for (i, x) in seq.enumerated() { cs.append(try condition(x, "\(sub)[\(i)]")) }
        return name == "all" ? .all(cs) : .any(cs)
      default:
        throw fail(k, sub, "unknown condition; expected state, ret, not, all or any")
      }
    }
  }

  static let errnos: [String: Int8] = [
    "0": 0, "-EIO": Errno.EIO, "-EAGAIN": Errno.EAGAIN, "-EACCES": Errno.EACCES,
    "-EBUSY": Errno.EBUSY, "-ENODEV": Errno.ENODEV, "-EINVAL": Errno.EINVAL,
  ]
}
