import Foundation
import RevisionFiles
import Simulation
import Testing

/// A saved trace carries only the CPUs it uses, and still replays to the same hazards.
@Suite struct CompactTraceTests {
  @Test func unusedCPUsAreDroppedAndTheRestRenumbered() throws {
    let v60 = try Revisions.named("v6.0")
    let seedB = try runScenario("seed-b", on: "v6.0").trace
    // The same story told by CPU2 and CPU5 of five.
    var wide = seedB
    wide.configuration.cpus = 5
    wide.choices = seedB.choices.map { c in
      Choice(c.description.replacingOccurrences(of: "@1", with: "@5").replacingOccurrences(of: "@2", with: "@2"))!
    }
    let before = try Runner.replay(wide, on: v60)
    #expect(before.hazards.contains { $0.hazard.kind == .useAfterFree })
    let compact = wide.compactingCPUs(on: v60)
    #expect(compact.configuration.cpus == 2)
    #expect(Set(compact.choices.compactMap(\.lane.cpuIndex)) == [0, 1])
    // CPU2 stays before CPU5: it becomes CPU1, and CPU5 becomes CPU2.
    #expect(compact.choices.first == Choice("clear@2"))
    let after = try Runner.replay(compact, on: v60)
    #expect(after.hazards.map(\.id) == before.hazards.map(\.id))
    // Saved and loaded, it is the same trace.
    #expect(try Trace.load(compact.jsonData(), source: "t") == compact)
  }

  @Test func aTraceThatUsesEveryCPUIsKept() throws {
    let v60 = try Revisions.named("v6.0")
    let seedB = try runScenario("seed-b", on: "v6.0").trace
    #expect(seedB.compactingCPUs(on: v60) == seedB)
  }

  @Test func requestThreadsStayTheLowestCPUs() throws {
    let v60 = try Revisions.named("v6.0")
    // Thread CPUs 1-2 (CPU2 idle), the kworker on CPU4 of 4.
    let t = Trace(
      revision: "v6.0", configuration: Configuration(cpus: 4, requests: 1, threads: 2),
      choices: ["start@1", "step@1", "step@1", "step@1", "step@1", "step@1", "step@1", "step@1"].compactMap(Choice.init))
    let before = try Runner.replay(t, on: v60)
    let compact = t.compactingCPUs(on: v60)
    #expect(compact.configuration.cpus == 1)
    #expect(compact.configuration.threads == 1)
    #expect(try Runner.replay(compact, on: v60).steps.count == before.steps.count)
  }
}
