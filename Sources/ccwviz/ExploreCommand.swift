import ArgumentParser
import Foundation
import Reports
import SafeText
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
    help: "Only these hazards (use-after-free, cp-leak, stuck, lost-status, notoper-lost).")
  var hazards: [String] = []

  @Option(help: "Cores to expand each search level on, 0-64 (default 0: every core of this machine).")
  var jobs: Int = 0

  @Option(help: "Search at most this many steps deep, 0-1000000.")
  var maxDepth: Int?

  @OptionGroup var output: FormatOption

  @Option(help: "Save each shortest trace as DIR/<revision>-<hazard>.json.")
  var save: String?

  var defaultCPUs: Int {
    Configuration.explorerCPUs(threads: threads, kernelPaths: budget.kernelHaltClear > 0 || budget.notOper)
  }

  func validate() throws {
    for h in hazards where HazardKind(rawValue: h) == nil {
      throw ValidationError(
        "unknown hazard '\(SafeText.excerpt(h))'; expected one of: \(HazardKind.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    try Limits.check(threads, Limits.threads, "threads")
    try Limits.check(jobs, Limits.jobs, "jobs")
    if let maxDepth { try Limits.check(maxDepth, Limits.maxDepth, "max-depth") }
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
    let explorer = Explorer(engine: Engine(revision: rev, configuration: config), maxDepth: maxDepth, wanted: wanted)
    var lastReport = ContinuousClock.now
    let progress = SearchProgress()
    let interrupt = progress.reportOnInterrupt(revision: rev.id)
    defer { interrupt.cancel() }
    let result = explorer.run(jobs: jobs == 0 ? ProcessInfo.processInfo.activeProcessorCount : jobs) { depth, states, frontier in
      progress.update(depth: depth, states: states, frontier: frontier)
      if ContinuousClock.now - lastReport > .seconds(1) {
        Out.err("explore: depth \(depth), \(states) states, frontier \(frontier)")
        lastReport = ContinuousClock.now
      }
    }
    let report = ExploreReport(revision: rev, configuration: config, maxDepth: maxDepth, wanted: wanted, result: result)
    if let save {
      do { try report.save(to: save) } catch { throw CLIError("cannot save the traces to \(save): \(error.localizedDescription)") }
    }
    if output.format == .json { Out.json(report.json()) } else { Out.text(report.text()) }
  }
}

/// How far a search has got, for Ctrl-C: the explorer reports its findings when it ends, so
/// an interrupted search says what it covered (every schedule up to a depth) and exits 130.
final class SearchProgress: @unchecked Sendable {
  private let lock = NSLock()
  private var depth = 0
  private var states = 1
  private var frontier = 1
  private let began = ContinuousClock.now

  func update(depth: Int, states: Int, frontier: Int) {
    lock.withLock { (self.depth, self.states, self.frontier) = (depth, states, frontier) }
  }

  func summary(revision: String) -> String {
    let (d, s, f) = lock.withLock { (depth, states, frontier) }
    let seconds = ContinuousClock.now - began
    let secs = Double(seconds.components.seconds) + Double(seconds.components.attoseconds) / 1e18
    return "explore \(revision): interrupted after " + String(format: "%.1f s", secs)
      + ": searched every schedule of up to \(d) steps (\(s) states, \(f) on the last level). "
      + "The explorer names the hazards it found and their shortest traces only when a search "
      + "ends: `--max-depth \(d)` gives them for the part searched."
  }

  /// Installs the SIGINT handler; cancel it when the search is over.
  func reportOnInterrupt(revision: String) -> any DispatchSourceSignal {
    signal(SIGINT, SIG_IGN)
    let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
    source.setEventHandler { [self] in
      FileHandle.standardError.write(Data((summary(revision: revision) + "\n").utf8))
      exit(130)
    }
    source.resume()
    return source
  }
}
