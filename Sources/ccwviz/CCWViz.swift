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
      var command = try parseAsRoot(joiningNegativeValues(Array(CommandLine.arguments.dropFirst())))
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

/// `--jobs -1` as `--jobs=-1`: argument-parser reads a value that starts with a dash as an
/// option and says "Missing value", while the joined form reaches the option's range check,
/// which names the range. Only a dash followed by a digit is joined, so no flag is eaten.
func joiningNegativeValues(_ arguments: [String]) -> [String] {
  var out: [String] = []
  var i = 0
  while i < arguments.count {
    let a = arguments[i]
    if a == "--" { return out + arguments[i...] }
    if a.hasPrefix("--"), !a.contains("="), i + 1 < arguments.count {
      let next = arguments[i + 1]
      if next.count > 1, next.first == "-", next.dropFirst().first?.isNumber == true {
        out.append(a + "=" + next)
        i += 2
        continue
      }
    }
    out.append(a)
    i += 1
  }
  return out
}
