import Foundation
import Simulation

/// The shipped revisions (the YAML files in Sources/RevisionFiles/Revisions, copied beside the
/// binary at build time), and lookup of a revision by name or path.
public enum Revisions {
  /// The order `list revisions` shows, oldest first; files not named here follow by name.
  /// Proposals sit with their year; the newest kernel comes last.
  public static let order = ["v5.2", "v5.3", "seed-v3", "huck-queue", "v5.13", "v6.0", "v6.6.153"]

  /// The folder holding the shipped revision files, if it can be found.
  public static let folder: String? = ShippedFolder.find(
    bundle: "ccwviz_RevisionFiles.resources", folder: "Revisions", environment: "CCWVIZ_REVISIONS")

  /// The shipped files by revision id (a file's name is its id).
  static let shippedPaths: [String: String] = {
    guard let folder, let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [:] }
    var out: [String: String] = [:]
    for n in names where n.hasSuffix(".yaml") { out[String(n.dropLast(5))] = (folder as NSString).appendingPathComponent(n) }
    return out
  }()

  /// The ids of the shipped revisions in `list` order.
  static let shippedIDs: [String] = {
    let ids = Array(shippedPaths.keys)
    return order.filter(ids.contains) + ids.filter { !order.contains($0) }.sorted()
  }()

  /// Every shipped revision, loaded in order (a file may name an earlier one as its base).
  /// A shipped file that does not load is a build mistake the tests catch (`loadErrors`).
  static var shipped: [Revision] { loaded.revisions }

  /// Problems with shipped files, by file (empty in a good build).
  public static var loadErrors: [String: RevisionFileError] { loaded.errors }

  private static let loaded = loadShipped()

  private static func loadShipped() -> (revisions: [Revision], errors: [String: RevisionFileError]) {
    var out: [Revision] = []
    var errors: [String: RevisionFileError] = [:]
    for id in shippedIDs {
      guard let path = shippedPaths[id], let data = FileManager.default.contents(atPath: path) else { continue }
      do {
        let spec = try RevisionFileParser.parse(String(decoding: data, as: UTF8.self), file: path)
        out.append(try buildShipped(spec, path: path, loaded: out))
      } catch {
        errors[path] = error
      }
    }
    return (out, errors)
  }

  /// Shipped files name shipped bases, which are loaded already (they come earlier in order).
  private static func buildShipped(_ spec: RevisionSpec, path: String, loaded: [Revision]) throws(RevisionFileError) -> Revision {
    try RevisionLoader.build(spec, path: path, chain: [path], shipped: loaded)
  }

  /// The shipped revisions, oldest first.
  public static var all: [Revision] { shipped }

  /// A shipped revision by id.
  public static func named(_ id: String) throws(SimulationError) -> Revision {
    guard let r = shipped.first(where: { $0.id == id }) else {
      throw .unknownRevision(id, known: shipped.map(\.id))
    }
    return r
  }

  /// Whether a name is a path to a file rather than a shipped revision's id.
  public static func isPath(_ name: String) -> Bool {
    name.contains("/") || name.hasSuffix(".yaml") || name.hasSuffix(".yml")
  }

  /// A shipped revision by id, or a revision file by path.
  public static func resolve(_ nameOrPath: String) throws -> Revision {
    if isPath(nameOrPath) { return try RevisionLoader.load(path: nameOrPath) }
    if shipped.isEmpty && folder == nil {
      throw SimulationError.invalid(
        "the shipped revisions were not found beside the binary (ccwviz_RevisionFiles.resources); "
          + "set CCWVIZ_REVISIONS to their folder, or give a path to a revision file")
    }
    return try named(nameOrPath)
  }

  /// The text of a shipped revision file, to copy as a starting point.
  public static func source(_ id: String) -> String? {
    shippedPaths[id].flatMap { FileManager.default.contents(atPath: $0) }.map { String(decoding: $0, as: UTF8.self) }
  }
}

/// The shipped revisions by name, for code and tests that mean one in particular. A missing
/// shipped file is a broken build: these stop the program rather than guess.
extension Revisions {
  public static var v5_2: Revision { shippedOrDie("v5.2") }
  public static var v5_3: Revision { shippedOrDie("v5.3") }
  public static var seedV3: Revision { shippedOrDie("seed-v3") }
  public static var v5_13: Revision { shippedOrDie("v5.13") }
  public static var v6_0: Revision { shippedOrDie("v6.0") }

  private static func shippedOrDie(_ id: String) -> Revision {
    guard let r = shipped.first(where: { $0.id == id }) else {
      fatalError("the shipped revision \(id) did not load: \(loadErrors.values.map(\.description).joined(separator: "; "))")
    }
    return r
  }
}

extension Scenario {
  /// Tells the story on the revision it names.
  public func run() throws -> Run { try run(on: Revisions.resolve(revision)) }
}

extension Runner {
  /// Replays a trace on the revision it names.
  public static func replay(_ trace: Trace, strict: Bool = true) throws -> Run {
    try replay(trace, on: Revisions.resolve(trace.revision), strict: strict)
  }
}
