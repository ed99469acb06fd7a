import Foundation
import Synchronization
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

  /// Whether the shipped files were found (without loading them).
  public static var hasShippedFiles: Bool { !shippedIDs.isEmpty }

  /// Every shipped revision, in `list` order. A shipped file that does not load is a build
  /// mistake the tests catch (`loadErrors`).
  static var shipped: [Revision] {
    shippedIDs.compactMap { id in
      if case .success(let r) = load(id) { return r }
      return nil
    }
  }

  /// Problems with shipped files, by file (empty in a good build).
  public static var loadErrors: [String: RevisionFileError] {
    var errors: [String: RevisionFileError] = [:]
    for id in shippedIDs {
      if case .failure(let e) = load(id) { errors[shippedPaths[id] ?? id] = e }
    }
    return errors
  }

  /// Shipped revisions loaded so far, by id.
  private static let cache = Mutex<[String: Result<Revision, RevisionFileError>]>([:])

  /// One shipped revision, parsed on first use together with the bases it names, and kept:
  /// a command that names one revision need not parse all seven files (v5.2 alone: 5 ms
  /// sooner to an explore's first level). nil: no shipped file has this id. `chain`: the files that base on it, being
  /// loaded (to refuse a cycle).
  static func load(_ id: String, chain: [String] = []) -> Result<Revision, RevisionFileError>? {
    if let known = cache.withLock({ $0[id] }) { return known }
    guard let path = shippedPaths[id] else { return nil }
    let result: Result<Revision, RevisionFileError>
    if let data = FileManager.default.contents(atPath: path) {
      do {
        let spec = try RevisionFileParser.parse(String(decoding: data, as: UTF8.self), file: path)
        result = .success(try RevisionLoader.build(spec, path: path, chain: chain + [path]))
      } catch {
        result = .failure(error)
      }
    } else {
      result = .failure(RevisionFileError(file: path, line: nil, key: nil, "cannot be read"))
    }
    // Two threads may load the same file at once; the first one kept is everyone's.
    return cache.withLock { cache in
      if let first = cache[id] { return first }
      cache[id] = result
      return result
    }
  }

  /// The shipped revisions, oldest first.
  public static var all: [Revision] { shipped }

  /// A shipped revision by id.
  public static func named(_ id: String) throws(SimulationError) -> Revision {
    switch load(id) {
    case .success(let r): return r
    // A broken build (the tests catch it), or a copied folder someone edited.
    case .failure(let error): throw .invalid("the shipped revision \(id) does not load: \(error.description)")
    case nil: throw .unknownRevision(id, known: shippedIDs)
    }
  }

  /// Whether a name is a path to a file rather than a shipped revision's id.
  public static func isPath(_ name: String) -> Bool {
    name.contains("/") || name.hasSuffix(".yaml") || name.hasSuffix(".yml")
  }

  /// A shipped revision by id, or a revision file by path.
  public static func resolve(_ nameOrPath: String) throws -> Revision {
    if isPath(nameOrPath) { return try RevisionLoader.load(path: nameOrPath) }
    if !hasShippedFiles && folder == nil {
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
    guard case .success(let r) = load(id) else {
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
