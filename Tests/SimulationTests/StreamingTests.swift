import RevisionFiles
import Foundation
import Reports
import Simulation
import Testing

/// A random run told step by step gives the same bytes as the run kept whole.
@Suite struct StreamingTests {
  @Test(arguments: [
    (UInt64(1), 0, Configuration()), (UInt64(1), 1, Configuration()), (UInt64(7), 300, Configuration(kernelHaltClear: 1, unsolicited: 1)),
    (UInt64(12), 500, Configuration(cpus: 3, requests: 4, notOper: true)), (UInt64.max, 200, Configuration(cpus: 1)),
  ])
  func streamedEqualsWhole(seed: UInt64, steps: Int, config: Configuration) {
    for strategy in [Strategy.uniform, Strategy("pct")!] {
      let run = Runner.random(revision: Revisions.v5_3, configuration: config, seed: seed, steps: steps, strategy: strategy)
      var text = ""
      TextReport.stream(revision: Revisions.v5_3, configuration: config, seed: seed, steps: steps, strategy: strategy) { text += $0 }
      #expect(text == TextReport.render(run))
      var json = ""
      JSONReport.stream(revision: Revisions.v5_3, configuration: config, seed: seed, steps: steps, strategy: strategy) { json += $0 }
      #expect(json == JSONReport.render(run))
    }
  }
}
