/// Breadth-first search over worlds with deduplication: the first trace found to a hazard is a
/// shortest one, and a hazard not found within the bounds is unreachable within them.
public struct Explorer: Sendable {
  public let engine: Engine
  /// Stop after this many steps from the start (nil: until nothing new is reachable).
  public var maxDepth: Int?
  /// Stop after this many distinct worlds (a guard for interactive use).
  public var maxStates: Int?
  /// The hazards to look for; the search ends early once all are found.
  public var wanted: Set<HazardKind>
  /// Deduplicate on canonical forms and CPU renamings (off only to check that they lose
  /// nothing).
  public var reductions = true

  public init(engine: Engine, maxDepth: Int? = nil, maxStates: Int? = nil,
    wanted: Set<HazardKind> = Set(HazardKind.allCases))
  {
    self.engine = engine
    self.maxDepth = maxDepth
    self.maxStates = maxStates
    self.wanted = wanted
  }

  public struct Finding: Sendable {
    public var hazard: HazardKind
    /// The choices from the start world to the step that fired the hazard.
    public var choices: [Choice]
  }

  public struct Result: Sendable {
    public var states: Int
    public var transitions: Int
    public var maxDepth: Int
    public var seconds: Double
    /// Every reachable world within the bounds was expanded.
    public var exhaustive: Bool
    public var findings: [HazardKind: Finding]
    public var statesPerSecond: Double { seconds > 0 ? Double(states) / seconds : 0 }
  }

  /// The choices the search branches on. The engine offers every CPU for the kworker, a
  /// kernel path or an interrupt; here each of those goes to one canonical CPU (the first
  /// free CPU that runs no QEMU thread, else the first free one, else, for an interrupt, the
  /// first CPU it may nest on). Which CPU runs them changes nothing else in the model, so this
  /// only removes copies of the same schedule.
  public func choices(_ w: World, into out: inout [Choice]) {
    engine.enabledChoices(w, into: &out)
    let threads = engine.configuration.threads ?? 0
    // Preference: free spare CPUs, free thread CPUs, then busy ones (only an interrupt can
    // go to a busy CPU, nesting over its task).
    var best: (worker: Int, kernel: Int, notOper: Int, irq: Int) = (.max, .max, .max, .max)
    var kept = 0
    func rank(_ k: Int) -> Int { (w.cpus[k].isFree ? 0 : 2 * 8) + (k < threads ? 8 : 0) + k }
    for c in out {
      switch c {
      case .worker(let k): best.worker = min(best.worker, rank(k))
      case .kernel(.haltClear, let k): best.kernel = min(best.kernel, rank(k))
      case .kernel(.notOper, let k): best.notOper = min(best.notOper, rank(k))
      case .interrupt(let k): best.irq = min(best.irq, rank(k))
      default: break
      }
    }
    for c in out {
      let keep: Bool
      switch c {
      case .worker(let k): keep = rank(k) == best.worker
      case .kernel(.haltClear, let k): keep = rank(k) == best.kernel
      case .kernel(.notOper, let k): keep = rank(k) == best.notOper
      case .interrupt(let k): keep = rank(k) == best.irq
      default: keep = true
      }
      if keep {
        out[kept] = c
        kept += 1
      }
    }
    out.removeLast(out.count - kept)
  }

  /// Runs the search from `start` (the engine's initial world by default).
  public func run(from start: World? = nil, progress: ((Int, Int, Int) -> Void)? = nil) -> Result {
    let clock = ContinuousClock()
    let began = clock.now
    let qemuFilter = engine.configuration.qemuFilter
    let root = (start ?? engine.initialWorld()).canonical(qemuFilter: qemuFilter)
    var worlds: [World] = [root]
    var index = WorldIndex()
    _ = index.insert(root, hash: root.fastHash, index: 0, in: worlds)
    var parent: [Int32] = [-1]
    var via: [Choice] = [.step(cpu: 0)]
    // How each stored world's CPUs were renamed from its parent's (nil: not at all).
    var renamed: [CPUPermutation?] = [nil]
    let threads = engine.configuration.threads ?? 0
    var findings: [HazardKind: Finding] = [:]
    var transitions = 0
    var depth = 0
    var levelStart = 0
    var exhaustive = true
    var buffer: [Choice] = []
    buffer.reserveCapacity(16)
    let remaining = wanted

    // The choices from the start, in the start world's CPU names: each stored choice is in
    // its parent's canonical names, so it is renamed by every renaming above it.
    func path(to i: Int32, then last: Choice) -> [Choice] {
      var chain: [Int32] = []
      var j = i
      while j > 0 {
        chain.append(j)
        j = parent[Int(j)]
      }
      var out: [Choice] = []
      var toOriginal = CPUPermutation.identity(engine.configuration.cpus)
      for node in chain.reversed() {
        out.append(toOriginal.original(via[Int(node)]))
        if let p = renamed[Int(node)] { toOriginal = toOriginal.composed(with: p) }
      }
      out.append(toOriginal.original(last))
      return out
    }

    search: while levelStart < worlds.count {
      if let maxDepth, depth >= maxDepth {
        exhaustive = false
        break
      }
      let levelEnd = worlds.count
      for i in levelStart..<levelEnd {
        let w = worlds[i]
        choices(w, into: &buffer)
        for c in buffer {
          var next = w
          engine.apply(&next, c, record: false)
          transitions += 1
          if next.hazardsSeen != 0 {
            for kind in HazardKind.allCases
            where next.hazardsSeen & kind.bit != 0 && findings[kind] == nil && remaining.contains(kind) {
              findings[kind] = Finding(hazard: kind, choices: path(to: Int32(i), then: c))
            }
            if remaining.allSatisfy({ findings[$0] != nil }) {
              exhaustive = false
              depth += 1
              break search
            }
          }
          next.hazardsSeen = 0
          let (canon, permutation) =
            reductions ? next.canonical(qemuFilter: qemuFilter).symmetric(threads: threads) : (next, nil)
          if index.insert(canon, hash: canon.fastHash, index: Int32(worlds.count), in: worlds) == nil {
            worlds.append(canon)
            parent.append(Int32(i))
            via.append(c)
            renamed.append(permutation)
            if let maxStates, worlds.count >= maxStates {
              exhaustive = false
              depth += 1
              break search
            }
          }
        }
      }
      levelStart = levelEnd
      if levelStart < worlds.count { depth += 1 }
      progress?(depth, worlds.count, worlds.count - levelStart)
    }
    let seconds = Double((clock.now - began) / .microseconds(1)) / 1e6
    return Result(
      states: worlds.count, transitions: transitions, maxDepth: depth, seconds: seconds,
      exhaustive: exhaustive, findings: findings)
  }
}
