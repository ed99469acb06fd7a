/// A question a scenario asks before one of its steps (`ask:`): the room predicts, then the
/// step runs. Each answer says, as `expect:` outcomes, what would make it the right one, so
/// the true answer is read from what the step did (its facts) on whichever revision the
/// story is told.
public struct Ask: Hashable, Sendable {
  public struct Answer: Hashable, Sendable {
    public var text: String
    /// The outcomes that make this answer right (all of them must hold).
    public var expect: [Expectation]

    public init(text: String, expect: [Expectation]) {
      self.text = text
      self.expect = expect
    }

    /// Whether the answer is right for what a step did.
    public func holds(facts: [Fact], hazards: [HazardKind], state: FSMState) -> Bool {
      !expect.isEmpty && expect.allSatisfy { $0.holds(facts: facts, hazards: hazards, state: state) }
    }
  }

  public var question: String
  public var answers: [Answer]
  /// One sentence on why, shown with the reveal.
  public var why: String

  public init(question: String, answers: [Answer], why: String) {
    self.question = question
    self.answers = answers
    self.why = why
  }

  /// 2-4 answers: enough to choose, few enough for a show of hands.
  public static let answerCounts = 2...4
}
