import ArgumentParser
import Foundation
import Reports
import SafeText
import Search
import Simulation

struct ExploreCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explore",
    abstract: "Search every schedule within bounds for the shortest path to each hazard.",
    discussion: """
      Breadth-first search over worlds with deduplication: the first trace found to a hazard is \
      a shortest one; a hazard not found is unreachable within the bounds. Each QEMU thread \
      issues up to --requests requests, each START, HALT or CLEAR as the search chooses.
      """)

  @OptionGroup var revision: RevisionOption

  @Option(help: "QEMU request threads (each on its own CPU), 1-8.")
  var threads: Int = 2

  @OptionGroup var budget: BudgetOptions
  @OptionGroup var cpu: CPUOption

  @Option(name: .customLong("hazard"), parsing: .upToNextOption,
    help: ArgumentHelp("Only these hazards (\(HazardKind.allCases.map(\.rawValue).joined(separator: ", ")))."))
  var hazards: [String] = []

  @Option(help: "Cores to expand each search level on, 0-64; 0 is every core of this machine.")
  var jobs: Int = 0

  @Option(help: "Search at most this many steps deep, 0-1000000 (with --reduction persistent, sleep sets are used instead: a persistent-set search could miss what lies within the bound).")
  var maxDepth: Int?

  @OptionGroup var output: FormatOption

  @Option(help: "Save each shortest trace as DIR/<revision>-<hazard>.json.")
  var save: String?

  @Option(help: "Memory the search may hold, 16M-1024T, e.g. 2G, 500M (default: half of this machine's memory). Reaching it ends the search with what it found so far, exit 3.")
  var memoryLimit: String?

  @Option(help: ArgumentHelp(
    "Partial-order reduction: sleep (default: sleep sets, every state kept, about 45% fewer transitions), "
      + "persistent (a persistent set of one step: fewer states, lengths confirmed by a second search) or none.",
    valueName: "sleep|persistent|none"))
  var reduction: String?

  @Flag(help: "The same as --reduction none (to compare: the verdicts are the same).")
  var noReduction = false

  @Flag(help: "Store every world in full (lossless; several times the memory of the default 64-bit fingerprints: docs/explorer.md measures it).")
  var exact = false

  @Flag(help: "Supertrace: a bit array instead of a visited set, for bounds that do not fit in memory. It finds hazards (traces of at most the length printed) but shows none unreachable: states may be lost (the hash factor and a bound on the coverage are printed).")
  var bitstate = false

  @Option(help: "With --bitstate: log2 of the bit array's size in bits, 20-36 (default 32: 512 MiB, less if --memory-limit is lower).")
  var hashBits: Int?

  @Option(help: "Member I of a swarm of N (I/N, e.g. 2/8): a differently seeded hash and choice order, so N processes (with --bitstate) miss different states; `ccwviz merge` combines their --format json results.")
  var swarm: String?

  var defaultCPUs: Int {
    Configuration.explorerCPUs(threads: threads, kernelPaths: budget.kernelHaltClear > 0 || budget.notOper || budget.closes > 0)
  }

  func validate() throws {
    for h in hazards where HazardKind(rawValue: h) == nil {
      throw ValidationError(
        "unknown hazard '\(SafeText.excerpt(h))'; expected one of: \(HazardKind.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    try Limits.check(threads, Limits.threads, "threads")
    try Limits.check(jobs, Limits.jobs, "jobs")
    if let maxDepth { try Limits.check(maxDepth, Limits.maxDepth, "max-depth") }
    if let memoryLimit, MemorySize.parse(memoryLimit) == nil {
      throw ValidationError("--memory-limit must be a size from 16M to 1024T, such as 2G, 500M or 1.5G; got '\(SafeText.excerpt(memoryLimit))'")
    }
    if save?.isEmpty == true { throw ValidationError("--save needs a folder, got an empty name") }
    if let hashBits {
      try Limits.check(hashBits, 20...36, "hash-bits")
      if !bitstate { throw ValidationError("--hash-bits sizes the bit array of --bitstate; give --bitstate too") }
    }
    if let reduction, Explorer.Reduction(rawValue: reduction) == nil {
      throw ValidationError("--reduction must be sleep, persistent or none, got '\(SafeText.excerpt(reduction))'")
    }
    if noReduction, let reduction, reduction != "none" {
      throw ValidationError("--no-reduction and --reduction \(SafeText.excerpt(reduction)) contradict each other; give one")
    }
    if exact && bitstate { throw ValidationError("--exact and --bitstate exclude each other") }
    if let swarm, Swarm.parse(swarm) == nil {
      throw ValidationError("--swarm must be I/N with 1 <= I <= N <= 100000, e.g. 3/8; got '\(SafeText.excerpt(swarm))'")
    }
    if let cpus = cpu.cpus, cpus < threads {
      throw ValidationError("--cpus must be at least --threads (\(threads)), got \(cpus)")
    }
  }

  func run() throws {
    let rev = try revision.resolved(default: "v6.0")
    let config = budget.configuration(cpus: cpu.cpus ?? defaultCPUs, requests: 2, threads: threads)
    try config.validate()
    try requireSupport(rev, config)
    let all = HazardKind.possible(under: config)
    let wanted = hazards.isEmpty ? all : Set(hazards.compactMap(HazardKind.init(rawValue:)))
    var explorer = Explorer(engine: Engine(revision: rev, configuration: config), maxDepth: maxDepth, wanted: wanted)
    let limit = memoryLimit.flatMap(MemorySize.parse) ?? MemorySize.defaultLimit
    explorer.memoryLimit = limit
    explorer.reduction = noReduction ? .none : reduction.flatMap(Explorer.Reduction.init(rawValue:)) ?? .sleepSets
    if explorer.reduction == .persistentSets && maxDepth != nil {
      Out.err("explore: under --max-depth, sleep sets instead of persistent sets (which could miss what lies within the bound)")
    }
    if exact { explorer.visited = .exact }
    if bitstate {
      var bits = hashBits ?? 32
      while bits > 20 && (1 << bits) / 8 > limit / 2 { bits -= 1 }
      explorer.visited = .bitstate(log2Bits: bits)
      if let hashBits, bits < hashBits {
        Out.err("explore: --hash-bits \(hashBits) lowered to \(bits): the bit array may take at most half of --memory-limit (\(MemorySize.text(limit)))")
      }
    }
    let member = swarm.flatMap(Swarm.parse)
    if let member { explorer.seed = Swarm.seed(member.index) }
    // A folder the traces cannot go to is found before the search, not after it.
    if let save { try TraceFolder.prepare(save) }
    var lastReport = ContinuousClock.now
    let progress = SearchProgress()
    let interrupts = progress.reportOnInterrupt(revision: rev.id)
    defer { for source in interrupts { source.cancel() } }
    let result = explorer.run(jobs: jobs == 0 ? ProcessInfo.processInfo.activeProcessorCount : jobs) { p in
      progress.update(p)
      if ContinuousClock.now - lastReport > .seconds(1) {
        Out.err("explore: depth \(p.depth), \(p.states) states, frontier \(p.frontier)")
        lastReport = ContinuousClock.now
      }
    }
    var report = ExploreReport(revision: rev, configuration: config, maxDepth: maxDepth, wanted: wanted, result: result)
    report.swarm = swarm
    if let save {
      let written: Int
      do { written = try report.save(to: save) } catch { throw CLIError("cannot save the traces to \(save): \(error.localizedDescription)") }
      Out.err("explore: saved \(written) trace\(written == 1 ? "" : "s") to \(save)")
    }
    if output.format == .json { Out.json(report.json()) } else { Out.text(report.text()) }
    if case .memoryLimit(let bytes) = result.stop {
      Out.err(
        "explore \(rev.id): stopped at the memory limit (\(MemorySize.text(bytes))) after \(result.states) states "
          + "(every schedule of up to \(max(0, result.maxDepth - 1)) steps), with "
          + (result.findings.isEmpty ? "no hazard found so far" : "\(result.findings.keys.map(\.rawValue).sorted().joined(separator: ", ")) found so far")
          + ". Not-found hazards are NOT shown unreachable. To go further: raise --memory-limit, "
          + "or use --bitstate (a bit array: it finds hazards but shows none unreachable), or lower the bounds.")
      throw ExitCode(3)
    }
  }
}

/// How far a search has got, for Ctrl-C: the explorer reports its traces when it ends, so
/// an interrupted search says what it covered (every schedule up to a depth) and which
/// hazards it had found, and exits 130.
final class SearchProgress: @unchecked Sendable {
  private let lock = NSLock()
  private var last = Explorer.Progress(depth: 0, states: 1, frontier: 1, found: [:])
  private let began = ContinuousClock.now

  func update(_ p: Explorer.Progress) {
    lock.withLock { last = p }
  }

  func summary(revision: String) -> String {
    let p = lock.withLock { last }
    let seconds = ContinuousClock.now - began
    let secs = Double(seconds.components.seconds) + Double(seconds.components.attoseconds) / 1e18
    var text = "explore \(revision): interrupted after " + String(format: "%.1f s", secs)
      + ": searched every schedule of up to \(p.depth) steps (\(p.states) states, \(p.frontier) on the last level). "
    if p.found.isEmpty {
      text += "No hazard found so far. The explorer names the hazards it finds and their shortest traces "
        + "when a search ends: `--max-depth \(p.depth)` gives them for the part searched."
    } else {
      let found = p.found.sorted { $0.key.rawValue < $1.key.rawValue }
        .map { "\($0.key.rawValue) (\(p.lengthsAreShortest ? "" : "at most ")\($0.value) steps)" }
      let deepest = max(p.depth, p.found.values.max() ?? 0)
      text += "Found so far: \(found.joined(separator: ", ")). Hazards not named may still be reachable. "
        + "`--max-depth \(deepest)` prints the traces."
    }
    return text
  }

  /// Installs the SIGINT (Ctrl-C) and SIGTERM (a batch scheduler's time limit, a swarm
  /// member stopped) handlers, which print the summary and exit 128 + the signal; cancel
  /// them when the search is over.
  func reportOnInterrupt(revision: String) -> [any DispatchSourceSignal] {
    [SIGINT, SIGTERM].map { sig in
      signal(sig, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
      source.setEventHandler { [self] in
        FileHandle.standardError.write(Data((summary(revision: revision) + "\n").utf8))
        exit(128 + sig)
      }
      source.resume()
      return source
    }
  }
}

/// Sizes such as 2G, 500M, 1.5G, 64K or a number of bytes.
enum MemorySize {
  static func parse(_ text: String) -> Int? {
    let t = text.trimmingCharacters(in: .whitespaces).uppercased()
    guard let last = t.last else { return nil }
    var number = t
    var scale = 1.0
    if let s = ["K": 1024.0, "M": 1024.0 * 1024, "G": 1024.0 * 1024 * 1024, "T": 1024.0 * 1024 * 1024 * 1024][String(last)] {
      scale = s
      number = String(t.dropLast())
    }
    if number.hasSuffix("I") || number.hasSuffix("B") { return nil }
    guard let v = Double(number), v.isFinite, v > 0 else { return nil }
    let bytes = v * scale
    guard bytes >= 16 * 1024 * 1024, bytes <= 1024 * 1024 * 1024 * 1024 * 1024 else { return nil }
    return Int(bytes)
  }

  /// Half of this machine's memory.
  static var defaultLimit: Int { Int(ProcessInfo.processInfo.physicalMemory / 2) }

  static func text(_ bytes: Int) -> String {
    let g = Double(bytes) / 1024 / 1024 / 1024
    return g >= 1 ? String(format: "%.1f GiB", g) : String(format: "%.0f MiB", g * 1024)
  }
}

/// `--swarm I/N`.
enum Swarm {
  static func parse(_ text: String) -> (index: Int, count: Int)? {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, n <= 100_000, i >= 1, i <= n else { return nil }
    return (i, n)
  }

  /// Member i's seed (member 1 of any swarm searches as a plain run would: seed 0).
  static func seed(_ i: Int) -> UInt64 {
    guard i > 1 else { return 0 }
    var z = UInt64(i) &* 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return (z ^ (z >> 31)) | 1
  }
}
