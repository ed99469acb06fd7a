import Foundation
import Reports
import RevisionFiles
import ScenarioFiles
import Simulation
import Testing

/// A caption never contradicts the step it stands over, on any revision a story is told on.
@Suite struct StoriesStayTrueTests {
  /// The scenario steps' own captions, as the run shows them (with the chapter).
  func shown(_ s: ScenarioStep) -> String? {
    s.caption.map { c in s.chapter.map { "[\($0)] \(c)" } ?? c }
  }

  /// Every caption of `run` is either its scenario step's caption with every expectation
  /// borne out by that step's facts, or a replacement naming the revision.
  func checkCaptions(_ scenario: Scenario, _ run: Run) {
    for step in run.steps {
      guard let caption = step.caption else { continue }
      let origin = try! #require(step.origin, "a captioned step comes from a scenario step")
      let s = scenario.steps[origin - 1]
      let mine = run.steps.filter { $0.origin == origin }
      let facts = mine.flatMap(\.facts)
      let hazards = run.hazards.filter { h in mine.contains { $0.index == h.step } }.map(\.hazard.kind)
      let after = run.worlds[mine.last!.index].state
      let holds = s.expect.allSatisfy { $0.holds(facts: facts, hazards: hazards, state: after) }
      if holds {
        #expect(caption == shown(s), "\(scenario.name) on \(run.revision.id), step \(step.index)")
      } else {
        #expect(caption != shown(s), "\(scenario.name) on \(run.revision.id), step \(step.index): '\(caption)'")
        #expect(caption.contains("\(s.choice.lane.name) on \(run.revision.id): "), "\(caption)")
        #expect(run.divergence != nil)
      }
    }
  }

  @Test func everyShippedScenarioHoldsOnItsOwnRevision() throws {
    for s in ScenarioCatalog.builtins {
      let run = try s.run(on: Revisions.resolve(s.revision))
      #expect(run.divergence == nil, "\(s.name): \(run.divergence?.sentence ?? "")")
      #expect(!run.remarks.contains { $0.contains("does not hold") }, "\(s.name)")
      checkCaptions(s, run)
    }
  }

  @Test func seedBRetoldOnEveryRevisionNeverContradictsItsSteps() throws {
    let s = try ScenarioCatalog.named("seed-b")
    #expect(s.steps.contains { !$0.expect.isEmpty })
    for rev in Revisions.all {
      let run = try s.run(on: rev)
      checkCaptions(s, run)
      // The issue's example, read from the facts: no caption says cc0 over a START that
      // returned -EBUSY.
      for step in run.steps {
        guard let caption = step.caption, let origin = step.origin else { continue }
        let facts = run.steps.filter { $0.origin == origin }.flatMap(\.facts)
        if facts.contains(where: { if case .returnedToQEMU(.start, _, "cc2") = $0 { true } else { false } }) {
          #expect(!caption.contains("ssch → cc0"), "\(rev.id): \(caption)")
          #expect(caption.contains("-EBUSY"), "\(rev.id): \(caption)")
        }
      }
    }
  }

  @Test func seedBOnSeedV3SaysWhatHappenedInstead() throws {
    let run = try runScenario("seed-b", on: "seed-v3")
    let start = try #require(run.steps.first { $0.origin == 4 })
    // Without the chapter's title: it told the story's outcome too.
    #expect(start.caption == "CPU2 on seed-v3: if (work_pending) → true: no ssch; "
      + "the START returns -EBUSY (cc2) (the story expects ssch: cc0)")
    let d = try #require(run.divergence)
    #expect(d.afterSteps == 12)
    #expect(d.what == "scenario step 4 (start@2)")
    let text = TextReport.render(run)
    #expect(text.contains("Diverged:"))
    #expect(text.contains("Hazards: none in the steps that applied (the run diverged after step 12)"))
    #expect(!text.contains("Hazards: none\n"))
    let compare = Comparison(try runScenario("seed-b", on: "v6.0"), run).text()
    #expect(compare.contains("» seed-v3: CPU2 on seed-v3: if (work_pending)"))
    #expect(compare.contains("Remarks on seed-v3:"))
    #expect(compare.contains("seed-v3 diverged from the story after step 12"))
  }

  @Test func aLenientReplayThatStopsApplyingSaysWhereAndWhy() throws {
    let v60 = try runScenario("seed-b", on: "v6.0")
    let run = try Runner.replay(v60.trace, on: Revisions.named("seed-v3"), strict: false)
    let d = try #require(run.divergence)
    #expect(d.what.hasPrefix("step ") && d.what.contains("of the schedule"))
    #expect(d.why.hasPrefix("is not possible on seed-v3: "))
    let text = TextReport.render(run)
    #expect(text.contains("Diverged: this is not the story it was asked to tell. After step \(d.afterSteps),"))
    #expect(!text.contains("Hazards: none\n"))
    #expect(JSONReport.render(run).contains("\"divergence\""))
    // The same trace on its own revision applies whole.
    #expect(try Runner.replay(v60.trace, on: Revisions.named("v6.0"), strict: false).divergence == nil)
  }

  @Test func expectationsAreCheckedWhenParsed() {
    func error(_ expect: String) -> String {
      let yaml = "title: t\nrevision: v6.0\nsteps:\n  - do: start@1\n    expect: \(expect)\n"
      do { _ = try ScenarioParser.parse(yaml, file: "s.yaml"); return "no error" } catch { return error.description }
    }
    #expect(error("{ssch: cc7}").hasPrefix("s.yaml:5: key 'steps[1].expect.ssch': expected a condition code"))
    #expect(error("{colour: red}").hasPrefix("s.yaml:5: key 'steps[1].expect.colour': unknown outcome"))
    #expect(error("{hazard: boom}").contains("expected a hazard: use-after-free"))
    #expect(error("{state: BUSY}").contains("expected a state: NOT_OPER"))
    #expect(error("ssch").contains("expected a mapping of outcomes"))
    #expect(error("{ssch: cc0, returns: -EBUSY, frees: true, irb: halt}") == "no error")
  }
}
