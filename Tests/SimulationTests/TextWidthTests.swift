import Reports
import RevisionFiles
import Simulation
import Testing

/// `run`'s text and `compare` stay within 120 columns, however many CPUs.
@Suite struct TextWidthTests {
  func widest(_ text: String) -> Int { text.split(separator: "\n").map(\.count).max() ?? 0 }

  @Test(arguments: [1, 2, 3, 5, 8])
  func runFitsIn120Columns(cpus: Int) throws {
    let run = Runner.random(
      revision: try Revisions.named("v6.0"), configuration: Configuration(cpus: cpus), seed: 7, steps: 300)
    let text = TextReport.render(run)
    #expect(widest(text) <= 120, "\(cpus) CPUs")
    var streamed = ""
    TextReport.stream(
      revision: try Revisions.named("v6.0"), configuration: Configuration(cpus: cpus), seed: 7, steps: 300,
      strategy: .uniform) { streamed += $0 }
    #expect(streamed == text)
  }

  @Test func scenariosAndComparisonsFit() throws {
    for rev in allRevisions {
      let run = try runScenario("seed-b", on: rev)
      #expect(widest(TextReport.render(run)) <= 120, "\(rev)")
      #expect(widest(Comparison(try runScenario("seed-b", on: "v6.0"), run).text()) <= 120, "\(rev)")
    }
  }
}
