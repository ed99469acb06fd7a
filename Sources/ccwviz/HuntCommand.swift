import ArgumentParser
import Foundation
import Reports
import SafeText
import Search
import Simulation

struct HuntCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "hunt",
    abstract: "Many seeded random runs: the first seed that reaches each hazard, and its trace.",
    discussion: "For schedules beyond what `explore` can bound. Seeds are --first, --first+1, ...")

  @OptionGroup var revision: RevisionOption

  @Option(help: "How many runs (seeds), 1-100000000.")
  var runs: Int = 1000

  @Option(help: "The first seed, any 64-bit unsigned number (seeds wrap around after the largest).")
  var first: UInt64 = 1

  @OptionGroup var randomOptions: RandomOptions
  @OptionGroup var cpu: CPUOption
  @OptionGroup var budget: BudgetOptions
  @OptionGroup var output: FormatOption

  @Option(help: "Save each first trace as DIR/<revision>-<hazard>-seed<N>.json.")
  var save: String?

  func validate() throws {
    try Limits.check(runs, Limits.runs, "runs")
    try Limits.check(randomOptions.steps, Limits.huntSteps, "steps")
  }

  func run() throws {
    let rev = try revision.resolved(default: "v6.0")
    let config = budget.configuration(cpus: cpus)
    try config.validate()
    try requireSupport(rev, config)
    let strat = randomOptions.resolvedStrategy
    let steps = randomOptions.steps
    let result = Hunt(engine: Engine(revision: rev, configuration: config), strategy: strat, steps: steps)
      .run(seeds: first, runs: runs)
    func trace(_ k: HazardKind) -> Trace? {
      result.catches[k].map {
        Trace(revision: rev.id, configuration: config, choices: $0.choices,
          title: "\(k.rawValue) on \(rev.id): hunt \(strat.name) seed \($0.seed)")
      }
    }
    if let save {
      do { try FileManager.default.createDirectory(atPath: save, withIntermediateDirectories: true) } catch {
        throw CLIError("cannot create the folder \(save): \(error.localizedDescription)")
      }
      // Named like explore's, so a later command can name the file; the seed is in its title.
      for k in HazardKind.allCases {
        guard let t = trace(k) else { continue }
        let path = (save as NSString).appendingPathComponent("\(rev.id)-\(k.rawValue).json")
        try writeFile(t.jsonData(), to: path)
        Out.err("hunt: saved \(path)")
      }
    }
    if output.format == .json {
      struct Doc: Codable {
        struct Hit: Codable { var hazard: String; var found: Bool; var seed: UInt64?; var length: Int?; var trace: [String]? }
        var revision, strategy: String
        var runs, steps: Int
        var seconds: Double
        var results: [Hit]
      }
      let doc = Doc(
        revision: rev.id, strategy: strat.name, runs: result.runs, steps: result.steps, seconds: result.seconds,
        results: HazardKind.allCases.map { k in
          let c = result.catches[k]
          return .init(hazard: k.rawValue, found: c != nil, seed: c?.seed, length: c?.choices.count,
            trace: c?.choices.map(\.description))
        })
      Out.json(JSONReport.encode(doc))
      return
    }
    Out.line("ccwviz hunt \(rev.id): \(result.runs) runs (\(strat.name), seeds \(first)...), \(result.steps) steps, "
      + String(format: "%.2f s", result.seconds))
    // Hazards the bounds rule out (after-close without closes, ...) are not listed, as in explore.
    let possible = HazardKind.possible(under: config)
    for k in HazardKind.allCases where possible.contains(k) {
      let name = SafeText.pad(k.rawValue, 14)
      if let c = result.catches[k] {
        Out.line("\(name) seed \(c.seed): reached at step \(c.choices.count)")
        Out.line("    ccwviz run --revision \(rev.id) --random --strategy \(strat.name) --seed \(c.seed) --steps \(steps)\(flags)")
      } else {
        Out.line("\(name) not reached in \(result.runs) runs")
      }
    }
  }

  /// Hunt's default is 3 CPUs.
  var cpus: Int { cpu.cpus ?? 3 }

  var flags: String {
    var f = " --cpus \(cpus)"
    if let requests = budget.requests { f += " --requests \(requests)" }
    if budget.kernelHaltClear > 0 { f += " --kernel-halt-clear \(budget.kernelHaltClear)" }
    if budget.unsolicited > 0 { f += " --unsolicited \(budget.unsolicited)" }
    if budget.qemuFilter { f += " --qemu-filter" }
    if budget.notOper { f += " --notoper" }
    return f
  }
}

struct ShrinkCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "shrink",
    abstract: "Shorten a trace that reaches a hazard (delta debugging over its choices).")

  @Argument(help: "The trace file (JSON).")
  var trace: String

  @Option(help: "The hazard to keep (default: the last the trace reaches, the one it was cut at).")
  var hazard: String?

  @Option(help: "Write the shrunk trace here (default: print it as JSON).")
  var output: String?

  @Option(help: "The revision to shrink on: a shipped one's name or a revision file (default: the trace's own).")
  var revision: String?

  func run() throws {
    let t = try Trace.load(path: trace)
    let rev = try resolveRevision(revision ?? t.revision)
    let kind: HazardKind
    if let hazard {
      guard let k = HazardKind(rawValue: hazard) else {
        throw ValidationError("unknown hazard '\(SafeText.excerpt(hazard))'; expected one of: \(HazardKind.allCases.map(\.rawValue).joined(separator: ", "))")
      }
      kind = k
    } else {
      let run = try replay(t, on: rev)
      guard let last = run.hazards.last else { throw CLIError("\(trace) reaches no hazard: nothing to shrink") }
      kind = last.hazard.kind
    }
    let shrunk = try Shrinker.shrink(t, on: rev, hazard: kind)
    if let output {
      try writeFile(shrunk.jsonData(), to: output, what: "the shrunk trace")
      Out.line("\(kind.rawValue): \(t.choices.count) steps -> \(shrunk.choices.count) steps, written to \(output)")
    } else {
      Out.err("shrink: \(kind.rawValue): \(t.choices.count) steps -> \(shrunk.choices.count) steps")
      Out.json(String(decoding: shrunk.jsonData(), as: UTF8.self) + "\n")
    }
  }
}
