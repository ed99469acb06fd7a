import Foundation
import Testing

/// The README's examples run as written: every command line of its tour (with the built
/// binary for `swift run ccwviz`), in a fresh folder, in order; and its screenshot is what
/// the command it names prints.
@Suite struct ReadmeTests {
  static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../README.md").standardized

  /// The lines of the first fenced block after `heading`.
  static func block(after heading: String, in text: String) throws -> [String] {
    let lines = text.components(separatedBy: "\n")
    let h = try #require(lines.firstIndex(of: heading), "README has no '\(heading)'")
    let open = try #require(lines[h...].firstIndex { $0.hasPrefix("```") })
    let close = try #require(lines[(open + 1)...].firstIndex { $0.hasPrefix("```") })
    return Array(lines[(open + 1)..<close])
  }

  /// Runs the binary with `args` in `dir`; status and standard output.
  static func run(_ args: [String], in dir: URL) throws -> (Int32, String) {
    let p = Process()
    p.executableURL = CLITests.binary
    p.arguments = args
    p.currentDirectoryURL = dir
    let outURL = dir.appendingPathComponent(".out-\(UUID())")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: outURL) }
    let out = try FileHandle(forWritingTo: outURL)
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    p.standardInput = FileHandle.nullDevice
    try p.run()
    p.waitUntilExit()
    try out.close()
    return (p.terminationStatus, String(decoding: try Data(contentsOf: outURL), as: UTF8.self))
  }

  @Test func theTourRunsAsWritten() throws {
    let text = try String(contentsOf: Self.readme, encoding: .utf8)
    #expect(text.contains("swift run ccwviz "))
    #expect(text.contains("swift test"))
    let commands = try Self.block(after: "## A five-minute tour", in: text)
      .map { $0.components(separatedBy: " #").first!.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }
    #expect(commands.count >= 5)
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ccwviz-tour-\(UUID())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    for line in commands {
      #expect(line.hasPrefix("swift run ccwviz "), "\(line)")
      let args = line.dropFirst("swift run ccwviz ".count).split(separator: " ").map(String.init)
      let (status, out) = try Self.run(args, in: dir)
      #expect(status == 0, "\(line) exited \(status)")
      #expect(!out.isEmpty, "\(line) printed nothing")
    }
  }

  @Test func theScreenshotIsWhatItsCommandPrints() throws {
    let text = try String(contentsOf: Self.readme, encoding: .utf8)
    let shot = try Self.block(after: "## What it looks like", in: text).joined(separator: "\n")
    let (status, out) = try Self.run(
      ["tui", "--dump", "--step", "33", "--size", "100x30"], in: FileManager.default.temporaryDirectory)
    #expect(status == 0)
    #expect(out.trimmingCharacters(in: .newlines) == shot)
    #expect(text.contains("`swift run ccwviz tui --dump --step 33 --size 100x30`"))
  }
}
