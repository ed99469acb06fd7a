import RevisionFiles
import ScenarioFiles
import Simulation
import Teaching
import Testing
@testable import Visualizer

/// Quiz mode in the TUI: space stops before a question, a letter answers, the step runs and
/// the reveal says what happened; the score at the end.
@Suite struct QuizModeTests {
  func seedB() throws -> AppState {
    try AppState.scenario(ScenarioCatalog.named("seed-b"), revision: Revisions.v6_0)
  }

  @Test func spaceAsksALetterAnswersAndTheStepRuns() throws {
    var s = try seedB()
    s.handle(key: .char("w"))
    let quiz = try #require(s.quiz)
    let first = try #require(quiz.questions.first)
    while s.overlay == nil && s.cursor < s.run.steps.count { s.handle(key: .char(" ")) }
    #expect(s.overlay == .question(0))
    #expect(s.cursor == first.step - 1)
    let asked = Frame.render(s, width: 120, height: 40).dump()
    #expect(asked.contains("question 1/\(quiz.questions.count)"))
    for a in first.answers { #expect(asked.contains(a)) }
    // Space does not step past a question.
    s.handle(key: .char(" "))
    #expect(s.cursor == first.step - 1 && s.overlay == .question(0))
    // A wrong answer, then the reveal at the step.
    let wrong = first.correct == 0 ? 1 : 0
    s.handle(key: .char(Character(UnicodeScalar(97 + UInt8(wrong)))))
    #expect(s.cursor == first.step && s.overlay == .reveal(0))
    let reveal = Frame.render(s, width: 120, height: 40).dump()
    #expect(reveal.contains("the answer: \(first.answers[first.correct])"))
    #expect(reveal.contains("score 0/1"))
    s.handle(key: .char(" "))
    #expect(s.overlay == nil)
    // Answer every other question right, then the score.
    var guard_ = 0
    while s.cursor < s.run.steps.count && guard_ < 500 {
      guard_ += 1
      s.handle(key: .char(" "))
      if case .question(let i) = s.overlay {
        let q = s.quiz!.questions[i]
        s.handle(key: .char(Character("\(q.correct + 1)")))
        #expect(s.overlay == .reveal(i) && s.cursor == q.through)
        s.handle(key: .char("x"))
      }
    }
    s.handle(key: .char(" "))
    #expect(s.overlay == .score)
    let n = s.quiz!.questions.count
    #expect(s.quiz!.scoreText == "score \(n - 1)/\(n)")
    #expect(Frame.render(s, width: 120, height: 40).dump().contains("The end of the story: score \(n - 1)/\(n)."))
  }

  @Test func presenterModeCountsDownForAShowOfHands() throws {
    var s = try seedB()
    s.present(delay: 3)
    s.startQuiz()
    while s.overlay == nil && s.cursor < s.run.steps.count { s.handle(.tick) }
    guard case .question = s.overlay else {
      Issue.record("no question while playing")
      return
    }
    #expect(!s.playing || s.overlay != nil)
    #expect(s.quiz?.countdown == QuizProgress.countdownSeconds)
    s.handle(.second)
    s.handle(.tick)
    s.handle(.second)
    // Play ticks wait for the answer: the countdown goes on, the step does not.
    let waiting = s.cursor
    s.handle(.tick)
    #expect(s.cursor == waiting)
    #expect(s.quiz?.countdown == QuizProgress.countdownSeconds - 2)
    let screen = Frame.render(s, width: 120, height: 40).dump()
    #expect(screen.contains("show of hands: \(QuizProgress.countdownSeconds - 2) s"))
    // Big: the question takes the whole screen.
    #expect(screen.split(separator: "\n").filter { $0.contains("│") }.count >= 36)
    for _ in 0..<20 { s.handle(.second) }
    #expect(Frame.render(s, width: 120, height: 40).dump().contains("time: hands up!"))
    // The presenter presses the room's answer; the reveal holds until a key, then play goes on.
    s.handle(key: .char("a"))
    guard case .reveal = s.overlay else {
      Issue.record("no reveal")
      return
    }
    let revealed = s.cursor
    s.handle(.tick)
    #expect(s.cursor == revealed)
    s.handle(key: .char(" "))
    s.handle(.tick)
    #expect(s.cursor == revealed + 1 || s.overlay != nil)
  }

  @Test func quizOffLeavesStepsAlone() throws {
    var s = try seedB()
    for _ in 0..<25 { s.handle(key: .char(" ")) }
    #expect(s.cursor == 25 && s.overlay == nil)
    s.handle(key: .char("w"))
    s.handle(key: .char("w"))
    #expect(s.quiz == nil)
  }

  @Test func theHelpListsEveryKeyEvenAt96x28() throws {
    var s = try seedB()
    s.handle(key: .char("?"))
    for (w, h) in [(120, 40), (96, 28)] {
      let rows = Frame.render(s, width: w, height: h).dump().split(separator: "\n")
      for b in KeyTable.bindings {
        #expect(rows.contains { $0.contains(" \(b.keyLabel) ") && $0.contains(b.help) }, "\(b.keyLabel) at \(w)x\(h)")
      }
    }
  }
}
