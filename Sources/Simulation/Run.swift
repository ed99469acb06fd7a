/// One step of a run as the reports show it.
public struct RunStep: Hashable, Sendable {
  /// 1-based, as people count steps.
  public var index: Int
  public var choice: Choice
  public var lane: Lane
  /// The line the lane ran and its outcome.
  /// The line the lane ran and its outcome, in words (rendered from `facts`).
  public var text: String
  public var notes: [String]
  /// What the step did, as structure: views and tests read these, not the words.
  public var facts: [Fact] = []
  public var caption: String?
  /// The scenario step (1-based) this step belongs to, when a scenario produced it.
  public var origin: Int?
  /// The chapter this step opens, if any.
  public var chapter: String?
}

extension RunStep {
  /// The step a choice's events tell, and the hazards it fired.
  static func told(
    _ events: [Event], index: Int, choice: Choice, caption: String? = nil, origin: Int? = nil,
    chapter: String? = nil
  ) -> (RunStep, [HazardRecord]) {
    var step = RunStep(index: index, choice: choice, lane: choice.lane, text: "", notes: [],
      caption: caption, origin: origin, chapter: chapter)
    var fired: [HazardRecord] = []
    for ev in events {
      switch ev {
      case .step(_, let f):
        step.facts.append(f)
        step.text = step.text.isEmpty ? f.text : step.text + "; " + f.text
      case .note(_, let f):
        step.facts.append(f)
        step.notes.append(f.text)
      case .hazard(let h): fired.append(HazardRecord(step: index, hazard: h))
      }
    }
    return (step, fired)
  }
}

/// Where a run told on another revision stopped following its schedule or its story.
public struct Divergence: Hashable, Sendable {
  /// What stopped applying: "step 12 of the schedule (step@1)", "scenario step 4 (start@2)".
  public var what: String
  /// Why, in words: the choice was not possible, or the step did something else.
  public var why: String
  /// How many of the run's steps came before it (the divergence is between this step and
  /// the next).
  public var afterSteps: Int

  public init(what: String, why: String, afterSteps: Int) {
    self.what = what
    self.why = why
    self.afterSteps = afterSteps
  }

  /// One sentence for reports: where and why.
  public var sentence: String {
    "diverged after step \(afterSteps): \(what) \(why)"
  }
}

/// A hazard with the step it fired on.
public struct HazardRecord: Hashable, Sendable {
  public var step: Int
  public var hazard: Hazard
  /// Stable within a run: the kind and the step, e.g. `use-after-free@7`.
  public var id: String { "\(hazard.kind.rawValue)@\(step)" }
}

/// A trace replayed: every step with what it did, the hazards, and every world on the way.
public struct Run: Sendable {
  public let revision: Revision
  public private(set) var trace: Trace
  public private(set) var steps: [RunStep] = []
  public private(set) var hazards: [HazardRecord] = []
  /// worlds[0] is the initial world; worlds[i] is the world after step i.
  public private(set) var worlds: [World]
  /// Remarks that belong to no step (a scenario step that did not apply, say).
  public private(set) var remarks: [String] = []
  /// Where the run stopped telling the story it was asked to tell (a retold scenario or a
  /// lenient replay on another revision); nil when every step applied as written.
  public private(set) var divergence: Divergence?

  public var engine: Engine { Engine(revision: revision, configuration: trace.configuration) }
  public var final: World { worlds[worlds.count - 1] }

  public init(revision: Revision, configuration: Configuration, title: String? = nil) {
    self.revision = revision
    self.trace = Trace(revision: revision.id, configuration: configuration, title: title)
    worlds = [Engine(revision: revision, configuration: configuration).initialWorld()]
  }

  /// Applies a choice if it is enabled; returns false (and changes nothing) otherwise.
  @discardableResult
  public mutating func append(
    _ choice: Choice, caption: String? = nil, origin: Int? = nil, chapter: String? = nil
  ) -> Bool {
    let engine = self.engine
    if engine.whyNot(final, choice) != nil { return false }
    let (next, events) = engine.apply(final, choice)
    let index = steps.count + 1
    let (step, fired) = RunStep.told(
      events, index: index, choice: choice, caption: caption, origin: origin, chapter: chapter)
    hazards += fired
    steps.append(step)
    worlds.append(next)
    trace.choices.append(choice)
    if let caption { trace.captions[index] = caption }
    return true
  }

  public mutating func remark(_ text: String) { remarks.append(text) }

  /// Records where the run diverged; only the first divergence is kept.
  public mutating func diverge(_ d: Divergence) {
    if divergence == nil { divergence = d }
  }

  /// Replaces the caption of a step (1-based), in the steps and in the trace.
  public mutating func recaption(_ index: Int, _ caption: String) {
    guard index >= 1, index <= steps.count else { return }
    steps[index - 1].caption = caption
    trace.captions[index] = caption
  }

  /// Keeps the first `count` steps and forgets the rest (to branch off from a past step).
  public mutating func truncate(to count: Int) {
    guard count < steps.count else { return }
    steps.removeLast(steps.count - count)
    worlds.removeLast(worlds.count - count - 1)
    hazards.removeAll { $0.step > count }
    if let d = divergence, d.afterSteps > count { divergence = nil }
    trace.choices.removeLast(trace.choices.count - count)
    trace.captions = trace.captions.filter { $0.key <= count }
  }

  mutating func setTitle(_ title: String?) { trace.title = title }
}

/// Ways of producing runs: replaying a trace, or a seeded random schedule.
public enum Runner {
  /// Replays a trace. Strict replay fails on the first choice that is not enabled, naming the
  /// step and the reason; lenient replay skips it with a remark (used to carry a schedule
  /// over to another revision "as far as it applies").
  public static func replay(_ trace: Trace, on rev: Revision, strict: Bool = true)
    throws(SimulationError) -> Run
  {
    try trace.configuration.validate()
    var run = Run(revision: rev, configuration: trace.configuration, title: trace.title)
    for (i, c) in trace.choices.enumerated() {
      if let why = run.engine.whyNot(run.final, c) {
        if strict {
          throw .badTrace("step \(i + 1): \(c) is not possible on \(rev.id): \(why)")
        }
        run.remark("step \(i + 1) of the schedule (\(c)) does not apply on \(rev.id): \(why)")
        run.diverge(Divergence(
          what: "step \(i + 1) of the schedule (\(c))", why: "is not possible on \(rev.id): \(why)", afterSteps: run.steps.count))
        continue
      }
      run.append(c, caption: trace.captions[i + 1])
    }
    return run
  }

  /// A seeded uniform random schedule of at most `steps` steps; stops early when nothing is
  /// enabled. The same revision, configuration and seed give the same run.
  public static func random(
    revision: Revision, configuration: Configuration, seed: UInt64, steps: Int,
    strategy: Strategy = .uniform
  ) -> Run {
    var run = Run(
      revision: revision, configuration: configuration, title: randomTitle(strategy: strategy, seed: seed))
    var scheduler = Scheduler(strategy: strategy, seed: seed, lanes: configuration.cpus + 1, steps: steps)
    for _ in 0..<steps {
      let choices = run.engine.enabledChoices(run.final)
      if choices.isEmpty { break }
      run.append(scheduler.pick(choices))
    }
    return run
  }

  /// The title of a random run.
  public static func randomTitle(strategy: Strategy, seed: UInt64) -> String {
    "random (\(strategy.name)), seed \(seed)"
  }

  /// The same schedule as `random`, told step by step and not kept: `body` gets each step
  /// and the hazards it fired, as they happen. Memory stays constant however long the run
  /// (only the hazards are kept). Returns the run's title, its final world and its hazards.
  @discardableResult
  public static func streamRandom(
    revision: Revision, configuration: Configuration, seed: UInt64, steps: Int,
    strategy: Strategy = .uniform, _ body: (RunStep, [HazardRecord]) -> Void
  ) -> (title: String, final: World, hazards: [HazardRecord]) {
    let engine = Engine(revision: revision, configuration: configuration)
    var world = engine.initialWorld()
    var hazards: [HazardRecord] = []
    var scheduler = Scheduler(strategy: strategy, seed: seed, lanes: configuration.cpus + 1, steps: steps)
    for index in 1...max(1, steps) where steps > 0 {
      let choices = engine.enabledChoices(world)
      if choices.isEmpty { break }
      let choice = scheduler.pick(choices)
      let (next, events) = engine.apply(world, choice)
      let (step, fired) = RunStep.told(events, index: index, choice: choice)
      hazards += fired
      world = next
      body(step, fired)
    }
    return (randomTitle(strategy: strategy, seed: seed), world, hazards)
  }

  /// The same schedule without recording: how many steps it ran. For benchmarks.
  public static func randomSteps(
    engine: Engine, seed: UInt64, steps: Int, into world: inout World
  ) -> Int {
    var rng = SplitMix64(seed: seed)
    var n = 0
    var choices: [Choice] = []
    choices.reserveCapacity(16)
    while n < steps {
      engine.enabledChoices(world, into: &choices)
      if choices.isEmpty { break }
      engine.apply(&world, choices[rng.below(choices.count)], record: false)
      n += 1
    }
    return n
  }
}
