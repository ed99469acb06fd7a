import ArgumentParser
import Foundation
import ScenarioFiles
import Simulation

struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Validate a scenario file and tell its story on every revision.",
    discussion: "A broken file gives file, line, key and what was expected, and exits 1.")

  @Argument(help: "The scenario file (YAML).")
  var file: String

  func run() throws {
    let s = try ScenarioParser.load(path: file)
    let chapters = s.steps.compactMap(\.chapter)
    Out.line("\(file): ok: \"\(s.title)\", \(s.steps.count) steps, \(chapters.count) chapters, told on \(s.revision)")
    for r in Revisions.all {
      let run = try s.run(on: r)
      let hazards = run.hazards.map(\.id).joined(separator: ", ")
      let skipped = run.remarks.filter { $0.contains("skipped") }.count
      Out.line("  \(r.id.padding(toLength: 8, withPad: " ", startingAt: 0)) \(run.steps.count) steps, hazards: \(hazards.isEmpty ? "none" : hazards)\(skipped > 0 ? ", \(skipped) scenario steps do not apply" : "")")
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
