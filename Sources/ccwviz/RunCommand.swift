import ArgumentParser
import Foundation
import Reports
import RevisionFiles
import ScenarioFiles
import SafeText
import Simulation

/// `--seed`, shared by run and tui.
struct SeedOption: ParsableArguments {
  @Option(help: "Seed of a random run, any 64-bit unsigned number (run: implies --random; default 1).")
  var seed: UInt64?
}

struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run a scenario, a random schedule or a trace, and print it.",
    discussion: """
      Exactly one of --scenario S, --random --seed N, --trace FILE (default: --scenario seed-b). \
      A run that finds hazards still exits 0; bad arguments or files exit non-zero. \
      Random runs stream their output: a long run costs time, not memory (with --save the \
      run is kept whole, to write its trace).
      """)

  @OptionGroup var revision: RevisionOption
  @OptionGroup var story: StoryOptions

  @Flag(help: "A seeded random schedule.")
  var random = false

  @OptionGroup var seed: SeedOption
  @OptionGroup var randomOptions: RandomOptions
  @OptionGroup var cpu: CPUOption
  @OptionGroup var budget: BudgetOptions

  @Flag(help: "Random runs: allow intermediate (PCI) status.")
  var intermediate = false

  @Flag(help: "Random runs: allow a START to end with a deferred cc.")
  var deferredCC = false

  @OptionGroup var output: FormatOption

  @Option(help: "Also save the run as a trace file (JSON) that --trace replays.")
  var save: String?

  var isRandom: Bool { random || seed.seed != nil }

  func validate() throws {
    let sources = [story.scenario != nil, isRandom, story.trace != nil].filter { $0 }.count
    if sources > 1 {
      throw ValidationError("give only one of --scenario, --random/--seed and --trace")
    }
    try Limits.check(randomOptions.steps, Limits.runSteps, "steps")
  }

  /// The random run's configuration.
  func randomConfiguration() throws -> Configuration {
    var config = budget.configuration(cpus: cpu.cpus ?? 2)
    config.intermediate = intermediate
    config.deferredCC = deferredCC
    try config.validate()
    return config
  }

  /// Builds the run the options describe. With none of the three sources: seed-b.
  func makeRun() throws -> Run {
    let rev = try revision.resolved()
    if isRandom {
      let r = try rev ?? resolveRevision("v6.0")
      let config = try randomConfiguration()
      try requireSupport(r, config)
      return Runner.random(
        revision: r, configuration: config,
        seed: seed.seed ?? 1, steps: randomOptions.steps, strategy: randomOptions.resolvedStrategy)
    }
    return try story.run(on: rev, cpus: cpu.cpus, fallback: "seed-b")!
  }

  func run() throws {
    if isRandom, save == nil {
      // Streamed: constant memory however many steps.
      let rev = try revision.resolved() ?? resolveRevision("v6.0")
      let config = try randomConfiguration()
      try requireSupport(rev, config)
      let seed = seed.seed ?? 1
      switch output.format {
      case .text:
        TextReport.stream(
          revision: rev, configuration: config, seed: seed, steps: randomOptions.steps,
          strategy: randomOptions.resolvedStrategy, write: Out.text)
      case .json:
        JSONReport.stream(
          revision: rev, configuration: config, seed: seed, steps: randomOptions.steps,
          strategy: randomOptions.resolvedStrategy, write: Out.json)
      }
      return
    }
    let run = try makeRun()
    switch output.format {
    case .text: Out.text(TextReport.render(run))
    case .json: Out.json(JSONReport.render(run))
    }
    if let save { try writeFile(run.trace.jsonData(), to: save, what: "the trace") }
  }
}

struct ListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "List revisions or scenarios.")

  enum What: String, ExpressibleByArgument, CaseIterable {
    case revisions, scenarios
  }

  @Argument(help: "revisions or scenarios")
  var what: What

  func run() throws {
    switch what {
    case .revisions:
      if Revisions.all.isEmpty {
        throw CLIError(
          "the shipped revisions were not found beside the binary (ccwviz_RevisionFiles.resources); "
            + "copy that folder beside it or set CCWVIZ_REVISIONS to its Revisions folder")
      }
      for (path, error) in Revisions.loadErrors.sorted(by: { $0.key < $1.key }) {
        Out.err("\(path): does not load: \(error)")
      }
      for r in Revisions.all {
        Out.line("\(SafeText.pad(r.id, 10)) \(SafeText.pad(r.kernels, 29)) \(r.summary)")
      }
    case .scenarios:
      if ScenarioCatalog.folder == nil {
        throw CLIError(
          "the shipped scenarios were not found beside the binary (ccwviz_ScenarioFiles.resources); "
            + "copy that folder beside it or set CCWVIZ_SCENARIOS to its Scenarios folder")
      }
      for s in ScenarioCatalog.builtins {
        let race = s.race.map { " [\($0)]" } ?? ""
        Out.line("\(SafeText.pad(s.name, 24)) \(s.title)\(race) (default \(s.revision))")
      }
      for e in ScenarioCatalog.broken { Out.err("broken scenario file: \(e)") }
    }
  }
}
