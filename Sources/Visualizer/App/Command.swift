/// Everything a user can ask the TUI to do. Keys map to commands through `KeyTable`; the app
/// state changes only through `AppState.handle(_:)`.
public enum Command: Equatable, Sendable {
  /// Step lane k (0-based: CPUs first, then the channel subsystem).
  case stepLane(Int)
  case selectPreviousLane, selectNextLane, stepSelectedLane
  case next, back, forward, first, last
  case gotoPrompt
  case togglePlay, faster, slower
  case newRandomSeed, switchRevision
  /// Explore from the step on screen: graded hints (each press reveals more).
  case explore
  /// Load the shortest path to the next hazard the hints found.
  case loadCounterexample
  /// Split the screen: the same schedule on another revision, in lock-step.
  case toggleCompare
  case nextChapter, previousChapter
  /// Show the step on screen and every hazard so far in full.
  case readAll
  /// The run's remarks: scenario steps that were skipped or went another way, and where a
  /// retold story or replay diverged.
  case remarks
  /// The coverage layer: counts and a heat scale on the FSM table and the code panel.
  case toggleCoverage
  /// Quiz mode: ask before the steps where the outcome is the lesson.
  case toggleQuiz
  /// A second passed (sent by the backend while a question counts down).
  case second
  case toggleHelp, quit
  /// Time passed while playing (sent by the backend).
  case tick
}

/// One row of the key table: the keys, the command, and the help line.
public struct KeyBinding: Sendable {
  public var keys: [Key]
  /// How the help overlay shows the keys (e.g. "1-9").
  public var keyLabel: String
  public var command: Command
  public var help: String
}

/// The single table of key bindings; the help overlay and the README are written from it.
public enum KeyTable {
  public static let bindings: [KeyBinding] = [
    KeyBinding(
      keys: (1...9).map { .char(Character("\($0)")) }, keyLabel: "1-9", command: .stepLane(0),
      help: "step that lane (CPUs, then CSS); a menu when it has several choices"),
    KeyBinding(keys: [.left], keyLabel: "←", command: .selectPreviousLane, help: "select the lane to the left"),
    KeyBinding(keys: [.right], keyLabel: "→", command: .selectNextLane, help: "select the lane to the right"),
    KeyBinding(keys: [.enter], keyLabel: "Enter", command: .stepSelectedLane, help: "step the selected lane"),
    KeyBinding(keys: [.char(" "), .char("n")], keyLabel: "space n", command: .next,
      help: "next story step; random or hand-stepped runs: a seeded random one"),
    KeyBinding(keys: [.char("b"), .up], keyLabel: "b ↑", command: .back, help: "step back in time"),
    KeyBinding(keys: [.char("f"), .down], keyLabel: "f ↓", command: .forward, help: "step forward again"),
    KeyBinding(keys: [.home], keyLabel: "Home", command: .first, help: "go to the start"),
    KeyBinding(keys: [.end], keyLabel: "End", command: .last, help: "go to the last step"),
    KeyBinding(keys: [.char("g")], keyLabel: "g", command: .gotoPrompt, help: "go to a step by number"),
    KeyBinding(keys: [.char("p")], keyLabel: "p", command: .togglePlay, help: "play / pause"),
    KeyBinding(keys: [.char("+"), .char("=")], keyLabel: "+", command: .faster, help: "play faster"),
    KeyBinding(keys: [.char("-")], keyLabel: "-", command: .slower, help: "play slower"),
    KeyBinding(keys: [.char("r")], keyLabel: "r", command: .newRandomSeed, help: "a new random run (next seed)"),
    KeyBinding(keys: [.char("v")], keyLabel: "v", command: .switchRevision,
      help: "next revision, at the same story moment (or replaying the choices)"),
    KeyBinding(keys: [.char("e")], keyLabel: "e", command: .explore,
      help: "hint: which hazards are reachable from here (again: more)"),
    KeyBinding(keys: [.char("E")], keyLabel: "E", command: .loadCounterexample,
      help: "load the shortest path to a hazard as the future"),
    KeyBinding(keys: [.char("c")], keyLabel: "c", command: .toggleCompare,
      help: "split: the same schedule on another revision (v picks it)"),
    KeyBinding(keys: [.char("]")], keyLabel: "]", command: .nextChapter, help: "next chapter of the scenario"),
    KeyBinding(keys: [.char("[")], keyLabel: "[", command: .previousChapter, help: "previous chapter"),
    KeyBinding(keys: [.char("a")], keyLabel: "a", command: .readAll,
      help: "read the step on screen and its hazard alerts in full"),
    KeyBinding(keys: [.char("m")], keyLabel: "m", command: .remarks,
      help: "remarks: skipped steps, captions that went another way"),
    KeyBinding(keys: [.char("o")], keyLabel: "o", command: .toggleCoverage,
      help: "coverage: how often each line and jump-table cell ran (heat, · never)"),
    KeyBinding(keys: [.char("w")], keyLabel: "w", command: .toggleQuiz,
      help: "quiz: what happens next? ask before the steps that teach (a-d answer)"),
    KeyBinding(keys: [.char("?"), .char("h")], keyLabel: "? h", command: .toggleHelp, help: "this help"),
    KeyBinding(keys: [.char("q")], keyLabel: "q", command: .quit, help: "quit"),
  ]

  /// The table as Markdown, for docs/manual.md (a test keeps the two the same).
  public static var markdown: String {
    (["| key | does |", "|---|---|"] + bindings.map { "| \($0.keyLabel) | \($0.help) |" })
      .joined(separator: "\n")
  }

  /// The command a key means outside overlays, or nil.
  public static func command(for key: Key) -> Command? {
    if case .char(let c) = key, let d = c.wholeNumberValue, (1...9).contains(d) {
      return .stepLane(d - 1)
    }
    return bindings.first { $0.keys.contains(key) }?.command
  }
}
