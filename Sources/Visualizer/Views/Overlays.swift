import Simulation

/// A centred box drawn over the panels.
func overlayBox(_ s: inout Screen, width: Int, height: Int, title: String, margin: Int = 2) -> Rect {
  let w = min(width, s.width - 2)
  let h = min(height, s.height - margin)
  let r = Rect(x: (s.width - w) / 2, y: (s.height - h) / 2, width: w, height: h)
  s.fill(r, .overlay)
  s.box(r, title: title, role: .overlay, titleRole: .overlayTitle)
  return r.inner
}

/// Every key, from the key table.
enum HelpOverlay {
  static func draw(_ s: inout Screen) {
    let rows = KeyTable.bindings
    // On a short terminal the closing lines go into the title, so every key stays listed.
    let roomy = rows.count + 5 <= s.height - 2
    let footer =
      roomy
      ? ["", "Lanes are numbered CPU1, CPU2, ... then CSS (the channel subsystem).", "Any key closes this help."]
      : []
    let title = roomy ? "ccwviz keys: you are the scheduler" : "ccwviz keys · Any key closes"
    // Short terminals: the box may take every row, so every key stays listed.
    let inner = roomy
      ? overlayBox(&s, width: 84, height: rows.count + footer.count + 2, title: title)
      : overlayBox(&s, width: 84, height: rows.count + 2, title: title, margin: 0)
    for (i, b) in rows.enumerated() {
      s.text(inner.x + 1, inner.y + i, b.keyLabel, .overlayTitle, limit: 10)
      s.text(inner.x + 12, inner.y + i, b.help, .overlay, limit: inner.width - 13)
    }
    for (i, line) in footer.enumerated() {
      s.text(inner.x + 1, inner.y + rows.count + i, line, .overlay, limit: inner.width - 2)
    }
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

/// The explorer's graded hints.
enum HintsOverlay {
  static func draw(_ state: AppState, _ s: inout Screen) {
    let width = min(s.width - 4, 96)
    guard let h = state.hints, h.fromStep == state.cursor, h.run === state.run.revision else {
      // The search runs in the background: say so, and that the keys still work.
      let step = state.search?.step ?? state.cursor
      let lines = [
        "Searching every schedule from step \(step), up to \(Hints.depth) steps deep \(s.glyphs.ellipsis)",
        "(at most \(Hints.maxStates) states; the keys still work, the hints open here when found)",
      ]
      let inner = overlayBox(&s, width: width, height: lines.count + 4, title: "hints from the explorer: searching")
      for (i, line) in lines.enumerated() { s.text(inner.x + 1, inner.y + i, line, .overlay, limit: inner.width - 2) }
      footer(&s, inner, y: inner.y + lines.count + 1, [("any key", "closes")])
      return
    }
    var lines: [(String, Role)] = []
    if h.findings.isEmpty {
      lines.append(("No hazard is reachable from step \(h.fromStep) within \(Hints.depth) steps.", .overlay))
    } else {
      lines.append(("From step \(h.fromStep) you can still reach: " + h.findings.map(\.hazard.rawValue).joined(separator: ", "), .overlay))
    }
    let bound = h.exhaustive ? "at all (every reachable state searched)" : "within \(Hints.depth) steps"
    if !h.unreachable.isEmpty {
      lines.append(("Not reachable \(bound): " + h.unreachable.map(\.rawValue).joined(separator: ", "), .overlay))
    }
    if h.level >= 2 {
      lines.append(("", .overlay))
      for f in h.findings { lines.append(("\(f.hazard.rawValue): in \(f.choices.count) steps at the fewest", .overlay)) }
    }
    if h.level >= 3, let first = h.findings.first?.choices.first {
      lines.append(("", .overlay))
      let label = ChoiceLabels.label(first, in: state.run, world: state.world)
      lines.append(("Next, step \(first.lane.name): \(label)", .overlayTitle))
    }
    let keys: [(String, String)] =
      h.level < 3
      ? [("e", "a stronger hint"), ("E", "load the shortest path"), ("any key", "closes")]
      : [("E", "load the shortest path (again: the next hazard's)"), ("any key", "closes")]
    let wrapped = lines.flatMap { line, role in line.isEmpty ? [("", role)] : wrap(line, width: width - 4).map { ($0, role) } }
    let footerRows = footerLayout(keys, width: width - 4).count
    let inner = overlayBox(&s, width: width, height: wrapped.count + footerRows + 3, title: "hints from the explorer (\(h.states) states searched)")
    for (i, (line, role)) in wrapped.enumerated() { s.text(inner.x + 1, inner.y + i, line, role, limit: inner.width - 2) }
    footer(&s, inner, y: inner.y + wrapped.count + 1, keys)
  }

  /// The closing keys, each a key and what it does, on as few rows as fit: items never split.
  static func footerLayout(_ keys: [(String, String)], width: Int) -> [[(String, String)]] {
    var rows: [[(String, String)]] = [[]]
    var used = 0
    for k in keys {
      let w = k.0.count + 1 + k.1.count
      if !rows[rows.count - 1].isEmpty && used + 4 + w > width {
        rows.append([])
        used = 0
      }
      used += (rows[rows.count - 1].isEmpty ? 0 : 4) + w
      rows[rows.count - 1].append(k)
    }
    return rows
  }

  static func footer(_ s: inout Screen, _ inner: Rect, y: Int, _ keys: [(String, String)]) {
    for (r, row) in footerLayout(keys, width: inner.width - 2).enumerated() {
      var x = inner.x + 1
      for (i, (key, what)) in row.enumerated() {
        if i > 0 { x += 4 }
        s.text(x, y + r, key, .overlayTitle)
        x += key.count + 1
        s.text(x, y + r, what, .overlay, limit: inner.x + inner.width - 1 - x)
        x += what.count
      }
    }
  }
}

/// The step on screen and every hazard so far, whole: what the panels had to cut.
enum ReadAllOverlay {
  static func draw(_ state: AppState, _ s: inout Screen) {
    let g = s.glyphs
    let width = min(s.width - 4, 100)
    var lines: [(String, Role)] = wrap(LanesView.detailText(state), width: width - 4).map { ($0, .overlay) }
    let hazards = state.hazardsSoFar
    if hazards.isEmpty {
      lines += [("", .overlay), ("No hazard so far.", .overlay)]
    }
    for h in hazards.reversed() {
      lines.append(("", .overlay))
      lines += wrap(LanesView.alertText(h, g), width: width - 4).map { ($0, .hazard) }
    }
    lines += [("", .overlay), ("any key closes", .overlay)]
    // Taller than the screen: keep the step, the latest alerts and the closing line.
    let room = max(1, s.height - 4)
    if lines.count > room {
      lines = Array(lines.prefix(room - 1)) + [lines[lines.count - 1]]
      lines[room - 2] = ("\(g.ellipsis) older hazards do not fit; `ccwviz run` lists them all", .overlay)
    }
    let title = state.cursor == 0 ? "in full" : "step \(state.cursor) in full"
    let inner = overlayBox(&s, width: width, height: lines.count + 2, title: title)
    for (i, (line, role)) in lines.enumerated() {
      s.text(inner.x + 1, inner.y + i, line, role, limit: inner.width - 2)
    }
  }
}

/// The run's remarks (`m`): where a retold story or a replay diverged, the scenario steps
/// that were skipped or went another way; the split screen's other side too.
enum RemarksOverlay {
  static func lines(_ state: AppState) -> [(String, Role)] {
    var lines: [(String, Role)] = []
    for run in [state.run] + (state.companion.map { [$0] } ?? []) {
      if !lines.isEmpty { lines.append(("", .overlay)) }
      lines.append(("on \(run.revision.id): \(run.remarks.count) remark\(run.remarks.count == 1 ? "" : "s")", .overlayTitle))
      if let d = run.divergence {
        lines.append(("diverged after step \(d.afterSteps): \(d.what) \(d.why)", .hazard))
      }
      for r in run.remarks { lines.append(("- " + r, .overlay)) }
      if run.remarks.isEmpty && run.divergence == nil {
        lines.append(("every step applied as written", .overlay))
      }
    }
    return lines
  }

  static func draw(_ state: AppState, _ s: inout Screen) {
    let g = s.glyphs
    let width = min(s.width - 4, 100)
    var lines = lines(state).flatMap { line, role in
      line.isEmpty ? [("", role)] : wrap(line, width: width - 4).map { ($0, role) }
    }
    lines += [("", .overlay), ("any key closes", .overlay)]
    let room = max(1, s.height - 4)
    if lines.count > room {
      let cut = lines.count - room + 1
      lines = Array(lines.prefix(room - 2)) + [("\(g.ellipsis) \(cut) more lines; `ccwviz run` lists every remark", .overlay), lines[lines.count - 1]]
    }
    let inner = overlayBox(&s, width: width, height: lines.count + 2, title: "remarks")
    for (i, (line, role)) in lines.enumerated() {
      s.text(inner.x + 1, inner.y + i, line, role, limit: inner.width - 2)
    }
  }
}
