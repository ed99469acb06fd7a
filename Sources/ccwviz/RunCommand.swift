import ArgumentParser
import Foundation
import Reports
import ScenarioFiles
import RevisionFiles
import Simulation

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json
}

struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run a scenario, a random schedule or a trace, and print it.",
    discussion: """
      Exactly one of --scenario S, --random --seed N, --trace FILE (default: --scenario seed-b). \
      A run that finds hazards still exits 0; bad arguments or files exit non-zero.
      """)

  @OptionGroup var schedule: ScheduleOptions

  @Option(help: "Output format: text (lanes) or json.")
  var format: OutputFormat = .text

  @Option(help: "Also save the run as a trace file (JSON) that --trace replays.")
  var save: String?

  func run() throws {
    let run = try schedule.makeRun()
    switch format {
    case .text: print(TextReport.render(run), terminator: "")
    case .json: print(JSONReport.render(run), terminator: "")
    }
    if let save {
      do {
        try run.trace.jsonData().write(to: URL(fileURLWithPath: save))
      } catch {
        throw ValidationError("cannot write the trace to \(save): \(error.localizedDescription)")
      }
    }
  }
}

struct ListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "List revisions or scenarios.")

  enum What: String, ExpressibleByArgument, CaseIterable {
    case revisions, scenarios
  }

  @Argument(help: "revisions or scenarios")
  var what: What

  func run() {
    switch what {
    case .revisions:
      for r in Revisions.all {
        print("\(r.id.padding(toLength: max(9, Revisions.all.map(\.id.count).max() ?? 0), withPad: " ", startingAt: 0)) \(r.kernels.padding(toLength: 24, withPad: " ", startingAt: 0)) \(r.summary)")
      }
    case .scenarios:
      for s in ScenarioCatalog.builtins {
        let race = s.race.map { " [\($0)]" } ?? ""
        print("\(s.name.padding(toLength: 24, withPad: " ", startingAt: 0)) \(s.title)\(race) (default \(s.revision))")
      }
    }
  }
}
