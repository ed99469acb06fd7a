import Simulation

/// A centred box drawn over the panels.
func overlayBox(_ s: inout Screen, width: Int, height: Int, title: String) -> Rect {
  let w = min(width, s.width - 2)
  let h = min(height, s.height - 2)
  let r = Rect(x: (s.width - w) / 2, y: (s.height - h) / 2, width: w, height: h)
  s.fill(r, .overlay)
  s.box(r, title: title, role: .overlay, titleRole: .overlayTitle)
  return r.inner
}

/// Every key, from the key table.
enum HelpOverlay {
  static func draw(_ s: inout Screen) {
    let rows = KeyTable.bindings
    let inner = overlayBox(&s, width: 84, height: rows.count + 5, title: "ccwviz keys: you are the scheduler")
    for (i, b) in rows.enumerated() {
      s.text(inner.x + 1, inner.y + i, b.keyLabel, .overlayTitle, limit: 10)
      s.text(inner.x + 12, inner.y + i, b.help, .overlay, limit: inner.width - 13)
    }
    s.text(inner.x + 1, inner.y + rows.count + 1, "Lanes are numbered CPU1, CPU2, ... then CSS (the channel subsystem).", .overlay, limit: inner.width - 2)
    s.text(inner.x + 1, inner.y + rows.count + 2, "Any key closes this help.", .overlay, limit: inner.width - 2)
  }
}

/// A lane with several enabled choices asks which one.
enum ChooserOverlay {
  static func draw(_ state: AppState, _ lane: Lane, _ choices: [Choice], _ s: inout Screen) {
    let inner = overlayBox(&s, width: 78, height: choices.count + 4, title: "\(lane.name): which step?")
    for (i, c) in choices.enumerated() {
      let key = Character(UnicodeScalar(97 + UInt8(i)))
      s.text(inner.x + 1, inner.y + i, "\(key)", .overlayTitle)
      s.text(inner.x + 4, inner.y + i, ChoiceLabels.label(c, in: state.run, world: state.world), .overlay, limit: inner.width - 5)
    }
    s.text(inner.x + 1, inner.y + choices.count + 1, "a letter chooses, Esc cancels", .overlay, limit: inner.width - 2)
  }
}

enum GotoOverlay {
  static func draw(_ state: AppState, _ typed: String, _ s: inout Screen) {
    let inner = overlayBox(&s, width: 40, height: 4, title: "go to step")
    s.text(inner.x + 1, inner.y, "step (0-\(state.run.steps.count)): \(typed)_", .overlay, limit: inner.width - 2)
    s.text(inner.x + 1, inner.y + 1, "Enter goes, Esc cancels", .overlay, limit: inner.width - 2)
  }
}
