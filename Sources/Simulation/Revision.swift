/// One driver revision: its states, its jump table and its handlers as programs.
public final class Revision: Sendable {
  /// The id used on the command line: `v5.2`, `v5.3`, `seed-v3`, `v5.13`, `v6.0`.
  public let id: String
  /// Which kernels it stands for, e.g. "v5.3 – v5.12".
  public let kernels: String
  /// One sentence on what distinguishes it.
  public let summary: String
  public let jumpTable: JumpTable
  /// Whether the cp carries the seed's `started` flag (views show it only then).
  public let hasStartedFlag: Bool
  private let programs: [Program]
  // Flat tables for the interpreter's hot path: reading a Program or a Step would copy their
  // arrays and strings (reference counting on every step).
  private let opTable: [Op]
  private let opOffset: [Int]
  private let lengths: [UInt8]
  private let targets: [UInt8]

  public init(
    id: String, kernels: String, summary: String, jumpTable: JumpTable, hasStartedFlag: Bool,
    start: Program, ioTodo: Program, notOper: Program,
    halt: Program = SharedPrograms.halt, clear: Program = SharedPrograms.clear,
    irq: Program = SharedPrograms.irq, kernel: Program = SharedPrograms.kernelHaltClear
  ) {
    self.id = id
    self.kernels = kernels
    self.summary = summary
    self.jumpTable = jumpTable
    self.hasStartedFlag = hasStartedFlag
    var byKind = [Program](repeating: start, count: ContextKind.allCases.count)
    byKind[Int(ContextKind.start.rawValue)] = start
    byKind[Int(ContextKind.halt.rawValue)] = halt
    byKind[Int(ContextKind.clear.rawValue)] = clear
    byKind[Int(ContextKind.ioTodo.rawValue)] = ioTodo
    byKind[Int(ContextKind.irq.rawValue)] = irq
    byKind[Int(ContextKind.kernelHaltClear.rawValue)] = kernel
    byKind[Int(ContextKind.notOper.rawValue)] = notOper
    programs = byKind
    var table: [Op] = []
    var offsets: [Int] = []
    var targets: [UInt8] = []
    for p in byKind {
      offsets.append(table.count)
      table += p.steps.map(\.op)
      for l in [Label.errOut, .dispatchFailed, .ret, .helperUnlock] {
        targets.append(p.steps.firstIndex { $0.labels.contains(l) }.map(UInt8.init) ?? .max)
      }
    }
    opTable = table
    opOffset = offsets
    lengths = byKind.map { UInt8($0.steps.count) }
    self.targets = targets
  }

  /// The operation a context runs next.
  @inline(__always)
  public func op(of context: Context) -> Op {
    opTable[opOffset[Int(context.kind.rawValue)] + Int(context.pc)]
  }

  /// How many steps a context's program has.
  @inline(__always)
  func length(_ kind: ContextKind) -> Int { Int(lengths[Int(kind.rawValue)]) }

  /// Where a label points in a context's program.
  @inline(__always)
  func target(_ kind: ContextKind, _ label: Label) -> UInt8 {
    let t = targets[Int(kind.rawValue) * 4 + Int(label.rawValue)]
    precondition(t != .max, "\(id) \(kind) has no label \(label)")
    return t
  }

  /// The program a context of this kind runs.
  public func program(_ kind: ContextKind) -> Program { programs[Int(kind.rawValue)] }

  /// The step a context is about to run.
  public func step(of context: Context) -> Step {
    programs[Int(context.kind.rawValue)].steps[Int(context.pc)]
  }
}

/// The registry of revisions, oldest first.
public enum Revisions {
  public static let all: [Revision] = [v5_2, v5_3, seedV3, v5_13, v6_0]

  public static func named(_ id: String) throws(SimulationError) -> Revision {
    guard let r = all.first(where: { $0.id == id }) else { throw .unknownRevision(id) }
    return r
  }

  /// The five-state jump table of v5.2 – v5.19 (reference §2.2).
  static let classicStates: [FSMState] = [.notOper, .standby, .idle, .cpProcessing, .cpPending]
  static let classicEvents: [FSMEvent] = [.notOper, .ioReq, .interrupt, .asyncReq]
  static let classicTable = JumpTable(
    states: classicStates, events: classicEvents,
    rows: [
      [.nop, .ioError, .disabledIRQ, .asyncError],
      [.notoper, .ioError, .irq, .asyncError],
      [.notoper, .ioRequest, .irq, .asyncRequest],
      [.notoper, .ioRetry, .irq, .asyncRetry],
      [.notoper, .ioBusy, .irq, .asyncRequest],
    ])
}
