/// How a random schedule picks among the enabled choices.
public enum Strategy: Hashable, Sendable {
  /// Every enabled choice equally likely.
  case uniform
  /// PCT-like (Burckhardt et al., "A randomized scheduler with probabilistic guarantees of
  /// finding bugs"): lanes get random priorities, the highest-priority lane with something
  /// to do runs, and at `depth - 1` random steps the running lane drops to the lowest
  /// priority. Few preemptions, so races needing a handful of precise switches come up often.
  case pct(depth: Int)

  public init?(_ name: String) {
    switch name {
    case "uniform": self = .uniform
    case "pct": self = .pct(depth: 3)
    default: return nil
    }
  }

  public var name: String {
    switch self {
    case .uniform: "uniform"
    case .pct: "pct"
    }
  }
}

/// A seeded chooser following a strategy; the same seed makes the same choices.
public struct Scheduler: Sendable {
  public let strategy: Strategy
  private var rng: SplitMix64
  private var priority: [Int]
  private var changePoints: Set<Int>
  private var step = 0

  /// - Parameter lanes: CPUs + 1 (the channel subsystem is the last lane).
  public init(strategy: Strategy, seed: UInt64, lanes: Int, steps: Int) {
    self.strategy = strategy
    rng = SplitMix64(seed: seed)
    priority = Array(0..<lanes)
    changePoints = []
    if case .pct(let depth) = strategy {
      priority.shuffle(using: &rng)
      for _ in 0..<max(0, depth - 1) where steps > 0 { changePoints.insert(1 + rng.below(steps)) }
    }
  }

  static func laneIndex(_ c: Choice, lanes: Int) -> Int {
    switch c.lane {
    case .cpu(let k): k
    case .css: lanes - 1
    }
  }

  public mutating func pick(_ choices: [Choice]) -> Choice {
    step += 1
    switch strategy {
    case .uniform:
      return choices[rng.below(choices.count)]
    case .pct:
      let lanes = priority.count
      let top = choices.map { priority[Scheduler.laneIndex($0, lanes: lanes)] }.max()!
      let mine = choices.filter { priority[Scheduler.laneIndex($0, lanes: lanes)] == top }
      let c = mine[rng.below(mine.count)]
      if changePoints.contains(step) {
        // The running lane is preempted: it drops below every other lane.
        priority[Scheduler.laneIndex(c, lanes: lanes)] = (priority.min() ?? 0) - 1
      }
      return c
    }
  }
}
