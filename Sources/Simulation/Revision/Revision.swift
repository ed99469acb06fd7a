/// One driver revision: its states, its jump table and its handlers as programs of steps.
/// Revisions are read from files (the RevisionFiles target); this type holds one validated
/// and compiled to flat tables the interpreter runs.
public final class Revision: Sendable {
  /// The id used on the command line: `v5.2`, `v5.3`, `seed-v3`, `v5.13`, `v6.0`, …
  public let id: String
  public let title: String
  /// Which kernels it stands for, e.g. "v5.3 – v5.12".
  public let kernels: String
  /// One sentence on what distinguishes it.
  public let summary: String
  /// What was read to write it (commits, files, mails).
  public let sources: [String]
  /// The revision it was written as changes to, if any.
  public let base: String?
  /// The file it was read from, if any.
  public let path: String?
  public let jumpTable: JumpTable
  /// Whether any step reads or writes the seed's `cp.started` (views show it only then).
  public let hasStartedFlag: Bool
  /// Whether any step queues channel programs (a queued-cp design; views show the queue).
  public let queuesPrograms: Bool
  private let programs: [Program]
  let code: CompiledCode

  /// Validates and compiles. Every problem found is reported, each with its file line.
  public init(
    id: String, title: String, kernels: String, summary: String, sources: [String] = [],
    base: String? = nil, path: String? = nil, jumpTable: JumpTable, programs: [ContextKind: Program]
  ) throws(RevisionError) {
    self.id = id
    self.title = title
    self.kernels = kernels
    self.summary = summary
    self.sources = sources
    self.base = base
    self.path = path
    self.jumpTable = jumpTable
    var byKind: [Program] = []
    for kind in ContextKind.allCases {
      guard let p = programs[kind] else {
        if kind.isOptional {
          byKind.append(Program(kind.handlerKey, []))
          continue
        }
        throw RevisionError([.init(line: 0, key: "handlers.\(kind.handlerKey)", message: "missing; every revision needs a handler for \(kind.title)")])
      }
      byKind.append(p)
    }
    let queuesNotoper = byKind.flatMap(\.steps).flatMap(\.actions).contains { $0.mentions(.queueWork(.notoperWork)) }
    if queuesNotoper && programs[.notOperWork] == nil {
      throw RevisionError([.init(line: 0, key: "handlers.notoper_work", message: "missing; a step queues notoper_work, so the revision needs its handler")])
    }
    let problems = RevisionValidator.validate(byKind, jumpTable: jumpTable, present: Set(programs.keys))
    if !problems.isEmpty { throw RevisionError(problems) }
    self.programs = byKind
    code = CompiledCode(byKind)
    let all = byKind.flatMap(\.steps).flatMap(\.actions)
    hasStartedFlag = all.contains { $0.mentionsStarted }
    queuesPrograms = all.contains { $0.mentionsQueue }
  }

  /// Whether the revision has this handler (the kernel it models has that path).
  public func has(_ kind: ContextKind) -> Bool { !programs[Int(kind.rawValue)].steps.isEmpty }

  /// The program a context of this kind runs.
  public func program(_ kind: ContextKind) -> Program { programs[Int(kind.rawValue)] }

  /// The step a context is about to run.
  public func step(of context: Context) -> Step {
    programs[Int(context.kind.rawValue)].steps[Int(context.pc)]
  }

  /// Why this revision cannot run a configuration, or nil when it can.
  public func unsupported(_ c: Configuration) -> String? {
    if c.kernelHaltClear > 0 && !has(.kernelHaltClear) { return Revision.noChpEvent(id) }
    return nil
  }

  static func noChpEvent(_ id: String) -> String {
    "\(id) has no vfio_ccw_chp_event (it came with v5.8): there a kernel-internal HALT/CLEAR "
      + "happens only through quiesce on close, reset or remove, so --kernel-halt-clear does not apply"
  }

  /// Every handler, in context order.
  public var allPrograms: [(ContextKind, Program)] { ContextKind.allCases.map { ($0, program($0)) } }
}

/// Problems found in a revision, each with the file line it concerns.
public struct RevisionError: Error, Sendable, Equatable {
  public struct Problem: Sendable, Equatable {
    /// 1-based line in the file, 0 when unknown.
    public var line: Int
    /// The YAML key path, e.g. `handlers.start.steps[3].do`.
    public var key: String
    public var message: String

    public init(line: Int, key: String, message: String) {
      self.line = line
      self.key = key
      self.message = message
    }
  }

  public var problems: [Problem]

  public init(_ problems: [Problem]) { self.problems = problems }
}

extension Action {
  /// Whether this action, or one nested in it, is `a`.
  func mentions(_ a: Action) -> Bool {
    if self == a { return true }
    switch self {
    case .branch(_, let t, let e): return (t + e).contains { $0.mentions(a) }
    case .dispatch(_, let cases): return cases.contains { $0.actions.contains { $0.mentions(a) } }
    case .ssch(let o), .hsch(let o), .csch(let o), .disable(let o): return o.byCC.joined().contains { $0.mentions(a) }
    default: return false
    }
  }

  /// Whether the action, or one nested in it, touches `cp.started`.
  var mentionsStarted: Bool {
    switch self {
    case .set(.cpStarted), .clear(.cpStarted): true
    case .branch(let c, let t, let e): c.usesStarted || (t + e).contains { $0.mentionsStarted }
    case .dispatch(_, let cases): cases.contains { $0.actions.contains { $0.mentionsStarted } }
    case .ssch(let o), .hsch(let o), .csch(let o), .disable(let o): o.byCC.joined().contains { $0.mentionsStarted }
    default: false
    }
  }

  /// Whether the action, or one nested in it, queues or dequeues channel programs.
  var mentionsQueue: Bool {
    switch self {
    case .cpQueue, .cpDequeueFree: true
    case .branch(let c, let t, let e): c == .cpQueued || (t + e).contains { $0.mentionsQueue }
    case .dispatch(_, let cases): cases.contains { $0.actions.contains { $0.mentionsQueue } }
    case .ssch(let o), .hsch(let o), .csch(let o), .disable(let o): o.byCC.joined().contains { $0.mentionsQueue }
    default: false
    }
  }
}
