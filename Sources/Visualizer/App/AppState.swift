import RevisionFiles
import Simulation
import Teaching

/// Where the run on screen came from; decides what `next` and `switch revision` do.
public enum RunSource: Sendable {
  case scenario(Scenario)
  case random(seed: UInt64, steps: Int)
  case trace(name: String)
  /// A recording of a finished run (the cast export): the status bar shows its title.
  case recording(title: String)
}

/// An overlay on top of the panels, which takes the keys while it is open.
public enum Overlay: Equatable, Sendable {
  case help
  /// The explorer's hints for the step on screen.
  case hints
  /// Choose among a lane's enabled choices.
  case chooser(lane: Lane, choices: [Choice])
  /// Typing a step number for `g`.
  case goto(String)
  /// The step on screen and the hazards so far, in full (`a`).
  case readAll
  /// The run's remarks and divergence (`m`).
  case remarks
  /// Quiz mode: a question before a step (its index in `quiz.questions`), then the reveal.
  case question(Int)
  case reveal(Int)
  /// The quiz's score at the end of the story.
  case score
}

/// Quiz mode (`w`, `tui --quiz`): the questions of the run on screen and the answers given.
public struct QuizProgress: Sendable, Equatable {
  public internal(set) var questions: [Question] = []
  /// The answer chosen per question step (-1: skipped with Esc).
  public internal(set) var chosen: [Int: Int] = [:]
  /// Presenter mode: seconds left for a show of hands (nil: no countdown running).
  public internal(set) var countdown: Int?
  /// The score was shown at the end of the story (space then goes on, e.g. a random run).
  public internal(set) var scoreShown = false
  public static let countdownSeconds = 15

  public var asked: Int { chosen.values.filter { $0 >= 0 }.count }
  public var right: Int {
    questions.filter { q in chosen[q.step].map { $0 == q.correct } ?? false }.count
  }
  public var scoreText: String { "score \(right)/\(asked)" + (asked < questions.count ? " (\(questions.count - asked) not asked)" : "") }
}

/// Everything the TUI shows and remembers, changed only by `handle`. No terminal here: the
/// tests drive it with commands and keys and read the rendered screen.
public struct AppState: Sendable {
  /// The whole run: steps up to `cursor` are the past, the rest the planned future.
  public private(set) var run: Run
  /// How many steps have happened on screen (0 ... run.steps.count).
  public private(set) var cursor: Int
  public private(set) var source: RunSource
  /// The user stepped by hand: the plan was dropped, `next` takes seeded random steps.
  public private(set) var diverged = false
  public var selectedLane = 0
  public private(set) var playing = false
  public private(set) var speedIndex = 2
  public private(set) var overlay: Overlay?
  /// One line of feedback for the last command, shown in the key bar.
  public private(set) var message: String?
  public private(set) var wantsQuit = false
  /// What `e` found from a step, and how much of it is shown.
  public private(set) var hints: Hints?
  /// Quiz mode, when on.
  public private(set) var quiz: QuizProgress?
  /// The coverage layer (`o`) is shown on the FSM table and the code panel.
  public var showsCoverage = false
  /// Counts computed elsewhere (`tui --coverage`); nil: the run on screen, up to the cursor.
  public var coverage: HeatCounts?
  /// What the coverage layer shows.
  public var heat: HeatCounts { coverage ?? HeatCounts(run, upTo: cursor) }
  /// Presenter mode: big caption, spotlight on changes, chapters (`--present`).
  public var presenting = false
  /// The story moment the last revision switch kept, and the step it landed on.
  private var anchor: StoryAnchor?
  /// The explorer search `e` or `E` asked for, until its answer arrives.
  public private(set) var search: HintSearch?
  private var searchStarted = false

  /// Starts presenter mode: playing, one step every `delay` seconds.
  public mutating func present(delay: Double) {
    presenting = true
    playDelay = delay
    playing = true
  }

  /// Opens the split screen on a chosen revision.
  public mutating func split(with revision: Revision) {
    companion = retold(on: revision)
  }
  /// The split screen's other side: the same schedule on another revision.
  public private(set) var companion: Run?

  public static let speeds: [Double] = [0.5, 1, 2, 4, 8, 16]
  /// Seconds between steps when playing, set by `--delay`; + and - return to the speed table.
  public var playDelay: Double?
  public var stepsPerSecond: Double { playDelay.map { 1 / max($0, 0.05) } ?? AppState.speeds[speedIndex] }

  public init(run: Run, source: RunSource, cursor: Int = 0) {
    self.run = run
    self.source = source
    self.cursor = min(max(0, cursor), run.steps.count)
    // A revision read from a file (a patch under review) stays in the `v` cycle, first.
    if !Revisions.all.contains(where: { $0 === run.revision }) { revisionCycle.insert(run.revision, at: 0) }
  }

  /// The revisions `v` and the split screen go through: a file's revision, then the shipped ones.
  private(set) var revisionCycle: [Revision] = Revisions.all

  /// Opens a built-in or loaded scenario at its first step.
  public static func scenario(_ s: Scenario, revision: Revision? = nil) throws -> AppState {
    AppState(run: try s.run(on: revision ?? Revisions.resolve(s.revision)), source: .scenario(s))
  }

  public static func random(
    revision: Revision, configuration: Configuration, seed: UInt64, steps: Int = 200
  ) -> AppState {
    AppState(
      run: Runner.random(revision: revision, configuration: configuration, seed: seed, steps: steps),
      source: .random(seed: seed, steps: steps))
  }

  // MARK: - What the views read

  public var world: World { run.worlds[cursor] }
  public var previousWorld: World? { cursor > 0 ? run.worlds[cursor - 1] : nil }
  public var lastStep: RunStep? { cursor > 0 ? run.steps[cursor - 1] : nil }
  public var engine: Engine { run.engine }
  public var lanes: [Lane] { (0..<run.trace.configuration.cpus).map { Lane.cpu($0) } + [.css] }
  /// Hazards that have fired by the step on screen.
  public var hazardsSoFar: [HazardRecord] { run.hazards.filter { $0.step <= cursor } }

  /// The caption of the scenario step the screen is in.
  public var caption: String? {
    guard cursor > 0 else { return run.steps.first?.caption.map { "next: " + $0 } }
    return run.steps[..<cursor].last { $0.caption != nil }?.caption
  }

  public var modeName: String {
    if diverged { return "free" }
    switch source {
    case .scenario(let s): return "scenario \(s.name)"
    case .random(let seed, _): return "random seed \(seed)"
    case .trace(let name): return "trace \(name)"
    case .recording(let title): return title
    }
  }

  /// The enabled choices of a lane in the world on screen.
  public func choices(of lane: Lane) -> [Choice] {
    engine.enabledChoices(world).filter { $0.lane == lane }
  }

  /// Why a lane cannot do anything, for its header.
  public func blockedReason(of lane: Lane) -> String? { blocker(of: lane)?.text }

  /// The same as structure.
  public func blocker(of lane: Lane) -> Blocker? {
    guard case .cpu(let k) = lane, let top = world.cpus[k].top else { return nil }
    return engine.lockBlocker(world, cpu: k, top)
  }

  // MARK: - Keys and commands

  /// A key: the open overlay gets it first, then the key table.
  public mutating func handle(key: Key) {
    message = nil
    switch overlay {
    case .help, .readAll, .remarks:
      overlay = nil
      return
    case .hints:
      overlay = nil
      if key == .char("e") || key == .char("E") { break }
      return
    case .chooser(let lane, let choices):
      if key == .escape || key == .char("q") { overlay = nil; return }
      if case .char(let c) = key, let ascii = c.asciiValue, ascii >= 97, Int(ascii - 97) < choices.count {
        overlay = nil
        apply(choices[Int(ascii - 97)])
      } else if case .char(let c) = key, let d = c.wholeNumberValue, d >= 1, d <= choices.count {
        overlay = nil
        apply(choices[d - 1])
      } else {
        message = "choose \(lane.name)'s step with a-\(Character(UnicodeScalar(96 + UInt8(choices.count)))), Esc to cancel"
      }
      return
    case .question(let i):
      guard let q = quiz?.questions[i] else { overlay = nil; return }
      if key == .char("q") {
        wantsQuit = true
        return
      }
      if key == .escape {
        quiz?.chosen[q.step] = -1
        quiz?.countdown = nil
        overlay = .reveal(i)
        cursor = min(q.through, run.steps.count)
        return
      }
      var pick: Int?
      if case .char(let c) = key, let ascii = c.asciiValue, ascii >= 97, Int(ascii - 97) < q.answers.count { pick = Int(ascii - 97) }
      if case .char(let c) = key, let d = c.wholeNumberValue, d >= 1, d <= q.answers.count { pick = d - 1 }
      guard let pick else {
        message = "answer with a-\(Character(UnicodeScalar(96 + UInt8(q.answers.count)))) (or 1-\(q.answers.count)), Esc skips"
        return
      }
      quiz?.chosen[q.step] = pick
      quiz?.countdown = nil
      // The step runs: the reveal shows what happened, with the panels it changed lit.
      cursor = min(q.through, run.steps.count)
      overlay = .reveal(i)
      return
    case .reveal, .score:
      overlay = nil
      if key == .char("q") { wantsQuit = true }
      return
    case .goto(let typed):
      switch key {
      case .escape: overlay = nil
      case .backspace: overlay = .goto(String(typed.dropLast()))
      case .enter:
        overlay = nil
        if let n = Int(typed), (0...run.steps.count).contains(n) {
          cursor = n
        } else {
          message = "no step '\(typed)': steps go from 0 to \(run.steps.count)"
        }
      case .char(let c) where c.isNumber && typed.count < 6: overlay = .goto(typed + String(c))
      default: break
      }
      return
    case nil:
      break
    }
    if let command = KeyTable.command(for: key) { handle(command) }
  }

  public mutating func handle(_ command: Command) {
    defer { if quiz != nil, command != .tick, command != .second { refreshQuiz() } }
    switch command {
    case .stepLane(let k):
      guard k < lanes.count else {
        message = "there is no lane \(k + 1): lanes are 1-\(lanes.count)"
        return
      }
      selectedLane = k
      stepLane(lanes[k])
    case .selectPreviousLane: selectedLane = (selectedLane + lanes.count - 1) % lanes.count
    case .selectNextLane: selectedLane = (selectedLane + 1) % lanes.count
    case .stepSelectedLane: stepLane(lanes[min(selectedLane, lanes.count - 1)])
    case .next: if !asks() { next() }
    case .back:
      if cursor > 0 { cursor -= 1 } else { message = "already at the start" }
    case .forward:
      if asks() { return }
      if cursor < run.steps.count { cursor += 1 } else { message = "no later step: use space or a lane key" }
    case .first: cursor = 0
    case .last: cursor = run.steps.count
    case .gotoPrompt: overlay = .goto("")
    case .togglePlay: playing.toggle()
    case .faster:
      playDelay = nil
      speedIndex = min(speedIndex + 1, AppState.speeds.count - 1)
    case .slower:
      playDelay = nil
      speedIndex = max(speedIndex - 1, 0)
    case .newRandomSeed: newRandomRun()
    case .switchRevision:
      if let c = companion {
        companion = retold(on: nextRevision(after: c.revision))
      } else {
        switchRevision()
      }
    case .toggleCoverage: showsCoverage.toggle()
    case .toggleHelp: overlay = overlay == .help ? nil : .help
    case .readAll: overlay = .readAll
    case .remarks: overlay = .remarks
    case .toggleCompare:
      if companion != nil {
        companion = nil
      } else {
        companion = retold(on: nextRevision(after: run.revision))
        message = companion.map { "split: \(run.revision.id) | \($0.revision.id); v picks the right-hand revision" }
      }
    case .nextChapter: jumpChapter(forward: true)
    case .previousChapter: jumpChapter(forward: false)
    case .explore: explore()
    case .loadCounterexample: loadCounterexample()
    case .quit: wantsQuit = true
    case .tick:
      guard playing else { return }
      // A question, its reveal or the score holds the play until the presenter presses a key.
      switch overlay {
      case .question, .reveal, .score: return
      default: break
      }
      if asks() { return }
      if !next(quietly: true) {
        playing = false
        if let quiz, !quiz.questions.isEmpty, !quiz.scoreShown {
          overlay = .score
          self.quiz?.scoreShown = true
        }
      }
    case .toggleQuiz:
      if quiz == nil { startQuiz() } else {
        quiz = nil
        message = "quiz off"
      }
    case .second:
      guard let left = quiz?.countdown, left > 0 else { return }
      quiz?.countdown = left - 1
    }
  }

  // MARK: - Quiz

  /// Turns quiz mode on for the run on screen.
  public mutating func startQuiz() {
    quiz = QuizProgress()
    refreshQuiz()
    let n = quiz?.questions.count ?? 0
    message = n == 0
      ? "quiz on: this run has no step to ask about"
      : "quiz on: \(n) question\(n == 1 ? "" : "s"); space asks before each"
  }

  /// The questions of the run as it now is (a hand step or a new revision changes them).
  mutating func refreshQuiz() {
    guard quiz != nil else { return }
    var scenario: Scenario?
    if case .scenario(let s) = source, !diverged { scenario = s }
    quiz?.questions = Quiz.questions(for: run, scenario: scenario)
  }

  /// Opens the question before the next step, if there is one still to ask (`tui --dump`).
  @discardableResult
  public mutating func openQuestionIfDue() -> Bool {
    guard quiz != nil, cursor < run.steps.count else { return false }
    return asks()
  }

  /// The question before the next step, if it is still to be asked: opens it and returns true.
  private mutating func asks() -> Bool {
    guard let quiz, cursor < run.steps.count,
      let i = quiz.questions.firstIndex(where: { $0.step == cursor + 1 }),
      quiz.chosen[cursor + 1] == nil
    else {
      if let quiz, cursor == run.steps.count, !quiz.questions.isEmpty, overlay == nil, !playing, !quiz.scoreShown {
        overlay = .score
        self.quiz?.scoreShown = true
        return true
      }
      return false
    }
    overlay = .question(i)
    if presenting { self.quiz?.countdown = QuizProgress.countdownSeconds }
    return true
  }

  // MARK: - Moving through time

  /// The next step: the plan's, or a seeded random one past its end. False at a dead end.
  @discardableResult
  private mutating func next(quietly: Bool = false) -> Bool {
    if cursor < run.steps.count {
      cursor += 1
      return true
    }
    let isRandom: Bool
    switch source {
    case .random: isRandom = true
    default: isRandom = diverged
    }
    guard isRandom else {
      if !quietly { message = "end of the story: step a lane (1-\(lanes.count)) to go on" }
      return false
    }
    let choices = engine.enabledChoices(world)
    guard !choices.isEmpty else {
      message = "nothing can happen any more"
      return false
    }
    var rng = SplitMix64(seed: seed &+ UInt64(run.steps.count) &* 0x9E37_79B9)
    run.append(choices[rng.below(choices.count)])
    cursor += 1
    return true
  }

  private var seed: UInt64 {
    if case .random(let s, _) = source { return s }
    return 1
  }

  private mutating func stepLane(_ lane: Lane) {
    let options = choices(of: lane)
    switch options.count {
    case 0:
      message = "\(lane.name): " + (blockedReason(of: lane) ?? "nothing to do now")
    case 1:
      apply(options[0])
    default:
      overlay = .chooser(lane: lane, choices: options)
    }
  }

  /// The user's own step: the future is dropped and the choice applied at the cursor.
  private mutating func apply(_ choice: Choice) {
    run.truncate(to: cursor)
    guard run.append(choice) else {
      message = "\(choice) is not possible now"
      return
    }
    diverged = true
    cursor += 1
  }

  // MARK: - Chapters and the split screen

  public var chapters: [(step: Int, title: String)] {
    run.steps.compactMap { s in s.chapter.map { (s.index, $0) } }
  }

  /// The chapter the step on screen belongs to.
  public var currentChapter: String? {
    cursor == 0 ? nil : run.steps[..<cursor].last { $0.chapter != nil }?.chapter
  }

  private mutating func jumpChapter(forward: Bool) {
    let starts = chapters.map(\.step)
    guard !starts.isEmpty else {
      message = "this run has no chapters"
      return
    }
    if forward {
      if let n = starts.first(where: { $0 > cursor }) { cursor = n } else { message = "no later chapter" }
    } else {
      // Back to this chapter's start, or the one before when already there.
      if let p = starts.last(where: { $0 < cursor }) { cursor = p } else { cursor = 0 }
    }
  }

  func nextRevision(after r: Revision) -> Revision {
    let all = revisionCycle
    let i = all.firstIndex { $0 === r } ?? 0
    var next = all[(i + 1) % all.count]
    if next === run.revision { next = all[(i + 2) % all.count] }
    return next
  }

  /// The run's schedule on another revision: a scenario retold, otherwise its choices as far
  /// as they apply.
  func retold(on target: Revision) -> Run? {
    if case .scenario(let s) = source, !diverged { return try? s.run(on: target) }
    return try? Runner.replay(run.trace, on: target, strict: false)
  }

  /// The companion's step that goes with the step on screen: the same scenario step, as far
  /// into it as the left side is (lock-step); without a scenario, the same step number.
  public var companionCursor: Int {
    guard let other = companion else { return 0 }
    guard let m = StoryMoment(at: cursor, in: run) else { return min(cursor, other.steps.count) }
    return m.cursor(in: other)
  }

  // MARK: - Exploring from here

  private mutating func explore() {
    if let h = hints, h.fromStep == cursor, h.run === run.revision {
      hints?.level = min(h.level + 1, 3)
    } else {
      requestSearch(thenLoad: false)
    }
    overlay = .hints
  }

  private mutating func loadCounterexample() {
    guard hints?.fromStep == cursor, hints?.run === run.revision else {
      requestSearch(thenLoad: true)
      return
    }
    guard var h = hints, !h.findings.isEmpty else {
      message = "no hazard is reachable from here within \(Hints.depth) steps"
      return
    }
    let f = h.findings[h.next % h.findings.count]
    h.next += 1
    hints = h
    run.truncate(to: cursor)
    for c in f.choices { run.append(c) }
    diverged = true
    overlay = nil
    message = "loaded the shortest path to \(f.hazard.rawValue): \(f.choices.count) steps; space plays it"
  }

  /// Asks for the explorer's hints from the step on screen. The search runs off the input
  /// loop (`startSearch` / `finishSearch`); until it answers the keys keep working.
  private mutating func requestSearch(thenLoad: Bool) {
    if let s = search, s.step == cursor, s.engine.revision === run.revision {
      search?.thenLoad = s.thenLoad || thenLoad
      message = "still searching from step \(cursor)…"
      return
    }
    search = HintSearch(world: world, step: cursor, engine: engine, thenLoad: thenLoad)
    searchStarted = false
    message = thenLoad ? "searching for the shortest path to a hazard…" : "searching every schedule from step \(cursor)…"
  }

  /// The search waiting to be started, if any; the caller runs it (on another thread) and
  /// hands the answer to `finishSearch`.
  public mutating func startSearch() -> HintSearch? {
    guard let s = search, !searchStarted else { return nil }
    searchStarted = true
    return s
  }

  /// The answer to a search: kept when the screen is still at the step it was asked for.
  public mutating func finishSearch(_ found: Hints, for request: HintSearch) {
    guard let s = search, s.step == request.step, s.engine.revision === request.engine.revision else { return }
    search = nil
    searchStarted = false
    guard request.step == cursor, request.engine.revision === run.revision else {
      message = "the hints for step \(request.step) came after you moved on: e asks again"
      return
    }
    hints = found
    if s.thenLoad {
      loadCounterexample()
    } else if overlay != .hints {
      message = "hints for step \(cursor) are ready: e shows them"
    } else {
      message = nil
    }
  }

  /// Runs a waiting search here and now (tests, and the one-shot renderers).
  public mutating func runSearchNow() {
    if let r = startSearch() { finishSearch(r.run(), for: r) }
  }

  private mutating func newRandomRun() {
    var next: UInt64 = 1
    var steps = 200
    if case .random(let s, let n) = source {
      next = s &+ 1
      steps = n
    }
    self = AppState.random(
      revision: run.revision, configuration: run.trace.configuration, seed: next, steps: steps)
    message = "random run, seed \(next)"
  }

  /// Replays the same schedule on the next revision. A scenario is re-told there and the
  /// screen stays at the same story moment (the same scenario step, as far into it); other
  /// runs replay their choices leniently. Switching again without moving returns through the
  /// moment first left, so a round trip over every revision lands on the step it began at.
  private mutating func switchRevision() {
    let all = revisionCycle
    let i = all.firstIndex { $0 === run.revision } ?? 0
    let target = all[(i + 1) % all.count]
    if case .scenario(let s) = source, !diverged, let rerun = try? s.run(on: target) {
      let moment: StoryMoment?
      if let a = anchor, a.cursor == cursor {
        moment = a.moment
      } else {
        moment = StoryMoment(at: cursor, in: run)
      }
      let newCursor = moment.map { $0.cursor(in: rerun) } ?? 0
      let keep = (companion: companion, presenting: presenting, playDelay: playDelay, speed: speedIndex)
      let cycle = revisionCycle
      self = AppState(run: rerun, source: source, cursor: newCursor)
      revisionCycle = cycle
      companion = keep.companion
      presenting = keep.presenting
      playDelay = keep.playDelay
      speedIndex = keep.speed
      anchor = moment.map { StoryAnchor(moment: $0, cursor: newCursor) }
      message = "\(target.id): \(s.name) retold at step \(newCursor); \(rerun.remarks.count) remark(s)"
      return
    }
    let shown = cursor
    guard let replay = try? Runner.replay(run.trace, on: target, strict: false) else { return }
    let skipped = replay.remarks.count
    let wasDiverged = diverged
    let keptSource = source
    let cycle = revisionCycle
    self = AppState(run: replay, source: keptSource, cursor: min(shown, replay.steps.count))
    revisionCycle = cycle
    diverged = wasDiverged
    message = "\(target.id): replayed \(replay.steps.count) steps, \(skipped) did not apply"
  }
}

/// A search for hints, asked by `e` or `E`: everything it needs, so it can run anywhere.
public struct HintSearch: Sendable {
  public var world: World
  public var step: Int
  public var engine: Engine
  /// `E` asked: load the shortest path when the hints arrive.
  public var thenLoad: Bool

  public func run() -> Hints { Hints.search(from: world, step: step, engine: engine) }
}

/// A moment of a scenario's story: which scenario step, and how many of its steps have run.
/// It means the same on every revision the scenario is retold on.
struct StoryMoment: Equatable, Sendable {
  /// The scenario step (1-based).
  var origin: Int
  /// How many of that scenario step's steps have run (1 = its first).
  var offset: Int

  /// The moment the screen is at after `cursor` steps; nil before the first step or on a
  /// step no scenario step produced.
  init?(at cursor: Int, in run: Run) {
    guard cursor > 0, cursor <= run.steps.count, let origin = run.steps[cursor - 1].origin else { return nil }
    self.origin = origin
    offset = run.steps[..<cursor].filter { $0.origin == origin }.count
  }

  init(origin: Int, offset: Int) {
    self.origin = origin
    self.offset = offset
  }

  /// The step count that shows this moment in another telling: the same scenario step as far
  /// in (or its last step when it is shorter there); when the scenario step did not apply
  /// there, the end of what came before it.
  func cursor(in run: Run) -> Int {
    let mine = run.steps.filter { $0.origin == origin }
    if mine.isEmpty {
      return run.steps.lastIndex { ($0.origin ?? 0) < origin }.map { $0 + 1 } ?? 0
    }
    return mine[min(offset, mine.count) - 1].index
  }
}

struct StoryAnchor: Equatable, Sendable {
  var moment: StoryMoment
  var cursor: Int
}
