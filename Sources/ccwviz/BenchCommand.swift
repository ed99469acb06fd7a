import ArgumentParser
import CursesBackend
import Foundation
import ScenarioFiles
import RevisionFiles
import SafeText
import Search
import Simulation
import Visualizer

/// Hidden: speed figures for the README and the issue notes. Build with `-c release`.
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench", abstract: "Print performance figures (build with -c release).",
    shouldDisplay: false)

  enum Part: String, ExpressibleByArgument, CaseIterable {
    case engine, frame, terminal, explore, spin, scaling, all
  }

  @Argument(help: "engine, frame, terminal, explore, spin, scaling or all (spin and scaling take minutes and are not in all)")
  var part: Part = .all

  @Option(help: "Engine: steps per revision.")
  var steps: Int = 5_000_000

  @Option(help: "Engine: random-run length before restarting from the initial world.")
  var runLength: Int = 1_000

  func run() throws {
    if part == .engine || part == .all { engine() }
    if part == .frame || part == .all { try frame() }
    if part == .terminal || part == .all { terminal() }
    if part == .explore || part == .all { explore() }
    if part == .spin { try spin() }
    if part == .scaling { scaling() }
  }

  @Option(help: "spin: runs of each side (alternating; medians printed).")
  var runs = 5

  @Option(help: "spin, scaling: memory the search may hold (default 6G, as the README's table was made).")
  var memoryLimit: String = "6G"

  /// Wall time and peak resident set of a child process, as /usr/bin/time reports them.
  static func timed(_ path: String, _ args: [String], in dir: String? = nil) -> (seconds: Double, kilobytes: Int, output: String) {
    let report = NSTemporaryDirectory() + "ccwviz-bench-time-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: report) }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/time")
    p.arguments = ["-f", "%e %M", "-o", report, path] + args
    if let dir { p.currentDirectoryURL = URL(fileURLWithPath: dir) }
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = FileHandle.nullDevice
    guard (try? p.run()) != nil else { return (0, 0, "") }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    let fields = ((try? String(contentsOfFile: report, encoding: .utf8)) ?? "").split(whereSeparator: \.isWhitespace)
    let seconds = fields.count >= 2 ? Double(fields[fields.count - 2]) ?? 0 : 0
    let kilobytes = fields.count >= 2 ? Int(fields[fields.count - 1]) ?? 0 : 0
    return (seconds, kilobytes, String(decoding: data, as: UTF8.self))
  }

  static func shell(_ command: String, in dir: String) -> Bool {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/sh")
    p.arguments = ["-c", command]
    p.currentDirectoryURL = URL(fileURLWithPath: dir)
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    guard (try? p.run()) != nil else { return false }
    p.waitUntilExit()
    return p.terminationStatus == 0
  }

  /// SPIN's pan (gcc -O2 -DSAFETY, depth-first with partial-order reduction: its defaults) on
  /// Benchmarks/spin's Promela model of v6.0, beside `ccwviz explore` on the same question,
  /// alternating, medians of `runs`; both as separate processes measured the same way (wall
  /// time, peak resident set).
  func spin() throws {
    let model = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Benchmarks/spin/vfio_ccw_v6.pml").path
    guard FileManager.default.fileExists(atPath: model) else { throw CLIError("run from the repository root (needs Benchmarks/spin/vfio_ccw_v6.pml)") }
    let work = NSTemporaryDirectory() + "ccwviz-spin-\(getpid())"
    try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: work) }
    try FileManager.default.copyItem(atPath: model, toPath: work + "/m.pml")
    let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
    print("SPIN 6.5 pan (gcc -O2 -DSAFETY, DFS + partial-order reduction) vs ccwviz explore, v6.0, whole space, medians of \(runs) alternating runs")
    for (name, define, ccw) in [
      ("default bounds", "", ["--revision", "v6.0", "--hazard", "cp-leak"]),
      ("extended: --unsolicited 1 --kernel-halt-clear 1", "-DEXTENDED", ["--revision", "v6.0", "--unsolicited", "1", "--kernel-halt-clear", "1", "--hazard", "cp-leak"]),
    ] {
      guard Self.shell("spin \(define) -a m.pml && gcc -O2 -DSAFETY -DNOCLAIM -DMEMLIM=16000 -o pan\(define) pan.c", in: work) else {
        print("  spin or gcc is missing (apt-get install spin gcc)")
        return
      }
      var pan: [(Double, Int)] = []
      var one: [(Double, Int)] = []
      var two: [(Double, Int)] = []
      var panStates = "", ccwStates = ""
      for _ in 0..<runs {
        let p = Self.timed(work + "/pan\(define)", ["-m100000", "-A", "-E", "-n"], in: work)
        pan.append((p.seconds, p.kilobytes))
        if let line = p.output.split(separator: "\n").first(where: { $0.contains("states, stored") }) { panStates = line.trimmingCharacters(in: .whitespaces) }
        let a = Self.timed(me, ["explore"] + ccw + ["--jobs", "1", "--memory-limit", memoryLimit])
        one.append((a.seconds, a.kilobytes))
        if let line = a.output.split(separator: "\n").first(where: { $0.hasPrefix("searched") }) { ccwStates = String(line.prefix(while: { $0 != "," })) }
        let b = Self.timed(me, ["explore"] + ccw + ["--jobs", "2", "--memory-limit", memoryLimit])
        two.append((b.seconds, b.kilobytes))
      }
      func row(_ label: String, _ xs: [(Double, Int)]) -> String {
        "    " + label.padding(toLength: 16, withPad: " ", startingAt: 0)
          + String(format: " %7.2f s  %6.0f MB", Self.median(xs.map(\.0)), Self.median(xs.map { Double($0.1) / 1024 }))
      }
      print("  \(name)")
      print(row("pan", pan) + "   (\(panStates))")
      print(row("ccwviz --jobs 1", one) + "   (\(ccwStates))")
      print(row("ccwviz --jobs 2", two) + String(format: "   x%.2f vs jobs 1, x%.2f vs pan", Self.median(one.map(\.0)) / Self.median(two.map(\.0)), Self.median(pan.map(\.0)) / Self.median(two.map(\.0))))
    }
  }

  /// The README's scaling table: v6.0, threads 2-3 x requests 2-3, default and extended
  /// bounds, with the default reduction (sleep sets) and none; one run each (states,
  /// transitions, seconds, peak memory).
  func scaling() {
    let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
    print("| threads x requests | bounds | reduction | states | transitions | seconds | peak RSS | result |")
    print("|---|---|---|---|---|---|---|---|")
    for extended in [false, true] {
      for (t, r) in [(2, 2), (3, 2), (2, 3), (3, 3)] {
        for reduction in ["sleep", "none"] {
          var args = ["explore", "--revision", "v6.0", "--threads", "\(t)", "--requests", "\(r)", "--memory-limit", memoryLimit, "--format", "json"]
          if extended { args += ["--unsolicited", "1", "--kernel-halt-clear", "1"] }
          args += ["--reduction", reduction]
          let run = Self.timed(me, args)
          let doc = (try? JSONSerialization.jsonObject(with: Data(run.output.utf8))) as? [String: Any]
          let states = doc?["states"] as? Int ?? 0
          let transitions = doc?["transitions"] as? Int ?? 0
          let stop = doc?["stop"] as? String
          let found = ((doc?["results"] as? [[String: Any]]) ?? []).filter { $0["found"] as? Bool == true }
            .map { "\($0["hazard"] ?? "") \($0["length"] ?? "")" }.joined(separator: ", ")
          print("| \(t) x \(r) | \(extended ? "extended" : "default") | \(reduction) | \(states) | \(transitions) | "
            + String(format: "%.1f", run.seconds) + " | \(run.kilobytes / 1024) MB | "
            + (stop == "memory-limit" ? "stopped at the memory limit (\(memoryLimit))" : stop == "max-states" ? "stopped at 2^31 states" : found.isEmpty ? "none found" : found) + " |")
        }
      }
    }
  }

  static func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
  }

  static func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.isEmpty ? 0 : s[s.count / 2]
  }

  func engine() {
    print("random-run throughput, single thread, no output (\(steps) steps per revision)")
    for revision in Revisions.all {
      let engine = Engine(
        revision: revision, configuration: Configuration(kernelHaltClear: 1, unsolicited: 1))
      var total = 0
      var seed: UInt64 = 1
      let elapsed = ContinuousClock().measure {
        while total < steps {
          var w = engine.initialWorld()
          total += Runner.randomSteps(engine: engine, seed: seed, steps: runLength, into: &w)
          seed += 1
        }
      }
      let s = Self.seconds(elapsed)
      print(
        "  \(SafeText.pad(revision.id, 8)) "
          + String(format: "%10d steps in %.3f s = %.2f M steps/s", total, s, Double(total) / s / 1e6))
    }
  }

  func frame() throws {
    print("frame composition (Frame.render of seed-b at every step, v6.0)")
    var state = try AppState.scenario((try! ScenarioCatalog.named("seed-b")))
    var states: [AppState] = []
    for _ in 0...state.run.steps.count {
      states.append(state)
      state.handle(.next)
    }
    for (w, h) in [(120, 40), (200, 60)] {
      var samples: [Double] = []
      for _ in 0..<20 {
        for s in states {
          let t = ContinuousClock().measure { _ = Frame.render(s, width: w, height: h) }
          samples.append(Self.seconds(t) * 1000)
        }
      }
      let sorted = samples.sorted()
      print(String(format: "  %dx%d: median %.3f ms, p99 %.3f ms over %d frames", w, h,
        Self.median(samples), sorted[sorted.count * 99 / 100], samples.count))
    }
  }

  @Flag(help: "Explore: also the bounds with one unsolicited status and one kernel HALT/CLEAR (10-20 s per revision).")
  var extended = false

  func explore() {
    // Timings on a shared machine wander by 10-20%: the default bounds are run five times
    // per job count and the median printed (with the fastest); the extended ones once.
    print("explore per revision, jobs 1 and 2 alternating: median (fastest; jobs 2 also the slowest) of 5 runs at the default bounds"
      + (extended ? ", 1 run extended" : ""))
    print("  a world is \(MemoryLayout<World>.stride) bytes, \(Explorer.storedWorldBytes(cpus: 4)) packed in the explorer's store (4 CPUs);"
      + " a candidate transition \(Explorer.candidateBytes)")
    var bounds: [(String, Int, Int, Int)] = [("default: 2 threads x 2 requests", 0, 0, 5)]
    if extended { bounds.append(("extended: also --unsolicited 1 --kernel-halt-clear 1", 1, 1, 1)) }
    for (name, u, k, runs) in bounds {
      print("  \(name)")
      for revision in Revisions.all {
        let config = Configuration(cpus: 4 + (k > 0 ? 1 : 0), requests: 2, threads: 2, kernelHaltClear: k, unsolicited: u)
        let explorer = Explorer(engine: Engine(revision: revision, configuration: config),
          wanted: Set(HazardKind.allCases.filter { $0 != .notOperLost }))
        // Alternating, so that a slow spell of the machine weighs on both.
        var one: [Explorer.Result] = []
        var two: [Explorer.Result] = []
        for _ in 0..<runs {
          one.append(explorer.run(jobs: 1))
          two.append(explorer.run(jobs: 2))
        }
        var plainExplorer = explorer
        plainExplorer.reduction = .none
        let plain = (0..<runs).map { _ in plainExplorer.run(jobs: 2) }
        var persistentExplorer = explorer
        persistentExplorer.reduction = .persistentSets
        let persistent = (0..<runs).map { _ in persistentExplorer.run(jobs: 2) }
        let t1 = Self.median(one.map(\.seconds))
        let t2 = Self.median(two.map(\.seconds))
        let states = one[0].states
        print("    " + SafeText.pad(revision.id, 10)
          + String(format: " %9d states %9d transitions  jobs 1: %.3f s (%.3f) %.2f M states/s  jobs 2: %.3f s (%.3f-%.3f, x%.2f)",
            states, one[0].transitions, t1, one.map(\.seconds).min() ?? 0, Double(states) / t1 / 1e6, t2,
            two.map(\.seconds).min() ?? 0, two.map(\.seconds).max() ?? 0, t1 / t2)
          + String(format: "  | jobs 2, persistent sets: %.3f s, %d states (+%d confirming); none: %.3f s, %d transitions",
            Self.median(persistent.map(\.seconds)), persistent[0].states, persistent[0].confirmStates,
            Self.median(plain.map(\.seconds)), plain[0].transitions))
      }
    }
  }

  func terminal() {
    print("terminal (the real binary on a pseudo-terminal, 120x40, TERM=xterm-256color)")
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
    guard let f = TerminalBenchmark.measure(binary: binary, width: 120, height: 40, runs: 7, steps: 30)
    else {
      print("  could not run the binary on a pseudo-terminal")
      return
    }
    print(String(format: "  exec to first frame: median %.1f ms (min %.1f, max %.1f) over %d runs",
      Self.median(f.firstFrameMilliseconds), f.firstFrameMilliseconds.min() ?? 0,
      f.firstFrameMilliseconds.max() ?? 0, f.firstFrameMilliseconds.count))
    let perStep = f.bytesPerStep.map(Double.init)
    print(String(format: "  bytes per step (30 steps of seed-b): median %.0f, max %.0f", Self.median(perStep), perStep.max() ?? 0))
    print(String(format: "  full repaint at step 30 (after a resize): %d bytes; a step is %.1f%% of it; first frame: %d bytes",
      f.fullRepaintBytes, 100 * Self.median(perStep) / Double(max(1, f.fullRepaintBytes)), f.firstFrameBytes))
  }
}
