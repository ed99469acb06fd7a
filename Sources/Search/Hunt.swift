import Simulation
/// Many seeded random runs, looking for the first seed that reaches each hazard.
public struct Hunt: Sendable {
  public let engine: Engine
  public let strategy: Strategy
  public let steps: Int

  public init(engine: Engine, strategy: Strategy, steps: Int) {
    self.engine = engine
    self.strategy = strategy
    self.steps = steps
  }

  public struct Catch: Sendable {
    public var seed: UInt64
    /// The run's choices up to the step that fired the hazard.
    public var choices: [Choice]
  }

  public struct Result: Sendable {
    public var runs: Int
    public var steps: Int
    public var seconds: Double
    public var catches: [HazardKind: Catch]
  }

  /// Runs seeds `first ..< first + runs`; for each hazard kind, the first seed that fires it.
  public func run(seeds first: UInt64, runs: Int) -> Result {
    let clock = ContinuousClock()
    let began = clock.now
    var catches: [HazardKind: Catch] = [:]
    var totalSteps = 0
    var buffer: [Choice] = []
    for i in 0..<runs {
      let seed = first &+ UInt64(i)
      var scheduler = Scheduler(strategy: strategy, seed: seed, lanes: engine.configuration.cpus + 1, steps: steps)
      var w = engine.initialWorld()
      var taken: [Choice] = []
      for _ in 0..<steps {
        engine.enabledChoices(w, into: &buffer)
        if buffer.isEmpty { break }
        let c = scheduler.pick(buffer)
        let before = w.hazardsSeen
        engine.apply(&w, c, record: false)
        taken.append(c)
        totalSteps += 1
        let fresh = w.hazardsSeen & ~before
        if fresh != 0 {
          for kind in HazardKind.allCases where fresh & kind.bit != 0 && catches[kind] == nil {
            catches[kind] = Catch(seed: seed, choices: taken)
          }
        }
      }
      if catches.count == HazardKind.possible(under: engine.configuration).count { return result(i + 1) }
    }
    return result(runs)

    func result(_ n: Int) -> Result {
      Result(
        runs: n, steps: totalSteps,
        seconds: Double((clock.now - began) / .microseconds(1)) / 1e6, catches: catches)
    }
  }
}

/// Delta debugging over a trace's choices: a shorter trace that still reaches the hazard.
public enum Shrinker {
  /// The choices actually applied when `choices` are replayed leniently (a choice that is
  /// not possible at its turn is dropped), and whether the hazard fired.
  static func replay(_ choices: [Choice], engine: Engine, hazard: HazardKind) -> [Choice]? {
    var w = engine.initialWorld()
    var applied: [Choice] = []
    for c in choices {
      guard engine.isEnabled(w, c) else { continue }
      engine.apply(&w, c, record: false)
      applied.append(c)
      if w.hasSeen(hazard) { return applied }
    }
    return nil
  }

  /// ddmin (Zeller and Hildebrandt) over the choices, then single removals until none helps.
  /// Never longer than the input; the result replays strictly to the same hazard.
  public static func shrink(_ trace: Trace, on revision: Revision, hazard: HazardKind) throws(SimulationError) -> Trace {
    let engine = Engine(revision: revision, configuration: trace.configuration)
    guard var best = replay(trace.choices, engine: engine, hazard: hazard) else {
      throw .badTrace("the trace does not reach \(hazard.rawValue) on \(trace.revision)")
    }
    var n = 2
    while best.count >= 2 {
      let chunk = Int((Double(best.count) / Double(n)).rounded(.up))
      var reduced = false
      var start = 0
      while start < best.count {
        var candidate = best
        candidate.removeSubrange(start..<min(best.count, start + chunk))
        if let r = replay(candidate, engine: engine, hazard: hazard), r.count < best.count {
          best = r
          n = max(n - 1, 2)
          reduced = true
          break
        }
        start += chunk
      }
      if !reduced {
        if n >= best.count { break }
        n = min(best.count, n * 2)
      }
    }
    var i = 0
    while i < best.count {
      var candidate = best
      candidate.remove(at: i)
      if let r = replay(candidate, engine: engine, hazard: hazard), r.count < best.count {
        best = r
      } else {
        i += 1
      }
    }
    var out = trace
    out.choices = best
    out.captions = [:]
    out.title = "\(trace.title ?? "trace"), shrunk to \(best.count) steps"
    return out
  }
}
