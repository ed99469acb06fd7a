import Simulation
import Teaching

/// Quiz mode: the question before a step, the reveal after it, and the score.
enum QuizViews {
  static func question(_ state: AppState, _ i: Int, _ s: inout Screen) {
    guard let quiz = state.quiz, i < quiz.questions.count else { return }
    let q = quiz.questions[i]
    let title = "question \(i + 1)/\(quiz.questions.count), before step \(q.step): what happens next?"
    let big = state.presenting
    let width = big ? s.width - 4 : min(90, s.width - 2)
    let textWidth = width - 6
    let prompt = wrap(q.prompt, width: textWidth)
    var rows: [(String, Role)] = prompt.map { ($0, Role.overlay) }
    rows.append(("", .overlay))
    for (n, a) in q.answers.enumerated() {
      let key = Character(UnicodeScalar(97 + UInt8(n)))
      let lines = wrap(a, width: textWidth - 4)
      for (j, l) in lines.enumerated() { rows.append(((j == 0 ? "\(key)   " : "    ") + l, .overlayTitle)) }
      if big { rows.append(("", .overlay)) }
    }
    rows.append(("", .overlay))
    if big, let left = quiz.countdown {
      let bar = String(repeating: s.glyphs.on, count: left) + String(repeating: s.glyphs.off, count: QuizProgress.countdownSeconds - left)
      rows.append((left > 0 ? "show of hands: \(left) s  \(bar)" : "time: hands up!  \(bar)", left > 0 ? .warning : .hazard))
    }
    rows.append(("a-\(Character(UnicodeScalar(96 + UInt8(q.answers.count)))) answers (1-\(q.answers.count) too), Esc skips: then the step runs", .overlay))
    let height = big ? s.height - 2 : rows.count + 2
    let inner = overlayBox(&s, width: width, height: height, title: title)
    let top = big ? inner.y + max(0, (inner.height - rows.count) / 2) : inner.y
    for (n, (line, role)) in rows.enumerated() where top + n < inner.maxY {
      s.text(inner.x + 2, top + n, line, role, limit: inner.width - 3)
    }
  }

  /// Under the panels (they stay visible, the step's cell and line lit): right or wrong,
  /// what happened, why, what the step changed.
  static func reveal(_ state: AppState, _ i: Int, _ s: inout Screen) {
    guard let quiz = state.quiz, i < quiz.questions.count else { return }
    let q = quiz.questions[i]
    let g = s.glyphs
    let chosen = quiz.chosen[q.step] ?? -1
    let right = chosen == q.correct
    let width = min(s.width - 2, state.presenting ? s.width - 4 : 110)
    let textWidth = width - 6
    var rows: [(String, Role)] = []
    if chosen < 0 {
      rows.append(("skipped: the answer was \(q.answers[q.correct])", .warning))
    } else if right {
      rows.append(("\(g.done) right: \(q.answers[q.correct])", .flagOn))
    } else {
      rows.append(("\(g.alert) not this time: \(q.answers[chosen])", .hazard))
      rows.append(("  the answer: \(q.answers[q.correct])", .flagOn))
    }
    rows += wrap("what happened: " + q.happened, width: textWidth).map { ($0, .overlay) }
    rows += wrap("why: " + q.why, width: textWidth).map { ($0, .overlay) }
    if q.step >= 1, q.step - 1 < state.run.worlds.count, state.cursor < state.run.worlds.count {
      let prev = state.run.worlds[q.step - 1]
      let changes = Describe.changes(from: prev, to: state.world, revision: state.run.revision)
      if !changes.isEmpty {
        rows += wrap("changed: " + changes.joined(separator: "; "), width: textWidth).map { ($0, .warning) }
      }
    }
    rows.append(("\(quiz.scoreText) · any key goes on", .overlayTitle))
    let height = min(rows.count + 2, s.height / 2)
    let w = min(width, s.width)
    let r = Rect(x: (s.width - w) / 2, y: s.height - height - 1, width: w, height: height)
    s.fill(r, .overlay)
    let steps = q.through > q.step ? "steps \(q.step)-\(q.through)" : "step \(q.step)"
    s.box(r, title: "\(steps): the answer", role: .overlay, titleRole: .overlayTitle)
    for (n, (line, role)) in rows.enumerated() where n < r.height - 2 {
      s.text(r.x + 2, r.y + 1 + n, line, role, limit: r.width - 4)
    }
  }

  static func score(_ state: AppState, _ s: inout Screen) {
    guard let quiz = state.quiz else { return }
    var rows = ["The end of the story: \(quiz.scoreText).", ""]
    for (n, q) in quiz.questions.enumerated() {
      let c = quiz.chosen[q.step]
      let mark = c == nil ? "not asked" : c! < 0 ? "skipped" : c == q.correct ? "\(s.glyphs.done) right" : "\(s.glyphs.alert) wrong"
      rows.append("\(n + 1). step \(q.step) (\(q.topic.rawValue)): \(mark)")
    }
    rows += ["", "Any key closes; w turns the quiz off, Home starts again."]
    let inner = overlayBox(&s, width: 80, height: rows.count + 2, title: "quiz: score")
    for (n, line) in rows.enumerated() where n < inner.height {
      s.text(inner.x + 1, inner.y + n, line, n == 0 ? .overlayTitle : .overlay, limit: inner.width - 2)
    }
  }
}
