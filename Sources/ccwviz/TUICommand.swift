import ArgumentParser
import Foundation
import ScenarioFiles
import RevisionFiles
import Simulation
import CursesBackend
import Visualizer

struct TUICommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tui",
    abstract: "Open the interactive terminal view (the default command).",
    discussion: """
      With no schedule, opens seed-b on v6.0 (today's kernel). You are the scheduler: 1-9 step \
      a lane, space takes the story's next step, b/f go back and forth, ? lists every key. \
      --dump prints the screen at --step as text instead of opening the terminal.
      """)

  @Option(help: "Driver revision (default: the scenario's, else v6.0).")
  var revision: String?

  @Option(help: "A scenario: a shipped one's name or a .yaml file (default seed-b).")
  var scenario: String?

  @Option(help: "Open a seeded random run.")
  var seed: UInt64?

  @Option(help: "Length of a random run.")
  var steps: Int = 200

  @Option(help: "A trace file (JSON) to step through.")
  var trace: String?

  @Option(help: "CPUs (1-8).")
  var cpus: Int?

  @Option(help: "Theme name (default, light, high-contrast, mono) or path to a .yaml file.")
  var theme: String?

  @Flag(help: "Presenter mode: a big caption, a spotlight on what changed, auto-advance, [ ] chapters.")
  var present = false

  @Option(help: "Presenter mode: seconds between steps.")
  var delay: Double = 3

  @Option(help: "Open the split screen with this revision on the right.")
  var compare: String?

  @Flag(help: "Print the screen as text at --step and --size, without a terminal.")
  var dump = false

  @Option(help: "With --dump: the step to show (default: the last).")
  var step: Int?

  @Option(help: "With --dump: the screen size, WIDTHxHEIGHT.")
  var size: String = "120x40"

  @Flag(help: "With --dump: draw with ASCII instead of box-drawing characters.")
  var ascii = false

  func validate() throws {
    if [scenario != nil, seed != nil, trace != nil].filter({ $0 }).count > 1 {
      throw ValidationError("give only one of --scenario, --seed and --trace")
    }
  }

  func makeState() throws -> AppState {
    let rev = try revision.map { try resolveRevision($0) }
    if let seed {
      return AppState.random(
        revision: try rev ?? defaultRevision(), configuration: Configuration(cpus: cpus ?? 2),
        seed: seed, steps: steps)
    }
    if let path = trace {
      var t = try Trace.load(path: path)
      if let cpus { t.configuration.cpus = cpus }
      let own = try ccwviz.revision(of: t, file: path)
      let run = try Runner.replay(t, on: rev ?? own, strict: rev == nil || rev === own)
      return AppState(run: run, source: .trace(name: (path as NSString).lastPathComponent))
    }
    var s = try ScenarioCatalog.named(scenario ?? "seed-b")
    if let cpus { s.configuration.cpus = cpus }
    return try AppState.scenario(s, revision: rev)
  }

  func run() throws {
    var state = try makeState()
    if present {
      guard delay > 0 else { throw ValidationError("--delay must be more than 0, got \(delay)") }
      state.present(delay: delay)
    }
    if let compare { state.split(with: try resolveRevision(compare)) }
    if dump {
      let parts = size.lowercased().split(separator: "x").compactMap { Int($0) }
      guard parts.count == 2, parts[0] > 0, parts[1] > 0 else {
        throw ValidationError("--size must be WIDTHxHEIGHT, e.g. 120x40; got '\(size)'")
      }
      if state.playing { state.handle(.togglePlay) }
      state.handle(.last)
      if let step {
        guard (0...state.run.steps.count).contains(step) else {
          throw ValidationError("--step must be between 0 and \(state.run.steps.count), got \(step)")
        }
        while state.cursor > step { state.handle(.back) }
      }
      let screen = Frame.render(state, width: parts[0], height: parts[1], glyphs: ascii ? .ascii : .unicode)
      print(screen.dump())
      return
    }
    let hint = "use `ccwviz run` for text or JSON output, or `ccwviz tui --dump` for a screen as text"
    guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else {
      throw ValidationError("the TUI needs a terminal on stdin and stdout; " + hint)
    }
    guard Terminal.canAddressCursor else {
      let term = ProcessInfo.processInfo.environment["TERM"].map { "TERM=\($0)" } ?? "an unset TERM"
      throw ValidationError("the TUI needs a terminal that can move the cursor, and \(term) cannot; " + hint)
    }
    let theme = try loadTheme()
    switch try InteractiveSession.run(state, theme: theme) {
    case .quit: return
    case .signal(let sig): throw ExitCode(128 + sig)
    }
  }

  /// --theme, else mono when NO_COLOR is set (https://no-color.org), else default.
  func loadTheme() throws -> Theme {
    let env = ProcessInfo.processInfo.environment
    let name = theme ?? ((env["NO_COLOR"].map { !$0.isEmpty } ?? false) ? "mono" : "default")
    return try ThemeLoader.load(name, searchPaths: Self.themeFolders())
  }

  /// Where themes live: $CCWVIZ_THEMES, ./themes, and themes/ beside the package the binary
  /// was built in (so `swift run` finds them from anywhere in the checkout).
  static func themeFolders() -> [String] {
    var dirs: [String] = []
    if let d = ProcessInfo.processInfo.environment["CCWVIZ_THEMES"] { dirs.append(d) }
    dirs.append(FileManager.default.currentDirectoryPath + "/themes")
    var exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    for _ in 0..<4 {
      exe.deleteLastPathComponent()
      dirs.append(exe.appendingPathComponent("themes").path)
    }
    return dirs
  }
}
