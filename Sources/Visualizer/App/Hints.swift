import Search
import Simulation

/// What the explorer says about the future of one step, revealed a grade at a time: which
/// hazards are reachable, then how soon, then which lane to step next.
public struct Hints: Sendable {
  /// How deep `e` searches, and how many worlds at most (so it answers in about a second).
  public static let depth = 40
  public static let maxStates = 400_000

  public var fromStep: Int
  /// The revision searched (hints are stale after a revision switch).
  public var run: Revision
  /// 1: which hazards; 2: and in how many steps; 3: and which lane first.
  public var level = 1
  /// Shortest paths, shortest first.
  public var findings: [Explorer.Finding]
  public var unreachable: [HazardKind]
  public var exhaustive: Bool
  public var states: Int
  /// Which finding `E` loads next.
  public var next = 0

  static func search(from world: World, step: Int, engine: Engine) -> Hints {
    let wanted = Set(HazardKind.allCases.filter { $0 != .notOperLost || engine.configuration.notOper })
    let explorer = Explorer(engine: engine, maxDepth: depth, maxStates: maxStates, wanted: wanted)
    let r = explorer.run(from: world)
    let found = r.findings.values.sorted { ($0.choices.count, $0.hazard.rawValue) < ($1.choices.count, $1.hazard.rawValue) }
    return Hints(
      fromStep: step, run: engine.revision, findings: found,
      unreachable: HazardKind.allCases.filter { wanted.contains($0) && r.findings[$0] == nil },
      exhaustive: r.exhaustive, states: r.states)
  }
}
