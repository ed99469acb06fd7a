/// One atomic step of a handler: the line of pseudo-code the code panel shows and the
/// operations it runs, in order, as one indivisible action of one lane.
public struct Step: Hashable, Sendable {
  public let line: String
  /// Indentation depth for the code view: 0 for the entry point, 1 inside a callee, …
  public let depth: Int
  /// Names other steps jump to (`goto err_out`) and scenarios stop before (`until:`).
  public let labels: [String]
  public let actions: [Action]
  /// The line of the revision file the step was read from (0 when unknown).
  public let sourceLine: Int
  /// Its key in that file, e.g. `handlers.start.steps[0]` (empty when unknown): an edit's
  /// step is named as the file wrote it, not by its place in the edited handler.
  public let sourceKey: String

  public init(
    line: String, depth: Int = 0, labels: [String] = [], actions: [Action], sourceLine: Int = 0,
    sourceKey: String = ""
  ) {
    self.line = line
    self.depth = depth
    self.labels = labels
    self.actions = actions
    self.sourceLine = sourceLine
    self.sourceKey = sourceKey
  }

  /// The same step, as a comparison of revisions sees it (the file line does not count).
  public func sameAs(_ other: Step) -> Bool {
    // Where it was written does not count either.
    line == other.line && depth == other.depth && actions == other.actions
  }
}

/// A handler as its ordered steps, with the kernel function it models as its title.
public struct Program: Hashable, Sendable {
  public let title: String
  public let steps: [Step]

  public init(_ title: String, _ steps: [Step]) {
    self.title = title
    self.steps = steps
  }

  /// The index of the step carrying a label.
  public func index(of label: String) -> Int? { steps.firstIndex { $0.labels.contains(label) } }
}

/// The file names of the handlers, one per kind of context.
extension ContextKind {
  /// The key a revision file uses for this context's handler.
  public var handlerKey: String {
    switch self {
    case .start: "start"
    case .halt: "halt"
    case .clear: "clear"
    case .ioTodo: "io_todo"
    case .irq: "irq"
    case .kernelHaltClear: "chp_event"
    case .notOper: "sch_event"
    case .notOperWork: "notoper_work"
    case .close: "close"
    case .reset: "reset"
    }
  }

  /// Handlers a revision may leave out: the kernel it models has no such path (chp_event came
  /// with v5.8, notoper_work with the 2026 fixes).
  public var isOptional: Bool { ![.start, .halt, .clear, .ioTodo, .irq, .notOper].contains(self) }

  public init?(handlerKey: String) {
    guard let k = ContextKind.allCases.first(where: { $0.handlerKey == handlerKey }) else { return nil }
    self = k
  }
}
