import Foundation
import Testing

/// Single-quotes a word for sh.
func shellQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

/// The real binary in a real terminal: tmux at 120x40, keys sent, the screen captured.
@Suite(.serialized) struct TmuxEndToEndTests {
  /// One tmux server per test, on its own socket, killed at the end.
  final class Tmux {
    let socket = "ccwviz-e2e-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
    let session = "T"

    /// Runs a tmux command through the shell, its output through a temporary file. (A
    /// Foundation Process with a pipe never sees the end of the output: the server that
    /// new-session forks keeps the pipe open.)
    @discardableResult
    func run(_ args: [String]) -> String {
      let file = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-out-\(UUID())")
      defer { try? FileManager.default.removeItem(at: file) }
      let words = ["tmux", "-L", socket] + args
      let line = words.map(shellQuote).joined(separator: " ") + " >\(shellQuote(file.path)) 2>/dev/null </dev/null"
      _ = system(line)
      return (try? String(contentsOf: file, encoding: .utf8)) ?? ""
    }

    /// Starts `command` in a 120x40 session, with a UTF-8 locale.
    func start(_ command: String, width: Int = 120, height: Int = 40) {
      run(["new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)",
        "env LC_ALL=C.UTF-8 \(command)"])
    }

    func keys(_ keys: String...) { run(["send-keys", "-t", session] + keys) }
    func screen() -> String { run(["capture-pane", "-p", "-t", session]) }
    func resize(_ w: Int, _ h: Int) { run(["resize-window", "-t", session, "-x", "\(w)", "-y", "\(h)"]) }

    /// Waits until the screen contains the text (and every text of `also`: a capture can fall
    /// between the rows of one frame, so what a test checks next is waited for too); returns
    /// the last screen either way.
    @discardableResult
    func wait(for text: String, also: [String] = [], seconds: Double = 20) -> String {
      let deadline = Date().addingTimeInterval(seconds)
      var last = ""
      while Date() < deadline {
        last = screen()
        if last.contains(text) && also.allSatisfy(last.contains) { return last }
        Thread.sleep(forTimeInterval: 0.1)
      }
      return last
    }

    /// Waits until the screen no longer contains the text.
    @discardableResult
    func waitGone(_ text: String, seconds: Double = 20) -> String {
      let deadline = Date().addingTimeInterval(seconds)
      var last = screen()
      while Date() < deadline && last.contains(text) {
        Thread.sleep(forTimeInterval: 0.1)
        last = screen()
      }
      return last
    }

    /// Sends a signal to ccwviz inside the pane's shell.
    func signalCCWViz(_ signal: String) -> Bool {
      let panePID = run(["display-message", "-p", "-t", session, "#{pane_pid}"])
        .trimmingCharacters(in: .whitespacesAndNewlines)
      guard Int(panePID) != nil else { return false }
      return system("pkill -\(signal) -P \(panePID) -x ccwviz") == 0
    }

    deinit {
      run(["kill-server"])
      // tmux leaves its socket file behind.
      let dir = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
      try? FileManager.default.removeItem(atPath: "\(dir)/tmux-\(getuid())/\(socket)")
    }
  }

  static var bin: String { CLITests.locateBinary().path }
  /// After ccwviz exits, the shell prints its status and the terminal modes.
  static var wrapped: String { "sh -c '\(bin); echo EXIT=$?; stty -a; sleep 30'" }

  static func terminalRestored(_ screen: String) -> Bool {
    let words = screen.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" })
    return words.contains("icanon") && words.contains("echo") && !words.contains("-icanon")
      && !words.contains("-echo")
  }

  @Test func panelsSteppingBackHelpResizeAndQuit() throws {
    let t = Tmux()
    t.start(Self.wrapped)
    let panels = ["Lanes", "FSM", "cp (channel program)", "io_work and the irb slot", "subchannel", "Code:"]
    var s = t.wait(for: "step 0/52", also: panels)
    for panel in panels {
      #expect(s.contains(panel), "panel \(panel) missing:\n\(s)")
    }
    #expect(s.contains("scenario seed-b") && s.contains("v6.0"))
    for _ in 0..<7 { t.keys("Space") }
    s = t.wait(for: "step 7/52", also: ["csch → cc0", "last cc: csch → cc0 (CPU1, step 5)"])
    #expect(s.contains("csch → cc0"))
    #expect(s.contains("last cc: csch → cc0 (CPU1, step 5)"))
    for _ in 0..<26 { t.keys("Space") }
    s = t.wait(for: "step 33/52", also: ["use-after-free at step 33", "freed while the channel runs it"])
    #expect(s.contains("use-after-free at step 33"))
    #expect(s.contains("freed while the channel runs it"))
    t.keys("b")
    s = t.wait(for: "step 32/52")
    s = t.waitGone("use-after-free at step 33")
    #expect(!s.contains("use-after-free at step 33"))
    t.keys("?")
    s = t.wait(for: "ccwviz keys", also: ["step back in time"])
    #expect(s.contains("step back in time"))
    t.keys("x")
    s = t.waitGone("ccwviz keys")
    #expect(!s.contains("ccwviz keys"))
    t.resize(50, 15)
    s = t.wait(for: "this terminal is 50x15", also: ["ccwviz needs at least 96x28"])
    #expect(s.contains("ccwviz needs at least 96x28"))
    t.resize(120, 40)
    // The step counter is in the top row, drawn before the panels: wait for those too.
    s = t.wait(for: "step 32/52", also: ["Lanes"])
    #expect(s.contains("Lanes"))
    t.keys("q")
    // `stty -a` prints its last line ("... lnext = ^V ...") after EXIT=.
    s = t.wait(for: "lnext", also: ["EXIT="])
    #expect(s.contains("EXIT=0"))
    #expect(Self.terminalRestored(s), "terminal modes not restored:\n\(s)")
  }

  @Test(arguments: [("TERM", 143), ("HUP", 129), ("INT", 130), ("SEGV", 139)])
  func everyWayOfDyingRestoresTheTerminal(signal: String, status: Int) throws {
    let t = Tmux()
    t.start(Self.wrapped)
    t.wait(for: "step 0/52")
    t.keys("Space")
    t.wait(for: "step 1/52")
    #expect(t.signalCCWViz(signal))
    let s = t.wait(for: "lnext")
    #expect(s.contains("EXIT=\(status)"), "\(signal):\n\(s)")
    #expect(Self.terminalRestored(s), "\(signal): terminal modes not restored:\n\(s)")
  }

  @Test func suspendAndResume() throws {
    let t = Tmux()
    t.start("env PS1=ready$ bash --norc --noprofile -i")
    t.wait(for: "ready$")
    t.keys("\(Self.bin)", "Enter")
    t.wait(for: "step 0/52")
    t.keys("C-z")
    var s = t.wait(for: "Stopped")
    #expect(s.contains("Stopped"))
    t.keys("stty -a | tr ' ' '\\n' | grep -x -- '-\\?icanon'", "Enter")
    s = t.wait(for: "icanon\n")
    #expect(s.split(separator: "\n").contains("icanon"), "modes while suspended:\n\(s)")
    t.keys("fg", "Enter")
    s = t.wait(for: "step 0/52")
    #expect(s.contains("Lanes"))
    t.keys("Space")
    s = t.wait(for: "step 1/52")
    t.keys("q")
    t.keys("echo EXIT=$?", "Enter")
    s = t.wait(for: "EXIT=0")
    #expect(s.contains("EXIT=0"))
  }

  /// With a TERM whose terminfo does not match what tmux sends (tmux sends Home as ESC [ 1 ~,
  /// xterm's entry says ESC O H), Home and End still go to the first and last step, and keys
  /// nobody decodes (F5, F12, Alt-x) do nothing rather than turning into commands.
  @Test(arguments: ["xterm-256color", "vt100"])
  func homeAndEndWhateverTERMSays(term: String) throws {
    let t = Tmux()
    t.start("env TERM=\(term) sh -c '\(Self.bin); echo EXIT=$?; sleep 30'")
    t.wait(for: "step 0/52")
    for _ in 0..<3 { t.keys("Space") }
    t.wait(for: "step 3/52")
    t.keys("End")
    var s = t.wait(for: "step 52/52")
    #expect(s.contains("step 52/52"), "\(term): End did not go to the last step:\n\(s)")
    t.keys("Home")
    s = t.wait(for: "step 0/52")
    #expect(s.contains("step 0/52"), "\(term): Home did not go to the start:\n\(s)")
    #expect(!s.contains("which step?"), "\(term): Home opened a lane menu:\n\(s)")
    t.keys("F5")
    t.keys("F12")
    t.keys("M-x")
    t.keys("Down")
    s = t.wait(for: "step 1/52")
    #expect(s.contains("step 1/52"), "\(term): an unknown key acted, or Down did not:\n\(s)")
    #expect(!s.contains("which step?") && !s.contains("choose CPU"), "\(term):\n\(s)")
    t.keys("q")
    #expect(t.wait(for: "EXIT=").contains("EXIT=0"))
  }

  /// A terminal that cannot move the cursor gets the same kind of refusal as no terminal, and
  /// is left as it was.
  @Test(arguments: ["dumb", "no-such-terminal"])
  func aTerminalWithoutCursorAddressingIsRefused(term: String) throws {
    let t = Tmux()
    t.start("env TERM=\(term) sh -c '\(Self.bin); echo EXIT=$?; stty -a; sleep 30'")
    let s = t.wait(for: "lnext")
    #expect(s.contains("the TUI needs a terminal that can move the cursor, and TERM=\(term) cannot"), "\(s)")
    #expect(s.contains("ccwviz run"))
    #expect(s.contains("EXIT=") && !s.contains("EXIT=0"), "\(s)")
    #expect(Self.terminalRestored(s), "terminal modes changed:\n\(s)")
  }

  @Test func withoutATerminalItPointsToRun() throws {
    let r = try CLITests.ccwviz("tui")
    #expect(r.status != 0)
    #expect(r.err.contains("the TUI needs a terminal"))
    #expect(r.err.contains("ccwviz run"))
  }

  @Test func themesAndBrokenThemes() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ccwviz-theme-\(UUID())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let bad = dir.appendingPathComponent("bad.yaml")
    try "name: bad\nstyles:\n  text: {fg: purple}\n".write(to: bad, atomically: true, encoding: .utf8)
    let t = Tmux()
    t.start("sh -c '\(Self.bin) --theme \(bad.path); echo EXIT=$?; sleep 30'")
    let s = t.wait(for: "EXIT=")
    #expect(s.contains("\(bad.path):3: key 'styles.text.fg': unknown colour 'purple'"))
    #expect(!s.contains("EXIT=0"))
    let t2 = Tmux()
    t2.start("sh -c 'NO_COLOR=1 \(Self.bin) --theme light; echo EXIT=$?; sleep 30'")
    #expect(t2.wait(for: "step 0/52").contains("Lanes"))
    t2.keys("q")
    #expect(t2.wait(for: "EXIT=").contains("EXIT=0"))
  }
}
