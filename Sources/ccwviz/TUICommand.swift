import ArgumentParser
import Foundation
import ScenarioFiles
import RevisionFiles
import Simulation
import CursesBackend
import Teaching
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

  @OptionGroup var revision: RevisionOption
  @OptionGroup var story: StoryOptions
  @OptionGroup var seed: SeedOption
  @OptionGroup var randomOptions: RandomOptions
  @OptionGroup var cpu: CPUOption

  @Option(help: "Theme name (default, light, high-contrast, mono) or path to a .yaml file.")
  var theme: String?

  @Flag(help: "Presenter mode: a big caption, a spotlight on what changed, auto-advance, [ ] chapters.")
  var present = false

  @Option(help: "Presenter mode: seconds between steps, 0.01-3600.")
  var delay: Double = 3

  @Option(help: "Open the split screen with this revision on the right.")
  var compare: String?

  @Flag(help: "Quiz mode (w): pause before the steps where the outcome is the lesson and ask what happens; a score at the end.")
  var quiz = false

  @Flag(help: "Start with the coverage layer (o) on: counts and heat on the FSM table and the code panel.")
  var coverage = false

  @Option(help: "The coverage layer counts this many seeded random runs (seeds 1...N, 200 steps) on the revision, not the run on screen; implies --coverage.")
  var coverageRuns: Int?

  @Flag(help: "Print the screen as text at --step and --size, without a terminal.")
  var dump = false

  @Option(help: "With --dump: the step to show (default: the last).")
  var step: Int?

  @Option(help: "With --dump: the screen size, WIDTHxHEIGHT (1-1000 x 1-500).")
  var size: String = "120x40"

  @Flag(help: "With --dump: draw with ASCII instead of box-drawing characters.")
  var ascii = false

  func validate() throws {
    if [story.scenario != nil, seed.seed != nil, story.trace != nil].filter({ $0 }).count > 1 {
      throw ValidationError("give only one of --scenario, --seed and --trace")
    }
    try Limits.check(randomOptions.steps, Limits.tuiSteps, "steps")
    if present { try Limits.check(delay, Limits.delay, "delay") }
    if dump { _ = try Limits.size(size, minWidth: 1, minHeight: 1) }
    if let coverageRuns { try Limits.check(coverageRuns, Limits.runs, "coverage-runs") }
  }

  func makeState() throws -> AppState {
    let rev = try revision.resolved()
    if let seed = seed.seed {
      return AppState.random(
        revision: try rev ?? resolveRevision("v6.0"), configuration: Configuration(cpus: cpu.cpus ?? 2),
        seed: seed, steps: randomOptions.steps)
    }
    if let path = story.trace {
      var t = try Trace.load(path: path)
      if let cpus = cpu.cpus { t.configuration.cpus = cpus }
      let run = try replay(t, on: rev, file: path)
      return AppState(run: run, source: .trace(name: (path as NSString).lastPathComponent))
    }
    var s = try ScenarioCatalog.named(story.scenario ?? "seed-b")
    if let cpus = cpu.cpus { s.configuration.cpus = cpus }
    return try AppState.scenario(s, revision: rev ?? resolveRevision(s.revision))
  }

  func run() throws {
    var state = try makeState()
    if present { state.present(delay: delay) }
    if let compare { state.split(with: try resolveRevision(compare)) }
    if coverage || coverageRuns != nil { state.showsCoverage = true }
    if quiz { state.startQuiz() }
    if let coverageRuns {
      let cov = Coverage.random(
        revision: state.run.revision, configuration: state.run.trace.configuration, runs: coverageRuns, seed: 1, steps: 200)
      state.coverage = HeatCounts(cov)
    }
    if dump {
      let (width, height) = try Limits.size(size, minWidth: 1, minHeight: 1)
      if state.playing { state.handle(.togglePlay) }
      state.handle(.last)
      if let step {
        guard (0...state.run.steps.count).contains(step) else {
          throw ValidationError("--step must be between 0 and \(state.run.steps.count), got \(step)")
        }
        while state.cursor > step { state.handle(.back) }
      }
      if quiz { state.openQuestionIfDue() }
      let screen = Frame.render(state, width: width, height: height, glyphs: ascii ? .ascii : .unicode)
      Out.line(screen.dump())
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
    return try Self.theme(name)
  }

  /// A theme by name or path, its file first bounded like a scenario file (size, aliases):
  /// the theme loader composes YAML with Yams as the scenario parser does.
  static func theme(_ nameOrPath: String) throws -> Theme {
    let isPath = nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml")
    let candidates = isPath ? [nameOrPath] : themeFolders().map { ($0 as NSString).appendingPathComponent("\(nameOrPath).yaml") }
    if let file = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) {
      if let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int, size > YAMLLimits.maxBytes {
        throw CLIError("\(file): the file is \(size) bytes; the most a theme file may hold is \(YAMLLimits.maxBytes) bytes (1 MiB)")
      }
    }
    return try ThemeLoader.load(nameOrPath, searchPaths: themeFolders())
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
