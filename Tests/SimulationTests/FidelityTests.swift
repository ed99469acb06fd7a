import Reports
import RevisionFiles
import Simulation
import Testing

/// The kernel as read (docs/kernel-notes-issue10.md): the newest revision, NOT_OPER, the v5.2
/// eventfd order, chp_event's arrival and the ordered workqueue.
@Suite struct FidelityTests {
  /// Applies choices strictly; a choice that does not apply fails the test.
  func play(_ revision: String, _ choices: [String], cpus: Int = 3, notOper: Bool = true) throws -> Run {
    var run = Run(revision: try Revisions.named(revision), configuration: Configuration(cpus: cpus, notOper: notOper))
    for (i, text) in choices.enumerated() {
      let c = try #require(Choice(text))
      let why = run.engine.whyNot(run.final, c)
      #expect(why == nil, "\(revision) choice \(i + 1) \(text): \(why ?? "")")
      run.append(c)
    }
    return run
  }

  /// Steps CPU k until its context returns; records an issue (instead of looping) when it
  /// cannot go on.
  func finish(_ run: inout Run, cpu k: Int) {
    for _ in 0..<200 {
      guard run.final.cpus[k].task != nil || run.final.cpus[k].irq != nil else { return }
      if let why = run.engine.whyNot(run.final, .step(cpu: k)) {
        Issue.record("CPU\(k + 1) cannot go on: \(why)")
        return
      }
      run.append(.step(cpu: k))
    }
    Issue.record("CPU\(k + 1) did not return in 200 steps")
  }

  /// A START on CPU1 up to just after cp_init: cp_prefetch has not checked `initialized` yet.
  static let builtStart = ["start@1", "step@1", "step@1", "step@1", "step@1"]
  /// The same START one step on: cp_prefetch's check passed, its walk of the chains is next.
  static let prefetchingStart = builtStart + ["step@1"]

  @Test func v6_0sFsmNotoperFreesTheChainsCpPrefetchWalks() throws {
    var run = try play("v6.0", Self.prefetchingStart + ["notoper@2", "step@2", "step@2"])
    #expect(kinds(run).contains(.useAfterFree))
    #expect(run.hazards.first?.hazard.lanes == [.cpu(1), .cpu(0)])
    #expect(run.hazards.first?.hazard.explanation.contains("cp_prefetch walks them") == true)
    run.append(.step(cpu: 0))
    #expect(run.steps.last?.facts.contains(.cpPrefetched(intact: false)) == true)
  }

  /// cp.c's checks: a cp freed before cp_prefetch's check gives -EINVAL, one freed after the
  /// walk gives cp_get_orb's NULL (-EIO); neither is a use-after-free.
  @Test(arguments: [0, 2])
  func aFreeTheKernelsChecksCatchIsNoUseAfterFree(stepsAfterInit: Int) throws {
    var run = try play("v6.0", Self.builtStart + Array(repeating: "step@1", count: stepsAfterInit) + ["notoper@2", "step@2", "step@2"])
    #expect(run.steps.contains { $0.facts.contains(.cpFreed(freed: true)) })
    finish(&run, cpu: 1)
    finish(&run, cpu: 0)
    #expect(!kinds(run).contains(.useAfterFree))
    let refused = stepsAfterInit == 0
      ? run.steps.contains { $0.facts.contains(.cpPrefetchChecked(passed: false)) }
      : run.steps.contains { $0.facts.contains(.noORB) }
    #expect(refused)
    #expect(!run.steps.contains { $0.facts.contains(.instruction(.ssch, cc: 0)) })
  }

  @Test func theNewestKernelDefersTheFreeUntilIoMutexIsFree() throws {
    var run = try play("v6.6.153", Self.prefetchingStart + ["notoper@2", "step@2", "step@2", "step@2", "work@3"])
    #expect(run.hazards.isEmpty)
    #expect(run.steps.contains { $0.facts.contains(.notoperWorkQueued(queued: true)) })
    // notoper_todo sleeps on io_mutex until the START returns.
    #expect(run.engine.blocker(run.final, .step(cpu: 2)) == .mutexSleeps(holder: 1))
    finish(&run, cpu: 0)
    finish(&run, cpu: 2)
    #expect(!kinds(run).contains(.useAfterFree))
    #expect(!run.final.cp.initialized)
  }

  @Test func aProgramOfASubchannelThatIsGoneIsNotInUse() throws {
    // START gets cc0, then the device goes away and v6.0's fsm_notoper frees the cp.
    var run = try play("v6.0", ["start@1"])
    finish(&run, cpu: 0)
    for c in ["notoper@2", "step@2", "step@2"] { run.append(Choice(c)!) }
    #expect(run.steps.contains { $0.facts.contains(.instruction(.ssch, cc: 0)) })
    #expect(run.steps.contains { $0.facts.contains(.cpFreed(freed: true)) })
    #expect(!kinds(run).contains(.useAfterFree))
  }

  @Test(arguments: ["v6.0", "v6.6.153"])
  func seedBStillFreesTheRunningProgram(revision: String) throws {
    #expect(kinds(try runScenario("seed-b", on: revision)).contains(.useAfterFree))
  }

  @Test func v5_2SignalsQEMUBeforeTheStateIsIdle() throws {
    for (revision, eventfdFirst) in [("v5.2", true), ("v5.3", false)] {
      let run = try runScenario("seed-a", on: revision)
      let eventfd = try #require(run.steps.lastIndex { $0.facts.contains { if case .eventfdSignalled = $0 { true } else { false } } })
      let idle = try #require(run.steps.lastIndex { $0.facts.starts(with: [.branch(.isFinal, taken: true), .stateSet(.idle)]) })
      #expect((eventfd < idle) == eventfdFirst, "\(revision)")
    }
  }

  @Test func kernelHaltClearNeedsChpEvent() throws {
    let v52 = try Revisions.named("v5.2")
    #expect(v52.unsupported(Configuration(kernelHaltClear: 1))?.contains("came with v5.8") == true)
    #expect(try Revisions.named("v5.3").unsupported(Configuration(kernelHaltClear: 1)) == nil)
    let engine = Engine(revision: v52, configuration: Configuration(kernelHaltClear: 1))
    #expect(engine.blocker(engine.initialWorld(), .kernel(.haltClear, cpu: 0)) == .noChpEvent(revision: "v5.2"))
  }

  @Test func theWorkqueueRunsItemsInTheOrderQueued() throws {
    // NOT_OPER queues notoper_work before any io_work: the kworker runs notoper_todo first.
    var run = try play("v6.6.153", ["notoper@1", "step@1", "step@1", "step@1"])
    #expect(run.final.work.next == .notOperWork)
    run.append(.worker(cpu: 1))
    #expect(run.final.cpus[1].task?.kind == .notOperWork)
    #expect(run.engine.whyNot(run.final, .worker(cpu: 2)) != nil)
  }
}

/// Race R8: QEMU closing or resetting the device while I/O is in flight.
@Suite struct CloseAndResetTests {
  @Test func aResetFreesAProgramAStartIsBuildingOnV6_0Only() throws {
    for revision in allRevisions {
      let run = try runScenario("reset-during-start", on: revision)
      #expect(kinds(run).contains(.useAfterFree) == (revision == "v6.0"), "\(revision)")
    }
  }

  @Test func ioTodoAfterCloseUntilCloseCancelsIt() throws {
    for revision in allRevisions {
      let run = try runScenario("close-after-halt", on: revision)
      #expect(kinds(run).contains(.afterClose) == (revision != "v6.6.153"), "\(revision)")
    }
  }

  @Test func closeWaitsForAPwriteButResetDoesNot() throws {
    let engine = Engine(revision: try Revisions.named("v6.0"), configuration: Configuration(cpus: 3, closes: 1))
    var w = engine.initialWorld()
    engine.apply(&w, .request(.start, cpu: 0), record: false)
    #expect(engine.blocker(w, .kernel(.close, cpu: 1)) == .requestInFlight)
    #expect(engine.blocker(w, .kernel(.reset, cpu: 1)) == nil)
    engine.apply(&w, .kernel(.reset, cpu: 1), record: false)
    // With the budget spent, nothing more: and no request starts while a close runs.
    var v = engine.initialWorld()
    engine.apply(&v, .kernel(.close, cpu: 1), record: false)
    #expect(engine.blocker(v, .request(.start, cpu: 0)) == .deviceClosing)
  }

  @Test func theExplorerFindsTheCloseRacesOnV6_0AndNoneOnTheNewestKernel() throws {
    let bounds = Configuration(cpus: 4, requests: 1, threads: 1, closes: 1)
    let wanted = HazardKind.possible(under: bounds)
    #expect(wanted.contains(.afterClose))
    let old = Verdicts.explore(try Revisions.named("v6.0"), configuration: bounds)
    let new = Verdicts.explore(try Revisions.named("v6.6.153"), configuration: bounds)
    #expect(old.verdict(.afterClose)?.found == true)
    #expect(old.verdict(.doubleFree)?.found == true)
    #expect(new.verdict(.afterClose)?.found == false)
    #expect(new.verdict(.doubleFree)?.found == false)
  }
}
