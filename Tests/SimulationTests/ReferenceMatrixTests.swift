import Testing
import ScenarioFiles
import RevisionFiles
import Simulation

/// The reference's summary matrix (§3), scenario by scenario and revision by revision.
@Suite struct ReferenceMatrixTests {
  @Test(arguments: ["v5.2", "v5.3", "v5.13", "v6.0"])
  func seedBFreesTheRunningProgram(revision: String) throws {
    let run = try runScenario("seed-b", on: revision)
    let uaf = try #require(run.hazards.first { $0.hazard.kind == .useAfterFree })
    #expect(uaf.hazard.lanes.contains(.css), "the channel subsystem is the victim")
    #expect(uaf.hazard.explanation.contains("channel subsystem was still running"))
    // The free happens in io_todo, handling the CLEAR's IRB, after the START got cc0.
    let startOK = try #require(run.steps.first { $0.facts.contains(.instruction(.ssch, cc: 0)) })
    #expect(startOK.index < uaf.step)
    #expect(run.steps[uaf.step - 1].facts.contains(.cpFreed(freed: true)))
  }

  @Test func seedBStartIsRefusedOnSeedV3() throws {
    let run = try runScenario("seed-b", on: "seed-v3")
    #expect(run.hazards.isEmpty)
    #expect(run.steps.contains { $0.facts.contains(.branch(.workPending, taken: true)) })
    #expect(run.steps.contains { $0.facts.contains(.returnedToQEMU(.start, ret: Errno.EBUSY, guestCC: "cc2")) })
    #expect(!run.steps.contains { $0.facts.contains(.instruction(.ssch, cc: 0)) })
    #expect(!run.final.cp.initialized)
  }

  @Test(arguments: allRevisions)
  func seedAIsHarmless(revision: String) throws {
    let run = try runScenario("seed-a", on: revision)
    #expect(run.hazards.isEmpty)
    #expect(run.steps.contains { $0.facts.contains(.instruction(.ssch, cc: 2)) })
    #expect(run.final.state == .idle)
  }

  @Test func earlyIdleLeaksOnV5_3() throws {
    let run = try runScenario("early-idle-leak", on: "v5.3")
    #expect(kinds(run) == [.cpLeak])
    // The IDLE reset happened while the START was in flight.
    #expect(run.steps.contains { ($0.facts.contains(.branch(.isFinal, taken: true)) && $0.facts.contains(.stateSet(.idle))) })
  }

  @Test(arguments: ["v5.13", "v6.0"])
  func earlyIdleIsClosedFromV5_13(revision: String) throws {
    let run = try runScenario("early-idle-leak", on: revision)
    #expect(run.hazards.isEmpty)
    #expect(run.steps.contains { $0.facts.contains(.branch(.cpIsFinished, taken: false)) })
    #expect(!run.final.cp.initialized)
  }

  @Test(arguments: allRevisions)
  func lostStatusEverywhere(revision: String) throws {
    for name in ["lost-status-halt", "lost-status-unsolicited"] {
      let run = try runScenario(name, on: revision)
      // v5.2 has no chp_event: the kernel HALT the story needs cannot happen there.
      if name == "lost-status-halt" && revision == "v5.2" {
        #expect(run.hazards.isEmpty)
        #expect(run.remarks.contains { $0.contains("has no vfio_ccw_chp_event") })
        continue
      }
      #expect(kinds(run).contains(.lostStatus), "\(name) on \(revision)")
      #expect(run.steps.contains { $0.facts.contains(.queueWork(queued: false)) })
    }
  }

  @Test func unsolicitedOverwriteSticksOrLeaks() throws {
    for r in ["v5.13", "v6.0", "seed-v3"] {
      #expect(kinds(try runScenario("lost-status-unsolicited", on: r)).contains(.stuck), "\(r)")
    }
    for r in ["v5.2", "v5.3"] {
      #expect(kinds(try runScenario("lost-status-unsolicited", on: r)).contains(.cpLeak), "\(r)")
    }
  }

  @Test(arguments: allRevisions)
  func cpFreedWhileBuiltOnlyOnV5_2(revision: String) throws {
    let run = try runScenario("cp-freed-while-built", on: revision)
    let whileBuilt = run.hazards.contains {
      $0.hazard.kind == .useAfterFree && $0.hazard.explanation.contains("cp_prefetch walks them")
    }
    #expect(whileBuilt == (revision == "v5.2"))
  }

  @Test(arguments: allRevisions)
  func notOperIsOverwritten(revision: String) throws {
    let run = try runScenario("notoper-overwritten", on: revision)
    #expect(kinds(run).contains(.notOperLost))
    // v6.0's fsm_notoper frees the START's cp after its walk: cp_get_orb's `initialized` check
    // gives -EIO and no SSCH, so no use-after-free (a free during the walk is one: `explore
    // --notoper` finds it).
    #expect(!kinds(run).contains(.useAfterFree))
    let noORB = run.steps.contains { $0.facts.contains(.noORB) }
    #expect(noORB == (revision == "v6.0"))
  }

  @Test(arguments: allRevisions)
  func kernelHaltOpensSeedBWithQEMUChecksOn(revision: String) throws {
    let run = try runScenario("kchp-halt-start", on: revision)
    // No kernel HALT on v5.2 (no chp_event before v5.8).
    #expect(kinds(run).contains(.useAfterFree) == (revision != "seed-v3" && revision != "v5.2"))
  }

  @Test(arguments: allRevisions)
  func refusedStartResetsIdleBefore6c02ac4c(revision: String) throws {
    let run = try runScenario("second-start-idles", on: revision)
    #expect(kinds(run).contains(.cpLeak) == ["v5.2", "v5.3"].contains(revision))
  }

  @Test(arguments: allRevisions)
  func intermediateStatusKeepsTheCP(revision: String) throws {
    let run = try runScenario("intermediate-status", on: revision)
    #expect(run.hazards.isEmpty)
    #expect(run.steps.contains { $0.facts.contains { if case .irbRead(_, isFinal: false) = $0 { true } else { false } } })
  }

  @Test func everyBuiltinScenarioRunsOnEveryRevision() throws {
    for s in ScenarioCatalog.builtins {
      for r in Revisions.all {
        let run = try s.run(on: r)
        #expect(run.steps.count >= 3, "\(s.name) on \(r.id)")
        #expect(run.steps.first?.caption != nil, "\(s.name) starts with a caption")
      }
    }
  }
}
