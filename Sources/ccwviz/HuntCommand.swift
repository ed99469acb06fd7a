import ArgumentParser
import Foundation
import Reports
import RevisionFiles
import Simulation

struct HuntCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "hunt",
    abstract: "Many seeded random runs: the first seed that reaches each hazard, and its trace.",
    discussion: "For schedules beyond what `explore` can bound. Seeds are --first, --first+1, ...")

  @Option(help: "Driver revision.")
  var revision: String = "v6.0"

  @Option(help: "How many runs (seeds).")
  var runs: Int = 1000

  @Option(help: "The first seed.")
  var first: UInt64 = 1

  @Option(help: "Steps per run.")
  var steps: Int = 200

  @Option(help: "uniform or pct.")
  var strategy: String = "uniform"

  @Option(help: "CPUs.")
  var cpus: Int = 3

  @Option(help: "QEMU requests per run (default: unlimited).")
  var requests: Int?

  @Option(help: "Kernel-internal HALT/CLEARs per run.")
  var kernelHaltClear: Int = 0

  @Option(help: "Unsolicited statuses per run.")
  var unsolicited: Int = 0

  @Flag(help: "QEMU forwards only what its virtual SCSW allows.")
  var qemuFilter = false

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  @Option(help: "Save each first trace as DIR/<revision>-<hazard>-seed<N>.json.")
  var save: String?

  func validate() throws {
    guard Strategy(strategy) != nil else { throw ValidationError("unknown strategy '\(strategy)'; expected uniform or pct") }
    if runs < 1 { throw ValidationError("--runs must be 1 or more, got \(runs)") }
    if steps < 1 { throw ValidationError("--steps must be 1 or more, got \(steps)") }
  }

  func run() throws {
    let rev = try resolveRevision(revision)
    let config = Configuration(
      cpus: cpus, requests: requests, kernelHaltClear: kernelHaltClear, unsolicited: unsolicited,
      qemuFilter: qemuFilter)
    try config.validate()
    let strat = Strategy(strategy)!
    let result = Hunt(engine: Engine(revision: rev, configuration: config), strategy: strat, steps: steps)
      .run(seeds: first, runs: runs)
    func trace(_ k: HazardKind) -> Trace? {
      result.catches[k].map {
        Trace(revision: rev.id, configuration: config, choices: $0.choices,
          title: "\(k.rawValue) on \(rev.id): hunt \(strat.name) seed \($0.seed)")
      }
    }
    if let save {
      try FileManager.default.createDirectory(atPath: save, withIntermediateDirectories: true)
      for k in HazardKind.allCases {
        guard let t = trace(k), let c = result.catches[k] else { continue }
        try t.jsonData().write(to: URL(fileURLWithPath: (save as NSString).appendingPathComponent("\(rev.id)-\(k.rawValue)-seed\(c.seed).json")))
      }
    }
    if format == .json {
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
      print(JSONReport.encode(doc), terminator: "")
      return
    }
    print("ccwviz hunt \(rev.id): \(result.runs) runs (\(strat.name), seeds \(first)...), \(result.steps) steps, "
      + String(format: "%.2f s", result.seconds))
    for k in HazardKind.allCases {
      let name = k.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0)
      if let c = result.catches[k] {
        print("\(name) seed \(c.seed): reached at step \(c.choices.count)")
        print("    ccwviz run --revision \(rev.id) --random --strategy \(strat.name) --seed \(c.seed) --steps \(steps)\(flags)")
      } else {
        print("\(name) not reached in \(result.runs) runs")
      }
    }
  }

  var flags: String {
    var f = " --cpus \(cpus)"
    if let requests { f += " --requests \(requests)" }
    if kernelHaltClear > 0 { f += " --kernel-halt-clear \(kernelHaltClear)" }
    if unsolicited > 0 { f += " --unsolicited \(unsolicited)" }
    if qemuFilter { f += " --qemu-filter" }
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
    let rev = try revision.map { try resolveRevision($0) } ?? ccwviz.revision(of: t, file: trace)
    let kind: HazardKind
    if let hazard {
      guard let k = HazardKind(rawValue: hazard) else {
        throw ValidationError("unknown hazard '\(hazard)'; expected one of: \(HazardKind.allCases.map(\.rawValue).joined(separator: ", "))")
      }
      kind = k
    } else {
      let run = try Runner.replay(t, on: rev)
      guard let last = run.hazards.last else { throw ValidationError("\(trace) reaches no hazard: nothing to shrink") }
      kind = last.hazard.kind
    }
    let shrunk = try Shrinker.shrink(t, on: rev, hazard: kind)
    if let output {
      try shrunk.jsonData().write(to: URL(fileURLWithPath: output))
      print("\(kind.rawValue): \(t.choices.count) steps -> \(shrunk.choices.count) steps, written to \(output)")
    } else {
      FileHandle.standardError.write(Data("shrink: \(kind.rawValue): \(t.choices.count) steps -> \(shrunk.choices.count) steps\n".utf8))
      print(String(decoding: shrunk.jsonData(), as: UTF8.self))
    }
  }
}
