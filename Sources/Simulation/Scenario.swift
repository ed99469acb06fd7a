/// When a scenario step stops stepping its CPU.
public enum Until: Hashable, Sendable {
  /// The context the step started (or stepped) has returned.
  case returns
  /// The context's next step carries this label (it has not run yet).
  case before(String)

  /// Names of earlier versions, when steps were named by their operation.
  static let legacy = ["helperLock": "io_helper_lock", "todoLock": "todo_lock"]

  /// `return`, or a step label of the revision, such as `io_helper_lock` or `todo_lock`.
  public init?(_ text: String) {
    if text == "return" {
      self = .returns
    } else if let label = Until.legacy[text] {
      self = .before(label)
    } else if !text.isEmpty, text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) {
      self = .before(text)
    } else {
      return nil
    }
  }

  public var text: String {
    switch self {
    case .returns: "return"
    case .before(let label): label
    }
  }
}

/// One line of a scenario: a choice, optionally run on until a point, with its caption.
public struct ScenarioStep: Hashable, Sendable {
  public var choice: Choice
  public var until: Until?
  public var caption: String?
  public var chapter: String?
  /// What the caption says the step does; checked whenever the story is told.
  public var expect: [Expectation]
  /// A question asked before the step (quiz mode), if any.
  public var ask: Ask?

  public init(
    _ choice: Choice, until: Until? = nil, caption: String? = nil, chapter: String? = nil,
    expect: [Expectation] = [], ask: Ask? = nil
  ) {
    self.choice = choice
    self.until = until
    self.caption = caption
    self.chapter = chapter
    self.expect = expect
    self.ask = ask
  }
}

/// A story told as a schedule. It runs on any revision: a step that does not apply there is
/// skipped with a remark, so the same story can be compared across revisions.
public struct Scenario: Hashable, Sendable {
  public var name: String
  public var title: String
  public var description: String
  /// The race of the reference it shows (R2 … R7), if any.
  public var race: String?
  public var revision: String
  public var configuration: Configuration
  public var steps: [ScenarioStep]

  public init(
    name: String, title: String, description: String, race: String? = nil, revision: String,
    configuration: Configuration = Configuration(), steps: [ScenarioStep]
  ) {
    self.name = name
    self.title = title
    self.description = description
    self.race = race
    self.revision = revision
    self.configuration = configuration
    self.steps = steps
  }

  /// Runs the story on a revision.
  public func run(on rev: Revision) throws(SimulationError) -> Run {
    try configuration.validate()
    var run = Run(revision: rev, configuration: configuration, title: title)
    for (i, s) in steps.enumerated() {
      perform(s, number: i + 1, on: &run)
    }
    return run
  }

  private func perform(_ s: ScenarioStep, number: Int, on run: inout Run) {
    let caption = s.caption.map { c in s.chapter.map { "[\($0)] \(c)" } ?? c }
    if let why = run.engine.whyNot(run.final, s.choice) {
      run.remark("scenario step \(number) (\(s.choice)) skipped on \(run.revision.id): \(why)")
      // On its own revision a skipped step is the story as written (kept for retellings);
      // told elsewhere, it is where the story stopped applying.
      guard run.revision.id != revision else { return }
      run.diverge(Divergence(
        what: "scenario step \(number) (\(s.choice))", why: "is not possible on \(run.revision.id): \(why)",
        afterSteps: run.steps.count))
      return
    }
    let first = run.steps.count + 1
    steps(of: s, number: number, caption: caption, on: &run)
    check(s, number: number, from: first, on: &run)
  }

  /// A step whose expectations do not hold shows what happened instead of its caption, and
  /// the run records that the story diverged there.
  private func check(_ s: ScenarioStep, number: Int, from first: Int, on run: inout Run) {
    guard !s.expect.isEmpty, first <= run.steps.count else { return }
    let mine = run.steps[(first - 1)...]
    let facts = mine.flatMap(\.facts)
    let hazards = run.hazards.filter { $0.step >= first }.map(\.hazard.kind)
    let state = run.final.state
    let failed = s.expect.filter { !$0.holds(facts: facts, hazards: hazards, state: state) }
    guard !failed.isEmpty else { return }
    let instead = Expectation.instead(failed, facts: facts, hazards: hazards, state: state)
    let caption = "\(s.choice.lane.name) on \(run.revision.id): \(instead)"
    // The chapter's title told the story's outcome too: the replaced caption goes without it.
    run.recaption(first, caption)
    let said = s.caption.map { " \"\($0)\"" } ?? ""
    run.remark("scenario step \(number) (\(s.choice)): the caption\(said) does not hold on \(run.revision.id); instead: \(instead)")
    run.diverge(Divergence(
      what: "scenario step \(number) (\(s.choice))",
      why: "went another way on \(run.revision.id): \(instead)", afterSteps: first - 1))
  }

  private func steps(of s: ScenarioStep, number: Int, caption: String?, on run: inout Run) {
    guard case .cpu(let k) = s.choice.lane else {
      run.append(s.choice, caption: caption, origin: number, chapter: s.chapter)
      return
    }
    // Which of the CPU's two slots holds the context this step follows.
    let followsIRQ: Bool
    switch s.choice {
    case .interrupt: followsIRQ = true
    case .step: followsIRQ = run.final.cpus[k].irq != nil
    default: followsIRQ = false
    }
    run.append(s.choice, caption: caption, origin: number, chapter: s.chapter)
    guard let until = s.until else { return }
    for _ in 0..<500 {
      let cpu = run.final.cpus[k]
      guard let ctx = followsIRQ ? cpu.irq : cpu.task else { return }  // it returned
      if !followsIRQ && cpu.irq != nil {
        run.remark("scenario step \(number): CPU\(k + 1) is interrupted; stopped there")
        return
      }
      if case .before(let label) = until, run.revision.step(of: ctx).labels.contains(label) { return }
      if let why = run.engine.blockedReason(run.final, cpu: k, ctx) {
        run.remark("scenario step \(number): CPU\(k + 1) \(why); stopped there")
        return
      }
      run.append(.step(cpu: k), origin: number)
    }
  }
}
