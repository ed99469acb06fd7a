import ArgumentParser
import Foundation
import Reports
import SafeText

struct MergeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge",
    abstract: "Combine `explore --format json` results of one question (e.g. a swarm's members).",
    discussion: """
      Prints one JSON document of explore's shape (plus `runs` and `members`). Every file must \
      answer the same question (revision and bounds), and each run may be given once. A hazard \
      is found if any run found it, with the shortest trace among them; a complete (not \
      bitstate) run makes the merge complete; bitstate coverage bounds combine as \
      1 - prod(1 - c). Example, 4 members on 2 cores with GNU parallel: \
      parallel -j2 ccwviz explore --revision v6.0 --bitstate --swarm {}/4 --format json '>' m{}.json ::: 1 2 3 4; \
      ccwviz merge m*.json
      """)

  @Argument(help: "explore --format json files.")
  var files: [String]

  func run() throws {
    guard !files.isEmpty else { throw ValidationError("give at least one explore --format json file") }
    var documents: [(name: String, data: Data)] = []
    for f in files {
      guard let data = FileManager.default.contents(atPath: f) else {
        throw CLIError("cannot read \(SafeText.excerpt(f))")
      }
      guard data.count < 64 << 20 else { throw CLIError("\(SafeText.excerpt(f)) is larger than 64 MiB") }
      documents.append((SafeText.excerpt(f), data))
    }
    do { Out.json(try ExploreReport.merge(documents)) } catch { throw CLIError(error.description) }
  }
}
