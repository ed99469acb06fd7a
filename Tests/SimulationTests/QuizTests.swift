import Foundation
import RevisionFiles
import ScenarioFiles
import Simulation
import Teaching
import Testing

/// Quiz questions: the true answer is what the engine does at that step, the others only
/// outcomes the model allows there; authored questions read the same way and round-trip.
@Suite struct QuizTests {
  /// Runs to ask about: every shipped scenario on every revision, and random runs with the
  /// optional paths on.
  static func runs() throws -> [Run] {
    var out: [Run] = []
    for s in ScenarioCatalog.builtins {
      for r in Revisions.all where r.unsupported(s.configuration) == nil { out.append(try s.run(on: r)) }
    }
    for (i, id) in ["v5.3", "v6.0", "seed-v3"].enumerated() {
      let config = Configuration(cpus: 2, kernelHaltClear: id == "v5.3" ? 0 : 1, unsolicited: 1, notOper: i == 1)
      for seed in 1...25 {
        out.append(Runner.random(revision: try Revisions.named(id), configuration: config, seed: UInt64(seed), steps: 200))
      }
    }
    return out
  }

  @Test func theAnswersHoldTheTruthAndOnlyWhatTheModelAllows() throws {
    var asked = Set<QuestionTopic>()
    for run in try Self.runs() {
      let config = run.trace.configuration
      for q in Quiz.questions(for: run) {
        asked.insert(q.topic)
        #expect((2...4).contains(q.answers.count) && q.answers.count == q.outcomes.count)
        #expect(Set(q.outcomes).count == q.outcomes.count)
        // Only outcomes the model allows at this step.
        var ins: Instruction?
        if case .cc(let i, _) = q.outcomes[q.correct] { ins = i }
        let allowed = Quiz.domain(q.topic, instruction: ins, config)
        #expect(q.outcomes.allSatisfy(allowed.contains), "\(q.outcomes) not in \(allowed)")
        // The true one is what the engine does when it applies the step.
        let before = run.worlds[q.step - 1]
        let choice = run.steps[q.step - 1].choice
        let (after, events) = run.engine.apply(before, choice)
        #expect(after == run.worlds[q.step])
        var facts: [Fact] = []
        var fired: [HazardKind] = []
        for e in events {
          switch e {
          case .step(_, let f), .note(_, let f): facts.append(f)
          case .hazard(let h): fired.append(h.kind)
          }
        }
        let later = q.topic == .frees ? run.steps[q.step...].filter { $0.lane == choice.lane }.prefix(30).flatMap(\.facts) : []
        let truth = Quiz.outcome(q.topic, facts: facts, hazards: fired, laterFacts: Array(later.prefix { f in
          if case .returned = f { return false } else { return true }
        }))
        #expect(truth == q.outcomes[q.correct], "\(run.revision.id) step \(q.step): \(q.prompt)")
      }
    }
    #expect(asked.isSuperset(of: [.conditionCode, .frees, .queueWork, .hazard]))
  }

  /// The condition codes a question offers are the ones the engine does give: random runs
  /// see every one of them, and no other.
  @Test func theConditionCodeDomainIsTheEngines() throws {
    var seen: [Instruction: Set<UInt8>] = [:]
    for id in ["v5.3", "v6.0"] {
      let rev = try Revisions.named(id)
      let config = Configuration(cpus: 3, kernelHaltClear: id == "v6.0" ? 1 : 0, unsolicited: 1)
      for seed in 1...400 {
        Runner.streamRandom(revision: rev, configuration: config, seed: UInt64(seed), steps: 150) { step, _ in
          for case .instruction(let i, let cc) in step.facts { seen[i, default: []].insert(cc) }
        }
      }
    }
    // XSCH's cc0 (it withdraws a START that has not begun) is rare at random: the scenario
    // found by explore gives it for certain.
    for step in try ScenarioCatalog.named("kchp-cancel-stuck").run(on: Revisions.named("v6.0")).steps {
      for case .instruction(let i, let cc) in step.facts { seen[i, default: []].insert(cc) }
    }
    let config = Configuration(cpus: 3)
    for i in [Instruction.ssch, .hsch, .csch, .xsch] {
      #expect(Set(Quiz.ccDomain(i, config)) == seen[i] ?? [], "\(i)")
    }
  }

  @Test func seedBAsksAboutTheStartsCCAndIOTodosFree() throws {
    let s = try ScenarioCatalog.named("seed-b")
    let run = try s.run(on: Revisions.v6_0)
    let qs = Quiz.questions(for: run, scenario: s)
    let cc = try #require(qs.first { $0.topic == .conditionCode })
    #expect(cc.outcomes[cc.correct] == .cc(.ssch, 0) && cc.answers.count == 3)
    // The scenario's own question covers io_todo's whole run, and its answer is the free.
    let own = try #require(qs.first { $0.topic == .authored })
    #expect(own.answers[own.correct].contains("frees it"))
    #expect(own.through > own.step)
    #expect(!qs.contains { $0.step > own.step && $0.step <= own.through })
    // Retold on seed-v3 (the START is refused): the same question, the other answer.
    let v3 = try s.run(on: Revisions.seedV3)
    let retold = try #require(Quiz.questions(for: v3, scenario: s).first { $0.topic == .authored })
    #expect(retold.answers[retold.correct].hasPrefix("nothing"))
    #expect(Quiz.problems(in: s, run: run).isEmpty)
  }

  static let authored = """
    name: quiz
    title: "A START after a CLEAR's interrupt"
    revision: v6.0
    steps:
      - do: clear@1
        until: return
      - do: hw:clear-ends
      - do: irq@1
        until: return
      - do: start@2
        until: return
        ask:
          question: "Does the START get cc0?"
          answers:
            - text: "yes, cc0"
              expect: {ssch: cc0}
            - text: "no, cc2: the CLEAR is in progress"
              expect: {ssch: cc2}
            - text: "no: QEMU gets -EBUSY"
              expect: {returns: -EBUSY}
          why: "The CLEAR's interrupt was taken: nothing is in progress."
    """

  @Test func authoredQuestionsRoundTripAndAreChecked() throws {
    let s = try ScenarioParser.parse(Self.authored, file: "quiz.yaml")
    let ask = try #require(s.steps[3].ask)
    #expect(ask.answers.count == 3 && ask.answers[1].expect == [.instruction(.ssch, cc: 2)])
    let written = ScenarioWriter.yaml(s)
    #expect(try ScenarioParser.parse(written, file: "again.yaml") == s)
    // Text with quotes, backslashes and line breaks comes back as written.
    var odd = s
    odd.steps[3].ask?.why = "two\nlines, a \"quote\", a \\ and a\ttab"
    #expect(try ScenarioParser.parse(ScenarioWriter.yaml(odd), file: "odd.yaml") == odd)
    let run = try s.run(on: Revisions.v6_0)
    #expect(Quiz.problems(in: s, run: run).isEmpty)
    let q = try #require(Quiz.questions(for: run, scenario: s).first { $0.topic == .authored })
    #expect(q.correct == 0 && q.why.hasPrefix("The CLEAR's"))
    // Two answers that both hold, or none: `check` says so.
    var both = s
    both.steps[3].ask?.answers[1].expect = [.instruction(.ssch, cc: 0)]
    #expect(Quiz.problems(in: both, run: run) == ["steps[4].ask: answers 1 and 2 all hold on v6.0; exactly one may"])
    var none = s
    none.steps[3].ask?.answers.remove(at: 0)
    #expect(Quiz.problems(in: none, run: run).first?.hasPrefix("steps[4].ask: no answer holds on v6.0; the step did: ") == true)
  }

  @Test(arguments: [
    ("ask: 3", "expected a mapping with question, answers"),
    ("ask: {question: q, why: w, answers: [{text: a, expect: {ssch: cc0}}]}", "1 answers; a question has 2 to 4"),
    ("ask: {question: q, answers: [{text: a, expect: {ssch: cc0}}, {text: b, expect: {ssch: cc2}}]}", "key 'steps[1].ask.why'"),
    ("ask: {question: q, why: w, answers: [{text: a}, {text: b, expect: {ssch: cc2}}]}", "every answer says what makes it right"),
    ("ask: {question: q, why: w, answers: [{text: a, expect: {ssch: cc9}}, {text: b, expect: {ssch: cc2}}]}", "expected a condition code"),
    ("ask: {question: q, why: w, colour: red, answers: []}", "key 'steps[1].ask.colour'"),
  ])
  func brokenQuestionsNameTheKey(_ ask: String, _ message: String) {
    let yaml = "title: t\nrevision: v6.0\nsteps:\n  - do: start@1\n    \(ask)\n"
    #expect(throws: ScenarioFileError.self) { try ScenarioParser.parse(yaml, file: "bad.yaml") }
    do { _ = try ScenarioParser.parse(yaml, file: "bad.yaml") } catch {
      #expect(error.description.contains(message), "\(error.description)")
    }
  }
}
