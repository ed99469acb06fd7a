import ArgumentParser
import CursesBackend
import Foundation
import ScenarioFiles
import RevisionFiles
import SafeText
import Simulation
import Visualizer

/// Hidden: speed figures for the README and the issue notes. Build with `-c release`.
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench", abstract: "Print performance figures (build with -c release).",
    shouldDisplay: false)

  enum Part: String, ExpressibleByArgument, CaseIterable {
    case engine, frame, terminal, explore, all
  }

  @Argument(help: "engine, frame, terminal, explore or all")
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
    print("explore per revision, jobs 1 and 2: median (fastest) of 5 runs at the default bounds, 1 run extended")
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
        let one = (0..<runs).map { _ in explorer.run(jobs: 1) }
        let two = (0..<runs).map { _ in explorer.run(jobs: 2) }
        let t1 = Self.median(one.map(\.seconds))
        let t2 = Self.median(two.map(\.seconds))
        let states = one[0].states
        print("    " + SafeText.pad(revision.id, 8)
          + String(format: " %9d states %9d transitions  jobs 1: %.3f s (%.3f) %.2f M states/s  jobs 2: %.3f s (x%.2f)",
            states, one[0].transitions, t1, one.map(\.seconds).min() ?? 0, Double(states) / t1 / 1e6, t2, t1 / t2))
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
