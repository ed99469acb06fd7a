import Foundation
import Testing

/// A scenario whose title and captions try to drive the terminal (clear the screen, retitle
/// the window, reverse the text) must reach no output as control characters or bidi
/// overrides: not the text, not JSON, not an export, not an error message.
@Suite struct HostileOutputTests {
  static let hostile = "T \\u001b[2J\\u001b]0;pwned\\u0007 \\u202Eevil\\u202C \\u009B31m \\u2066x\\u2069"

  /// A folder holding `hostile.yaml` (and a broken one that echoes itself into its error).
  static let folder: URL = {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ccwviz-hostile-\(UUID())")
    try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let scenario = """
      name: hostile
      title: "\(hostile)"
      description: "\(hostile)"
      race: "\(hostile)"
      revision: v5.3
      steps:
        - do: start@1
          until: return
          caption: "\(hostile)"
          chapter: "\(hostile)"
        - do: hw:start-begins
          caption: "\(hostile)"
        - do: start@2
          until: return
      """
    try! Data(scenario.utf8).write(to: dir.appendingPathComponent("hostile.yaml"))
    let badChoice = """
      title: ok
      revision: v5.3
      steps:
        - do: "\(hostile)"
      """
    try! Data(badChoice.utf8).write(to: dir.appendingPathComponent("bad-choice.yaml"))
    let badKey = "title: ok\nrevision: v5.3\n\"\(hostile)\": 1\nsteps:\n  - do: start@1\n"
    try! Data(badKey.utf8).write(to: dir.appendingPathComponent("bad-key.yaml"))
    let badRevision = "title: ok\nrevision: \"\(hostile)\"\nsteps:\n  - do: start@1\n"
    try! Data(badRevision.utf8).write(to: dir.appendingPathComponent("bad-revision.yaml"))
    // A trace whose title, captions, choice and revision are hostile.
    let trace = """
      {"format": "ccwviz-trace", "version": 1, "revision": "v5.3", "title": "\(hostile)",
       "configuration": {"cpus": 2}, "choices": ["start@1", "step@1"], "captions": {"1": "\(hostile)"}}
      """
    try! Data(trace.utf8).write(to: dir.appendingPathComponent("hostile.json"))
    try! Data(trace.replacingOccurrences(of: "\"step@1\"", with: "\"\(hostile)\"").utf8)
      .write(to: dir.appendingPathComponent("bad-choice.json"))
    try! Data(trace.replacingOccurrences(of: "\"v5.3\"", with: "\"\(hostile)\"").utf8)
      .write(to: dir.appendingPathComponent("bad-revision.json"))
    return dir
  }()

  static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

  /// ESC, BEL, any other C0 but newline and tab, DEL, C1 and the bidi overrides.
  static func unsafeScalars(_ s: String) -> [UInt32] {
    s.unicodeScalars.map(\.value).filter { v in
      (v < 0x20 && v != 0x0A && v != 0x09) || (0x7F...0x9F).contains(v)
        || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }
  }

  static func expectClean(_ args: [String], status: Int32? = 0, _ comment: Comment? = nil) throws -> CLITests.Result {
    let r = try CLITests.ccwviz(args, environment: ["CCWVIZ_SCENARIOS": folder.path])
    if let status { #expect(r.status == status, "\(args): exit \(r.status), \(r.err.prefix(300))") }
    #expect(unsafeScalars(r.out).isEmpty, "\(args): stdout has \(unsafeScalars(r.out).prefix(5))")
    #expect(unsafeScalars(r.err).isEmpty, "\(args): stderr has \(unsafeScalars(r.err).prefix(5))")
    return r
  }

  @Test func theHostileFileIsRealAndPrintsTheTitle() throws {
    // The fixture does carry the characters: the scenario parses and its title is told.
    let r = try Self.expectClean(["check", Self.path("hostile.yaml")])
    #expect(r.out.contains("T ?[2J?]0;pwned?"))
  }

  @Test func run() throws {
    let r = try Self.expectClean(["run", "--scenario", Self.path("hostile.yaml")])
    #expect(r.out.contains("pwned"))
  }

  @Test func runJSONEscapesInsteadOfDropping() throws {
    let r = try Self.expectClean(["run", "--scenario", Self.path("hostile.yaml"), "--format", "json"])
    #expect(r.out.contains("\\u001b[2J"))
    #expect(r.out.contains("\\u202e") || r.out.contains("\\u202E"))
    // Still valid JSON that round-trips to the original characters.
    let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
    #expect((doc["title"] as? String)?.contains("\u{1B}[2J\u{1B}]0;pwned\u{07}") == true)
    #expect((doc["title"] as? String)?.contains("\u{202E}evil") == true)
  }

  @Test func runATrace() throws {
    _ = try Self.expectClean(["run", "--trace", Self.path("hostile.json")])
    _ = try Self.expectClean(["run", "--trace", Self.path("hostile.json"), "--format", "json"])
  }

  @Test func compare() throws {
    _ = try Self.expectClean(["compare", "--revisions", "v5.3,v6.0", "--scenario", Self.path("hostile.yaml")])
    _ = try Self.expectClean(["compare", "--revisions", "v5.3,v6.0", "--scenario", Self.path("hostile.yaml"), "--format", "json"])
  }

  @Test func showAndList() throws {
    let r = try Self.expectClean(["show", "hostile"])
    #expect(r.out.contains("pwned"))
    _ = try Self.expectClean(["list", "scenarios"])
  }

  @Test(arguments: ["kernel", "mermaid", "dot", "json", "cast"])
  func exports(format: String) throws {
    let r = try Self.expectClean(["export", "--scenario", Self.path("hostile.yaml"), "--format", format])
    #expect(!r.out.isEmpty)
    if format == "cast" {
      // The header's title and the marker labels are neutralised, not merely escaped.
      let lines = r.out.split(separator: "\n")
      #expect(lines.first?.contains("pwned") == true)
      #expect(lines.first?.contains("\\u001b") == false)
      let markers = lines.filter { $0.contains(", \"m\", ") }
      #expect(!markers.isEmpty)
      #expect(markers.allSatisfy { !$0.contains("\\u001b") && !$0.contains("\\u0007") })
    }
    let t = try Self.expectClean(["export", "--trace", Self.path("hostile.json"), "--format", format])
    #expect(!t.out.isEmpty)
  }

  @Test func tuiDump() throws {
    _ = try Self.expectClean(["tui", "--dump", "--scenario", Self.path("hostile.yaml")])
  }

  @Test(arguments: ["bad-choice.yaml", "bad-key.yaml", "bad-revision.yaml", "bad-choice.json", "bad-revision.json"])
  func errorMessagesQuoteAShortSafeExcerpt(file: String) throws {
    let flag = file.hasSuffix(".json") ? "--trace" : "--scenario"
    let r = try Self.expectClean(["run", flag, Self.path(file)], status: nil)
    #expect(r.status != 0)
    #expect(r.err.contains(file), "\(r.err)")
    if file.hasSuffix(".yaml") {
      _ = try Self.expectClean(["check", Self.path(file)], status: nil)
    }
  }

  @Test func aHugeValueIsCutInTheErrorMessage() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ccwviz-huge-\(UUID())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("huge.yaml")
    let big = String(repeating: "\\u001bx", count: 100_000)
    try Data("title: ok\nrevision: v5.3\nsteps:\n  - do: \"\(big)\"\n".utf8).write(to: file)
    let r = try Self.expectClean(["check", file.path], status: 1)
    #expect(r.err.count < 1000, "\(r.err.count) characters")
    #expect(r.err.contains("…"))
  }
}
