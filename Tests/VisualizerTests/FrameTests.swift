import Testing
import ScenarioFiles
import RevisionFiles
import Simulation
@testable import Visualizer

/// The panels rendered into the in-memory screen for fixed worlds, compared as text.
@Suite struct FrameTests {
  func state(_ scenario: String, _ revision: String, at step: Int? = nil) throws -> AppState {
    var s = try AppState.scenario(ScenarioCatalog.named(scenario), revision: Revisions.named(revision))
    s.handle(.last)
    if let step { s.handle(key: .char("g")); for c in "\(step)" { s.handle(key: .char(c)) }; s.handle(key: .enter) }
    return s
  }

  @Test func seedBAtTheFreeOnV5_3() throws {
    let screen = Frame.render(try state("seed-b", "v5.3", at: 33), width: 120, height: 40)
    assertSnapshot(screen.dump(), named: "seed-b-v5.3-step27-120x40")
    let text = screen.dump()
    #expect(text.contains("use-after-free at step 33 [CPU1, CSS]"))
    #expect(text.contains("freed while the channel runs it"))
    #expect(text.contains("state ▶ CP_PENDING"))
    #expect(!screen.rows(with: .hazard).isEmpty)
    #expect(!screen.rows(with: .ownerFreed).isEmpty)
  }

  @Test func seedBRefusedOnSeedV3() throws {
    let screen = Frame.render(try state("seed-b", "seed-v3"), width: 120, height: 40)
    assertSnapshot(screen.dump(), named: "seed-b-seed-v3-end-120x40")
    #expect(screen.dump().contains("started ○ no"))
  }

  @Test func firstFrameAndLargeTerminal() throws {
    var s = try AppState.scenario(ScenarioCatalog.named("seed-b"))
    assertSnapshot(Frame.render(s, width: 120, height: 40).dump(), named: "seed-b-v6.0-start-120x40")
    s.handle(.last)
    assertSnapshot(Frame.render(s, width: 200, height: 60).dump(), named: "seed-b-v6.0-end-200x60")
  }

  @Test func asciiWhenTheLocaleIsNotUTF8() throws {
    let screen = Frame.render(try state("early-idle-leak", "v5.3", at: 20), width: 100, height: 30, glyphs: .ascii)
    assertSnapshot(screen.dump(), named: "early-idle-leak-v5.3-step20-100x30-ascii")
    #expect(screen.cells.allSatisfy { $0.character.isASCII })
  }

  /// The alert rows of the lanes panel, joined: what a reader gets from them.
  func alertShown(_ screen: Screen, _ lanes: Rect) -> String {
    let inner = lanes.inner
    return (inner.y..<inner.maxY).filter { screen[inner.x, $0].role == .hazard }.map { y in
      String((inner.x..<inner.maxX).map { screen[$0, y].character }).trimmingCharacters(in: .whitespaces)
    }.joined(separator: " ")
  }

  @Test(arguments: [(120, 40), (96, 28), (100, 30)])
  func theAlertIsReadWhole(width: Int, height: Int) throws {
    let s = try state("seed-b", "v5.3", at: 33)
    let screen = Frame.render(s, width: width, height: height)
    let layout = try #require(Layout(width: width, height: height, fsmStates: 5))
    let hazard = try #require(s.hazardsSoFar.last)
    let shown = alertShown(screen, layout.lanes)
    #expect(shown.hasSuffix(hazard.hazard.explanation), "\(width)x\(height): \(shown)")
    #expect(!shown.contains("…"))
  }

  @Test func theAlertAt96x28() throws {
    let screen = Frame.render(try state("seed-b", "v5.3", at: 33), width: 96, height: 28)
    assertSnapshot(screen.dump(), named: "seed-b-v5.3-step27-96x28")
  }

  @Test func aCutTextSaysSoAndAShowsItWhole() throws {
    let lines = ["one two three", "four five six", "seven"]
    #expect(LanesView.fitLines(lines, rows: 3, width: 20, .unicode) == lines)
    let cut = LanesView.fitLines(lines, rows: 2, width: 20, .unicode)
    #expect(cut == ["one two three", "four… a: read all"])
    #expect(LanesView.fitLines(lines, rows: 0, width: 20, .unicode).isEmpty)

    var s = try state("seed-b", "v5.3", at: 33)
    s.handle(key: .char("a"))
    #expect(s.overlay == .readAll)
    let screen = Frame.render(s, width: 96, height: 28)
    // The overlay is centred: 92 columns wide at 96, its text inside the border.
    let joined = (0..<screen.height).map { y in
      String((3..<93).map { screen[$0, y].character }).trimmingCharacters(in: .whitespaces)
    }.joined(separator: " ")
    let hazard = try #require(s.hazardsSoFar.last)
    #expect(joined.contains(hazard.hazard.explanation))
    #expect(joined.contains(s.run.steps[32].text))
    s.handle(key: .char("x"))
    #expect(s.overlay == nil)
  }

  /// seed-b on 8 CPUs: the six CPUs that never act fold to their number; the two that act
  /// and the CSS keep readable columns, and their keys still step the folded lanes.
  @Test func lanesThatNeverActFold() throws {
    var story = try ScenarioCatalog.named("seed-b")
    story.configuration.cpus = 8
    var s = try AppState.scenario(story, revision: Revisions.v5_3)
    s.handle(.last)
    let text = Frame.render(s, width: 120, height: 40).dump()
    #expect(text.contains("1 CPU1") && text.contains("2 CPU2") && text.contains("9 CSS"))
    for k in 3...8 { #expect(!text.contains("\(k) CPU\(k)"), "CPU\(k) is not folded") }
    let acting = [true, true] + Array(repeating: false, count: 6) + [true]
    let cols = LanesView.columns(width: 70, acting: acting)
    #expect(cols[0].width >= 12 && cols[1].width >= 12 && cols[8].width >= 12)
    #expect(cols[2...7].allSatisfy { $0.width == LanesView.foldedWidth })
    #expect(cols.last!.x + cols.last!.width <= 70)
    s.handle(key: .char("5"))
    #expect(s.overlay != nil || s.cursor == s.run.steps.count + 1, "a folded lane's key still steps it")
  }

  @Test func presenterSpeedReadsAsStepsPerSecond() throws {
    #expect(StatusBarView.speed(4) == "4 steps/s")
    #expect(StatusBarView.speed(1) == "1 step/s")
    #expect(StatusBarView.speed(0.5) == "1 step every 2 s")
    #expect(StatusBarView.speed(1 / 2.5) == "1 step every 2.5 s")
    var s = try AppState.scenario(ScenarioCatalog.named("seed-b"))
    s.present(delay: 3)
    #expect(Frame.render(s, width: 120, height: 40).dump().contains("playing 1 step every 3 s"))
  }

  @Test func tooSmallSaysWhatItNeeds() {
    let s = AppState.random(revision: Revisions.v6_0, configuration: Configuration(), seed: 1)
    let text = Frame.render(s, width: 50, height: 15).dump()
    #expect(text.contains("ccwviz needs at least 96x28;"))
    #expect(text.contains("this terminal is 50x15."))
    #expect(Layout(width: 95, height: 40, fsmStates: 5) == nil)
    #expect(Layout(width: 96, height: 28, fsmStates: 5) != nil)
  }

  @Test func helpOverlayListsEveryKeyFromTheTable() throws {
    var s = try state("seed-b", "v6.0", at: 3)
    s.handle(key: .char("?"))
    for (w, h) in [(120, 40), (96, 28)] {
      let text = Frame.render(s, width: w, height: h).dump()
      for b in KeyTable.bindings { #expect(text.contains(b.help), "\(b.keyLabel) at \(w)x\(h)") }
      #expect(text.contains("Any key closes"))
    }
  }

  @Test func codePanelMarksNextAndDoneLines() throws {
    let text = Frame.render(try state("seed-b", "v6.0", at: 27), width: 120, height: 40).dump()
    #expect(text.contains("✓ irb = &private->irb"))
    #expect(text.contains("▶ if (scsw_is_solicited(irb))"))
  }

  @Test func blockedLaneSaysWhy() throws {
    // early-idle-leak step 25: io_todo sleeps on io_mutex held by CPU2.
    let text = Frame.render(try state("early-idle-leak", "v5.3", at: 25), width: 120, height: 40).dump()
    #expect(text.contains("■ sleeps on io_mutex (held by CPU2)"))
  }

  @Test func queueWorkOnAPendingItemIsFlagged() throws {
    let run = try ScenarioCatalog.named("lost-status-halt").run()
    let step = try #require(run.steps.first { $0.facts.contains(.queueWork(queued: false)) }).index
    let text = Frame.render(try state("lost-status-halt", "v6.0", at: step), width: 120, height: 40).dump()
    #expect(text.contains("! queue_work → false"))
    #expect(text.contains("lost-status at step \(step)"))
  }

  @Test func controlCharactersNeverReachTheScreen() {
    var screen = Screen(width: 40, height: 2)
    screen.text(0, 0, "evil\u{1B}[2Jcaption\u{7}\u{9B}x", .caption)
    let row = screen.dump()
    #expect(!row.contains("\u{1B}") && !row.contains("\u{7}") && !row.contains("\u{9B}"))
    #expect(row.hasPrefix("evil?[2Jcaption??x"))
    var bidi = Screen(width: 10, height: 1)
    bidi.text(0, 0, "a\u{202E}b\u{2066}c", .text)
    #expect(bidi.dump() == "a?b?c")
  }
}
