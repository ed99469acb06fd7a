import ArgumentParser
import Foundation
import Reports
import SafeText
import ScenarioFiles
import Simulation
import Visualizer

struct CompareCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compare",
    abstract: "Tell one schedule on two revisions side by side, marking where they diverge.")

  @Option(help: "Two revisions, comma-separated, e.g. v5.3,seed-v3.")
  var revisions: String

  @OptionGroup var story: StoryOptions
  @OptionGroup var output: FormatOption

  func validate() throws {
    if (story.scenario == nil) == (story.trace == nil) { throw ValidationError("give exactly one of --scenario and --trace") }
  }

  func run() throws {
    let ids = revisions.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
    guard ids.count == 2 else {
      throw ValidationError("--revisions takes two revisions, e.g. v5.3,seed-v3; got '\(SafeText.excerpt(revisions))'")
    }
    let a = try story.run(on: resolveRevision(ids[0]))!
    let b = try story.run(on: resolveRevision(ids[1]))!
    let c = Comparison(a, b)
    if output.format == .json { Out.json(c.json()) } else { Out.text(c.text()) }
  }
}

struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Export a run: kernel (commit-message CPU diagram), mermaid, json (trace), dot (FSM), cast (asciinema), svg (the lanes for slides).")

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case kernel, mermaid, json, dot, cast, svg
  }

  @OptionGroup var revision: RevisionOption
  @OptionGroup var story: StoryOptions

  @Option(help: "kernel, mermaid, json, dot, cast or svg.")
  var format: Format

  @Option(help: "Write here instead of standard output.")
  var output: String?

  @Option(help: "cast: seconds between steps, 0.01-3600.")
  var delay: Double = 1.5

  @Option(help: "cast and svg: theme name or path (default: cast default, svg light).")
  var theme: String?

  @Option(help: "cast: screen size, WIDTHxHEIGHT (20-1000 x 5-500).")
  var size: String = "120x40"

  func validate() throws {
    if (story.scenario == nil) == (story.trace == nil) { throw ValidationError("give exactly one of --scenario and --trace") }
    try Limits.check(delay, Limits.delay, "delay")
    _ = try Limits.size(size)
  }

  func run() throws {
    let run = try story.run(on: revision.resolved())!
    let text: String
    switch format {
    case .kernel: text = SafeText.terminal(KernelDiagram.render(run))
    case .mermaid: text = SafeText.terminal(MermaidDiagram.render(run))
    case .json: text = SafeText.json(String(decoding: run.trace.jsonData(), as: UTF8.self) + "\n")
    case .dot: text = SafeText.terminal(FSMGraph.render(run))
    case .cast:
      let (w, h) = try Limits.size(size)
      let t = try TUICommand.theme(theme ?? "default")
      text = SafeCast.neutralise(CastRecording.render(run, theme: t, width: w, height: h, delay: delay))
    case .svg:
      text = SVGTimeline.render(run, theme: try TUICommand.theme(theme ?? "light"))
    }
    if let output {
      try writeFile(Data(text.utf8), to: output)
    } else {
      print(text, terminator: "")
    }
  }
}
