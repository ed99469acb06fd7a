import Simulation

/// What a question is about, and so which outcomes it may offer.
public enum QuestionTopic: String, Sendable, Hashable {
  /// The condition code of an SSCH, HSCH or CSCH.
  case conditionCode = "condition-code"
  /// io_todo's decision whether to free the channel program.
  case frees
  /// What queue_work returns.
  case queueWork = "queue-work"
  /// Which hazard, if any, fires.
  case hazard
  /// A scenario's own question (`ask:`).
  case authored
}

/// An outcome an answer stands for: read from what a step did, never from its words.
public enum Outcome: Hashable, Sendable {
  case cc(Instruction, UInt8)
  case frees(Bool)
  case queued(Bool)
  case hazard(HazardKind?)
  /// The authored answer with this index.
  case authored(Int)
}

/// A question asked before a step of a run: the answers, the true one, and the reveal.
public struct Question: Sendable, Hashable {
  public var topic: QuestionTopic
  /// The run step (1-based) the question is asked before: the screen is at `step - 1`.
  public var step: Int
  /// The last step the reveal runs to: `step`, or for a scenario's own question the last
  /// step of its scenario step (the whole `until: return`).
  public var through: Int
  public var prompt: String
  public var answers: [String]
  public var outcomes: [Outcome]
  public var correct: Int
  /// What happened, in words, and the one sentence of why.
  public var happened: String
  public var why: String
}

/// Finds the steps of a run where the outcome is the lesson, and asks about them.
///
/// The true answer is what the step did when the engine applied it (its facts); the other
/// answers come from the outcomes the step could have in the model: the condition codes the
/// instruction can give under the run's configuration, both ways of a branch, both results of
/// queue_work, "none" and the hazards the configuration can produce.
public enum Quiz {
  /// The condition codes an instruction can give in the model under a configuration.
  public static func ccDomain(_ i: Instruction, _ c: Configuration) -> [UInt8] {
    var d: [UInt8]
    switch i {
    case .ssch, .hsch, .xsch, .msch: d = [0, 1, 2]
    case .csch: d = [0]
    case .tsch: d = [0, 1]
    }
    // cc3: the device gone, or (after a close or reset disabled it) the subchannel disabled.
    if c.notOper || c.closes > 0 { d.append(3) }
    return d
  }

  /// The outcomes a question on `topic` may offer under a configuration.
  public static func domain(_ topic: QuestionTopic, instruction: Instruction? = nil, _ c: Configuration) -> [Outcome] {
    switch topic {
    case .conditionCode: return ccDomain(instruction ?? .ssch, c).map { .cc(instruction ?? .ssch, $0) }
    case .frees: return [.frees(true), .frees(false)]
    case .queueWork: return [.queued(true), .queued(false)]
    case .hazard:
      return [.hazard(nil)] + HazardKind.allCases.filter(HazardKind.possible(under: c).contains).map { .hazard($0) }
    case .authored: return []
    }
  }

  /// The outcome a question on `topic` has for a step's facts (and the hazards it fired).
  public static func outcome(
    _ topic: QuestionTopic, facts: [Fact], hazards: [HazardKind], laterFacts: [Fact] = []
  ) -> Outcome? {
    switch topic {
    case .conditionCode:
      for case .instruction(let i, let cc) in facts where i != .tsch { return .cc(i, cc) }
      return nil
    case .queueWork:
      for case .queueWork(let q) in facts { return .queued(q) }
      return nil
    case .frees:
      let all = facts + laterFacts
      return .frees(Expectation.frees(true).holds(facts: all, hazards: [], state: .idle))
    case .hazard:
      return .hazard(hazards.first)
    case .authored:
      return nil
    }
  }

  static func mentionsIsFinal(_ c: Condition) -> Bool {
    switch c {
    case .isFinal: true
    case .not(let x): mentionsIsFinal(x)
    case .all(let xs), .any(let xs): xs.contains(where: mentionsIsFinal)
    default: false
    }
  }

  static func label(_ o: Outcome) -> String {
    switch o {
    case .cc(let i, let cc):
      let meaning: String
      switch cc {
      case 0: meaning = "accepted, the function starts"
      case 1: meaning = "status pending"
      case 2: meaning = "busy: a function is in progress"
      default: meaning = "not operational"
      }
      return "\(i.rawValue) → cc\(cc): \(meaning)"
    case .frees(true): return "yes: cp_free frees the channel program"
    case .frees(false): return "no: the channel program is not freed"
    case .queued(true): return "true: io_work is queued"
    case .queued(false): return "false: io_work was already pending"
    case .hazard(nil): return "none"
    case .hazard(let k?): return "\(k.rawValue): \(k.summary)"
    case .authored(let i): return "answer \(i + 1)"
    }
  }

  /// The handler line a step's choice runs, if a CPU runs one.
  static func line(_ run: Run, _ i: Int) -> String? {
    guard let s = Coverage.site(of: run.steps[i].choice, in: run.worlds[i]) else { return nil }
    return run.revision.program(s.kind).steps[s.index].line
  }

  /// The facts of the steps after `i` on the same lane until the context that ran step `i`
  /// returns (io_todo's decision, then what it did).
  static func restOfContext(_ run: Run, after i: Int) -> [Fact] {
    let lane = run.steps[i].lane
    var out: [Fact] = []
    for j in (i + 1)..<run.steps.count where run.steps[j].lane == lane {
      let f = run.steps[j].facts
      out += f
      if f.contains(where: { if case .returned = $0 { true } else { false } }) { break }
      if f.contains(where: { if case .entered = $0 { true } else { false } }) { break }
    }
    return out
  }

  /// Every question for a run, in step order, at most one per step. A scenario's own
  /// questions (`ask:`) come first at their step; generated ones fill the other steps.
  public static func questions(for run: Run, scenario: Scenario? = nil) -> [Question] {
    var byStep: [Int: Question] = [:]
    let config = run.trace.configuration
    for i in run.steps.indices {
      let step = run.steps[i]
      let index = i + 1
      let who = step.lane.name
      let code = line(run, i).map { "`\($0)`" } ?? "its next step"
      let fired = run.hazards.filter { $0.step == index }.map(\.hazard)
      let world = run.worlds[i]
      func make(_ topic: QuestionTopic, _ prompt: String, _ truth: Outcome, instruction: Instruction? = nil, happened: String, why: String) -> Question? {
        var offered = domain(topic, instruction: instruction, config)
        guard offered.contains(truth) else { return nil }
        if offered.count > 4 {
          // The truth, "none", then the first others: four answers at most.
          var firsts: [Outcome] = [truth]
          if truth != .hazard(nil) { firsts.append(.hazard(nil)) }
          let rest = offered.filter { !firsts.contains($0) }
          offered = (firsts + rest).prefix(4).sorted { (domainIndex($0, topic, instruction, config)) < (domainIndex($1, topic, instruction, config)) }
        }
        guard offered.count >= 2 else { return nil }
        return Question(
          topic: topic, step: index, through: index, prompt: prompt, answers: offered.map(label), outcomes: offered,
          correct: offered.firstIndex(of: truth)!, happened: happened, why: why)
      }
      var q: Question?
      if let h = fired.first {
        q = make(
          .hazard, "\(who) is about to run \(code). Which hazard, if any, fires?", .hazard(h.kind),
          happened: "\(h.kind.rawValue) at step \(index)", why: h.explanation)
      } else if case .cc(let ins, let cc)? = outcome(.conditionCode, facts: step.facts, hazards: []) {
        q = make(
          .conditionCode, "\(who) is about to run \(code). What condition code does \(ins.rawValue) give?",
          .cc(ins, cc), instruction: ins, happened: Fact.instruction(ins, cc: cc).text,
          why: ccWhy(ins, cc, world))
      } else if let (cond, taken) = step.facts.lazy.compactMap({ f -> (Condition, Bool)? in
        if case .branch(let c, let t) = f, mentionsIsFinal(c) { return (c, t) } else { return nil }
      }).first, Coverage.site(of: step.choice, in: world)?.kind == .ioTodo {
        let later = restOfContext(run, after: i)
        if case .frees(let frees)? = outcome(.frees, facts: step.facts, hazards: [], laterFacts: later) {
          q = make(
            .frees, "\(who) (io_todo) is about to decide \(code). Will it free the channel program?",
            .frees(frees), happened: "if (\(cond.text)) → \(taken)" + (frees ? ": cp_free frees the cp" : ": the cp is not freed"),
            why: "with the FSM in \(world.state.name), \(cond.text) was \(taken)"
              + (frees ? ", so io_todo frees the cp, whatever the channel is doing with it now" : ", so io_todo leaves the cp alone"))
        }
      } else if case .queued(let queued)? = outcome(.queueWork, facts: step.facts, hazards: []) {
        q = make(
          .queueWork, "\(who) is about to run \(code). What does queue_work return?", .queued(queued),
          happened: "queue_work → \(queued)",
          why: queued
            ? "io_work was not pending, so this interrupt queues it"
            : "io_work was still pending from an earlier interrupt: one run of io_todo will handle one IRB, the slot's latest")
      }
      // A step that frees a channel program or fills the irb slot and fires nothing: "none"
      // is the answer, so a hazard question does not give itself away.
      if q == nil, fired.isEmpty, step.facts.contains(where: { f in
        switch f {
        case .cpFreed(true), .irbStored: true
        default: false
        }
      }) {
        q = make(
          .hazard, "\(who) is about to run \(code). Which hazard, if any, fires?", .hazard(nil),
          happened: "no hazard: " + step.text,
          why: step.facts.contains(.cpFreed(freed: true))
            ? "the channel was not running this channel program and no other CPU was walking it, so freeing it is safe"
            : "the slot held no status still to be delivered, so storing this IRB loses nothing")
      }
      if let q { byStep[index] = q }
    }
    // Authored questions: before the first run step of their scenario step.
    if let scenario {
      for (n, s) in scenario.steps.enumerated() {
        guard let ask = s.ask else { continue }
        guard let first = run.steps.firstIndex(where: { $0.origin == n + 1 }) else { continue }
        let mine = run.steps.filter { $0.origin == n + 1 }
        let facts = mine.flatMap(\.facts)
        let indices = Set(mine.map(\.index))
        let hazards = run.hazards.filter { indices.contains($0.step) }.map(\.hazard.kind)
        let last = mine.last!.index
        let state = run.worlds[last].state
        guard let correct = ask.answers.firstIndex(where: { $0.holds(facts: facts, hazards: hazards, state: state) }) else { continue }
        // It covers its whole scenario step: generated questions inside it give way.
        for k in (first + 1)...last { byStep[k] = nil }
        byStep[first + 1] = Question(
          topic: .authored, step: first + 1, through: last, prompt: ask.question, answers: ask.answers.map(\.text),
          outcomes: ask.answers.indices.map { .authored($0) }, correct: correct,
          happened: ask.answers[correct].text, why: ask.why)
      }
    }
    return byStep.keys.sorted().map { byStep[$0]! }
  }

  static func domainIndex(_ o: Outcome, _ t: QuestionTopic, _ i: Instruction?, _ c: Configuration) -> Int {
    domain(t, instruction: i, c).firstIndex(of: o) ?? 0
  }

  static func ccWhy(_ i: Instruction, _ cc: UInt8, _ w: World) -> String {
    switch cc {
    case 0:
      switch i {
      case .ssch: return "no function was in progress and no status was pending on the subchannel, so the channel accepts the START"
      case .hsch: return "no halt or clear was in progress, so the channel accepts the HALT"
      case .csch: return "CSCH is accepted whatever runs: it clears the subchannel"
      default: return "the channel accepted it"
      }
    case 1: return "status was pending on the subchannel and not yet taken by TSCH"
    case 2:
      var what: [String] = []
      if w.sch.fctl & FCTL.start != 0 { what.append("START") }
      if w.sch.fctl & FCTL.halt != 0 { what.append("HALT") }
      if w.sch.fctl & FCTL.clear != 0 { what.append("CLEAR") }
      return "a \(what.isEmpty ? "" : what.joined(separator: "/") + " ")function was still in progress on the subchannel"
    default: return "the device is not operational"
    }
  }
}

extension Quiz {
  /// What is wrong with a scenario's own questions, told on its own revision: each must have
  /// exactly one answer that holds for what its step did. `steps[N].ask: why`, one per problem.
  public static func problems(in scenario: Scenario, run: Run) -> [String] {
    var out: [String] = []
    for (n, s) in scenario.steps.enumerated() {
      guard let ask = s.ask else { continue }
      let key = "steps[\(n + 1)].ask"
      let mine = run.steps.filter { $0.origin == n + 1 }
      guard let last = mine.last else {
        out.append("\(key): the step does not apply on \(run.revision.id), so the question is never asked")
        continue
      }
      let facts = mine.flatMap(\.facts)
      let indices = Set(mine.map(\.index))
      let hazards = run.hazards.filter { indices.contains($0.step) }.map(\.hazard.kind)
      let state = run.worlds[last.index].state
      let holding = ask.answers.indices.filter { ask.answers[$0].holds(facts: facts, hazards: hazards, state: state) }
      if holding.isEmpty {
        let did = ask.answers.flatMap(\.expect).map { $0.actual(facts: facts, hazards: hazards, state: state) }
        var seen: [String] = []
        for d in did where !seen.contains(d) { seen.append(d) }
        out.append("\(key): no answer holds on \(run.revision.id); the step did: \(seen.joined(separator: "; "))")
      } else if holding.count > 1 {
        out.append("\(key): answers \(holding.map { "\($0 + 1)" }.joined(separator: " and ")) all hold on \(run.revision.id); exactly one may")
      }
    }
    return out
  }
}
