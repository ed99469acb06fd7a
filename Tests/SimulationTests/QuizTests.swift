import Foundation
import RevisionFiles
import ScenarioFiles
import Simulation
import Teaching
import Testing

/// Quiz questions: the true answer is what the engine does, the others only what the model
/// allows at that step; authored questions read the same way and round-trip.
@Suite struct QuizTests {
  @Test func printSeedB() throws {
    let run = try ScenarioCatalog.named("seed-b").run(on: Revisions.v6_0)
    for q in Quiz.questions(for: run) {
      print("Q@\(q.step) [\(q.topic)] \(q.prompt)")
      for (i, a) in q.answers.enumerated() { print("   \(i == q.correct ? "*" : " ") \(a)") }
      print("   -> \(q.happened) / \(q.why)")
    }
  }
}
