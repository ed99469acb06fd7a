import ArgumentParser
import Foundation
import ScenarioFiles
import Simulation
import Teaching

struct CoverageCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "coverage",
    abstract: "Which jump-table cells and handler steps scenarios, random runs or a search reach.",
    discussion: """
      Exactly one of --scenario S (repeatable; `all` for every shipped scenario), --random \
      --runs N [--seed S] [--steps K], --explore [--threads T --requests R ...]. Steps and \
      cells nothing reached are listed first: in a proposed patch, code no run tried. For runs \
      a count is the number of runs that reached it; for --explore a step's count is the \
      number of states in which some CPU is about to run it, a cell's the transitions that \
      dispatched through it.
      """)

  @OptionGroup var revision: RevisionOption

  @Option(name: .customLong("scenario"), help: "A scenario (name or file); repeat it, or `all`.")
  var scenarios: [String] = []

  @Flag(help: "Seeded random runs.")
  var random = false

  @Option(help: "Random runs: how many, 1-100000000.")
  var runs: Int = 1000

  @Option(help: "Random runs: the first seed (the next runs take the next seeds).")
  var seed: UInt64 = 1

  @Option(help: "Random runs: most steps of each, 1-1000000.")
  var steps: Int = 200

  @Flag(help: "Every state within the bounds, as explore searches them.")
  var explore = false

  @Option(help: "--explore: QEMU request threads, 1-8.")
  var threads: Int = 2

  @Option(help: "--explore: search at most this many steps deep.")
  var maxDepth: Int?

  @OptionGroup var budget: BudgetOptions
  @OptionGroup var cpu: CPUOption
  @OptionGroup var output: FormatOption

  func validate() throws {
    let sources = [!scenarios.isEmpty, random, explore].filter { $0 }.count
    if sources != 1 { throw ValidationError("give exactly one of --scenario, --random and --explore") }
    try Limits.check(runs, Limits.runs, "runs")
    try Limits.check(steps, Limits.huntSteps, "steps")
    try Limits.check(threads, Limits.threads, "threads")
    if let maxDepth { try Limits.check(maxDepth, Limits.maxDepth, "max-depth") }
  }

  func run() throws {
    let rev = try revision.resolved(default: "v6.0")
    let cov: Coverage
    let what: String
    var config = Configuration()
    if explore {
      let cpus = cpu.cpus ?? Configuration.explorerCPUs(threads: threads, kernelPaths: budget.kernelHaltClear > 0 || budget.notOper)
      config = budget.configuration(cpus: cpus, requests: 2, threads: threads)
      try config.validate()
      try requireSupport(rev, config)
      cov = Coverage.explore(engine: Engine(revision: rev, configuration: config), maxDepth: maxDepth)
      what = "explore, \(threads) QEMU threads x \(config.requests ?? 0) requests, \(config.unsolicited) unsolicited, "
        + "\(config.kernelHaltClear) kernel HALT/CLEAR, \(cpus) CPUs" + (maxDepth.map { ", depth <= \($0)" } ?? "")
    } else if random {
      config = budget.configuration(cpus: cpu.cpus ?? 2)
      try config.validate()
      try requireSupport(rev, config)
      cov = Coverage.random(revision: rev, configuration: config, runs: runs, seed: seed, steps: steps)
      what = "\(runs) random runs of up to \(steps) steps, seeds \(seed)-\(seed &+ UInt64(runs - 1))"
    } else {
      let names = scenarios.contains("all") ? ScenarioCatalog.builtins.map(\.name) : scenarios
      var c = Coverage(revision: rev, mode: .runs)
      for name in names {
        var s = try ScenarioCatalog.named(name)
        config.kernelHaltClear = max(config.kernelHaltClear, s.configuration.kernelHaltClear)
        config.notOper = config.notOper || s.configuration.notOper
        if let cpus = cpu.cpus { s.configuration.cpus = cpus }
        c.add(try s.run(on: rev), name: s.name)
      }
      cov = c
      what = "scenarios " + names.joined(separator: ", ")
    }
    if output.format == .json { Out.json(cov.json(what: what)) } else { Out.text(cov.text(what: what, hints: cov.budgetHints(config))) }
  }
}
