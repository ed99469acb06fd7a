import ArgumentParser
import Foundation
import ScenarioFiles
import RevisionFiles
import Simulation

/// The options every command that builds a run shares: which revision, which schedule, and
/// the machine's size and budgets.
struct ScheduleOptions: ParsableArguments {
  @Option(help: "Driver revision: v5.2, v5.3, seed-v3, v5.13 or v6.0 (default: the scenario's, else v6.0).")
  var revision: String?

  @Option(help: "A scenario: a shipped one's name (see `ccwviz list scenarios`) or a .yaml file.")
  var scenario: String?

  @Flag(help: "A seeded uniform random schedule.")
  var random = false

  @Option(help: "Seed of the random schedule (implies --random; default 1).")
  var seed: UInt64?

  @Option(help: "Most steps of a random schedule.")
  var steps: Int = 200

  @Option(help: "Random strategy: uniform, or pct (few preemptions, PCT-like).")
  var strategy: String = "uniform"

  @Option(help: "A trace file (JSON) to replay.")
  var trace: String?

  @Option(help: "CPUs (1-8; default: the scenario's or trace's, else 2).")
  var cpus: Int?

  @Option(help: "Random runs: QEMU requests that may be issued (default: unlimited).")
  var requests: Int?

  @Option(help: "Random runs: kernel-internal HALT/CLEARs (channel-path vary-off).")
  var kernelHaltClear: Int = 0

  @Option(help: "Random runs: unsolicited (attention) statuses the device may present.")
  var unsolicited: Int = 0

  @Flag(help: "Random runs: QEMU forwards only what its virtual SCSW allows.")
  var qemuFilter = false

  @Flag(help: "Random runs: allow intermediate (PCI) status.")
  var intermediate = false

  @Flag(help: "Random runs: allow a START to end with a deferred cc.")
  var deferredCC = false

  @Flag(name: .customLong("notoper"), help: "Random runs: the device may go not operational once.")
  var notOper = false

  func validate() throws {
    let sources = [scenario != nil, random || seed != nil, trace != nil].filter { $0 }.count
    if sources > 1 {
      throw ValidationError("give only one of --scenario, --random/--seed and --trace")
    }
    if steps < 0 { throw ValidationError("--steps must be 0 or more, got \(steps)") }
    if Strategy(strategy) == nil {
      throw ValidationError("unknown strategy '\(strategy)'; expected uniform or pct")
    }
  }

  /// Builds the run the options describe. With none of the three sources: seed-b.
  func makeRun() throws -> Run {
    let revision = try self.revision.map { try resolveRevision($0) }
    if random || seed != nil {
      var config = Configuration(
        cpus: cpus ?? 2, requests: requests, kernelHaltClear: kernelHaltClear,
        unsolicited: unsolicited, qemuFilter: qemuFilter, intermediate: intermediate,
        deferredCC: deferredCC, notOper: notOper)
      config.cpus = cpus ?? 2
      try config.validate()
      return Runner.random(
        revision: try revision ?? defaultRevision(), configuration: config, seed: seed ?? 1, steps: steps,
        strategy: Strategy(strategy) ?? .uniform)
    }
    if let path = trace {
      var t = try Trace.load(path: path)
      if let cpus { t.configuration.cpus = cpus }
      // On another revision the schedule is carried over as far as it applies.
      let own = try ccwviz.revision(of: t, file: path)
      return try Runner.replay(t, on: revision ?? own, strict: revision == nil || revision === own)
    }
    var s = try ScenarioCatalog.named(scenario ?? "seed-b")
    if let cpus { s.configuration.cpus = cpus }
    return try s.run(on: revision ?? ccwviz.revision(of: s))
  }
}

extension SimulationError: LocalizedError {
  public var errorDescription: String? { description }
}
