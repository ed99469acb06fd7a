import Foundation

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
  /// Smallest share of a level worth handing to another core.
  public var minimumPerJob = 2048

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
    // Built directly (not by filtering enabledChoices) in enabledChoices' order, because
    // this runs once per world searched.
    out.removeAll(keepingCapacity: true)
    let threads = engine.configuration.threads ?? 0
    let n = w.cpus.count
    // Preference: free spare CPUs, free thread CPUs, then busy ones (only an interrupt can
    // go to a busy CPU, nesting over its task).
    var bestFree = -1
    var bestFreeRank = Int.max
    var bestIRQ = -1
    var bestIRQRank = Int.max
    for k in 0..<n {
      let cpu = w.cpus[k]
      let rank = (cpu.isFree ? 0 : 16) + (k < threads ? 8 : 0) + k
      if cpu.isFree && rank < bestFreeRank {
        bestFree = k
        bestFreeRank = rank
      }
      if cpu.irq == nil && !w.irqsOff(cpu: k) && rank < bestIRQRank {
        bestIRQ = k
        bestIRQRank = rank
      }
    }
    let interruptible = w.sch.status != nil && !w.sch.interruptTaken
    for k in 0..<n {
      let cpu = w.cpus[k]
      if let top = cpu.top {
        if engine.blockedReason(w, cpu: k, top, explain: false) == nil { out.append(.step(cpu: k)) }
      } else {
        for r in RequestKind.allCases where engine.isEnabled(w, .request(r, cpu: k)) {
          out.append(.request(r, cpu: k))
        }
        if k == bestFree {
          if w.budgets.kernelHaltClear != 0 && engine.revision.has(.kernelHaltClear) { out.append(.kernel(.haltClear, cpu: k)) }
          if w.budgets.notOper != 0 && w.sch.operational { out.append(.kernel(.notOper, cpu: k)) }
          if w.work.anyPending && w.work.runningOn == nil { out.append(.worker(cpu: k)) }
        }
      }
      if k == bestIRQ && interruptible { out.append(.interrupt(cpu: k)) }
    }
    for a in HardwareAction.allCases where engine.hardwareBlocked(w, a, explain: false) == nil {
      out.append(.hardware(a))
    }
  }

  /// The size of a `Candidate`, for the benchmark's memory figures.
  public static var candidateBytes: Int { MemoryLayout<Candidate>.stride }

  /// The bytes a stored world takes, for the benchmark's memory figures.
  public static func storedWorldBytes(cpus: Int) -> Int { 8 * PackedWorld.words(cpus: cpus) }

  /// One transition found while expanding a level, waiting to be merged.
  struct Candidate {
    var world: PackedWorld
    var hash: UInt64
    var parent: Int32
    var choice: Choice
    var renaming: CPUPermutation?
    /// Hazards the transition itself fired.
    var fired: UInt8
  }

  /// Every transition out of worlds[range], canonicalized and hashed, in order. Pure, so
  /// several ranges can be expanded on several cores at once.
  func expand(_ worlds: WorldStore, _ range: Range<Int>, into out: inout [Candidate]) {
    let qemuFilter = engine.configuration.qemuFilter
    let threads = engine.configuration.threads ?? 0
    out.removeAll(keepingCapacity: true)
    var buffer: [Choice] = []
    buffer.reserveCapacity(16)
    for i in range {
      let w = worlds[i]
      choices(w, into: &buffer)
      for c in buffer {
        var next = w
        engine.apply(&next, c, record: false)
        let fired = next.hazardsSeen
        next.hazardsSeen = 0
        var renaming: CPUPermutation?
        if reductions {
          next.canonicalize(qemuFilter: qemuFilter)
          renaming = next.symmetrize(threads: threads)
        }
        let packed = PackedWorld(next)
        out.append(Candidate(world: packed, hash: packed.hash, parent: Int32(i), choice: c, renaming: renaming, fired: fired))
      }
    }
  }

  /// Runs the search from `start` (the engine's initial world by default) on `jobs` cores.
  /// Levels are expanded in parallel and merged in order, so the result is the same for any
  /// number of jobs.
  public func run(from start: World? = nil, jobs: Int = 1, progress: ((Int, Int, Int) -> Void)? = nil) -> Result {
    let clock = ContinuousClock()
    let began = clock.now
    let root = (start ?? engine.initialWorld()).canonical(qemuFilter: engine.configuration.qemuFilter)
    // Room for every world the search may store (indices are 32 bits), reserved, not
    // touched; the smaller arrays reserve a first guess and grow.
    let worlds = WorldStore(cpus: engine.configuration.cpus, limit: min(maxStates ?? Int(Int32.max), Int(Int32.max)))
    let expected = min(maxStates ?? 1 << 22, 1 << 22)
    worlds.append(PackedWorld(root))
    var index = WorldIndex(capacity: expected / 4)
    _ = index.insert(PackedWorld(root), hash: root.fastHash, index: 0, in: worlds)
    var parent: [Int32] = [-1]
    var via: [Choice] = [.step(cpu: 0)]
    // How each stored world's CPUs were renamed from its parent's (nil: not at all).
    var renamed: [CPUPermutation?] = [nil]
    parent.reserveCapacity(expected)
    via.reserveCapacity(expected)
    renamed.reserveCapacity(expected)
    // Candidate buffers, reused from level to level.
    let buffers = (0..<max(1, jobs * 4)).map { _ in CandidateBuffer() }
    var findings: [HazardKind: Finding] = [:]
    var transitions = 0
    var depth = 0
    var levelStart = 0
    var exhaustive = true
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
      let used = expandLevel(worlds, levelStart..<levelEnd, jobs: jobs, into: buffers)
      for chunk in buffers.prefix(used) {
        let candidates = chunk.candidates
        let count = candidates.count
        for c in 0..<count {
          // The probes are random reads into tables much larger than the caches: start
          // them a few candidates ahead so that their misses overlap.
          if c + 16 < count { index.prefetchSlot(hash: candidates[c + 16].hash) }
          if c + 8 < count { index.prefetchMatch(hash: candidates[c + 8].hash, in: worlds) }
          let cand = candidates[c]
          transitions += 1
          if cand.fired != 0 {
            for kind in HazardKind.allCases
            where cand.fired & kind.bit != 0 && findings[kind] == nil && remaining.contains(kind) {
              findings[kind] = Finding(hazard: kind, choices: path(to: cand.parent, then: cand.choice))
            }
            if remaining.allSatisfy({ findings[$0] != nil }) {
              exhaustive = false
              depth += 1
              break search
            }
          }
          if index.insert(cand.world, hash: cand.hash, index: Int32(worlds.count), in: worlds) == nil {
            worlds.append(cand.world)
            parent.append(cand.parent)
            via.append(cand.choice)
            renamed.append(cand.renaming)
            if worlds.count >= maxStates ?? worlds.capacity {
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

  /// Expands a level in contiguous chunks, on `jobs` threads when it is big enough to pay;
  /// returns how many of the buffers hold results, in order.
  func expandLevel(_ worlds: WorldStore, _ level: Range<Int>, jobs: Int, into buffers: [CandidateBuffer]) -> Int {
    guard jobs > 1, level.count >= 2 * minimumPerJob else {
      expand(worlds, level, into: &buffers[0].candidates)
      return 1
    }
    let n = min(buffers.count, level.count / minimumPerJob)
    let size = (level.count + n - 1) / n
    DispatchQueue.concurrentPerform(iterations: n) { k in
      let lo = level.lowerBound + k * size
      let hi = min(level.upperBound, lo + size)
      // Each worker writes only its own buffer.
      expand(worlds, lo..<max(lo, hi), into: &buffers[k].candidates)
    }
    return n
  }
}

/// One chunk's candidates; a class so that concurrent workers each own one buffer.
final class CandidateBuffer: @unchecked Sendable {
  var candidates: [Explorer.Candidate] = []
}
