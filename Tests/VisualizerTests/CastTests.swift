import Foundation
import Testing
import ScenarioFiles
import Simulation
@testable import Visualizer

@Suite struct CastTests {
  @Test func castHasAHeaderMonotonicTimesAndAMarkerPerCaption() throws {
    let run = try ScenarioCatalog.named("seed-b").run()
    let theme = try ThemeLoader.parse(BuiltinThemes.defaultTheme, file: "default")
    let text = CastRecording.render(run, theme: theme, width: 120, height: 40, delay: 0.5)
    let lines = text.split(separator: "\n").map(String.init)
    let header = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
    #expect(header["version"] as? Int == 2)
    #expect(header["width"] as? Int == 120 && header["height"] as? Int == 40)
    var last = -1.0
    var markers: [String] = []
    var frames = 0
    for l in lines.dropFirst() {
      let e = try #require(try JSONSerialization.jsonObject(with: Data(l.utf8)) as? [Any])
      let t = try #require(e[0] as? Double)
      #expect(t >= last)
      last = t
      switch e[1] as? String {
      case "o": frames += 1
      case "m": markers.append(e[2] as! String)
      default: Issue.record("unexpected event \(l.prefix(40))")
      }
    }
    #expect(frames == run.steps.count + 1)
    // The cursor hidden by the first frame is shown again by the last, after every hide.
    let hide = text.range(of: "\\u001b[?25l", options: .backwards) ?? text.range(of: "\\u001B[?25l", options: .backwards)
    let show = text.range(of: "\\u001b[?25h", options: .backwards) ?? text.range(of: "\\u001B[?25h", options: .backwards)
    #expect(hide != nil)
    #expect(show.map { s in hide.map { $0.lowerBound < s.lowerBound } ?? false } == true, "the cursor is left hidden")
    #expect(lines.last?.contains("25h") == true)
    // The status bar names the scenario, not "trace export".
    #expect(!text.contains("trace export"))
    #expect(text.contains(String(run.trace.title!.prefix(30))))
    #expect(markers == run.steps.compactMap(\.caption))
    #expect(markers.count == 9)
  }
}
