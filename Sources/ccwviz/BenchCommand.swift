import ArgumentParser
import Foundation
import Simulation

/// Hidden: speed figures for the README and the issue notes. Build with `-c release`.
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench", abstract: "Print performance figures (build with -c release).",
    shouldDisplay: false)

  @Option(help: "Steps per revision.")
  var steps: Int = 5_000_000

  @Option(help: "Random-run length before restarting from the initial world.")
  var runLength: Int = 1_000

  func run() {
    print("random-run throughput, single thread, no output (\(steps) steps per revision)")
    for revision in Revisions.all {
      let engine = Engine(
        revision: revision,
        configuration: Configuration(kernelHaltClear: 1, unsolicited: 1))
      var total = 0
      var seed: UInt64 = 1
      let clock = ContinuousClock()
      let elapsed = clock.measure {
        while total < steps {
          var w = engine.initialWorld()
          total += Runner.randomSteps(engine: engine, seed: seed, steps: runLength, into: &w)
          seed += 1
        }
      }
      let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
      let rate = Double(total) / seconds
      print(
        "  \(revision.id.padding(toLength: 8, withPad: " ", startingAt: 0)) "
          + String(format: "%10d steps in %.3f s = %.2f M steps/s", total, seconds, rate / 1e6))
    }
  }
}
