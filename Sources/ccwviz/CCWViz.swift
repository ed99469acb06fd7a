import ArgumentParser
import Foundation
import RevisionFiles
import SafeText

@main
struct CCWViz: ParsableCommand {

  static let configuration = CommandConfiguration(
    commandName: "ccwviz",
    abstract: "Visualize, simulate and find races in the Linux s390 vfio-ccw I/O path.",
    discussion: """
      Revisions: \(Revisions.order.joined(separator: ", ")), or a revision file (docs/revisions.md). \
      `ccwviz list revisions|scenarios` shows them; `ccwviz diff A B` compares two. \
      Shell completion: `ccwviz --generate-completion-script bash` (or zsh, fish).
      """,
    subcommands: [TUICommand.self, RunCommand.self, CompareCommand.self, ExportCommand.self, CoverageCommand.self, ExploreCommand.self, MergeCommand.self, HuntCommand.self, ShrinkCommand.self, CheckCommand.self, DiffCommand.self, ShowCommand.self, ListCommand.self, BenchCommand.self],
    defaultSubcommand: TUICommand.self)

  /// argument-parser's main, with every message made safe to print: an error that quotes a
  /// file (a title, a choice, a key) must not drive the terminal either.
  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      let code = exitCode(for: error)
      let message = fullMessage(for: error)
      if code == .success {
        if !message.isEmpty { print(SafeText.terminal(message)) }
      } else if !message.isEmpty {
        FileHandle.standardError.write(Data((Out.message(message) + "\n").utf8))
      }
      Foundation.exit(code.rawValue)
    }
  }
}
