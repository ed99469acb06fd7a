import RevisionFiles
import Testing
import ScenarioFiles
import Simulation
@testable import Visualizer

/// CJK, emoji and combining marks on the in-memory screen: a wide character takes two cells.
@Suite struct WideTextTests {
  @Test func aWideCharacterTakesTwoCells() {
    var s = Screen(width: 20, height: 1)
    let end = s.text(0, 0, "日本語 ok", .caption)
    #expect(end == 9)
    #expect(s.columns("日本語 ok") == 9)
    #expect(s[0, 0].character == "日" && !s[0, 0].isContinuation)
    #expect(s[1, 0].isContinuation)
    #expect(s[2, 0].character == "本" && s[3, 0].isContinuation)
    #expect(s[6, 0].character == " " && s[7, 0].character == "o")
    #expect(s.dump() == "日本語 ok")
  }

  @Test func emojiAreWideAndCombiningMarksStay() {
    var s = Screen(width: 20, height: 1)
    s.text(0, 0, "🙂 cafe\u{301} n\u{303}", .text)
    #expect(s[1, 0].isContinuation)
    #expect(s[6, 0].character == "e\u{301}")
    #expect(s[7, 0].character == " ")
    #expect(s[8, 0].character == "n\u{303}")
    #expect(s.dump() == "🙂 cafe\u{301} n\u{303}")
  }

  @Test func clippingCountsColumnsAndNeverSplitsAWideCharacter() {
    var s = Screen(width: 20, height: 2)
    #expect(s.text(0, 0, "日本語日本語", .text, limit: 7) == 7)
    #expect(s.dump().split(separator: "\n")[0] == "日本語…")
    #expect(s.text(0, 1, "日本語日本語", .text, limit: 6) == 5)
    #expect(s.dump().split(separator: "\n")[1] == "日本…")
    var edge = Screen(width: 5, height: 1)
    edge.text(0, 0, "abcd日", .text)
    #expect(edge.dump() == "abcd…")
  }

  @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
    var s = Screen(width: 6, height: 1)
    s.text(0, 0, "日本", .text)
    s.set(1, 0, "x", .text)
    #expect(s.dump() == " x本")
    s.set(2, 0, "y", .text)
    #expect(s.dump() == " xy")
    #expect(!s[3, 0].isContinuation)
  }

  @Test func withoutUTF8WideTextIsOneQuestionMarkACharacter() {
    var s = Screen(width: 10, height: 1, glyphs: .ascii)
    s.text(0, 0, "日本 é", .text)
    #expect(s.dump() == "?? ?")
    #expect(s.cells.allSatisfy { $0.character.isASCII && !$0.isContinuation })
  }

  /// A CJK and emoji story: the captions show, and every panel border stays in its column.
  @Test func aWideStoryKeepsThePanelsAligned() throws {
    var story = try ScenarioCatalog.named("seed-b")
    story.title = "競合状態: 二つの CPU 🙂 の物語"
    story.description = "CLEAR の後に START が cc0 を得る。cp_free が走ると…"
    story.steps[0].caption = "CPU1 がクリアする 🧹 e\u{301}"
    var state = try AppState.scenario(story, revision: Revisions.v5_3)
    for (w, h) in [(120, 40), (96, 28)] {
      for cursor in [0, 1] {
        state.handle(.first)
        if cursor == 1 { state.handle(.forward) }
        let screen = Frame.render(state, width: w, height: h)
        let layout = try #require(Layout(width: w, height: h, fsmStates: 5))
        let text = screen.dump()
        #expect(text.contains(cursor == 0 ? "競合状態: 二つの CPU 🙂 の物語" : "CPU1 がクリアする 🧹 e\u{301}"), "\(w)x\(h) at \(cursor)")
        for y in layout.lanes.y + 1..<layout.lanes.maxY - 1 {
          #expect(screen[layout.lanes.x, y].character == "│", "\(w)x\(h) row \(y)")
          #expect(screen[layout.lanes.maxX - 1, y].character == "│", "\(w)x\(h) row \(y):\n\(text)")
          #expect(screen[layout.fsm.x, y].character == "│" || screen[layout.fsm.x, y].character == "┌"
            || screen[layout.fsm.x, y].character == "└", "\(w)x\(h) row \(y)")
        }
      }
    }
  }
}
