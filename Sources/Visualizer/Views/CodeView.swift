import Simulation
import Teaching

/// Each CPU's handler in our pseudo-code: the next line marked, the line just run ticked.
enum CodeView {
  static func draw(_ state: AppState, _ s: inout Screen, _ r: Rect) {
    let g = s.glyphs
    let title = state.showsCoverage
      ? "Code: \(g.next) next, \(g.done) just run; \(state.heat.unit) per line, heat \(g.heat(1))-\(g.heat(8)), \(g.never) never"
      : "Code: \(g.next) next line, \(g.done) line just run"
    s.box(r, title: title)
    let inner = r.inner
    let cpus = state.run.trace.configuration.cpus
    let width = (inner.width - (cpus - 1)) / cpus
    for k in 0..<cpus {
      let x = inner.x + k * (width + 1)
      if k > 0 { for y in inner.y..<inner.maxY { s.set(x - 1, y, g.vertical, .border) } }
      column(state, cpu: k, &s, Rect(x: x, y: inner.y, width: width, height: inner.height))
    }
  }

  static func column(_ state: AppState, cpu k: Int, _ s: inout Screen, _ r: Rect) {
    let g = s.glyphs
    let lane = Lane.cpu(k)
    let now = state.world.cpus[k]
    let ranHere = state.lastStep?.lane == lane
    let before = ranHere ? state.previousWorld?.cpus[k] : nil
    // The context the last step ran (it may have returned since), else what runs now.
    let ranContext = before.flatMap { $0.top }
    let returned = ranContext != nil && (now.top == nil || now.top?.kind != ranContext?.kind
      || (before?.irq != nil && now.irq == nil))
    let shown = returned ? ranContext : now.top
    guard let ctx = shown else {
      s.text(r.x, r.y, "\(lane.name) \(g.off) idle", .laneHeader, limit: r.width)
      let options = state.choices(of: lane).map { ChoiceLabels.label($0, in: state.run, world: state.world) }
      for (i, o) in options.prefix(r.height - 1).enumerated() {
        s.text(r.x + 1, r.y + 1 + i, "can: " + o, .dim, limit: r.width - 1)
      }
      return
    }
    let program = state.run.revision.program(ctx.kind)
    var header = "\(lane.name) \(program.title)"
    if ctx.kind == .irq, let task = now.task ?? before?.task { header += " \(g.nested) over \(task.kind.title)" }
    if returned { header += " (returned)" }
    let blocked = returned ? nil : state.blockedReason(of: lane)
    if let blocked {
      s.text(r.x, r.y, "\(lane.name) \(g.blocked) \(blocked)", .laneBlocked, limit: r.width)
    } else {
      s.text(r.x, r.y, header, .laneHeader, limit: r.width)
    }
    let donePC = ranContext.map { Int($0.pc) }
    let nextPC = returned ? nil : Int(ctx.pc)
    let rows = r.height - 1
    let focus = nextPC ?? donePC ?? 0
    let first = max(0, min(focus - rows / 2, program.steps.count - rows))
    let heat = state.showsCoverage ? state.heat : nil
    for (row, i) in (first..<min(program.steps.count, first + rows)).enumerated() {
      let step = program.steps[i]
      let y = r.y + 1 + row
      let isNext = i == nextPC
      let isDone = i == donePC && (returned || ranContext?.kind == ctx.kind)
      let mark = isNext ? (blocked == nil ? g.next : g.blocked) : isDone ? g.done : " "
      let role: Role = isNext ? .codeNext : isDone ? .codeDone : .codeLine
      var line = "\(mark) " + String(repeating: " ", count: step.depth * 2) + step.line
      if let heat {
        let n = heat.steps[StepSite(ctx.kind, i)] ?? 0
        let level = Heat.level(n, max: heat.maxStep)
        let count = n == 0 ? "\(g.never)" : "\(g.heat(level)) " + HeatCounts.short(n)
        line = "\(mark)" + String(repeating: " ", count: max(1, 7 - count.count)) + count + " " + String(repeating: " ", count: step.depth * 2) + step.line
      }
      if isNext { s.fill(Rect(x: r.x, y: y, width: r.width, height: 1), role) }
      s.text(r.x, y, line, role, limit: r.width)
    }
  }
}
