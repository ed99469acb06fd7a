import Testing
import ScenarioFiles
import RevisionFiles
import Simulation
@testable import Visualizer

/// Keys → commands → app state, without a terminal.
@Suite struct AppStateTests {
  func seedB(_ revision: Revision = Revisions.v6_0) throws -> AppState {
    try AppState.scenario(ScenarioCatalog.named("seed-b"), revision: revision)
  }

  @Test func keysMapThroughTheOneTable() {
    #expect(KeyTable.command(for: .char("3")) == .stepLane(2))
    #expect(KeyTable.command(for: .char(" ")) == .next)
    #expect(KeyTable.command(for: .char("b")) == .back)
    #expect(KeyTable.command(for: .char("q")) == .quit)
    #expect(KeyTable.command(for: .char("Z")) == nil)
    // Every binding's keys lead back to its command (no key is bound twice).
    var seen = Set<Key>()
    for b in KeyTable.bindings where b.keyLabel != "1-9" {
      for k in b.keys {
        #expect(seen.insert(k).inserted, "\(k) bound twice")
        #expect(KeyTable.command(for: k) == b.command)
      }
    }
  }

  @Test func stepBackForwardHomeEndGoto() throws {
    var s = try seedB()
    for _ in 0..<5 { s.handle(key: .char(" ")) }
    #expect(s.cursor == 5)
    s.handle(key: .char("b"))
    s.handle(key: .char("b"))
    #expect(s.cursor == 3)
    s.handle(key: .char("f"))
    #expect(s.cursor == 4)
    s.handle(key: .end)
    #expect(s.cursor == s.run.steps.count)
    s.handle(key: .home)
    #expect(s.cursor == 0)
    for k: Key in [.char("g"), .char("3"), .char("2"), .enter] { s.handle(key: k) }
    #expect(s.cursor == 32)
    for k: Key in [.char("g"), .char("9"), .char("9"), .enter] { s.handle(key: k) }
    #expect(s.cursor == 32)
    #expect(s.message?.contains("no step '99'") == true)
  }

  @Test func aLaneKeyStepsThatLaneAndDropsThePlannedFuture() throws {
    var s = try seedB()
    s.handle(key: .char("1"))  // CPU1 is idle: it could start START, HALT or CLEAR
    #expect(s.overlay == .chooser(lane: .cpu(0), choices: [.request(.start, cpu: 0), .request(.halt, cpu: 0), .request(.clear, cpu: 0)]))
    s.handle(key: .char("c"))
    #expect(s.overlay == nil)
    #expect(s.cursor == 1)
    #expect(s.run.steps.count == 1)
    #expect(s.run.steps[0].choice == .request(.clear, cpu: 0))
    #expect(s.modeName == "free")
    s.handle(key: .char("1"))  // now one choice: the CLEAR's next line
    #expect(s.run.steps.last?.choice == .step(cpu: 0))
    s.handle(key: .char("3"))
    #expect(s.message == "CSS: nothing to do now")
    s.handle(key: .char("7"))
    #expect(s.message == "there is no lane 7: lanes are 1-3")
  }

  @Test func arrowsSelectAndEnterSteps() throws {
    var s = try seedB()
    s.handle(key: .right)
    #expect(s.selectedLane == 1)
    s.handle(key: .left)
    s.handle(key: .left)
    #expect(s.selectedLane == 2)
    s.handle(key: .enter)  // CSS has nothing to do
    #expect(s.cursor == 0)
    s.handle(key: .escape)
  }

  @Test func switchingRevisionRetellsTheScenarioAtTheSameStoryStep() throws {
    var s = try seedB()
    s.handle(.last)
    for _ in 0..<3 { s.handle(.back) }
    let origin = s.run.steps[s.cursor - 1].origin
    #expect(s.run.revision.id == "v6.0")
    // v6.6.153, v5.2, v5.3, then seed-v3.
    for _ in 0..<4 { s.handle(key: .char("v")) }
    #expect(s.run.revision.id == "seed-v3")
    #expect(s.run.steps[..<s.cursor].contains { $0.facts.contains(.returnedToQEMU(.start, ret: Errno.EBUSY, guestCC: "cc2")) })
    #expect((s.run.steps[s.cursor - 1].origin ?? 0) <= (origin ?? 0))
  }

  @Test func aRevisionFileStaysInTheCycle() throws {
    let yaml = "id: mine\nbase: v6.0\nhandlers:\n  start:\n    insert_before: ssch\n    steps:\n      - line: check\n        if: work_pending\n        then: [{ ret: -EBUSY }, { goto: io_helper_unlock }]\n"
    let mine = try RevisionLoader.parse(yaml, file: "mine.yaml")
    var s = try seedB(mine)
    var seen: [String] = []
    for _ in 0...Revisions.all.count {
      s.handle(key: .char("v"))
      seen.append(s.run.revision.id)
    }
    #expect(seen.first == "v5.2")
    #expect(seen.last == "mine")
    #expect(Set(seen).count == Revisions.all.count + 1)
  }

  /// `g N Enter`.
  func go(_ s: inout AppState, to step: Int) {
    s.handle(key: .char("g"))
    for c in "\(step)" { s.handle(key: .char(c)) }
    s.handle(key: .enter)
  }

  @Test func switchingRevisionKeepsTheMomentOfTheFree() throws {
    var s = try seedB(Revisions.v5_3)
    go(&s, to: 33)
    let caption = s.caption
    #expect(s.run.steps[32].facts.contains(.cpFreed(freed: true)))
    // seed-v3, huck-queue, v5.13, v6.0, v6.6.153, then v5.2.
    for _ in 0..<6 { s.handle(key: .char("v")) }
    #expect(s.run.revision.id == "v5.2")
    #expect(s.cursor == 33)
    #expect(s.caption == caption)
    #expect(s.run.steps[s.cursor - 1].facts.contains(.cpFreed(freed: true)))
    #expect(s.run.steps[s.cursor - 1].origin == StoryMoment(at: 33, in: try seedB(Revisions.v5_3).run)?.origin)
  }

  @Test func aRoundTripOverEveryRevisionReturnsToTheSameStep() throws {
    for start in Revisions.all {
      let base = try seedB(start)
      for step in 0...base.run.steps.count {
        var s = base
        go(&s, to: step)
        for _ in Revisions.all { s.handle(key: .char("v")) }
        #expect(s.run.revision === start)
        #expect(s.cursor == step, "\(start.id) from step \(step) came back to \(s.cursor)")
      }
    }
  }

  @Test func movingAfterASwitchStartsFromTheNewStep() throws {
    var s = try seedB()
    go(&s, to: 24)
    s.handle(key: .char("v"))
    s.handle(key: .char("b"))
    let moment = try #require(StoryMoment(at: s.cursor, in: s.run))
    s.handle(key: .char("v"))
    #expect(StoryMoment(at: s.cursor, in: s.run)?.origin == moment.origin)
  }

  @Test func nextPastTheEndOfARandomRunIsSeededAndRepeatable() {
    func play() -> [Choice] {
      var s = AppState.random(revision: Revisions.v5_3, configuration: Configuration(), seed: 3, steps: 5)
      for _ in 0..<30 { s.handle(.next) }
      return s.run.trace.choices
    }
    #expect(play() == play())
    #expect(play().count == 30)
  }

  @Test func playTicksUntilTheStoryEnds() throws {
    var s = try seedB()
    s.handle(key: .char("p"))
    #expect(s.playing)
    s.handle(key: .char("+"))
    #expect(s.stepsPerSecond == 4)
    for _ in 0..<100 { s.handle(.tick) }
    #expect(s.cursor == s.run.steps.count)
    #expect(!s.playing)
  }

  @Test func newRandomSeedAndQuit() throws {
    var s = try seedB()
    s.handle(key: .char("r"))
    #expect(s.modeName == "random seed 1")
    s.handle(key: .char("r"))
    #expect(s.modeName == "random seed 2")
    s.handle(key: .char("q"))
    #expect(s.wantsQuit)
  }
}

@Suite struct HintTests {
  @Test func gradedHintsLeadToTheHazard() throws {
    var s = try AppState.scenario(ScenarioCatalog.named("seed-b"))
    for _ in 0..<12 { s.handle(.next) }  // the CLEAR's interrupt is handled, io_work queued
    s.handle(key: .char("e"))
    #expect(s.overlay == .hints)
    // The search runs off the input loop: first the box says it is searching.
    #expect(s.hints == nil && s.search?.step == 12)
    #expect(Frame.render(s, width: 120, height: 40).dump().contains("Searching every schedule from step 12"))
    s.runSearchNow()
    #expect(s.search == nil)
    let hints = try #require(s.hints)
    #expect(hints.findings.contains { $0.hazard == .useAfterFree })
    var text = Frame.render(s, width: 120, height: 40).dump()
    #expect(text.contains("you can still reach"))
    #expect(!text.contains("at the fewest"))
    s.handle(key: .char("e"))
    text = Frame.render(s, width: 120, height: 40).dump()
    #expect(text.contains("use-after-free: in"))
    s.handle(key: .char("e"))
    text = Frame.render(s, width: 120, height: 40).dump()
    #expect(text.contains("Next, step CPU"))
    // E loads the shortest path as the future; playing it reaches the hazard.
    s.handle(key: .char("x"))
    while s.hints?.findings[s.hints!.next % s.hints!.findings.count].hazard != .useAfterFree {
      s.handle(key: .char("E"))
      s.handle(.first)
      for _ in 0..<12 { s.handle(.forward) }
    }
    s.handle(key: .char("E"))
    s.runSearchNow()
    s.handle(.last)
    #expect(s.hazardsSoFar.contains { $0.hazard.kind == .useAfterFree })
  }
}

@Suite struct BackgroundHintTests {
  /// While `e` searches, keys go on working; an answer for a step left behind is not shown
  /// as this step's hints, and `E` without hints searches, then loads.
  @Test func keysStayLiveWhileSearching() throws {
    var s = try AppState.scenario(ScenarioCatalog.named("seed-b"))
    for _ in 0..<12 { s.handle(.next) }
    s.handle(key: .char("e"))
    let started = s.startSearch()
    let request = try #require(started)
    let again = s.startSearch()
    #expect(again == nil, "a search is started once")
    s.handle(key: .char("x"))  // closes the box
    s.handle(key: .char(" "))
    #expect(s.cursor == 13)
    s.finishSearch(request.run(), for: request)
    #expect(s.hints == nil)
    #expect(s.message?.contains("came after you moved on") == true)
    s.handle(key: .char("E"))
    #expect(s.cursor == 13 && s.search?.thenLoad == true)
    s.runSearchNow()
    #expect(s.message?.hasPrefix("loaded the shortest path to ") == true)
    #expect(s.run.steps.count > 13)
  }

  @Test func theFooterKeepsEachKeyWithItsWords() {
    let keys = [("e", "a stronger hint"), ("E", "load the shortest path"), ("any key", "closes")]
    #expect(HintsOverlay.footerLayout(keys, width: 92).count == 1)
    let narrow = HintsOverlay.footerLayout(keys, width: 30)
    #expect(narrow.map { $0.map(\.0) } == [["e"], ["E"], ["any key"]])
  }
}

@Suite struct TeachingTests {
  @Test func chaptersJumpAndPresenterShowsTheSpotlight() throws {
    var s = try AppState.scenario(ScenarioCatalog.named("seed-b"), revision: Revisions.v5_3)
    s.present(delay: 2)
    #expect(s.playing && s.presenting && s.stepsPerSecond == 0.5)
    s.handle(.togglePlay)
    #expect(s.chapters.map(\.title) == ["CPU 1 clears", "CPU 2 starts", "io_todo frees"])
    s.handle(key: .char("]"))
    #expect(s.cursor == s.chapters[0].step)
    s.handle(key: .char("]"))
    s.handle(key: .char("]"))
    #expect(s.currentChapter == "io_todo frees")
    s.handle(key: .char("["))
    #expect(s.cursor == s.chapters[1].step)
    s.handle(.last)
    s.handle(key: .char("g")); for c in "33" { s.handle(key: .char(c)) }; s.handle(key: .enter)
    let text = Frame.render(s, width: 120, height: 40).dump()
    #expect(text.contains("chapter 3/3: io_todo frees"))
    #expect(text.contains("Spotlight: what the last step changed"))
    #expect(text.contains("● cp initialized: true → false"))
    #expect(text.contains("!! use-after-free:"))
  }

  @Test func splitScreenStepsInLockStep() throws {
    var s = try AppState.scenario(ScenarioCatalog.named("seed-b"), revision: Revisions.v5_3)
    s.handle(key: .char("c"))
    #expect(s.companion?.revision.id == "seed-v3")
    for _ in 0..<23 { s.handle(.next) }
    // Both sides are inside the START (scenario step 4).
    let other = try #require(s.companion)
    #expect(other.steps[s.companionCursor - 1].origin == s.run.steps[s.cursor - 1].origin)
    var text = Frame.render(s, width: 120, height: 40).dump()
    #expect(text.contains("v5.3: step 23/52") && text.contains("seed-v3: step"))
    s.handle(.last)
    text = Frame.render(s, width: 120, height: 40).dump()
    #expect(text.contains("!! use-after-free at step 33"))
    s.handle(key: .char("v"))
    #expect(s.companion?.revision.id == "huck-queue")
    s.handle(key: .char("c"))
    #expect(s.companion == nil)
    #expect(Frame.render(s, width: 80, height: 20).dump().contains("needs at least"))
  }
}
