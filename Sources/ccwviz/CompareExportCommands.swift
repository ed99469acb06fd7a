import ArgumentParser
import Foundation
import Reports
import ScenarioFiles
import RevisionFiles
import Simulation
import Visualizer

/// A schedule to tell: a scenario (name or file) or a trace file.
struct StorySource: ParsableArguments {
  @Option(help: "A shipped scenario's name, or a scenario file (.yaml).")
  var scenario: String?

  @Option(help: "A trace file (JSON).")
  var trace: String?

  func validate() throws {
    if (scenario == nil) == (trace == nil) { throw ValidationError("give exactly one of --scenario and --trace") }
  }

  /// The story told on a revision (a trace is replayed as far as it applies).
  func run(on revision: Revision?) throws -> Run {
    if let scenario {
      let s = try ScenarioCatalog.named(scenario)
      return try s.run(on: revision ?? ccwviz.revision(of: s))
    }
    let t = try Trace.load(path: trace!)
    let own = try ccwviz.revision(of: t, file: trace!)
    return try Runner.replay(t, on: revision ?? own, strict: revision == nil || revision === own)
  }
}

struct CompareCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compare",
    abstract: "Tell one schedule on two revisions side by side, marking where they diverge.")

  @Option(help: "Two revisions, comma-separated, e.g. v5.3,seed-v3.")
  var revisions: String

  @OptionGroup var story: StorySource

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  func run() throws {
    let ids = revisions.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
    guard ids.count == 2 else { throw ValidationError("--revisions takes two revisions, e.g. v5.3,seed-v3; got '\(revisions)'") }
    let a = try story.run(on: resolveRevision(ids[0]))
    let b = try story.run(on: resolveRevision(ids[1]))
    let c = Comparison(a, b)
    print(format == .json ? c.json() : c.text(), terminator: "")
  }
}

struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Export a run: kernel (commit-message CPU diagram), mermaid, json (trace), dot (FSM), cast (asciinema).")

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case kernel, mermaid, json, dot, cast
  }

  @Option(help: "Driver revision (default: the scenario's or the trace's).")
  var revision: String?

  @OptionGroup var story: StorySource

  @Option(help: "kernel, mermaid, json, dot or cast.")
  var format: Format

  @Option(help: "Write here instead of standard output.")
  var output: String?

  @Option(help: "cast: seconds between steps.")
  var delay: Double = 1.5

  @Option(help: "cast: theme name or path.")
  var theme: String = "default"

  @Option(help: "cast: screen size, WIDTHxHEIGHT.")
  var size: String = "120x40"

  func run() throws {
    let rev = try revision.map { try resolveRevision($0) }
    let run = try story.run(on: rev)
    let text: String
    switch format {
    case .kernel: text = KernelDiagram.render(run)
    case .mermaid: text = MermaidDiagram.render(run)
    case .json: text = String(decoding: run.trace.jsonData(), as: UTF8.self) + "\n"
    case .dot: text = FSMGraph.render(run)
    case .cast:
      let parts = size.lowercased().split(separator: "x").compactMap { Int($0) }
      guard parts.count == 2, parts[0] >= 20, parts[1] >= 5 else {
        throw ValidationError("--size must be WIDTHxHEIGHT, e.g. 120x40; got '\(size)'")
      }
      guard delay > 0 else { throw ValidationError("--delay must be more than 0") }
      let t = try ThemeLoader.load(theme, searchPaths: TUICommand.themeFolders())
      text = CastRecording.render(run, theme: t, width: parts[0], height: parts[1], delay: delay)
    }
    if let output {
      do { try text.write(toFile: output, atomically: true, encoding: .utf8) } catch {
        throw ValidationError("cannot write \(output): \(error.localizedDescription)")
      }
    } else {
      print(text, terminator: "")
    }
  }
}
