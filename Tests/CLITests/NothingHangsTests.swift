import Foundation
import Testing

/// Files that used to hang or blow up: alias bombs, a huge caption, a huge file, a broken
/// file beside good ones. Each finishes in under a second with a clear answer.
@Suite struct NothingHangsTests {
  static let dir: URL = {
    let d = FileManager.default.temporaryDirectory.appendingPathComponent("ccwviz-hang-\(UUID())")
    try! FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
    return d
  }()

  static func write(_ name: String, _ text: String) -> String {
    let url = dir.appendingPathComponent(name)
    try! Data(text.utf8).write(to: url)
    return url.path
  }

  /// Aliases used as mapping keys, each level three times the last: 13 levels took 9 s.
  static let aliasKeyBomb: String = {
    var lines = ["a0: &a0 {x: 1, y: 2}"]
    for i in 1...13 { lines.append("a\(i): &a\(i) {? *a\(i - 1) : 1, ? [*a\(i - 1)] : 2, ? [*a\(i - 1), 0] : 3}") }
    return (lines + ["title: t", "revision: v5.3", "steps:", "  - do: start@1"]).joined(separator: "\n") + "\n"
  }()

  static let billionLaughs: String = {
    var lines = ["title: t", "revision: v5.3", "description: &l0 lol"]
    for i in 1...9 { lines.append("x\(i): &l\(i) [" + Array(repeating: "*l\(i - 1)", count: 10).joined(separator: ", ") + "]") }
    return (lines + ["steps:", "  - do: start@1"]).joined(separator: "\n") + "\n"
  }()

  static func timed(_ args: [String], environment: [String: String] = [:]) throws -> (CLITests.Result, Double) {
    let clock = ContinuousClock()
    var r: CLITests.Result?
    let d = try clock.measure { r = try CLITests.ccwviz(args, environment: environment) }
    return (r!, Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
  }

  @Test(arguments: ["check", "run"])
  func theAliasKeyBombFailsFast(command: String) throws {
    let file = Self.write("bomb.yaml", Self.aliasKeyBomb)
    let (r, s) = try Self.timed(command == "check" ? ["check", file] : ["run", "--scenario", file])
    #expect(s < 1, "\(s) s")
    #expect(r.status == 1)
    #expect(r.err.contains("\(file):2: a mapping key must be plain text"), "\(r.err)")
  }

  @Test func billionLaughsFailsFast() throws {
    let file = Self.write("laughs.yaml", Self.billionLaughs)
    let (r, s) = try Self.timed(["check", file])
    #expect(s < 1, "\(s) s")
    #expect(r.status == 1)
    #expect(r.err.contains("\(file):"), "\(r.err)")
    #expect(r.err.contains("aliases"), "\(r.err)")
  }

  @Test func aThemeBombFailsFast() throws {
    let file = Self.write("theme-bomb.yaml", Self.aliasKeyBomb)
    let (r, s) = try Self.timed(["export", "--scenario", "seed-b", "--format", "cast", "--theme", file])
    #expect(s < 1, "\(s) s")
    #expect(r.status != 0)
    #expect(r.err.contains("\(file):2: a mapping key must be plain text"), "\(r.err)")
  }

  @Test func aFileOverOneMiBIsRefusedByItsSize() throws {
    let file = Self.write("huge.yaml", "title: t\nrevision: v5.3\ndescription: \"" + String(repeating: "x", count: 1_100_000) + "\"\nsteps:\n  - do: start@1\n")
    let (r, s) = try Self.timed(["check", file])
    #expect(s < 1, "\(s) s")
    #expect(r.status == 1)
    #expect(r.err.contains("\(file): the file is 1100"), "\(r.err)")
    #expect(r.err.contains("1048576 bytes"))
  }

  @Test(arguments: [["run"], ["run", "--format", "json"], ["compare", "--revisions", "v5.3,v6.0"], ["check"]])
  func aOneMegabyteCaptionIsLinear(args: [String]) throws {
    let file = Self.write("big-caption.yaml", "title: big\nrevision: v5.3\nsteps:\n  - do: start@1\n    until: return\n    caption: \"" + String(repeating: "x", count: 1_000_000) + "\"\n  - do: hw:start-begins\n")
    let full = args == ["check"] ? ["check", file] : args + ["--scenario", file]
    let (r, s) = try Self.timed(full)
    #expect(r.status == 0, "\(r.err.prefix(300))")
    #expect(s < 1, "\(full): \(s) s")
    if args == ["run"] {
      // Nothing lost: the wrapped caption holds every character.
      let caption = r.out.split(separator: "\n")
        .map { $0.trimmingCharacters(in: .whitespaces) }
        .map { $0.hasPrefix("» ") ? String($0.dropFirst(2)) : $0 }
        .filter { !$0.isEmpty && $0.allSatisfy { $0 == "x" } }
      #expect(caption.map(\.count).reduce(0, +) == 1_000_000)
    }
  }

  @Test func aBrokenFileInTheFolderIsNamedAndBlocksNothing() throws {
    let folder = Self.dir.appendingPathComponent("scenarios-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let shipped = try #require(try CLITests.ccwviz("show", "seed-a").out.data(using: .utf8))
    try shipped.write(to: folder.appendingPathComponent("seed-a.yaml"))
    try Data(Self.aliasKeyBomb.utf8).write(to: folder.appendingPathComponent("a-bomb.yaml"))
    try Data("title: [unclosed\n".utf8).write(to: folder.appendingPathComponent("broken.yaml"))
    let env = ["CCWVIZ_SCENARIOS": folder.path]
    let (ok, s) = try Self.timed(["run", "--scenario", "seed-a"], environment: env)
    #expect(ok.status == 0, "\(ok.err)")
    #expect(s < 1)
    let show = try CLITests.ccwviz(["show", "seed-a"], environment: env)
    #expect(show.status == 0)
    let broken = try CLITests.ccwviz(["run", "--scenario", "broken"], environment: env)
    #expect(broken.status == 1)
    #expect(broken.err.contains("broken.yaml:"), "\(broken.err)")
    #expect(!broken.err.contains("unknown scenario"))
    let list = try CLITests.ccwviz(["list", "scenarios"], environment: env)
    #expect(list.status == 0)
    #expect(list.out.contains("seed-a"))
    #expect(list.err.contains("broken.yaml:") && list.err.contains("a-bomb.yaml:2:"), "\(list.err)")
  }

  @Test func tooManyScenarioStepsAreRefused() throws {
    let steps = String(repeating: "  - do: step@1\n", count: 10_001)
    let file = Self.write("long.yaml", "title: t\nrevision: v5.3\nsteps:\n" + steps)
    let r = try CLITests.ccwviz("check", file)
    #expect(r.status == 1)
    #expect(r.err.contains("at most 10000"), "\(r.err)")
  }
}

/// `run --random` streams: peak memory does not grow with the number of steps.
@Suite struct StreamingCLITests {
  static func peakKB(_ args: [String]) throws -> Int? {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/time") else { return nil }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/time")
    p.arguments = ["-f", "%M", CLITests.binary.path] + args
    let err = Pipe()
    p.standardOutput = FileHandle.nullDevice
    p.standardError = err
    try p.run()
    let data = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return String(decoding: data, as: UTF8.self).split(separator: "\n").last.flatMap { Int($0) }
  }

  @Test func aLongRandomRunStaysSmall() throws {
    // Kept whole, 100000 JSON steps peaked at 160 MB (0.84 KB per step, plus the text).
    guard let small = try Self.peakKB(["run", "--seed", "3", "--steps", "1000", "--format", "json"]),
      let big = try Self.peakKB(["run", "--seed", "3", "--steps", "100000", "--format", "json"])
    else { return }
    #expect(big < small + 20_000, "1000 steps: \(small) KB, 100000 steps: \(big) KB")
  }
}

@Suite struct InterruptTests {
  /// Ctrl-C (SIGINT) and a scheduler's SIGTERM both print what was searched, and exit with
  /// 128 + the signal.
  @Test(arguments: [SIGINT, SIGTERM])
  func anInterruptDuringExploreSaysWhatWasSearched(signal: Int32) throws {
    let p = Process()
    p.executableURL = CLITests.binary
    p.arguments = ["explore", "--requests", "3", "--unsolicited", "1"]
    let err = Pipe()
    p.standardOutput = FileHandle.nullDevice
    p.standardError = err
    try p.run()
    Thread.sleep(forTimeInterval: 1.5)
    #expect(p.isRunning, "the search should still be running")
    kill(p.processIdentifier, signal)
    let data = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    #expect(p.terminationStatus == 128 + signal)
    #expect(text.contains("interrupted after"), "\(text)")
    #expect(text.contains("searched every schedule of up to"), "\(text)")
    // lost-status has a 15-step trace on these bounds: once every 15-step schedule is
    // searched, the summary must name it (with its length) among the hazards found so far.
    if let match = text.firstMatch(of: /up to (\d+) steps/), let depth = Int(match.1), depth >= 15 {
      #expect(text.contains("Found so far: lost-status (15 steps)"), "\(text)")
    } else {
      #expect(text.contains("No hazard found so far"), "\(text)")
    }
  }
}
