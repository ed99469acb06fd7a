import Foundation
import RevisionFiles
import Simulation

/// The shipped scenarios (the YAML files in Sources/ScenarioFiles/Scenarios, copied beside the
/// binary at build time), and lookup of a scenario by name or path.
public enum ScenarioCatalog {
  /// The order `list scenarios` shows; files not named here follow alphabetically.
  public static let order = [
    "seed-a", "seed-b", "cp-freed-while-built", "early-idle-leak", "lost-status-halt",
    "lost-status-unsolicited", "notoper-overwritten", "kchp-halt-start", "second-start-idles",
    "intermediate-status", "kchp-cancel-stuck", "reset-during-start", "close-after-halt",
  ]

  /// The folder holding the shipped scenario files, if it can be found.
  public static let folder: String? = ShippedFolder.find(
    bundle: "ccwviz_ScenarioFiles.resources", folder: "Scenarios", environment: "CCWVIZ_SCENARIOS")

  /// Every scenario in the folder, parsed, and the files that did not parse, each with its
  /// error. A broken file never hides the others (every file is bounded in size and alias
  /// expansion, so none can hang the rest either).
  public static let catalog: (scenarios: [Scenario], broken: [ScenarioFileError]) = {
    guard let folder, let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return ([], []) }
    let files = names.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }
    let sorted = order.filter(files.contains) + files.filter { !order.contains($0) }.sorted()
    var scenarios: [Scenario] = []
    var broken: [ScenarioFileError] = []
    for name in sorted {
      do throws(ScenarioFileError) { scenarios.append(try ScenarioParser.load(path: path(of: name, in: folder))) } catch { broken.append(error) }
    }
    return (scenarios, broken)
  }()

  /// The scenarios of the folder that parse.
  public static var builtins: [Scenario] { catalog.scenarios }

  /// The files of the folder that do not parse, each with file, line and what was wrong.
  public static var broken: [ScenarioFileError] { catalog.broken }

  private static func path(of name: String, in folder: String) -> String {
    (folder as NSString).appendingPathComponent("\(name).yaml")
  }

  /// The text of a shipped scenario file, to copy as a starting point.
  public static func source(_ name: String) -> String? {
    guard let folder else { return nil }
    return FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent("\(name).yaml"))
      .map { String(decoding: $0, as: UTF8.self) }
  }

  /// A shipped scenario by name, or a scenario file by path (with a '/' or ending in .yaml).
  public static func named(_ nameOrPath: String) throws -> Scenario {
    if nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml") {
      return try ScenarioParser.load(path: nameOrPath)
    }
    // The file of that name first: its own error when it is broken, and no other file read.
    if let folder, FileManager.default.fileExists(atPath: path(of: nameOrPath, in: folder)) {
      let s = try ScenarioParser.load(path: path(of: nameOrPath, in: folder))
      if s.name == nameOrPath { return s }
    }
    if let s = builtins.first(where: { $0.name == nameOrPath }) { return s }
    if folder == nil {
      throw SimulationError.invalid(
        "the shipped scenarios were not found beside the binary (ccwviz_ScenarioFiles.resources); "
          + "set CCWVIZ_SCENARIOS to their folder, or give a path to a .yaml file")
    }
    throw SimulationError.unknownScenario(nameOrPath)
  }
}
