import Simulation

/// Presenter mode: a big caption box with the chapter, and a spotlight on what the last step
/// changed where the code panel would be.
enum PresenterViews {
  static func caption(_ state: AppState, _ s: inout Screen, _ r: Rect) {
    let chapters = state.chapters
    let chapterTitle: String
    if let current = state.currentChapter, let n = chapters.firstIndex(where: { $0.title == current }) {
      chapterTitle = "chapter \(n + 1)/\(chapters.count): \(current)"
    } else {
      chapterTitle = chapters.isEmpty ? (state.run.trace.title ?? "ccwviz") : "before chapter 1"
    }
    s.box(r, title: chapterTitle, role: .border, titleRole: .overlayTitle)
    var text = state.caption ?? state.run.trace.title ?? ""
    if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
      text = String(text[text.index(after: close)...]).trimmingCharacters(in: .whitespaces)
    }
    let lines = LanesView.fitLines(wrap(text, width: r.width - 4), rows: r.height - 2, width: r.width - 4, s.glyphs)
    for (i, line) in lines.enumerated() {
      s.text(r.x + 2, r.y + 1 + i, line, .caption, limit: r.width - 4)
    }
  }

  static func changes(_ state: AppState, _ s: inout Screen, _ r: Rect) {
    let g = s.glyphs
    s.box(r, title: "Spotlight: what the last step changed")
    let inner = r.inner
    guard let prev = state.previousWorld, let step = state.lastStep else {
      s.text(inner.x + 1, inner.y, "Nothing yet: space takes the first step; ] and [ move by chapter.", .dim, limit: inner.width - 2)
      return
    }
    s.text(inner.x + 1, inner.y, "\(g.next) step \(step.index), \(step.lane.name): \(step.text)", .codeNext, limit: inner.width - 2)
    let changes = Describe.changes(from: prev, to: state.world, revision: state.run.revision)
    let hazards = state.run.hazards.filter { $0.step == step.index }
    var y = inner.y + 1
    for h in hazards where y < inner.maxY {
      let text = "\(g.alert)\(g.alert) \(h.hazard.kind.rawValue): \(h.hazard.explanation)"
      for line in LanesView.fitLines(wrap(text, width: inner.width - 2), rows: inner.maxY - y, width: inner.width - 2, g) {
        s.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), .hazard)
        s.text(inner.x + 1, y, line, .hazard, limit: inner.width - 2)
        y += 1
      }
    }
    if changes.isEmpty && y < inner.maxY {
      s.text(inner.x + 1, y, "(no shared state changed: the lane only moved to its next line)", .dim, limit: inner.width - 2)
    }
    // Two columns of changes.
    let half = (inner.width - 2) / 2
    for (i, c) in changes.enumerated() {
      let row = y + i / 2
      guard row < inner.maxY else { break }
      s.text(inner.x + 1 + (i % 2) * half, row, "\(g.on) " + c, .warning, limit: half - 1)
    }
  }
}

/// The split screen: the same schedule on two revisions side by side, in lock-step.
enum SplitView {
  static let minimumWidth = 100
  static let minimumHeight = 24

  static func draw(_ state: AppState, _ s: inout Screen) {
    guard let other = state.companion else { return }
    guard s.width >= minimumWidth, s.height >= minimumHeight else {
      TooSmallView.draw(&s, width: s.width, height: s.height, needs: (minimumWidth, minimumHeight))
      return
    }
    let w = s.width
    let h = s.height
    let status = Rect(x: 0, y: 0, width: w, height: 1)
    s.fill(status, .statusBar)
    s.text(0, 0, " ccwviz │ split: \(state.run.revision.id) | \(other.revision.id) │ \(state.modeName) │ c closes, v picks the right side", .statusBar, limit: w)
    if let caption = state.caption { s.text(1, 1, "» " + caption, .caption, limit: w - 1) }
    var right = AppState(run: other, source: .trace(name: "split"), cursor: state.companionCursor)
    right.selectedLane = -1
    var left = state
    left.selectedLane = -1
    let half = w / 2
    for (i, pane) in [left, right].enumerated() {
      let r = Rect(x: i * half, y: 2, width: i == 0 ? half : w - half, height: h - 3)
      let summaryHeight = 7
      let lanes = Rect(x: r.x, y: r.y, width: r.width, height: r.height - summaryHeight)
      LanesView.draw(pane, &s, lanes, title: "\(pane.run.revision.id): step \(pane.cursor)/\(pane.run.steps.count)")
      summary(pane, &s, Rect(x: r.x, y: lanes.maxY, width: r.width, height: summaryHeight))
    }
    let k = Rect(x: 0, y: h - 1, width: w, height: 1)
    s.fill(k, .keyHint)
    s.text(1, h - 1, state.message ?? "space next  b back  f fwd  c close the split  v other revision  ? help  q quit", state.message == nil ? .keyHint : .warning, limit: w - 1)
  }

  static func summary(_ state: AppState, _ s: inout Screen, _ r: Rect) {
    s.box(r, title: "state")
    let inner = r.inner
    let w = state.world
    let g = s.glyphs
    var x = s.text(inner.x, inner.y, "FSM ", .text)
    x = s.text(x, inner.y, "\(g.next) \(w.state.name)", .fsmState)
    x = s.text(x, inner.y, "   cp ", .text)
    x = s.text(x, inner.y, w.cp.initialized ? "\(g.on) initialized" : "\(g.off) not initialized", w.cp.initialized ? .flagOn : .flagOff)
    if state.run.revision.hasStartedFlag {
      s.text(x, inner.y, w.cp.started ? "  \(g.on) started" : "  \(g.off) not started", w.cp.started ? .flagOn : .flagOff)
    }
    let owner = Describe.cpOwner(w)
    s.text(inner.x, inner.y + 1, "memory: " + owner, w.sch.program == .freed ? .ownerFreed : .text, limit: inner.width)
    s.text(inner.x, inner.y + 2, "io_work: \(Describe.ioWork(w)); irb: \(Describe.irbSlot(w))", w.work.pending ? .workPending : .text, limit: inner.width)
    s.text(inner.x, inner.y + 3, "fctl \(Describe.fctl(w.sch.fctl)) actl \(Describe.actl(w.sch.actl)) status \(Describe.status(w))", .text, limit: inner.width)
    if let hz = state.hazardsSoFar.last {
      s.fill(Rect(x: inner.x, y: inner.y + 4, width: inner.width, height: 1), .hazard)
      let text = "\(g.alert)\(g.alert) \(hz.hazard.kind.rawValue) at step \(hz.step): \(hz.hazard.explanation)"
      let line = LanesView.fitLines(wrap(text, width: inner.width), rows: 1, width: inner.width, g).first ?? ""
      s.text(inner.x, inner.y + 4, line, .hazard, limit: inner.width)
    } else {
      s.text(inner.x, inner.y + 4, "no hazard so far", .dim, limit: inner.width)
    }
  }
}
