import Testing
import ScenarioFiles
import RevisionFiles
import Simulation
@testable import Visualizer

/// Without colour every state must still read: by glyphs and words, and by attributes.
@Suite struct MonoThemeTests {
  let mono = try! ThemeLoader.parse(BuiltinThemes.mono, file: "mono")

  @Test func contrastingRolesLookDifferent() {
    let pairs: [(Role, Role)] = [
      (.flagOn, .flagOff), (.codeNext, .codeLine), (.codeDone, .codeLine), (.stepCurrent, .text),
      (.ownerFreed, .ownerChannel), (.ownerBuilding, .ownerFree), (.ownerChannel, .ownerFree),
      (.hazard, .text), (.laneHazard, .laneHeader), (.laneSelected, .laneHeader),
      (.fsmCellLit, .fsmCell), (.fsmRowCurrent, .fsmCell), (.workPending, .flagOff),
      (.laneBlocked, .text),
    ]
    #expect(!mono.usesColor)
    for (a, b) in pairs { #expect(mono.style(a) != mono.style(b), "\(a) vs \(b)") }
  }

  @Test func everyStateHasItsOwnGlyphsAndWords() throws {
    // The same frame at every step of several stories: state differences show up in the text
    // itself, so a monochrome terminal (which ignores colour) still tells them apart.
    for name in ["seed-b", "early-idle-leak", "lost-status-unsolicited"] {
      var s = try AppState.scenario(ScenarioCatalog.named(name), revision: Revisions.v5_3)
      var seen = Set<String>()
      var worlds = Set<World>()
      for _ in 0...s.run.steps.count {
        let text = Frame.render(s, width: 120, height: 40).dump()
        if worlds.insert(s.world).inserted {
          #expect(seen.insert(text).inserted, "\(name) step \(s.cursor) looks like an earlier step")
        }
        s.handle(.next)
      }
    }
  }

  @Test func flagsReadWithoutColour() {
    var s = Screen(width: 30, height: 2)
    _ = ChannelProgramView.flag(&s, 0, 0, "initialized", true)
    _ = ChannelProgramView.flag(&s, 0, 1, "initialized", false)
    #expect(s.dump() == "initialized ● yes\ninitialized ○ no")
  }
}
