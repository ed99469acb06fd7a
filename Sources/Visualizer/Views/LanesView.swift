import Simulation

/// The timeline: one column per CPU plus the channel subsystem, one row per step, time
/// flowing down, the last step lit; above it each lane's context and whether it can run.
enum LanesView {
  static func draw(_ state: AppState, _ s: inout Screen, _ r: Rect, title: String = "Lanes: time flows down") {
    s.box(r, title: title)
    let inner = r.inner
    let lanes = state.lanes
    // Lanes that never act in this run fold to a narrow column (their key still steps them;
    // once they act they open).
    let acting = Set(state.run.steps.map(\.lane))
    let cols = columns(width: inner.width, acting: lanes.map { acting.contains($0) || lanes.count <= 3 })
      .map { (x: inner.x + $0.x, width: $0.width) }
    let latestHazard = state.hazardsSoFar.last
    let hazardLanes = Set(latestHazard?.hazard.lanes ?? [])
    let g = s.glyphs

    // Header: lane names, contexts, and what each lane can do.
    s.text(inner.x, inner.y, "step", .stepNumber)
    for (i, lane) in lanes.enumerated() {
      let c = cols[i]
      s.set(c.x - 1, inner.y, g.vertical, .border)
      s.set(c.x - 1, inner.y + 1, g.vertical, .border)
      s.set(c.x - 1, inner.y + 2, g.vertical, .border)
      let role: Role =
        hazardLanes.contains(lane) ? .laneHazard : i == state.selectedLane ? .laneSelected : .laneHeader
      let mark = hazardLanes.contains(lane) ? "\(g.alert)\(g.alert) " : i == state.selectedLane ? "\(g.next) " : ""
      if lane != .css && !acting.contains(lane) && lanes.count > 3 {
        // Folded: the lane's number, and a dot for "never acts in this run".
        s.text(c.x, inner.y, i == state.selectedLane ? "\(g.next)\(i + 1)" : "\(i + 1)", role, limit: c.width)
        s.text(c.x, inner.y + 1, "\(g.off)", .dim, limit: c.width)
        continue
      }
      s.text(c.x, inner.y, "\(mark)\(i + 1) \(lane.name)", role, limit: c.width)
      s.text(c.x, inner.y + 1, context(state, lane, g), .text, limit: c.width)
      let (line, lineRole) = status(state, lane, g)
      s.text(c.x, inner.y + 2, line, lineRole, limit: c.width)
    }
    let ruleY = inner.y + 3
    for x in inner.x..<inner.maxX { s.set(x, ruleY, g.horizontal, .border) }

    // Bottom: the full text of the step on screen, and the latest hazard.
    // The alert is read whole when it fits: it takes what it needs, leaving the timeline at
    // least three rows and the step's own text one; what does not fit ends in an ellipsis
    // and points to `a`, which shows both in full.
    let top = ruleY + 1
    let room = max(0, inner.maxY - top - 1 - minimumTimelineRows)
    let fullAlert = latestHazard.map { alertLines($0, width: inner.width, g) } ?? []
    let fullDetail = detailLines(state, width: inner.width)
    let alert = fitLines(fullAlert, rows: min(fullAlert.count, max(0, room - 1)), width: inner.width, g)
    let detail = fitLines(fullDetail, rows: min(maximumDetailRows, max(0, room - alert.count)), width: inner.width, g)
    let bottom = detail.count + alert.count + 1
    let rows = max(0, inner.maxY - bottom - top)
    let first = max(1, state.cursor - rows + 1)
    if state.cursor == 0 {
      s.text(inner.x + 1, top, "no steps yet: space takes the story's first step, 1-\(lanes.count) a lane's", .dim, limit: inner.width - 1)
      if case .scenario(let story) = state.source {
        // Before the first step, the story's own summary.
        var y = top + 2
        for line in wrap(story.title, width: inner.width - 2) + [""] + wrap(story.description, width: inner.width - 2)
        where y < inner.maxY - bottom {
          s.text(inner.x + 1, y, line, y == top + 2 ? .title : .text, limit: inner.width - 2)
          y += 1
        }
      }
    }
    for (row, index) in (first...max(first, state.cursor)).enumerated() where index <= state.cursor && index >= 1 {
      let y = top + row
      let step = state.run.steps[index - 1]
      let current = index == state.cursor
      let hazard = state.run.hazards.contains { $0.step == index }
      if current { s.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), .stepCurrent) }
      let number = (current ? "\(g.next)" : " ") + String(repeating: " ", count: max(0, 3 - "\(index)".count)) + "\(index)"
      s.text(inner.x, y, number, current ? .stepCurrent : hazard ? .hazard : .stepNumber, limit: 4)
      for (i, lane) in lanes.enumerated() {
        s.set(cols[i].x - 1, y, g.vertical, current ? .stepCurrent : .border)
        guard lane == step.lane else { continue }
        let role: Role = current ? .stepCurrent : lane == .css ? .cssText : .text
        s.text(cols[i].x, y, step.text, role, limit: cols[i].width)
      }
    }
    var y = inner.maxY - bottom
    for x in inner.x..<inner.maxX { s.set(x, y, g.horizontal, .border) }
    y += 1
    for l in detail {
      s.text(inner.x, y, l, .text, limit: inner.width)
      y += 1
    }
    for l in alert {
      s.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), .hazard)
      s.text(inner.x, y, l, .hazard, limit: inner.width)
      y += 1
    }
  }

  /// Width of a lane that never acts: its number and an ellipsis.
  static let foldedWidth = 3

  /// Column rectangles (x and width) for each lane, after the step-number column; lanes not
  /// `acting` fold to `foldedWidth`. The last lane is the channel subsystem.
  static func columns(width: Int, acting: [Bool]) -> [(x: Int, width: Int)] {
    let lanes = acting.count
    let stepWidth = 5
    let folded = acting.dropLast().filter { !$0 }.count
    let available = width - stepWidth - lanes - folded * foldedWidth
    let open = lanes - folded
    let css = min(24, max(12, available / (open + 1)))
    let cpus = open - 1
    let each = cpus > 0 ? (available - css) / cpus : 0
    var out: [(x: Int, width: Int)] = []
    var x = stepWidth + 1
    for i in 0..<lanes {
      let isCSS = i == lanes - 1
      let w = isCSS ? available - each * cpus : acting[i] ? each : foldedWidth
      out.append((x, w))
      x += w + 1
    }
    return out
  }

  static func context(_ state: AppState, _ lane: Lane, _ g: Glyphs) -> String {
    let w = state.world
    guard case .cpu(let k) = lane else {
      if w.sch.status != nil { return "status pending" }
      if w.sch.fctl != 0 { return "\(Describe.fctl(w.sch.fctl)) in progress" }
      return "idle"
    }
    let cpu = w.cpus[k]
    if let irq = cpu.irq {
      return cpu.task.map { "\(irq.kind.title) \(g.nested) over \($0.kind.title)" } ?? irq.kind.title
    }
    return cpu.task?.kind.title ?? "idle"
  }

  static func status(_ state: AppState, _ lane: Lane, _ g: Glyphs) -> (String, Role) {
    if let why = state.blockedReason(of: lane) { return ("\(g.blocked) \(brief(why))", .laneBlocked) }
    let choices = state.choices(of: lane)
    if choices.isEmpty { return ("\(g.off) nothing to do", .dim) }
    if case .cpu(let k) = lane, let top = state.world.cpus[k].top {
      let extra = choices.count > 1 ? " (+irq)" : ""
      return ("\(g.next) \(state.run.revision.step(of: top).line)\(extra)", .text)
    }
    let names = choices.map { c -> String in
      switch c {
      case .request(let r, _): r.name.lowercased()
      case .kernel(.haltClear, _): "kchp"
      case .kernel(.notOper, _): "notoper"
      case .kernel(.close, _): "close"
      case .kernel(.reset, _): "reset"
      case .interrupt: "irq"
      case .worker: "io_work"
      case .hardware(let a): a.name
      case .step: "step"
      }
    }
    return ("\(g.on) " + names.joined(separator: " "), .text)
  }

  /// "waits for io_mutex (held by CPU2): trylock …" → "waits for io_mutex (CPU2)".
  static func brief(_ why: String) -> String {
    let head = why.range(of: "): ").map { String(why[..<$0.lowerBound]) + ")" } ?? why
    return head.replacingOccurrences(of: "held by ", with: "")
  }

  /// Rows the timeline keeps however long the alert is.
  static let minimumTimelineRows = 3
  /// Rows the step's full text may take under the timeline.
  static let maximumDetailRows = 3
  /// What a cut text ends with: the key that shows it whole.
  static let moreHint = " a: read all"

  static func detailLines(_ state: AppState, width: Int) -> [String] {
    wrap(detailText(state), width: width)
  }

  /// The step on screen in full: its lane, its text and its notes.
  static func detailText(_ state: AppState) -> String {
    guard let step = state.lastStep else {
      return "\(state.run.revision.id): \(state.run.revision.summary)"
    }
    var text = "\(step.index) \(step.lane.name): \(step.text)"
    if !step.notes.isEmpty { text += " · " + step.notes.joined(separator: " · ") }
    return text
  }

  static func alertLines(_ h: HazardRecord, width: Int, _ g: Glyphs) -> [String] {
    wrap(alertText(h, g), width: width)
  }

  static func alertText(_ h: HazardRecord, _ g: Glyphs) -> String {
    let lanes = h.hazard.lanes.map(\.name).joined(separator: ", ")
    return "\(g.alert)\(g.alert) \(h.hazard.kind.rawValue) at step \(h.step) [\(lanes)]: \(h.hazard.explanation)"
  }

  /// The first `rows` lines; when that cuts the text, the last one ends in an ellipsis and
  /// the `a` hint, so nothing is ever cut silently.
  static func fitLines(_ lines: [String], rows: Int, width: Int, _ g: Glyphs) -> [String] {
    guard lines.count > rows else { return lines }
    guard rows > 0 else { return [] }
    var out = Array(lines.prefix(rows))
    let hint = "\(g.ellipsis)" + moreHint
    let keep = max(0, width - hint.count)
    var head = String(out[rows - 1].prefix(keep))
    if out[rows - 1].count > keep, let space = head.lastIndex(of: " ") { head = String(head[..<space]) }
    out[rows - 1] = head + hint
    return out
  }
}

/// Greedy word wrap for panels.
func wrap(_ text: String, width: Int) -> [String] {
  guard width > 0 else { return [] }
  var lines: [String] = []
  var current = ""
  for word in text.split(separator: " ") {
    if current.isEmpty {
      current = String(word)
    } else if current.count + 1 + word.count <= width {
      current += " " + word
    } else {
      lines.append(current)
      current = String(word)
    }
  }
  if !current.isEmpty { lines.append(current) }
  return lines
}
