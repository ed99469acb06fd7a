import ArgumentParser
import Foundation
import SafeText
import RevisionFiles
import ScenarioFiles
import Simulation

/// Every command finds a `--revision` here, and only here.
func resolveRevision(_ name: String) throws -> Revision {
  do { return try Revisions.resolve(name) } catch SimulationError.unknownRevision(let id, let known) {
    // A misspelt name is a usage error (exit 64), as a bad option value is; a revision file
    // that does not load stays a runtime error naming the file and line.
    throw ValidationError(SimulationError.unknownRevision(id, known: known).description)
  }
}

/// Refuses a configuration the revision has no path for (e.g. kernel HALT/CLEAR before v5.8).
func requireSupport(_ rev: Revision, _ c: Configuration) throws {
  if let why = rev.unsupported(c) { throw CLIError(why) }
}

/// The documented range of every numeric option (the help texts quote them).
enum Limits {
  static let cpus = 1...Configuration.maxCPUs
  static let budget = 0...254
  static let threads = 1...Configuration.maxCPUs
  /// `run` streams its output, so a long run costs time, not memory.
  static let runSteps = 0...100_000_000
  /// The TUI keeps every world of its run to step back through.
  static let tuiSteps = 0...100_000
  static let huntSteps = 1...1_000_000
  static let runs = 1...100_000_000
  /// 0 is every core of this machine.
  static let jobs = 0...64
  static let maxDepth = 0...1_000_000
  static let delay = 0.01...3600.0
  static let width = 20...1000
  static let height = 5...500

  static func check(_ value: Int, _ range: ClosedRange<Int>, _ option: String) throws {
    guard range.contains(value) else {
      throw ValidationError("--\(option) must be between \(range.lowerBound) and \(range.upperBound), got \(value)")
    }
  }

  static func check(_ value: Double, _ range: ClosedRange<Double>, _ option: String) throws {
    guard range.contains(value) else {
      throw ValidationError("--\(option) must be between \(range.lowerBound) and \(range.upperBound) seconds, got \(value)")
    }
  }

  /// WIDTHxHEIGHT, each within its range.
  static func size(_ text: String, minWidth: Int = width.lowerBound, minHeight: Int = height.lowerBound) throws -> (Int, Int) {
    let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false).map { Int($0) }
    guard parts.count == 2, let w = parts[0], let h = parts[1],
      (minWidth...width.upperBound).contains(w), (minHeight...height.upperBound).contains(h)
    else {
      throw ValidationError(
        "--size must be WIDTHxHEIGHT with WIDTH \(minWidth)-\(width.upperBound) and HEIGHT "
          + "\(minHeight)-\(height.upperBound), e.g. 120x40; got '\(SafeText.excerpt(text))'")
    }
    return (w, h)
  }
}

/// `--revision`, shared by run, tui, explore, hunt and export.
struct RevisionOption: ParsableArguments {
  @Option(help: ArgumentHelp("Driver revision: a shipped one (\(Revisions.order.joined(separator: ", "))) or a revision file (default: v6.0, or the scenario's or trace's where the command plays one)."))
  var revision: String?

  /// A misspelt name is refused here, so that the message comes with the command's usage.
  func validate() throws {
    // Without the shipped files (a copied binary) `resolve` says where they should be.
    guard let revision, !Revisions.isPath(revision), Revisions.hasShippedFiles else { return }
    do { _ = try Revisions.named(revision) } catch {
      throw ValidationError(error.description)
    }
  }

  /// The named revision, or nil when none was given.
  func resolved() throws -> Revision? {
    try revision.map(resolveRevision)
  }

  /// The named revision, else `fallback`.
  func resolved(default fallback: String) throws -> Revision {
    try resolveRevision(revision ?? fallback)
  }
}

/// `--scenario` and `--trace`: a told story. Shared by run, tui, compare and export.
struct StoryOptions: ParsableArguments {
  @Option(help: "A scenario: a shipped one's name (see `ccwviz list scenarios`) or a .yaml file.")
  var scenario: String?

  @Option(help: "A trace file (JSON) to replay.")
  var trace: String?

  /// The story told on a revision (a trace is replayed as far as it applies); without
  /// --scenario or --trace, `fallback` (a scenario name), else nil.
  func run(on revision: Revision?, cpus: Int? = nil, fallback: String? = nil) throws -> Run? {
    if let path = trace {
      var t = try Trace.load(path: path)
      if let cpus { t.configuration.cpus = cpus }
      return try replay(t, on: revision, file: path)
    }
    guard let scenario = scenario ?? fallback else { return nil }
    var s = try ScenarioCatalog.named(scenario)
    if let cpus { s.configuration.cpus = cpus }
    return try s.run(on: revision ?? resolveRevision(s.revision))
  }
}

/// Replays a trace on its own revision (strictly: every step must apply) or on another one
/// (the schedule is carried over as far as it applies).
func replay(_ t: Trace, on revision: Revision?, file: String? = nil) throws -> Run {
  let own = revision == nil || revision?.id == t.revision
  let rev: Revision
  do {
    rev = try revision ?? resolveRevision(t.revision)
  } catch {
    throw CLIError("\(file.map { "\($0): " } ?? "")'revision': \(error)")
  }
  return try Runner.replay(t, on: rev, strict: own)
}

/// `--cpus`, shared by run, tui, explore and hunt.
struct CPUOption: ParsableArguments {
  @Option(help: "CPUs, 1-8 (default: the scenario's or trace's; else run and tui 2, hunt 3, explore threads + 2, + 1 with kernel paths).")
  var cpus: Int?

  func validate() throws {
    if let cpus { try Limits.check(cpus, Limits.cpus, "cpus") }
  }
}

/// What the machine may do besides the QEMU schedule: shared by run (random runs), explore
/// and hunt.
struct BudgetOptions: ParsableArguments {
  @Option(help: "QEMU requests that may be issued, 0-254: run, tui and hunt count them in all (default unlimited); explore counts them per QEMU thread (default 2).")
  var requests: Int?

  @Option(help: "Kernel-internal HALT/CLEARs (channel-path vary-off) QEMU never sees, 0-254.")
  var kernelHaltClear: Int = 0

  @Option(help: "Unsolicited (attention) statuses the device may present, 0-254.")
  var unsolicited: Int = 0

  @Flag(help: "QEMU forwards only what its virtual SCSW allows.")
  var qemuFilter = false

  @Flag(name: .customLong("notoper"), help: "The device may go not operational once.")
  var notOper = false

  @Option(help: "QEMU closes or resets of the device (race R8: close_device, VFIO_DEVICE_RESET), 0-254.")
  var closes: Int = 0

  func validate() throws {
    if let requests { try Limits.check(requests, Limits.budget, "requests") }
    try Limits.check(closes, Limits.budget, "closes")
    try Limits.check(kernelHaltClear, Limits.budget, "kernel-halt-clear")
    try Limits.check(unsolicited, Limits.budget, "unsolicited")
  }

  func configuration(cpus: Int, requests defaultRequests: Int? = nil, threads: Int? = nil) -> Configuration {
    Configuration(
      cpus: cpus, requests: requests ?? defaultRequests, threads: threads,
      kernelHaltClear: kernelHaltClear, unsolicited: unsolicited, qemuFilter: qemuFilter,
      notOper: notOper, closes: closes)
  }
}

/// `--steps` and `--strategy` of random schedules: shared by run, tui and hunt (each checks
/// --steps against its own range: run streams, the TUI keeps every world).
struct RandomOptions: ParsableArguments {
  @Option(help: "Most steps of a random run (run: 0-100000000, streamed; tui: 0-100000; hunt: 1-1000000 per run).")
  var steps: Int = 200

  @Option(help: "Random strategy: uniform, or pct (few preemptions, PCT-like). Not for tui.")
  var strategy: String = "uniform"

  func validate() throws {
    if Strategy(strategy) == nil {
      throw ValidationError("unknown strategy '\(SafeText.excerpt(strategy))'; expected uniform or pct")
    }
  }

  var resolvedStrategy: Strategy { Strategy(strategy) ?? .uniform }
}

/// `--format text|json`, shared by run, compare, explore and hunt.
struct FormatOption: ParsableArguments {
  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json
}

/// An error that is not about how the command was called: exit 1 with the message, no usage.
struct CLIError: Error, CustomStringConvertible, LocalizedError {
  var description: String
  init(_ description: String) { self.description = description }
  var errorDescription: String? { description }
}

/// Writes a file; a failure is a CLIError naming the file and why.
func writeFile(_ data: Data, to path: String, what: String = "") throws {
  do { try data.write(to: URL(fileURLWithPath: path)) } catch {
    throw CLIError("cannot write \(what.isEmpty ? "" : what + " to ")\(path): \(error.localizedDescription)")
  }
}

extension SimulationError: LocalizedError {
  public var errorDescription: String? { description }
}
