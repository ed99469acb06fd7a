import Foundation
import SafeText
import Simulation

/// Turns revision files into revisions: resolves `base`, applies the file's changes to the
/// base's table and handlers, then validates and compiles.
public enum RevisionLoader {
  /// How deep `base` chains may go (a cycle is reported before that).
  static let maxBaseDepth = 8

  /// Loads a revision file from a path.
  public static func load(path: String) throws(RevisionFileError) -> Revision {
    try load(path: path, chain: [])
  }

  /// Parses revision text; `file` names it in errors, and relative `base` paths start from
  /// its folder.
  public static func parse(_ yaml: String, file: String) throws(RevisionFileError) -> Revision {
    try build(try RevisionFileParser.parse(yaml, file: file), path: file, chain: [file])
  }

  static func load(path: String, chain: [String]) throws(RevisionFileError) -> Revision {
    guard let data = FileManager.default.contents(atPath: path) else {
      let exists = FileManager.default.fileExists(atPath: path)
      throw RevisionFileError(file: path, line: nil, key: nil, exists ? "cannot be read" : "no such file")
    }
    if data.count > RevisionFileParser.maxBytes {
      throw RevisionFileError(file: path, line: nil, key: nil, "the file is larger than 1 MB; a revision file is a few hundred lines")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw RevisionFileError(file: path, line: nil, key: nil, "not UTF-8 text")
    }
    return try build(try RevisionFileParser.parse(text, file: path), path: path, chain: chain + [path])
  }

  static func build(
    _ spec: RevisionSpec, path: String, chain: [String]
  ) throws(RevisionFileError) -> Revision {
    let file = spec.file
    func fail(_ line: Int?, _ key: String?, _ m: String) -> RevisionFileError {
      RevisionFileError(file: file, line: line, key: key, m)
    }
    var base: Revision?
    if let name = spec.base {
      if chain.count > maxBaseDepth { throw fail(spec.baseLine, "base", "base revisions nest deeper than \(maxBaseDepth)") }
      if Revisions.isPath(name) {
        let dir = (path as NSString).deletingLastPathComponent
        let full = name.hasPrefix("/") ? name : (dir as NSString).appendingPathComponent(name)
        let std = (full as NSString).standardizingPath
        if chain.contains(where: { ($0 as NSString).standardizingPath == std }) {
          throw fail(spec.baseLine, "base", "'\(SafeText.excerpt(name))' is this file or one that bases on it: a cycle")
        }
        do {
          base = try load(path: std, chain: chain)
        } catch {
          throw RevisionFileError(problems: [RevisionFileError.Problem(file: file, line: spec.baseLine, key: "base", message: "the base revision '\(SafeText.excerpt(name))' does not load:")] + error.problems)
        }
      } else {
        // A shipped base, loaded now if it was not yet (and refused if it bases, in the end,
        // on this file).
        if let shippedPath = Revisions.shippedPaths[name], chain.contains(shippedPath) {
          throw fail(spec.baseLine, "base", "'\(SafeText.excerpt(name))' is this file or one that bases on it: a cycle")
        }
        switch Revisions.load(name, chain: chain) {
        case .success(let b):
          base = b
        case .failure(let error):
          throw RevisionFileError(problems: [RevisionFileError.Problem(file: file, line: spec.baseLine, key: "base", message: "the base revision '\(SafeText.excerpt(name))' does not load:")] + error.problems)
        case nil:
          throw fail(spec.baseLine, "base", "unknown revision '\(SafeText.excerpt(name))'; expected one of: \(Revisions.shippedIDs.joined(separator: ", ")), or a path to a revision file")
        }
      }
    }

    // States, events and the jump table.
    let states = spec.states ?? base?.jumpTable.states
    let events = spec.events ?? base?.jumpTable.events
    guard let states, !states.isEmpty else { throw fail(nil, "states", "missing; expected the FSM states, e.g. [NOT_OPER, STANDBY, IDLE, CP_PROCESSING]") }
    guard let events, !events.isEmpty else { throw fail(nil, "events", "missing; expected the FSM events, e.g. [NOT_OPER, IO_REQ, INTERRUPT, ASYNC_REQ]") }
    var cells: [FSMState: [FSMEvent: FSMHandler]] = [:]
    if let t = base?.jumpTable {
      for s in t.states where states.contains(s) {
        for e in t.events where events.contains(e) { cells[s, default: [:]][e] = t.handler(s, e) }
      }
    }
    for (s, e, h, line) in spec.cells {
      guard states.contains(s) else { throw fail(line, "table.\(s.name)", "state \(s.name) is not in this revision's states") }
      guard events.contains(e) else { throw fail(line, "table.\(s.name).\(e.name)", "event \(e.name) is not in this revision's events") }
      cells[s, default: [:]][e] = h
    }
    var rows: [[FSMHandler]] = []
    for s in states {
      var row: [FSMHandler] = []
      for e in events {
        guard let h = cells[s]?[e] else { throw fail(nil, "table.\(s.name).\(e.name)", "missing; every state needs a handler for every event") }
        row.append(h)
      }
      rows.append(row)
    }
    let table = JumpTable(states: states, events: events, rows: rows)

    // Handlers.
    var programs: [ContextKind: Program] = [:]
    var problems: [RevisionFileError.Problem] = []
    for kind in ContextKind.allCases {
      let inherited = base?.program(kind)
      guard let h = spec.handlers[kind] else {
        if let inherited, !(kind.isOptional && inherited.steps.isEmpty) { programs[kind] = inherited } else if kind.isOptional {
          continue
        } else {
          problems.append(.init(file: file, line: nil, key: "handlers.\(kind.handlerKey)", message: "missing; a revision without a base defines every handler (\(ContextKind.allCases.map(\.handlerKey).joined(separator: ", ")))"))
        }
        continue
      }
      var steps = h.steps ?? inherited?.steps ?? []
      if h.steps == nil && inherited == nil {
        problems.append(.init(file: file, line: h.line, key: "handlers.\(kind.handlerKey).steps", message: "missing; without a base there is nothing to edit"))
        continue
      }
      for edit in h.edits {
        guard let i = steps.firstIndex(where: { $0.labels.contains(edit.label) }) else {
          let known = steps.flatMap(\.labels)
          problems.append(.init(file: file, line: edit.line, key: edit.key, message: "no step labelled '\(edit.label)'; expected one of: \(known.joined(separator: ", "))"))
          continue
        }
        switch edit.kind {
        case .insertBefore: steps.insert(contentsOf: edit.steps, at: i)
        case .insertAfter: steps.insert(contentsOf: edit.steps, at: i + 1)
        case .replace: steps.replaceSubrange(i...i, with: edit.steps)
        case .remove: steps.remove(at: i)
        }
      }
      let title = h.title ?? inherited?.title ?? kind.handlerKey
      programs[kind] = Program(title, steps)
    }
    if !problems.isEmpty { throw RevisionFileError(problems: problems) }

    do {
      return try Revision(
        id: spec.id, title: spec.title ?? base.map { "\(spec.id): \($0.title) with changes" } ?? spec.id,
        kernels: spec.kernels ?? (base.map { "proposed, on \($0.id)" } ?? "unknown"),
        summary: spec.summary ?? "", sources: spec.sources, base: spec.base, path: path,
        jumpTable: table, programs: programs)
    } catch {
      throw RevisionFileError(problems: error.problems.map {
        .init(file: file, line: $0.line, key: $0.key, message: $0.message)
      })
    }
  }
}

extension RevisionLoader {
  /// Whether a YAML file is a revision file (it has handlers, a base or a jump table) rather
  /// than a scenario. A file that does not parse is not one.
  public static func isRevisionFile(path: String) -> Bool {
    guard let data = FileManager.default.contents(atPath: path), data.count <= RevisionFileParser.maxBytes else { return false }
    let text = String(decoding: data, as: UTF8.self)
    // Top-level keys only: a scenario never has these.
    for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
      for key in ["handlers:", "base:", "table:", "states:"] where line.hasPrefix(key) { return true }
    }
    return false
  }
}
