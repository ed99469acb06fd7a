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

  @Option(help: "QEMU request threads for the verdicts, 1-8.")
  var threads: Int = 2

  @OptionGroup var budget: BudgetOptions

  @Flag(help: "Only the table and handlers; no exploration.")
  var noVerdicts = false

  @Option(help: "Cores for the exploration, 0-64 (default 0: every core of this machine).")
  var jobs: Int = 0

  @OptionGroup var output: FormatOption

  func validate() throws {
    try Limits.check(threads, Limits.threads, "threads")
    try Limits.check(jobs, Limits.jobs, "jobs")
  }

  func run() throws {
    let ra = try resolveRevision(a)
    let rb = try resolveRevision(b)
    let cpus = Configuration.explorerCPUs(threads: threads, kernelPaths: budget.kernelHaltClear > 0 || budget.notOper || budget.closes > 0)
    let bounds = budget.configuration(cpus: cpus, requests: 2, threads: threads)
    try bounds.validate()
    try requireSupport(ra, bounds)
    try requireSupport(rb, bounds)
    let d = RevisionDiff(ra, rb, verdicts: noVerdicts ? nil : bounds, jobs: jobs == 0 ? ProcessInfo.processInfo.activeProcessorCount : jobs)
    if output.format == .json { Out.json(d.json()) } else { Out.text(d.text()) }
  }
}
