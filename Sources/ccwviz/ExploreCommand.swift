import ArgumentParser
import Foundation
import Reports
import RevisionFiles
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

  @Option(help: "Driver revision.")
  var revision: String = "v6.0"

  @Option(help: "QEMU request threads (each on its own CPU).")
  var threads: Int = 2

  @Option(help: "Requests per thread (START, HALT or CLEAR, chosen by the search).")
  var requests: Int = 2

  @Option(help: "Unsolicited (attention) statuses the device may present.")
  var unsolicited: Int = 0

  @Option(help: "Kernel-internal HALT/CLEARs (channel-path vary-off) QEMU never sees.")
  var kernelHaltClear: Int = 0

  @Flag(help: "QEMU forwards only what its virtual SCSW allows.")
  var qemuFilter = false

  @Flag(name: .customLong("notoper"), help: "The device may go not operational once.")
  var notOper = false

  @Option(help: "CPUs (default: enough that no context waits for one: threads + 2, + 1 with kernel paths).")
  var cpus: Int?

  @Option(name: .customLong("hazard"), parsing: .upToNextOption,
    help: "Only these hazards (use-after-free, cp-leak, stuck, lost-status, notoper-lost).")
  var hazards: [String] = []

  @Option(help: "Cores to expand each search level on (default: all of this machine's).")
  var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

  @Option(help: "Search at most this many steps deep.")
  var maxDepth: Int?

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  @Option(help: "Save each shortest trace as DIR/<revision>-<hazard>.json.")
  var save: String?

  var defaultCPUs: Int { min(Configuration.maxCPUs, threads + 2 + (kernelHaltClear > 0 || notOper ? 1 : 0)) }

  func validate() throws {
    for h in hazards where HazardKind(rawValue: h) == nil {
      throw ValidationError(
        "unknown hazard '\(h)'; expected one of: \(HazardKind.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    if requests < 0 || requests > 254 { throw ValidationError("--requests must be 0-254, got \(requests)") }
    if let maxDepth, maxDepth < 0 { throw ValidationError("--max-depth must be 0 or more, got \(maxDepth)") }
  }

  func run() throws {
    let rev = try resolveRevision(revision)
    let config = Configuration(
      cpus: cpus ?? defaultCPUs, requests: requests, threads: threads,
      kernelHaltClear: kernelHaltClear, unsolicited: unsolicited, qemuFilter: qemuFilter,
      notOper: notOper)
    try config.validate()
    // NOT_OPER can only be lost when the device may go away.
    let all = Set(HazardKind.allCases.filter { $0 != .notOperLost || notOper })
    let wanted = hazards.isEmpty ? all : Set(hazards.compactMap(HazardKind.init(rawValue:)))
    let explorer = Explorer(engine: Engine(revision: rev, configuration: config), maxDepth: maxDepth, wanted: wanted)
    var lastReport = ContinuousClock.now
    let result = explorer.run(jobs: max(1, jobs)) { depth, states, frontier in
      if ContinuousClock.now - lastReport > .seconds(1) {
        FileHandle.standardError.write(Data("explore: depth \(depth), \(states) states, frontier \(frontier)\n".utf8))
        lastReport = ContinuousClock.now
      }
    }
    let report = ExploreReport(revision: rev, configuration: config, maxDepth: maxDepth, wanted: wanted, result: result)
    if let save { try report.save(to: save) }
    print(format == .json ? report.json() : report.text(), terminator: "")
  }
}
