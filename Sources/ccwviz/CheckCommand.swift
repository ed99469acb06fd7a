import ArgumentParser
import Foundation
import Reports
import ScenarioFiles
import RevisionFiles
import SafeText
import Simulation
import Teaching

struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Validate a scenario or revision file.",
    discussion: """
      A scenario is told on every revision. A revision file (it has handlers, or a base) is \
      validated (operations, states, events, labels, unreachable steps, paths that do not \
      return, locks not released), then explored at the default bounds: every hazard's \
      reachability with its shortest length. A broken file gives file, line, key and what was \
      expected, one line per problem, and exits 1.
      """)

  @Argument(help: "The scenario or revision file (YAML).")
  var file: String

  @Option(help: "Cores for a revision file's exploration, 0-64 (default 0: every core of this machine).")
  var jobs: Int = 0

  func validate() throws { try Limits.check(jobs, Limits.jobs, "jobs") }

  func run() throws {
    if RevisionLoader.isRevisionFile(path: file) {
      let r = try RevisionLoader.load(path: file)
      let present = r.allPrograms.filter { r.has($0.0) }
      let steps = present.map(\.1.steps.count).reduce(0, +)
      Out.line("\(file): ok: revision \(r.id)\(r.base.map { " (base \($0))" } ?? ""): \(r.jumpTable.states.count) states, \(r.jumpTable.events.count) events, \(steps) steps in \(present.count) handlers")
      let v = Verdicts.explore(r, jobs: jobs == 0 ? ProcessInfo.processInfo.activeProcessorCount : jobs)
      Out.line("Verdicts at the default bounds (\(v.boundsText), \(v.states) states):")
      Out.text(v.table())
      return
    }
    let s = try ScenarioParser.load(path: file)
    // Its own questions: exactly one answer holds on its own revision.
    let own = try s.run(on: resolveRevision(s.revision))
    let problems = Quiz.problems(in: s, run: own)
    if !problems.isEmpty {
      throw CLIError(problems.map { "\(file): key '\($0.prefix { $0 != ":" })':\($0.drop { $0 != ":" }.dropFirst())" }.joined(separator: "\n"))
    }
    let chapters = s.steps.compactMap(\.chapter)
    let asks = s.steps.filter { $0.ask != nil }.count
    Out.line("\(file): ok: \"\(s.title)\", \(s.steps.count) steps, \(chapters.count) chapters\(asks > 0 ? ", \(asks) question\(asks == 1 ? "" : "s")" : ""), told on \(s.revision)")
    for r in Revisions.all {
      let run = try s.run(on: r)
      let hazards = run.hazards.map(\.id).joined(separator: ", ")
      let skipped = run.remarks.filter { $0.contains("skipped") }.count
      Out.line("  \(SafeText.pad(r.id, 8)) \(run.steps.count) steps, hazards: \(hazards.isEmpty ? "none" : hazards)\(skipped > 0 ? ", \(skipped) scenario steps do not apply" : "")")
    }
  }
}

struct ShowCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show", abstract: "Print a shipped scenario file, to copy as a starting point.")

  @Argument(help: "A scenario name (see `ccwviz list scenarios`).")
  var scenario: String

  func run() throws {
    _ = try ScenarioCatalog.named(scenario)
    guard let text = ScenarioCatalog.source(scenario) else { throw SimulationError.unknownScenario(scenario) }
    Out.text(text)
  }
}
