import Foundation
import Simulation

/// An asciinema v2 recording of the TUI stepping through a run: one frame per step, `delay`
/// seconds apart, and a marker at every caption so a player can pause at each.
public enum CastRecording {
  static let hideCursor = "\u{1B}[?25l"
  static let showCursor = "\u{1B}[?25h"

  public static func render(_ run: Run, theme: Theme, width: Int = 120, height: Int = 40, delay: Double = 1.5) -> String {
    struct Header: Encodable {
      var version = 2
      var width: Int
      var height: Int
      var title: String
      var env: [String: String]
    }
    let enc = JSONEncoder()
    enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    func line(_ v: some Encodable) -> String { String(decoding: try! enc.encode(v), as: UTF8.self) }
    let title = "ccwviz: \(run.trace.title ?? "run") on \(run.revision.id)"
    var out = [line(Header(width: width, height: height, title: title, env: ["TERM": "xterm-256color", "SHELL": "/bin/sh"]))]
    func event(_ t: Double, _ kind: String, _ data: String) -> String {
      "[" + String(format: "%.3f", t) + ", " + line(kind) + ", " + line(data) + "]"
    }
    for i in 0...run.steps.count {
      let t = Double(i) * delay
      let source = RunSource.recording(title: run.trace.title ?? "a run")
      let state = AppState(run: run, source: source, cursor: i)
      let frame = AnsiRenderer.frame(Frame.render(state, width: width, height: height), theme: theme)
      // The first frame hides the cursor and clears; the last shows the cursor again, so a
      // player (or a terminal the cast is printed to) is left as it was.
      let prefix = i == 0 ? hideCursor + "\u{1B}[2J" : ""
      let suffix = i == run.steps.count ? showCursor : ""
      out.append(event(t, "o", prefix + frame + suffix))
      if i > 0, let c = run.steps[i - 1].caption {
        out.append(event(t, "m", c))
      }
    }
    return out.joined(separator: "\n") + "\n"
  }
}
