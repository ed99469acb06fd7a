import Foundation
import Search
import Simulation

/// A handler step: which context's program and its index there.
public struct StepSite: Hashable, Sendable, Comparable {
  public var kind: ContextKind
  public var index: Int

  public init(_ kind: ContextKind, _ index: Int) {
    self.kind = kind
    self.index = index
  }

  public static func < (a: StepSite, b: StepSite) -> Bool {
    (a.kind.rawValue, a.index) < (b.kind.rawValue, b.index)
  }
}

/// A jump-table cell.
public struct CellSite: Hashable, Sendable, Comparable {
  public var state: FSMState
  public var event: FSMEvent

  public init(_ state: FSMState, _ event: FSMEvent) {
    self.state = state
    self.event = event
  }

  public static func < (a: CellSite, b: CellSite) -> Bool {
    (a.state.rawValue, a.event.rawValue) < (b.state.rawValue, b.event.rawValue)
  }
}

/// Which jump-table cells and handler steps a set of runs (or an exhaustive search) reached.
///
/// Runs: a count is the number of runs that reached the cell or step at least once.
/// Explore: a cell's count is the number of transitions that dispatched through it; a step's
/// `count` is the number of explored states in which some CPU is about to run it (its top
/// context's next step), and `transitions` the number of transitions that ran it.
public struct Coverage: Sendable {
  public enum Mode: String, Sendable { case runs, explore }

  public let revision: Revision
  public let mode: Mode
  /// Runs, or explored states.
  public private(set) var units = 0
  /// Explore: transitions expanded (as `explore` counts them); runs: steps taken.
  public private(set) var transitions = 0
  public private(set) var cells: [CellSite: Int] = [:]
  public private(set) var steps: [StepSite: Int] = [:]
  /// Explore only: per step, the transitions that ran it.
  public private(set) var stepTransitions: [StepSite: Int] = [:]
  /// Explore only: the transitions the channel subsystem took (they run no handler step).
  public private(set) var channelTransitions = 0
  /// A hazard a run hit, and the step (1-based) it fired on.
  public struct Hit: Hashable, Sendable {
    public var kind: HazardKind
    public var step: Int
    public var id: String { "\(kind.rawValue)@\(step)" }
  }

  /// Runs: each run's name and the hazards it hit.
  public private(set) var runs: [(name: String, hazards: [Hit])] = []
  /// Runs: how many runs hit each hazard; explore: how many transitions fired it.
  public private(set) var hazards: [HazardKind: Int] = [:]
  /// Explore: whether every reachable state within the bounds was expanded.
  public private(set) var exhaustive = true

  public init(revision: Revision, mode: Mode) {
    self.revision = revision
    self.mode = mode
  }

  // MARK: - Where a choice runs

  /// The handler step a choice runs in `world` (nil for the channel subsystem's actions).
  public static func site(of choice: Choice, in world: World) -> StepSite? {
    switch choice {
    case .step(let k):
      guard let top = world.cpus[k].top else { return nil }
      return StepSite(top.kind, Int(top.pc))
    case .request(let r, _):
      switch r {
      case .start: return StepSite(.start, 0)
      case .halt: return StepSite(.halt, 0)
      case .clear: return StepSite(.clear, 0)
      }
    case .kernel(.haltClear, _): return StepSite(.kernelHaltClear, 0)
    case .kernel(.notOper, _): return StepSite(.notOper, 0)
    case .kernel(.close, _): return StepSite(.close, 0)
    case .kernel(.reset, _): return StepSite(.reset, 0)
    case .interrupt: return StepSite(.irq, 0)
    case .worker: return StepSite(world.work.next ?? .ioTodo, 0)
    case .hardware: return nil
    }
  }

  /// The jump-table cells a step's facts say it used.
  public static func cells(of facts: [Fact]) -> [CellSite] {
    facts.compactMap { if case .dispatched(let s, let e, _) = $0 { CellSite(s, e) } else { nil } }
  }

  // MARK: - Runs

  /// Adds one run: each cell and step it reached counts once.
  public mutating func add(_ run: Run, name: String) {
    var seenSteps = Set<StepSite>()
    var seenCells = Set<CellSite>()
    for (i, step) in run.steps.enumerated() {
      if let s = Self.site(of: step.choice, in: run.worlds[i]) { seenSteps.insert(s) }
      seenCells.formUnion(Self.cells(of: step.facts))
    }
    merge(steps: seenSteps, cells: seenCells, stepCount: run.steps.count, name: name, hazards: run.hazards.map { Hit(kind: $0.hazard.kind, step: $0.step) })
  }

  /// Adds a run given step by step (for streamed random runs, which keep no worlds).
  mutating func merge(
    steps seenSteps: Set<StepSite>, cells seenCells: Set<CellSite>, stepCount: Int, name: String,
    hazards fired: [Hit]
  ) {
    units += 1
    transitions += stepCount
    for s in seenSteps { steps[s, default: 0] += 1 }
    for c in seenCells { cells[c, default: 0] += 1 }
    runs.append((name, fired))
    for k in Set(fired.map(\.kind)) { hazards[k, default: 0] += 1 }
  }

  /// `runs` seeded random runs of at most `steps` steps, seeds `seed`, `seed + 1`, …
  public static func random(
    revision: Revision, configuration: Configuration, runs: Int, seed: UInt64, steps: Int
  ) -> Coverage {
    var cov = Coverage(revision: revision, mode: .runs)
    let engine = Engine(revision: revision, configuration: configuration)
    var choices: [Choice] = []
    for r in 0..<runs {
      let s = seed &+ UInt64(r)
      var scheduler = Scheduler(strategy: .uniform, seed: s, lanes: configuration.cpus + 1, steps: steps)
      var world = engine.initialWorld()
      var seenSteps = Set<StepSite>()
      var seenCells = Set<CellSite>()
      var fired: [Hit] = []
      var n = 0
      while n < steps {
        engine.enabledChoices(world, into: &choices)
        if choices.isEmpty { break }
        let c = scheduler.pick(choices)
        if let site = site(of: c, in: world) { seenSteps.insert(site) }
        let events = engine.apply(&world, c, record: true)
        n += 1
        for e in events {
          switch e {
          case .step(_, let f), .note(_, let f):
            if case .dispatched(let st, let ev, _) = f { seenCells.insert(CellSite(st, ev)) }
          case .hazard(let h): fired.append(Hit(kind: h.kind, step: n))
          }
        }
      }
      cov.merge(steps: seenSteps, cells: seenCells, stepCount: n, name: "seed \(s)", hazards: fired)
    }
    return cov
  }

  // MARK: - Explore

  /// Every state reachable within the bounds, searched as `explore` searches them (the same
  /// choices, canonical forms and CPU renamings, so the same states and transitions when the
  /// explorer's search is exhaustive), without stopping at the hazards.
  public static func explore(
    engine: Engine, maxDepth: Int? = nil, maxStates: Int = 5_000_000
  ) -> Coverage {
    var cov = Coverage(revision: engine.revision, mode: .explore)
    let explorer = Explorer(engine: engine)
    let qemuFilter = engine.configuration.qemuFilter
    let threads = engine.configuration.threads ?? 0
    let root = engine.initialWorld().canonical(qemuFilter: qemuFilter)
    let dead = engine.deadLocals()
    var seen: Set<World> = [root]
    var level = [root]
    var depth = 0
    var buffer: [Choice] = []
    search: while !level.isEmpty {
      if let maxDepth, depth >= maxDepth {
        cov.exhaustive = false
        break
      }
      var next: [World] = []
      for w in level {
        cov.countState(w)
        explorer.choices(w, into: &buffer)
        for c in buffer {
          let site = site(of: c, in: w)
          if let site { cov.stepTransitions[site, default: 0] += 1 } else { cov.channelTransitions += 1 }
          var n = w
          let events = engine.apply(&n, c, record: true)
          cov.transitions += 1
          for e in events {
            switch e {
            case .step(_, let f), .note(_, let f):
              if case .dispatched(let st, let ev, _) = f { cov.cells[CellSite(st, ev), default: 0] += 1 }
            case .hazard(let h): cov.hazards[h.kind, default: 0] += 1
            }
          }
          n.hazardsSeen = 0
          n.canonicalize(qemuFilter: qemuFilter)
          dead.erase(&n)
          _ = n.symmetrize(threads: threads)
          if seen.insert(n).inserted {
            next.append(n)
            if seen.count >= maxStates {
              cov.exhaustive = false
              for w in next { cov.countState(w) }
              break search
            }
          }
        }
      }
      level = next
      depth += 1
    }
    return cov
  }

  /// Counts a state once for each step some CPU is about to run in it.
  private mutating func countState(_ w: World) {
    units += 1
    var here = Set<StepSite>()
    for k in 0..<w.cpus.count {
      if let top = w.cpus[k].top { here.insert(StepSite(top.kind, Int(top.pc))) }
    }
    for s in here { steps[s, default: 0] += 1 }
  }

  // MARK: - Reading it

  /// Every handler step of the revision, in program order.
  public var allSteps: [StepSite] {
    revision.allPrograms.flatMap { kind, p in p.steps.indices.map { StepSite(kind, $0) } }
  }

  /// Every jump-table cell.
  public var allCells: [CellSite] {
    revision.jumpTable.states.flatMap { s in revision.jumpTable.events.map { CellSite(s, $0) } }
  }

  public func count(_ s: StepSite) -> Int { steps[s] ?? 0 }
  public func count(_ c: CellSite) -> Int { cells[c] ?? 0 }
  /// Explore: the transitions that ran a step.
  public func stepTransitionCount(_ s: StepSite) -> Int { stepTransitions[s] ?? 0 }

  /// Steps no run (or explored state) reached: dead code within what was tried.
  public var unreachedSteps: [StepSite] { allSteps.filter { count($0) == 0 && (stepTransitions[$0] ?? 0) == 0 } }
  public var unreachedCells: [CellSite] { allCells.filter { count($0) == 0 } }

  /// The step's line, for reports.
  public func line(_ s: StepSite) -> String { revision.program(s.kind).steps[s.index].line }

  /// Where the step was written: `file:line` when the revision came from a file.
  public func source(_ s: StepSite) -> String {
    let st = revision.program(s.kind).steps[s.index]
    return st.sourceLine > 0 ? "line \(st.sourceLine)" : ""
  }
}

/// A heat scale that reads without colour: level 1-8 of the share of the maximum (a log
/// scale), 0 for never reached. Views draw a level as a bar glyph (a digit in ASCII).
public enum Heat {
  public static let levels = 8

  public static func level(_ count: Int, max: Int) -> Int {
    guard count > 0, max > 0 else { return 0 }
    if count >= max { return levels }
    let share = log(Double(count) + 1) / log(Double(max) + 1)
    return Swift.max(1, Swift.min(levels, Int((share * Double(levels)).rounded(.up))))
  }
}

/// Counts per step and per cell, as the TUI's coverage layer shows them: from one run (how
/// often each step ran and each cell was dispatched, up to a step) or from a `Coverage`.
public struct HeatCounts: Sendable, Equatable {
  public var steps: [StepSite: Int] = [:]
  public var cells: [CellSite: Int] = [:]
  /// What a count counts, for the panel titles ("times run", "runs", "states").
  public var unit: String

  public init(unit: String) { self.unit = unit }

  /// How often each step ran and each cell was dispatched in the first `upTo` steps.
  public init(_ run: Run, upTo: Int) {
    unit = "times run"
    for i in 0..<min(upTo, run.steps.count) {
      let step = run.steps[i]
      if let s = Coverage.site(of: step.choice, in: run.worlds[i]) { steps[s, default: 0] += 1 }
      for c in Coverage.cells(of: step.facts) { cells[c, default: 0] += 1 }
    }
  }

  public init(_ coverage: Coverage) {
    unit = coverage.mode == .runs ? "runs" : "states"
    steps = coverage.steps
    cells = coverage.cells
  }

  public var maxStep: Int { steps.values.max() ?? 0 }
  public var maxCell: Int { cells.values.max() ?? 0 }

  /// A count in at most 4 characters: 999, 12k, 3M.
  public static func short(_ n: Int) -> String {
    if n < 1000 { return "\(n)" }
    if n < 1_000_000 { return "\(n / 1000)k" }
    return "\(n / 1_000_000)M"
  }
}
