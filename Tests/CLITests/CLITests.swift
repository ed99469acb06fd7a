import Foundation
import Testing

/// Drives the real `ccwviz` binary as a user would, and checks output and exit status.
@Suite struct CLITests {
  struct Result {
    var status: Int32
    var out: String
    var err: String
  }

  static var binary: URL { locateBinary() }

  static func locateBinary() -> URL {
    // The tests run from the build folder, beside the ccwviz executable.
    let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for dir in [here, here.deletingLastPathComponent()] {
      let candidate = dir.appendingPathComponent("ccwviz")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../.build/debug/ccwviz").standardized
  }

  static func ccwviz(_ args: String...) throws -> Result {
    try ccwviz(args)
  }

  /// Runs ccwviz with `args` (and extra environment); stdout and stderr go to files, so a
  /// command that writes a lot to both cannot block on a full pipe.
  static func ccwviz(_ args: [String], environment: [String: String] = [:]) throws -> Result {
    let p = Process()
    p.executableURL = binary
    p.arguments = args
    if !environment.isEmpty {
      p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    let dir = FileManager.default.temporaryDirectory
    let outURL = dir.appendingPathComponent("ccwviz-out-\(UUID())")
    let errURL = dir.appendingPathComponent("ccwviz-err-\(UUID())")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    defer {
      try? FileManager.default.removeItem(at: outURL)
      try? FileManager.default.removeItem(at: errURL)
    }
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)
    p.standardOutput = out
    p.standardError = err
    p.standardInput = FileHandle.nullDevice
    try p.run()
    p.waitUntilExit()
    try out.close()
    try err.close()
    return Result(
      status: p.terminationStatus, out: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
      err: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
  }

  @Test func seedBOnV5_3ShowsTheFreeWhileRunning() throws {
    let r = try Self.ccwviz("run", "--revision", "v5.3", "--scenario", "seed-b")
    #expect(r.status == 0)
    #expect(r.out.contains("use-after-free@33 [CPU1, CSS]"))
    #expect(r.out.contains("channel subsystem was still running the START"))
    #expect(r.out.contains("START runs: the channel fetches the"))
  }

  @Test func seedBOnSeedV3RefusesTheStart() throws {
    let r = try Self.ccwviz("run", "--revision", "seed-v3", "--scenario", "seed-b")
    #expect(r.status == 0)
    #expect(r.out.contains("Hazards: none"))
    #expect(r.out.contains("-EBUSY"))
  }

  @Test func jsonHasTheDocumentedShape() throws {
    let r = try Self.ccwviz("run", "--revision", "v6.0", "--scenario", "seed-b", "--format", "json")
    #expect(r.status == 0)
    let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
    #expect(doc["revision"] as? String == "v6.0")
    let steps = try #require(doc["steps"] as? [[String: Any]])
    #expect(steps.first?["index"] as? Int == 1)
    #expect(steps.first?["lane"] as? String == "CPU1")
    #expect(steps.first?["text"] is String)
    let hazards = try #require(doc["hazards"] as? [[String: Any]])
    #expect(hazards.first?["kind"] as? String == "use-after-free")
    #expect(hazards.first?["step"] is Int)
    #expect(hazards.first?["explanation"] is String)
  }

  @Test func randomRunsAreReproducibleAndSaveAReplayableTrace() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ccwviz-\(UUID())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("t.json").path
    let a = try Self.ccwviz("run", "--random", "--seed", "5", "--steps", "80", "--format", "json", "--save", file)
    let b = try Self.ccwviz("run", "--random", "--seed", "5", "--steps", "80", "--format", "json")
    #expect(a.status == 0 && a.out == b.out)
    let c = try Self.ccwviz("run", "--trace", file, "--format", "json")
    #expect(c.status == 0)
    #expect(c.out == a.out)
  }

  @Test func badInputExitsNonZeroWithAClearMessage() throws {
    let r1 = try Self.ccwviz("run", "--revision", "v4.0", "--scenario", "seed-b")
    #expect(r1.status != 0)
    #expect(r1.err.contains("unknown revision 'v4.0'"))
    let r2 = try Self.ccwviz("run", "--scenario", "nope")
    #expect(r2.status != 0)
    #expect(r2.err.contains("unknown scenario 'nope'"))
    let r3 = try Self.ccwviz("run", "--scenario", "seed-b", "--random")
    #expect(r3.status != 0)
    #expect(r3.err.contains("give only one of"))
    let bad = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID()).json")
    try Data("{\"format\": 3".utf8).write(to: bad)
    defer { try? FileManager.default.removeItem(at: bad) }
    let r4 = try Self.ccwviz("run", "--trace", bad.path)
    #expect(r4.status != 0)
    #expect(r4.err.contains(bad.path))
    let r5 = try Self.ccwviz("run", "--trace", "/nonexistent/x.json")
    #expect(r5.status != 0)
    #expect(r5.err.contains("/nonexistent/x.json: cannot read the file"))
  }

  @Test func listsRevisionsAndScenarios() throws {
    let r = try Self.ccwviz("list", "revisions")
    #expect(r.out.split(separator: "\n").map { $0.split(separator: " ")[0] } == ["v5.2", "v5.3", "seed-v3", "huck-queue", "v5.13", "v6.0", "v6.6.153"])
    let s = try Self.ccwviz("list", "scenarios")
    #expect(s.out.contains("seed-a") && s.out.contains("seed-b") && s.out.contains("[R6]"))
  }
}

/// explore, hunt and shrink as a user runs them.
@Suite struct SearchCLITests {
  @Test func exploreSavesTracesThatRunAndTheTUIOpen() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ccwviz-explore-\(UUID())")
    defer { try? FileManager.default.removeItem(at: dir) }
    let r = try CLITests.ccwviz("explore", "--revision", "v6.0", "--requests", "1", "--save", dir.path)
    #expect(r.status == 0)
    #expect(r.out.contains("use-after-free FOUND: shortest trace 28 steps"))
    #expect(r.out.contains("cp-leak        not found: unreachable within these bounds"))
    let file = dir.appendingPathComponent("v6.0-use-after-free.json").path
    let run = try CLITests.ccwviz("run", "--trace", file)
    #expect(run.status == 0)
    #expect(run.out.contains("use-after-free@28"))
    let dump = try CLITests.ccwviz("tui", "--trace", file, "--dump")
    #expect(dump.out.contains("use-after-free at step 28"))
    let json = try CLITests.ccwviz("explore", "--revision", "v5.3", "--requests", "1", "--format", "json", "--hazard", "cp-leak")
    let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
    for key in ["revision", "bounds", "states", "transitions", "seconds", "results"] {
      #expect(doc[key] != nil, "\(key)")
    }
    let results = try #require(doc["results"] as? [[String: Any]])
    #expect(results.count == 1)
    #expect(results[0]["hazard"] as? String == "cp-leak")
    #expect(results[0]["found"] as? Bool == true)
    #expect((results[0]["trace"] as? [String])?.count == results[0]["length"] as? Int)
  }

  @Test func huntAndShrink() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ccwviz-hunt-\(UUID())")
    defer { try? FileManager.default.removeItem(at: dir) }
    let a = try CLITests.ccwviz("hunt", "--revision", "v5.3", "--runs", "300", "--kernel-halt-clear", "1", "--save", dir.path)
    let b = try CLITests.ccwviz("hunt", "--revision", "v5.3", "--runs", "300", "--kernel-halt-clear", "1")
    #expect(a.status == 0)
    #expect(a.out.split(separator: "\n").dropFirst() == b.out.split(separator: "\n").dropFirst())
    #expect(a.out.contains("lost-status    seed"))
    let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains("lost-status") }
    let file = dir.appendingPathComponent(try #require(files.first)).path
    let out = dir.appendingPathComponent("small.json").path
    let s = try CLITests.ccwviz("shrink", file, "--output", out)
    #expect(s.status == 0)
    let parts = s.out.split(separator: " ")
    let before = Int(parts[1])!, after = Int(parts[4])!
    #expect(after <= before)
    #expect(try CLITests.ccwviz("run", "--trace", out).out.contains("lost-status@\(after)"))
    let bad = try CLITests.ccwviz("explore", "--hazard", "boom")
    #expect(bad.status != 0 && bad.err.contains("unknown hazard 'boom'"))
  }
}

/// Scenario files, compare and export as a user runs them.
@Suite struct TeachingCLITests {
  @Test func aScenarioFileRunsChecksAndFailsClearly() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ccwviz-scn-\(UUID())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let shown = try CLITests.ccwviz("show", "seed-b")
    #expect(shown.status == 0 && shown.out.contains("do: clear@1"))
    let good = dir.appendingPathComponent("mine.yaml")
    try shown.out.replacingOccurrences(of: "revision: v6.0", with: "revision: v5.3").write(to: good, atomically: true, encoding: .utf8)
    let check = try CLITests.ccwviz("check", good.path)
    #expect(check.status == 0)
    #expect(check.out.contains("ok:") && check.out.contains("seed-v3  37 steps, hazards: none"))
    let run = try CLITests.ccwviz("run", "--scenario", good.path)
    #expect(run.out.contains("ccwviz run on v5.3") && run.out.contains("use-after-free@33"))
    let bad = dir.appendingPathComponent("bad.yaml")
    try "title: x\nrevision: v6.0\nsteps:\n  - do: start@1\n  - do: fly@2\n".write(to: bad, atomically: true, encoding: .utf8)
    for args in [["check", bad.path], ["run", "--scenario", bad.path]] {
      let r = args.count == 2 ? try CLITests.ccwviz(args[0], args[1]) : try CLITests.ccwviz(args[0], args[1], args[2])
      #expect(r.status != 0)
      #expect(r.err.contains("\(bad.path):5: key 'steps[2].do': 'fly@2' is not a choice"), "\(args): \(r.err)")
    }
  }

  @Test func compareAndExports() throws {
    let c = try CLITests.ccwviz("compare", "--revisions", "v5.3,seed-v3", "--scenario", "seed-b")
    #expect(c.status == 0)
    #expect(c.out.contains("first divergence: step 21 on v5.3, step 22 on seed-v3"))
    let j = try CLITests.ccwviz("compare", "--revisions", "v5.3,seed-v3", "--scenario", "seed-b", "--format", "json")
    let doc = try #require(try JSONSerialization.jsonObject(with: Data(j.out.utf8)) as? [String: Any])
    #expect(doc["firstDivergence"] as? Int == 21)
    let kernel = try CLITests.ccwviz("export", "--scenario", "seed-b", "--format", "kernel")
    #expect(kernel.status == 0 && kernel.out.hasPrefix("  CPU 1"))
    let trace = try CLITests.ccwviz("export", "--scenario", "seed-b", "--revision", "v5.3", "--format", "json")
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("t-\(UUID()).json")
    defer { try? FileManager.default.removeItem(at: file) }
    try trace.out.write(to: file, atomically: true, encoding: .utf8)
    #expect(try CLITests.ccwviz("run", "--trace", file.path).out.contains("use-after-free@33"))
    let bad = try CLITests.ccwviz("compare", "--revisions", "v5.3", "--scenario", "seed-b")
    #expect(bad.status != 0 && bad.err.contains("--revisions takes two revisions"))
  }
}

/// The explorer's memory bound, bitstate, swarm and merge, as a user meets them.
@Suite struct ExplorerMemoryCLITests {
  /// A folder the traces cannot go to is refused before the search (the extended question
  /// takes seconds; the refusal must not wait for it), and a save says where the traces went.
  @Test func saveIsCheckedBeforeTheSearchAndSaysWhereTracesWent() throws {
    let bad = try CLITests.ccwviz(
      "explore", "--revision", "v6.0", "--unsolicited", "1", "--kernel-halt-clear", "1", "--save", "/proc/ccwviz-nope")
    #expect(bad.status == 1 && bad.err.contains("cannot save the traces to /proc/ccwviz-nope"), "\(bad.err)")
    #expect(bad.out.isEmpty, "nothing is searched")
    // The reason is the system's, and true: /proc exists but takes no files; a path through
    // a file names that file.
    let proc = try CLITests.ccwviz("explore", "--max-depth", "1", "--save", "/proc")
    #expect(proc.status == 1 && proc.err.contains("/proc: cannot create a file there"), "\(proc.err)")
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("ccwviz-save-file-\(getpid())").path
    #expect(FileManager.default.createFile(atPath: file, contents: Data()))
    defer { try? FileManager.default.removeItem(atPath: file) }
    let through = try CLITests.ccwviz("explore", "--max-depth", "1", "--save", file + "/sub")
    #expect(through.status == 1 && through.err.contains("\(file) is a file, not a folder"), "\(through.err)")
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ccwviz-save-\(getpid())").path
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let good = try CLITests.ccwviz("explore", "--revision", "v6.0", "--save", dir)
    #expect(good.status == 0 && good.err.contains("saved 2 traces to \(dir)"), "\(good.err)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["v6.0-lost-status.json", "v6.0-use-after-free.json"])
  }

  @Test func aMemoryLimitEndsTheSearchWithExitThreeAndAClearMessage() throws {
    let r = try CLITests.ccwviz(
      "explore", "--revision", "v6.0", "--unsolicited", "1", "--kernel-halt-clear", "1", "--memory-limit", "16M", "--jobs", "1")
    #expect(r.status == 3, "\(r.err)")
    #expect(r.err.contains("stopped at the memory limit (16 MiB)"))
    #expect(r.err.contains("raise --memory-limit") && r.err.contains("--bitstate"))
    #expect(r.out.contains("not found in the part searched before the memory limit (NOT shown unreachable)"))
    #expect(!r.out.contains("unreachable within these bounds"))
  }

  @Test func badSizesAndSwarmsAreRefused() throws {
    for args in [["--memory-limit", "lots"], ["--memory-limit", "1K"], ["--swarm", "3/2"], ["--swarm", "0/4"], ["--exact", "--bitstate"], ["--bitstate", "--hash-bits", "40"], ["--hash-bits", "24"]] {
      let r = try CLITests.ccwviz(["explore", "--revision", "v6.0"] + args)
      #expect(r.status != 0 && r.status != 3, "\(args)")
      #expect(!r.err.isEmpty)
    }
  }

  @Test func swarmMembersMergeIntoOneAnswer() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ccwviz-swarm-\(UUID())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    var files: [String] = []
    for i in 1...2 {
      let r = try CLITests.ccwviz(
        "explore", "--revision", "v5.3", "--requests", "1", "--bitstate", "--hash-bits", "24", "--swarm", "\(i)/2", "--format", "json")
      #expect(r.status == 0)
      #expect(r.out.contains("\"swarm\" : \"\(i)/2\""))
      let f = dir.appendingPathComponent("m\(i).json").path
      try Data(r.out.utf8).write(to: URL(fileURLWithPath: f))
      files.append(f)
    }
    let merged = try CLITests.ccwviz(["merge"] + files)
    #expect(merged.status == 0, "\(merged.err)")
    #expect(merged.out.contains("\"runs\" : 2"))
    #expect(merged.out.contains("\"coverageAtMost\""))
    let twice = try CLITests.ccwviz(["merge", files[0], files[0]])
    #expect(twice.status != 0 && twice.err.contains("both hold the run"), "\(twice.err)")
    let other = try CLITests.ccwviz("explore", "--revision", "v6.0", "--requests", "1", "--format", "json")
    let f = dir.appendingPathComponent("other.json").path
    try Data(other.out.utf8).write(to: URL(fileURLWithPath: f))
    let refused = try CLITests.ccwviz(["merge"] + files + [f])
    #expect(refused.status != 0 && refused.err.contains("answers another question"))
  }
}
