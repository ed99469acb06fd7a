import Simulation

/// Renders the whole TUI for an app state into a screen. Pure: the same state and size give
/// the same cells.
public enum Frame {
  public static func render(_ state: AppState, width: Int, height: Int, glyphs: Glyphs = .unicode)
    -> Screen
  {
    var screen = Screen(width: width, height: height, glyphs: glyphs)
    if state.companion != nil {
      SplitView.draw(state, &screen)
      drawOverlay(state, &screen)
      return screen
    }
    guard let layout = Layout(width: width, height: height,
      fsmStates: state.run.revision.jumpTable.states.count, presenter: state.presenting)
    else {
      TooSmallView.draw(&screen, width: width, height: height, needs: (Layout.minimumWidth, Layout.minimumHeight))
      return screen
    }
    StatusBarView.draw(state, &screen, layout)
    if state.presenting { PresenterViews.caption(state, &screen, layout.caption) }
    LanesView.draw(state, &screen, layout.lanes)
    FSMView.draw(state, &screen, layout.fsm, table: layout.showsJumpTable)
    ChannelProgramView.draw(state, &screen, layout.cp)
    WorkView.draw(state, &screen, layout.work)
    SubchannelView.draw(state, &screen, layout.subchannel)
    if state.presenting {
      PresenterViews.changes(state, &screen, layout.code)
    } else {
      CodeView.draw(state, &screen, layout.code)
    }
    drawOverlay(state, &screen)
    return screen
  }

  static func drawOverlay(_ state: AppState, _ screen: inout Screen) {
    switch state.overlay {
    case .help: HelpOverlay.draw(&screen)
    case .readAll: ReadAllOverlay.draw(state, &screen)
    case .remarks: RemarksOverlay.draw(state, &screen)
    case .hints: HintsOverlay.draw(state, &screen)
    case .chooser(let lane, let choices): ChooserOverlay.draw(state, lane, choices, &screen)
    case .goto(let typed): GotoOverlay.draw(state, typed, &screen)
    case .question(let i): QuizViews.question(state, i, &screen)
    case .reveal(let i): QuizViews.reveal(state, i, &screen)
    case .score: QuizViews.score(state, &screen)
    case nil: break
    }
  }
}

/// Shown instead of the panels when the terminal is too small; the program keeps running.
enum TooSmallView {
  static func draw(_ s: inout Screen, width: Int, height: Int, needs: (Int, Int)) {
    let lines = [
      "ccwviz needs at least \(needs.0)x\(needs.1);",
      "this terminal is \(width)x\(height).",
      "Enlarge it, or press q to quit.",
    ]
    let top = max(0, (height - lines.count) / 2)
    for (i, l) in lines.enumerated() {
      let x = max(0, (width - l.count) / 2)
      s.text(x, top + i, l, i == 0 ? .warning : .text)
    }
  }
}

/// The top status bar, the caption line and the key hints at the bottom.
enum StatusBarView {
  static func draw(_ state: AppState, _ s: inout Screen, _ layout: Layout) {
    let r = layout.status
    s.fill(r, .statusBar)
    let play = state.playing ? "playing \(speed(state.stepsPerSecond))" : "paused"
    let text =
      " ccwviz │ \(state.run.revision.id) (\(state.run.revision.kernels)) │ step \(state.cursor)/\(state.run.steps.count) │ \(state.modeName) │ \(play)"
    s.text(r.x, r.y, text, .statusBar, limit: r.width)
    let hazards = state.hazardsSoFar.count
    var right = r.maxX
    if hazards > 0 {
      let h = " \(s.glyphs.alert)\(s.glyphs.alert) \(hazards) hazard\(hazards == 1 ? "" : "s") "
      right -= h.count
      s.text(right, r.y, h, .hazard)
    }
    // A retold story that went another way says so, and where to read why.
    let remarks = state.run.remarks.count
    if state.run.divergence != nil || remarks > 0 {
      let m = state.run.divergence != nil
        ? " diverged: m tells why " : " \(remarks) remark\(remarks == 1 ? "" : "s"): m "
      if right - m.count > r.x + 40 {
        right -= m.count
        s.text(right, r.y, m, state.run.divergence != nil ? .warning : .statusBar)
      }
    }
    let c = layout.caption
    if state.presenting {
      // The presenter's caption box is drawn by PresenterViews.
    } else if let caption = state.caption {
      s.text(c.x + 1, c.y, "» " + caption, .caption, limit: c.width - 1)
    } else if let title = state.run.trace.title {
      s.text(c.x + 1, c.y, title, .title, limit: c.width - 1)
    }
    let k = layout.keys
    s.fill(k, .keyHint)
    if let m = state.message {
      s.text(k.x + 1, k.y, m, .warning, limit: k.width - 1)
    } else {
      let n = state.lanes.count
      s.text(
        k.x + 1, k.y,
        "1-\(n) lane  ←→ Enter  space next  b f back/fwd  g goto  p play  v rev  r rand  e hint  c split  [ ] chap  ? help  q quit",
        .keyHint, limit: k.width - 1)
    }
  }

  /// "4 steps/s", "1 step/s", or below one a second "1 step every 3 s".
  static func speed(_ v: Double) -> String {
    func number(_ x: Double) -> String {
      let r = (x * 10).rounded() / 10
      return r == r.rounded() ? "\(Int(r))" : "\(r)"
    }
    if v >= 1 { return number(v) == "1" ? "1 step/s" : "\(number(v)) steps/s" }
    return "1 step every \(number(1 / v)) s"
  }
}
