import Foundation
import Testing

/// Every numeric option has a documented range: outside it the command says so and exits
/// with a usage error (64), never traps or tries to allocate the machine away.
@Suite struct OptionBoundaryTests {
  static let huge = "9223372036854775807"

  @Test(arguments: [
    ["explore", "--threads=\(huge)"],
    ["explore", "--threads=0"],
    ["explore", "--jobs=\(huge)"],
    ["explore", "--jobs=2147483648"],
    ["explore", "--jobs=-1"],
    // Spaced, a negative value reaches the range check too (not "Missing value").
    ["explore", "--jobs", "-1"],
    ["run", "--steps", "-1"],
    ["hunt", "--runs", "-3"],
    ["explore", "--max-depth=-1"],
    ["explore", "--max-depth=\(huge)"],
    ["explore", "--requests=255"],
    ["explore", "--cpus=9"],
    ["explore", "--threads=4", "--cpus=3"],
    ["hunt", "--runs=0"],
    ["hunt", "--runs=\(huge)"],
    ["hunt", "--steps=0"],
    ["hunt", "--steps=\(huge)"],
    ["hunt", "--unsolicited=255"],
    ["run", "--steps=-1"],
    ["run", "--steps=2147483648"],
    ["run", "--seed", "1", "--cpus=0"],
    ["run", "--seed", "1", "--kernel-halt-clear=\(huge)"],
    ["run", "--seed", "1", "--requests=-1"],
    ["tui", "--dump", "--steps=1000000"],
    ["tui", "--dump", "--size=100000x100000"],
    ["tui", "--dump", "--present", "--delay=nan"],
    ["export", "--scenario", "seed-b", "--format", "cast", "--delay=0"],
    ["export", "--scenario", "seed-b", "--format", "cast", "--size=99999999999x40"],
  ])
  func outOfRangeIsAUsageError(args: [String]) throws {
    let r = try CLITests.ccwviz(args)
    #expect(r.status == 64, "\(args): \(r.status) \(r.err)")
    #expect(r.err.contains("must be") || r.err.contains("must"), "\(args): \(r.err)")
  }

  /// A misspelt revision name is a usage error like a bad option value; it names the
  /// shipped revisions.
  @Test func anUnknownRevisionNameIsAUsageError() throws {
    for command in ["explore", "run", "hunt"] {
      let r = try CLITests.ccwviz(command, "--revision", "v9.9")
      #expect(r.status == 64, "\(command): \(r.status) \(r.err)")
      #expect(r.err.contains("unknown revision 'v9.9'") && r.err.contains("v6.0"), "\(command): \(r.err)")
      #expect(r.err.contains("Usage: ccwviz \(command)"), "\(command): \(r.err)")
    }
  }

  @Test func theEdgesOfTheRangesWork() throws {
    #expect(try CLITests.ccwviz("run", "--seed", "18446744073709551615", "--steps", "5").status == 0)
    #expect(try CLITests.ccwviz("run", "--seed", "1", "--steps", "0", "--cpus", "8").status == 0)
    #expect(try CLITests.ccwviz("explore", "--jobs", "0", "--requests", "0").status == 0)
    #expect(try CLITests.ccwviz("hunt", "--first", "18446744073709551615", "--runs", "3", "--steps", "5").status == 0)
  }

  @Test func aFileThatCannotBeWrittenIsNotAUsageError() throws {
    for args in [
      ["run", "--scenario", "seed-b", "--save", "/nonexistent/dir/t.json"],
      ["export", "--scenario", "seed-b", "--format", "kernel", "--output", "/nonexistent/dir/k.txt"],
      ["hunt", "--runs", "2", "--steps", "5", "--save", "/proc/nope"],
    ] {
      let r = try CLITests.ccwviz(args)
      #expect(r.status == 1, "\(args): \(r.status)")
      #expect(r.err.contains("cannot"), "\(args): \(r.err)")
      #expect(!r.err.contains("Usage:"), "\(args): \(r.err)")
    }
  }
}
