import CMemoryHints
import Simulation
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
  /// Smallest share of a level worth handing to another core (a world takes about 0.3 µs,
  /// a hand-over some microseconds). A round of a level is 8 jobs x 8 such shares at most,
  /// split as finely as this allows so that small levels keep every core busy too.
  public var minimumPerJob = 128
  /// Which partial-order reduction the search uses (`Reduction`).
  public var reduction: Reduction = .sleepSets

  /// The partial-order reductions. Each keeps every verdict; they differ in what they save
  /// and what they promise of lengths.
  public enum Reduction: String, Sendable, CaseIterable {
    /// Sleep sets (Godefroid): a choice that commutes with the one just taken, and was
    /// already taken from the parent (or slept there), is not taken again from the child:
    /// the world it leads to is the one the other order reaches at the same depth. Every
    /// world is still visited, at its true depth, so lengths are shortest with nothing to
    /// confirm and a depth bound keeps its promise; only transitions are saved (about 45%).
    case sleepSets = "sleep"
    /// A persistent set of one step (`Footprints.mayRunAlone`): where a CPU's next step
    /// conflicts with nothing the other lanes can do before it, that step alone is taken
    /// (see `expand`). Fewer worlds (2-5%), but a trace may come out longer than the
    /// shortest, so a sleep-set search confirms the lengths (see `run`); under a depth
    /// limit, whose promise ("every schedule up to D steps") it would break, sleep sets
    /// are used instead.
    case persistentSets = "persistent"
    /// Every enabled choice from every world.
    case none
  }

  var partialOrder: Bool { reduction == .persistentSets }
  var sleepSets: Bool { reduction == .sleepSets }
  /// How seen worlds are remembered.
  public var visited: Visited = .fingerprints
  /// Bytes the search may hold (its tables, columns, frontier and buffers); reaching it ends
  /// the search with `Stop.memoryLimit`, never a crash. nil: no limit.
  public var memoryLimit: Int?
  /// A swarm member's seed: a different hash function and choice order (0: the standard ones).
  public var seed: UInt64 = 0

  public enum Visited: Sendable, Equatable {
    /// Every world stored in full: nothing can be missed.
    case exact
    /// A 64-bit fingerprint per world (hash compaction); see `Result.omissionProbability`.
    case fingerprints
    /// Supertrace: 3 bits per world in 2^log2Bits bits; see `Result.coverage`.
    case bitstate(log2Bits: Int)
  }

  /// Why a search ended before expanding every reachable world.
  public enum Stop: Sendable, Equatable {
    case allFound
    case maxDepth
    case maxStates
    /// The bytes the search may hold (`memoryLimit`) were reached.
    case memoryLimit(bytes: Int)
  }

  public init(engine: Engine, maxDepth: Int? = nil, maxStates: Int? = nil,
    wanted: Set<HazardKind> = Set(HazardKind.allCases))
  {
    self.engine = engine
    self.maxDepth = maxDepth
    self.maxStates = maxStates
    self.wanted = wanted
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
      if !cpu.hasIRQ && !w.irqsOff(cpu: k) && rank < bestIRQRank {
        bestIRQ = k
        bestIRQRank = rank
      }
    }
    let interruptible = w.sch.status != nil && !w.sch.interruptTaken && w.sch.enabled
    // close_device runs on the last release of the fd: no pwrite starts after it began.
    var closing = false
    if engine.configuration.closes > 0 {
      for k in 0..<n where w.cpus[k].task?.kind == .close { closing = true }
    }
    for k in 0..<n {
      let cpu = w.cpus[k]
      if let top = cpu.topStep {
        if !engine.waits(w, cpu: k, top.kind, pc: top.pc) { out.append(.step(cpu: k)) }
      } else {
        let requests = engine.enabledRequests(w, cpu: k, closing: closing)
        if requests != 0 {
          for r in RequestKind.allCases where requests & 1 << r.rawValue != 0 { out.append(.request(r, cpu: k)) }
        }
        if k == bestFree {
          if w.budgets.kernelHaltClear != 0 && engine.revision.has(.kernelHaltClear) { out.append(.kernel(.haltClear, cpu: k)) }
          if w.budgets.notOper != 0 && w.sch.operational { out.append(.kernel(.notOper, cpu: k)) }
          if w.budgets.closes != 0 && !w.closed {
            if engine.isEnabled(w, .kernel(.close, cpu: k)) { out.append(.kernel(.close, cpu: k)) }
            if engine.isEnabled(w, .kernel(.reset, cpu: k)) { out.append(.kernel(.reset, cpu: k)) }
          }
          if w.work.anyPending && w.work.runningOn == nil { out.append(.worker(cpu: k)) }
        }
      }
      if k == bestIRQ && interruptible { out.append(.interrupt(cpu: k)) }
    }
    let hardware = engine.enabledHardware(w)
    if hardware != 0 {
      for a in HardwareAction.allCases where hardware & 1 << a.rawValue != 0 { out.append(.hardware(a)) }
    }
  }

  /// How far a search has got, reported after each level (for a long search's progress
  /// lines, and for what an interrupted one says).
  public struct Progress: Sendable {
    /// Every schedule of up to this many steps has been searched.
    public var depth: Int
    public var states: Int
    /// Worlds on the next level.
    public var frontier: Int
    /// The hazards found so far, with the length of the trace found.
    public var found: [HazardKind: Int]
    /// Those lengths are the shortest (false: "at most", with persistent sets before their
    /// lengths are confirmed, or with a bit array).
    public var lengthsAreShortest: Bool

    public init(depth: Int, states: Int, frontier: Int, found: [HazardKind: Int], lengthsAreShortest: Bool = true) {
      (self.depth, self.states, self.frontier, self.found) = (depth, states, frontier, found)
      self.lengthsAreShortest = lengthsAreShortest
    }
  }

  /// The size of a candidate transition's record, for the benchmark's memory figures.
  public static var candidateBytes: Int { MemoryLayout<Meta>.stride + 8 }

  /// The bytes a stored world takes in the exact store, for the benchmark's memory figures.
  public static func storedWorldBytes(cpus: Int) -> Int { 8 * PackedWorld.words(cpus: cpus) }

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
    /// Every reachable world within the bounds was expanded (with fingerprints, up to
    /// `omissionProbability`). Never with bitstate: a bit array proves nothing unreachable,
    /// its run ending with an empty frontier says only that it met no new world it kept.
    public var exhaustive: Bool
    public var findings: [HazardKind: Finding]
    public var statesPerSecond: Double { seconds > 0 ? Double(states) / seconds : 0 }
    /// Why the search ended early (nil: it expanded everything it reached).
    public var stop: Stop? = nil
    public var visited: Visited = .exact
    /// With fingerprints: the probability that some world was missed (a fingerprint shared).
    public var omissionProbability: Double? = nil
    /// With bitstate: an upper bound on the share of reachable worlds visited. It counts the
    /// worlds lost directly (their bits were all set already), not those reachable only
    /// through lost ones, so on a crowded array the real share can be far lower (measured:
    /// 3.0% real where this said 70% at a hash factor of 2.0); see `hashFactor`.
    public var coverageAtMost: Double? = nil
    /// With bitstate: bits in the array per world stored. Holzmann's rule of thumb: above
    /// about 100, few worlds are lost and `coverageAtMost` is close to the real share.
    public var hashFactor: Double? = nil
    /// The partial-order reduction used.
    public var reduction: Reduction = .none
    /// Every finding's length is a true shortest length (false: "at most").
    public var lengthsAreShortest = true
    /// The most bytes the search held (tables, columns, frontier, buffers).
    public var peakBytes = 0
    /// Worlds the plain search stored to confirm the shortest lengths after a reduced one.
    public var confirmStates = 0
    /// Worlds from which partial-order reduction left out a choice (0: the search was the
    /// plain one, its lengths need no confirming).
    public var reducedWorlds = 0
  }

  /// One transition's record while a level is expanded; the world's words and hash are in
  /// their own arrays.
  struct Meta {
    /// The parent's position in the level.
    var parent: Int32
    var renaming: UInt32
    var choice: UInt16
    /// Hazards the transition itself fired.
    var fired: UInt8
    /// What sleeps in the world reached (`SleepBits`).
    var sleep: UInt64 = 0
  }

  /// Every transition out of frontier worlds `range`, canonicalized and hashed, in order.
  /// Pure, so several ranges can be expanded on several cores at once.
  ///
  /// Partial-order reduction (`por` non-nil): when some CPU's next step may run alone
  /// (`Footprints.mayRunAlone`: it conflicts with nothing any other lane can do before it,
  /// takes or releases no lock, fires no hazard, does not end its context), only that step
  /// (the lowest such CPU's) is taken. Every schedule from the world is then matched by one
  /// that takes this step first: the step commutes with everything the others do before it,
  /// and a hazard fires the same in both orders (a firing step's checks are in its
  /// footprint). So every reachable hazard stays reachable, by a trace at most one step longer
  /// per deferred step. The cycle proviso holds: such a step always moves its pc forward and
  /// starts or ends no context, so the sum of the pcs grows along reduced steps (under any
  /// renaming of CPUs too) and no cycle consists of reduced worlds only.
  ///
  /// Sleep sets (`sleep` non-nil; never with `por`): the world's sleep word (`SleepBits`)
  /// says which choices are not taken from it; a choice taken passes on to its child those
  /// taken before it here, or asleep here, that commute with it (their footprints do not
  /// conflict). A sleeping choice b at s = p·a was taken at p (or slept there, and so on up),
  /// and commutes with a: p·b·a is s·b, reached at the same depth; so every world is still
  /// found at its true depth, and a hazard b would fire at s it fires at p too (a firing
  /// step's checks are in its footprint). The test matrix checks the world counts equal.
  func expand(_ frontier: Frontier, _ range: Range<Int>, por: Footprints?, sleep: Footprints?, dead: DeadLocals?, into out: CandidateBuffer) {
    let qemuFilter = engine.configuration.qemuFilter
    let threads = engine.configuration.threads ?? 0
    let cpus = engine.configuration.cpus
    // Local arrays (a class's stored arrays would pay an exclusivity check per append).
    var outWords: [UInt64] = []
    var outHashes: [UInt64] = []
    var outMeta: [Meta] = []
    swap(&outWords, &out.words)
    swap(&outHashes, &out.hashes)
    swap(&outMeta, &out.meta)
    outWords.removeAll(keepingCapacity: true)
    outHashes.removeAll(keepingCapacity: true)
    outMeta.removeAll(keepingCapacity: true)
    defer {
      swap(&outWords, &out.words)
      swap(&outHashes, &out.hashes)
      swap(&outMeta, &out.meta)
    }
    var buffer: [Choice] = []
    buffer.reserveCapacity(16)
    var footprints = [Footprints.Mask](repeating: Footprints.Mask(), count: 64)
    out.reduced = 0
    var outFired: [Int32] = []
    swap(&outFired, &out.fired)
    outFired.removeAll(keepingCapacity: true)
    defer { swap(&outFired, &out.fired) }
    var byShard: [[Int32]] = []
    swap(&byShard, &out.byShard)
    for s in byShard.indices { byShard[s].removeAll(keepingCapacity: true) }
    defer { swap(&byShard, &out.byShard) }
    let shards = byShard.count
    do {
      for i in range {
        let w = World(unpacking: frontier.world(i).baseAddress!, cpus: cpus)
        choices(w, into: &buffer)
        // Sleep sets (`SleepBits`): `asleep` what is not taken here; `taken` what was
        // already taken from this world, in order; `footprints` each sleepable choice's.
        var asleep: UInt64 = 0
        var taken: UInt64 = 0
        if let sleep {
          var enabled: UInt64 = 0
          for c in buffer {
            let bit = SleepBits.bit(c, in: w)
            guard bit != 0 else { continue }
            enabled |= bit
            footprints[bit.trailingZeroBitCount] = SleepBits.footprint(c, in: w, sleep)
          }
          asleep = frontier.sleep(i) & enabled
        }
        if let por, buffer.count > 1 {
          for c in buffer {
            guard case .step(let k) = c, por.mayRunAlone(w, cpu: k) else { continue }
            out.reduced += 1
            buffer.removeAll(keepingCapacity: true)
            buffer.append(c)
            break
          }
        }
        let n = buffer.count
        // A swarm member starts each world's choices at a different place.
        let rotate = seed == 0 || n < 2 ? 0 : Int((UInt64(truncatingIfNeeded: i) &* 0x9E37_79B9_7F4A_7C15 ^ seed) >> 33) % n
        for j in 0..<n {
          let c = buffer[(j + rotate) % n]
          var childSleep: UInt64 = 0
          if sleep != nil {
            let bit = SleepBits.bit(c, in: w)
            if asleep & bit != 0 { continue }
            if bit != 0 {
              // What was taken before this choice, and what sleeps here, that commutes with it.
              var may = (asleep | taken) & ~bit
              taken |= bit
              let own = footprints[bit.trailingZeroBitCount]
              while may != 0 {
                let b = may.trailingZeroBitCount
                may &= may &- 1
                if !footprints[b].conflicts(with: own) { childSleep |= 1 << UInt64(b) }
              }
            }
          }
          var next = w
          engine.applyEnabled(&next, c)
          let fired = next.hazardsSeen
          next.hazardsSeen = 0
          var renaming: CPUPermutation?
          if reductions {
            next.canonicalize(qemuFilter: qemuFilter)
            dead?.erase(&next)
            renaming = next.symmetrize(threads: threads)
          }
          let hash = PackedWorld.append(&next, to: &outWords, seed: seed)
          outHashes.append(hash)
          if shards > 0 { byShard[ShardedFingerprintSet.shard(hash, of: shards)].append(Int32(outMeta.count)) }
          if fired != 0 { outFired.append(Int32(outMeta.count)) }
          if childSleep != 0, let renaming { childSleep = SleepBits.renamed(childSleep, renaming, cpus: cpus) }
          outMeta.append(Meta(parent: Int32(i), renaming: renaming?.nibbles ?? 0, choice: ChoiceCode.encode(c), fired: fired, sleep: childSleep))
        }
      }
    }
  }

  /// Runs the search from `start` (the engine's initial world by default) on `jobs` cores.
  /// Levels are expanded in parallel and merged in order, so the result is the same for any
  /// number of jobs.
  ///
  /// With persistent sets a hazard's first trace may be longer than the shortest (a step
  /// taken alone first that the shortest schedule does not need); so once that search has
  /// said which hazards are reachable, a search with sleep sets (which keep every world at
  /// its depth) runs again to one step short of the longest length found, for those hazards
  /// only, and its traces replace any it beats. If that search cannot finish (memory), the
  /// lengths are reported as "at most" (`lengthsAreShortest`). Sleep sets and no reduction
  /// need no second search.
  public func run(from start: World? = nil, jobs: Int = 1, progress: ((Progress) -> Void)? = nil) -> Result {
    // Under a depth limit persistent sets give way to sleep sets, which keep its promise.
    var me = self
    if partialOrder && maxDepth != nil { me.reduction = .sleepSets }
    var result = me.search(from: start, jobs: jobs, wanted: wanted, maxDepth: maxDepth, progress: progress)
    // Sleep sets ride on the other reductions' canonical forms; persistent sets do not.
    result.reduction = me.partialOrder || reductions ? me.reduction : .none
    // A reduced search that never left out a choice was the plain search: nothing to confirm.
    // Nor is there with a bit array, whose lengths are "at most" anyway.
    if case .bitstate = visited { return result }
    guard me.partialOrder, result.reducedWorlds > 0, !result.findings.isEmpty else { return result }
    // The second search need only go one step short of the longest reduced trace: a hazard
    // it finds there has its shortest trace; one it does not find has none shorter than
    // the reduced trace, which is real (it replays), so that one is a shortest.
    var second = self
    second.reduction = .sleepSets
    let longest = result.findings.values.map(\.choices.count).max() ?? 0
    let confirm = second.search(
      from: start, jobs: jobs, wanted: Set(result.findings.keys),
      maxDepth: max(0, longest - 1), progress: nil)
    result.seconds += confirm.seconds
    result.confirmStates = confirm.states
    result.peakBytes = max(result.peakBytes, confirm.peakBytes)
    for (kind, f) in confirm.findings where f.choices.count <= result.findings[kind]?.choices.count ?? 0 {
      result.findings[kind] = f
    }
    // Unconfirmed only when the second search stopped before its depth (the memory limit).
    if case .memoryLimit = confirm.stop { result.lengthsAreShortest = false }
    return result
  }

  func search(
    from start: World?, jobs: Int, wanted: Set<HazardKind>, maxDepth: Int?,
    progress: ((Progress) -> Void)?
  ) -> Result {
    let limit = min(maxStates ?? Int(Int32.max) - 1, Int(Int32.max) - 1)
    let expected = min(limit, 1 << 20)
    // The fingerprint tables start with room for half a million worlds (8 MiB in all): a
    // search at the default bounds (0.2-0.6 M worlds) then never grows them, which would
    // rehash and have the kernel clear a second table's pages (2-5% of such a search).
    switch visited {
    case .exact:
      let v = ExactVisitedSet(cpus: engine.configuration.cpus, limit: limit, expected: expected / 4)
      return search(v, from: start, jobs: jobs, wanted: wanted, maxDepth: maxDepth, progress: progress)
    case .fingerprints where jobs > 1:
      var shards = 1
      while shards < jobs { shards *= 2 }
      let v = ShardedFingerprintSet(shards: shards, expected: expected / 2)
      var r = search(v, from: start, jobs: jobs, wanted: wanted, maxDepth: maxDepth, progress: progress)
      r.omissionProbability = FingerprintSet.omissionProbability(states: r.states)
      return r
    case .fingerprints:
      let v = FingerprintSet(expected: expected / 2)
      var r = search(v, from: start, jobs: jobs, wanted: wanted, maxDepth: maxDepth, progress: progress)
      r.omissionProbability = FingerprintSet.omissionProbability(states: r.states)
      return r
    case .bitstate(let log2Bits):
      let v = BitstateSet(log2Bits: log2Bits)
      var r = search(v, from: start, jobs: jobs, wanted: wanted, maxDepth: maxDepth, progress: progress)
      r.coverageAtMost = v.coverage(stored: r.states)
      r.hashFactor = Double(1 << UInt64(log2Bits)) / Double(max(1, r.states))
      // A bit array proves nothing unreachable, and a world lost on a shortest path makes a
      // longer trace the first one found.
      r.exhaustive = false
      r.lengthsAreShortest = false
      return r
    }
  }

  private func search<V: VisitedSet>(
    _ seen: V, from start: World?, jobs: Int, wanted: Set<HazardKind>, maxDepth: Int?,
    progress: ((Progress) -> Void)?
  ) -> Result {
    let clock = ContinuousClock()
    let began = clock.now
    let cpus = engine.configuration.cpus
    var root = (start ?? engine.initialWorld()).canonical(qemuFilter: engine.configuration.qemuFilter)
    let por = partialOrder ? engine.footprints() : nil
    let sleep = sleepSets && reductions ? engine.footprints() : nil
    let dead = reductions ? engine.deadLocals() : nil
    dead?.erase(&root)
    let stride = PackedWorld.words(cpus: cpus)
    let limit = min(maxStates ?? Int(Int32.max) - 1, Int(Int32.max) - 1)
    let memoryLimit = self.memoryLimit ?? Int.max
    var current = Frontier(stride: stride, limit: limit)
    var next = Frontier(stride: stride, limit: limit)
    let rootPacked = PackedWorld(root)
    rootPacked.write(to: current.extend(by: 1))
    current.setSleep(0, at: 0)
    let parent = Column<Int32>(capacity: limit + 1)
    let via = Column<UInt16>(capacity: limit + 1)
    // How each stored world's CPUs were renamed from its parent's (0: not at all).
    let renamed = Column<UInt32>(capacity: limit + 1)
    parent.append(-1)
    via.append(0)
    renamed.append(0)
    _ = seen.insert(UnsafePointer(current.world(0).baseAddress!), hash: rootPacked.hash(seed: seed))
    // Candidate buffers, reused from round to round: a round is up to `perRound` chunks of
    // at least `chunk` worlds (up to 8 times that), expanded on `jobs` threads.
    // (8 chunks a job: fewer barriers per level than 4, measured 3-8% sooner on 2 jobs.)
    let perRound = jobs > 1 ? 8 * jobs : 1
    let chunk = max(16, minimumPerJob)
    let roundLength = perRound * 8 * chunk
    // With fingerprints and several jobs the visited set is split in shards, one thread each,
    // which decide in candidate order which candidates are new; the new ones are then copied
    // out in parallel too, each buffer to its place. Only hazards are looked at in order here.
    let sharded = seen as? ShardedFingerprintSet
    let buffers = (0..<perRound).map { _ in CandidateBuffer(shards: sharded?.shards.count ?? 0) }
    // The threads that run each round's parallel phases (`PhasePool`).
    let pool = PhasePool(threads: jobs)
    defer { pool.shutDown() }
    var findings: [HazardKind: Finding] = [:]
    var transitions = 0
    var depth = 0
    var levelBase = 0
    var stop: Stop?
    var peak = 0
    var count = 1
    var reducedWorlds = 0

    func held() -> Int {
      var b = seen.bytes + parent.bytes + via.bytes + renamed.bytes + current.bytes + next.bytes
      for buf in buffers { b += buf.bytes }
      return b
    }

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
      var toOriginal = CPUPermutation.identity(cpus)
      for node in chain.reversed() {
        out.append(toOriginal.original(ChoiceCode.decode(via[Int(node)])))
        let p = renamed[Int(node)]
        if p != 0 { toOriginal = toOriginal.composed(with: CPUPermutation(nibbles: p)) }
      }
      out.append(toOriginal.original(last))
      return out
    }

    // The wanted hazards not found yet, as `HazardKind.bit`s: most candidates that fire a
    // hazard fire one already found, and this says so without a dictionary lookup.
    var missing = wanted.reduce(UInt8(0)) { $0 | $1.bit }
    // What the findings' lengths promise while the search runs (as `run` and `Result` say).
    var lengthsAreShortest = !partialOrder
    if case .bitstate = visited { lengthsAreShortest = false }

    /// Records the hazards candidate c of b fired; true when every wanted one is found.
    func fired(_ b: CandidateBuffer, _ c: Int) -> Bool {
      let m = b.meta[c]
      guard m.fired & missing != 0 else { return missing == 0 }
      for kind in HazardKind.allCases where m.fired & missing & kind.bit != 0 {
        findings[kind] = Finding(hazard: kind, choices: path(to: Int32(levelBase) + m.parent, then: ChoiceCode.decode(m.choice)))
        missing &= ~kind.bit
      }
      return missing == 0
    }

    search: while current.count > 0 {
      if let maxDepth, depth >= maxDepth {
        stop = .maxDepth
        break
      }
      let levelCount = current.count
      next.removeAll()
      var position = 0
      while position < levelCount {
        let end = min(levelCount, position + roundLength)
        let used = expandRound(current, position..<end, pool: pool, chunk: chunk, por: por, sleep: sleep, dead: dead, into: buffers)
        let round = buffers.prefix(used)
        for b in round { reducedWorlds += b.reduced }
        if let sharded {
          let candidates = round.reduce(0) { $0 + $1.meta.count }
          let growth = sharded.growthBytes(adding: round)
          if held() + growth + candidates * stride * 8 > memoryLimit {
            stop = .memoryLimit(bytes: memoryLimit)
            break search
          }
          sharded.mark(round, pool: pool)
          // In order: the hazards, and where the round stops if it does.
          var cut: (buffer: Int, candidate: Int)?
          var offsets: [Int] = []
          var added = 0
          scan: for (k, b) in round.enumerated() {
            offsets.append(added)
            let n = b.meta.count
            let newHere = b.newCount(below: n)
            var stopAt = n
            // The transition that fires the last hazard is counted, its world not stored.
            var counted = n
            for c in b.fired where b.meta[Int(c)].fired & missing != 0 {
              // The state limit, when reached before this candidate, comes first.
              if count + added + newHere >= limit && count + added + b.newCount(below: Int(c)) >= limit { break }
              guard fired(b, Int(c)) else { continue }
              stop = .allFound
              stopAt = Int(c)
              counted = stopAt + 1
              break
            }
            if stop == nil && count + added + newHere >= limit && count + added + b.newCount(below: stopAt) >= limit {
              var k2 = 0
              for c in 0..<stopAt where b.isNew[c] != 0 {
                k2 += 1
                if count + added + k2 >= limit {
                  stopAt = c + 1
                  counted = stopAt
                  stop = .maxStates
                  break
                }
              }
            }
            if stop != nil {
              cut = (k, stopAt)
              transitions += counted
              added += b.newCount(below: stopAt)
              break scan
            }
            transitions += n
            added += newHere
          }
          let parts = cut.map { $0.buffer + 1 } ?? round.count
          let firstNew = next.count
          let frontierBase = next.extend(by: added)
          let parentBase = parent.extend(by: added)
          let viaBase = via.extend(by: added)
          let renamedBase = renamed.extend(by: added)
          let levelBase = Int32(levelBase)
          let bases = SendablePointers(frontier: frontierBase, sleep: next.sleepBase + firstNew, parent: parentBase, via: viaBase, renamed: renamedBase)
          pool.perform(iterations: parts) { [cut, offsets] k in
            let b = round[round.startIndex + k]
            let upTo = cut.map { $0.buffer == k ? $0.candidate : b.meta.count } ?? b.meta.count
            var o = offsets[k]
            b.words.withUnsafeBufferPointer { words in
              b.meta.withUnsafeBufferPointer { meta in
                let isNew = b.isNew
                for c in 0..<upTo where isNew[c] != 0 {
                  (bases.frontier + o * stride).update(from: words.baseAddress! + c * stride, count: stride)
                  bases.sleep[o] = meta[c].sleep
                  bases.parent[o] = levelBase + meta[c].parent
                  bases.via[o] = meta[c].choice
                  bases.renamed[o] = meta[c].renaming
                  o += 1
                }
              }
            }
          }
          count += added
          peak = max(peak, held())
          if stop != nil { break search }
          position = end
          continue
        }
        for b in round {
          let n = b.meta.count
          let done: Bool = b.words.withUnsafeBufferPointer { words in
            b.hashes.withUnsafeBufferPointer { hashes in
              b.meta.withUnsafeBufferPointer { meta in
                for c in 0..<n {
                  if c + 12 < n { seen.prefetch(hash: hashes[c + 12]) }
                  transitions += 1
                  let m = meta[c]
                  if m.fired & missing != 0 && fired(b, c) {
                    stop = .allFound
                    return true
                  }
                  let growth = seen.growthBytes
                  if growth > 0 && held() + growth > memoryLimit {
                    stop = .memoryLimit(bytes: memoryLimit)
                    return true
                  }
                  if seen.isFull {
                    stop = .maxStates
                    return true
                  }
                  let at = words.baseAddress! + c * stride
                  if seen.insert(at, hash: hashes[c]) {
                    next.setSleep(m.sleep, at: next.count)
                    next.extend(by: 1).update(from: at, count: stride)
                    parent.append(Int32(levelBase) + m.parent)
                    via.append(m.choice)
                    renamed.append(m.renaming)
                    count += 1
                    if count >= limit {
                      stop = .maxStates
                      return true
                    }
                  }
                }
                return false
              }
            }
          }
          peak = max(peak, held())
          if done { break search }
          if peak > memoryLimit {
            stop = .memoryLimit(bytes: memoryLimit)
            break search
          }
        }
        position = end
      }
      levelBase += levelCount
      swap(&current, &next)
      if current.count > 0 { depth += 1 }
      progress?(Progress(depth: depth, states: count, frontier: current.count, found: findings.mapValues(\.choices.count), lengthsAreShortest: lengthsAreShortest))
    }
    if stop != nil && stop != .maxDepth { depth += 1 }
    let seconds = Double((clock.now - began) / .microseconds(1)) / 1e6
    return Result(
      states: count, transitions: transitions, maxDepth: depth, seconds: seconds,
      exhaustive: stop == nil, findings: findings, stop: stop, visited: visited, peakBytes: peak,
      reducedWorlds: reducedWorlds)
  }

  /// Expands frontier worlds `round` in chunks of `chunk`, on the pool's threads when there
  /// is more than one chunk; returns how many of the buffers hold results, in order.
  func expandRound(_ frontier: Frontier, _ round: Range<Int>, pool: PhasePool, chunk: Int, por: Footprints?, sleep: Footprints?, dead: DeadLocals?, into buffers: [CandidateBuffer]) -> Int {
    let jobs = pool.helpers + 1
    var n = min(buffers.count, (round.count + chunk - 1) / chunk)
    // A whole number of chunks a job, so that no core waits for another's last chunk.
    if jobs > 1 && n > 1 { n = min(buffers.count, round.count, (n + jobs - 1) / jobs * jobs) }
    guard jobs > 1, n > 1 else {
      expand(frontier, round, por: por, sleep: sleep, dead: dead, into: buffers[0])
      return 1
    }
    let size = (round.count + n - 1) / n
    pool.perform(iterations: n) { k in
      let lo = round.lowerBound + k * size
      let hi = min(round.upperBound, lo + size)
      // Each worker writes only its own buffer.
      expand(frontier, lo..<max(lo, hi), por: por, sleep: sleep, dead: dead, into: buffers[k])
    }
    return n
  }
}

/// A level of worlds, packed one after another, in address space reserved up front (pages
/// arrive as the level reaches them and stay for the next levels); a class so that the cores
/// expanding it share it (they only read it).
final class Frontier: @unchecked Sendable {
  let stride: Int
  private let base: UnsafeMutablePointer<UInt64>
  private let reserved: Int
  private let capacity: Int
  private(set) var count = 0
  /// The most worlds it has held (its touched pages).
  private var highWater = 0

  /// Per world, what sleeps there (`Explorer.sleepSets`, `Meta.sleep`).
  let sleepBase: UnsafeMutablePointer<UInt64>

  init(stride: Int, limit: Int) {
    self.stride = stride
    var n = max(1, limit)
    var raw: UnsafeMutableRawPointer? = nil
    // One reservation: the worlds' words, then a sleep word for each.
    while raw == nil {
      raw = ccw_reserve(n * (stride + 1) * 8)
      if raw == nil {
        precondition(n > 1 << 16, "explore: no address space for a frontier of \(n) worlds")
        n /= 2
      }
    }
    base = raw!.bindMemory(to: UInt64.self, capacity: n * (stride + 1))
    sleepBase = base + n * stride
    reserved = n * (stride + 1) * 8
    capacity = n
  }

  deinit { ccw_table_free(base, reserved) }

  func sleep(_ i: Int) -> UInt64 { sleepBase[i] }
  func setSleep(_ mask: UInt64, at i: Int) {
    precondition(i < capacity, "explore: the frontier is full")
    sleepBase[i] = mask
  }

  func removeAll() { count = 0 }

  /// Room for n more worlds at the end; returns where they go.
  func extend(by n: Int) -> UnsafeMutablePointer<UInt64> {
    precondition(count + n <= capacity, "explore: the frontier is full")
    let at = base + count * stride
    count += n
    highWater = max(highWater, count)
    return at
  }

  func world(_ i: Int) -> UnsafeBufferPointer<UInt64> { UnsafeBufferPointer(start: base + i * stride, count: stride) }

  var bytes: Int { highWater * (stride * 8 + 8) }
}

/// Where a round's new worlds go, handed to the copying threads.
struct SendablePointers: @unchecked Sendable {
  var frontier: UnsafeMutablePointer<UInt64>
  var sleep: UnsafeMutablePointer<UInt64>
  var parent: UnsafeMutablePointer<Int32>
  var via: UnsafeMutablePointer<UInt16>
  var renamed: UnsafeMutablePointer<UInt32>
}

/// One chunk's candidates; a class so that concurrent workers each own one buffer.
final class CandidateBuffer: @unchecked Sendable {
  var words: [UInt64] = []
  var hashes: [UInt64] = []
  var meta: [Explorer.Meta] = []
  /// The candidates that fired a hazard, in order.
  var fired: [Int32] = []
  /// With a sharded visited set: per shard, the candidates whose fingerprint it keeps, in
  /// order (so that each shard's thread reads only its own).
  var byShard: [[Int32]]
  /// Worlds of the chunk where partial-order reduction left out some choice.
  var reduced = 0
  /// With a sharded visited set: per candidate, 1 when it is new (set by `mark`).
  private(set) var isNew = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
  private var isNewCapacity = 1

  /// `shards`: how many shards the visited set has (0: not sharded, no lists kept).
  init(shards: Int) { byShard = Array(repeating: [], count: shards) }

  var bytes: Int {
    8 * words.capacity + 8 * hashes.capacity + MemoryLayout<Explorer.Meta>.stride * meta.capacity + isNewCapacity
      + byShard.reduce(0) { $0 + 4 * $1.capacity }
  }

  /// Room for a flag per candidate (called before the shards write them).
  func prepareFlags() {
    guard isNewCapacity < meta.count else { return }
    isNew.deallocate()
    isNewCapacity = max(meta.count, 2 * isNewCapacity)
    isNew = UnsafeMutablePointer<UInt8>.allocate(capacity: isNewCapacity)
  }

  deinit { isNew.deallocate() }

  /// How many of the first n candidates are new (after `mark`).
  func newCount(below n: Int) -> Int {
    // Eight flags a load: the bytes (each 0 or 1) summed by one multiply into the top byte.
    var k = 0
    var c = 0
    let raw = UnsafeRawPointer(isNew)
    while c + 8 <= n {
      k &+= Int((raw.loadUnaligned(fromByteOffset: c, as: UInt64.self) &* 0x0101_0101_0101_0101) >> 56)
      c += 8
    }
    while c < n {
      k &+= Int(isNew[c])
      c += 1
    }
    return k
  }
}

/// A choice in 16 bits, for the search's columns: the case in the high byte, the CPU (or the
/// request kind, kernel path or hardware action with it) in the low one. A new case of
/// `Choice` fails to compile here rather than being stored wrongly.
enum ChoiceCode {
  static func encode(_ c: Choice) -> UInt16 {
    switch c {
    case .step(let k): UInt16(k)
    case .request(let r, let k): 1 << 8 | UInt16(r.rawValue) << 4 | UInt16(k)
    case .kernel(let p, let k): 2 << 8 | UInt16(p.rawValue) << 4 | UInt16(k)
    case .interrupt(let k): 3 << 8 | UInt16(k)
    case .worker(let k): 4 << 8 | UInt16(k)
    case .hardware(let a): 5 << 8 | UInt16(a.rawValue)
    }
  }

  static func decode(_ v: UInt16) -> Choice {
    let low = Int(v & 0xFF)
    switch v >> 8 {
    case 0: return .step(cpu: low)
    case 1: return .request(RequestKind(rawValue: UInt8(low >> 4))!, cpu: low & 0xF)
    case 2: return .kernel(KernelPath(rawValue: UInt8(low >> 4))!, cpu: low & 0xF)
    case 3: return .interrupt(cpu: low)
    case 4: return .worker(cpu: low)
    default: return .hardware(HardwareAction(rawValue: UInt8(low))!)
    }
  }
}
