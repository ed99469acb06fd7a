import ArgumentParser
import Foundation
import Reports
import Simulation

struct DiffCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract: "What revision B changes against A: jump table, handler steps, and the hazards it closes and opens.",
    discussion: """
      A and B are shipped revisions or revision files. The handlers are compared step by step \
      (a step is its line and its operations) and shown as a patch; then both are explored at \
      the same bounds and each hazard B opens is shown with its shortest trace.
      """)

  @Argument(help: "The revision before (name or file).")
  var a: String

  @Argument(help: "The revision after (name or file).")
  var b: String

  @Option(help: "QEMU request threads for the verdicts (1-8).")
  var threads: Int = 2

  @Option(help: "Requests per thread for the verdicts (0-254).")
  var requests: Int = 2

  @Option(help: "Unsolicited statuses for the verdicts (0-254).")
  var unsolicited: Int = 0

  @Option(help: "Kernel-internal HALT/CLEARs for the verdicts (0-254).")
  var kernelHaltClear: Int = 0

  @Flag(name: .customLong("notoper"), help: "The device may go not operational once.")
  var notOper = false

  @Flag(help: "Only the table and handlers; no exploration.")
  var noVerdicts = false

  @Option(help: "Cores for the exploration (default: all of this machine's).")
  var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  func validate() throws {
    if !(1...8).contains(threads) { throw ValidationError("--threads must be 1-8, got \(threads)") }
    if !(0...254).contains(requests) { throw ValidationError("--requests must be 0-254, got \(requests)") }
    if !(0...254).contains(unsolicited) { throw ValidationError("--unsolicited must be 0-254, got \(unsolicited)") }
    if !(0...254).contains(kernelHaltClear) { throw ValidationError("--kernel-halt-clear must be 0-254, got \(kernelHaltClear)") }
    if !(1...64).contains(jobs) { throw ValidationError("--jobs must be 1-64, got \(jobs)") }
  }

  func run() throws {
    let ra = try resolveRevision(a)
    let rb = try resolveRevision(b)
    let cpus = min(Configuration.maxCPUs, threads + 2 + (kernelHaltClear > 0 || notOper ? 1 : 0))
    let bounds = Configuration(
      cpus: cpus, requests: requests, threads: threads, kernelHaltClear: kernelHaltClear,
      unsolicited: unsolicited, notOper: notOper)
    try bounds.validate()
    let d = RevisionDiff(ra, rb, verdicts: noVerdicts ? nil : bounds, jobs: jobs)
    print(format == .json ? d.json() : d.text(), terminator: "")
  }
}
