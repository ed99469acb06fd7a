import ScenarioFiles
import RevisionFiles
import Simulation

/// Runs a built-in scenario on a revision; test failures name both.
func runScenario(_ name: String, on revision: String) throws -> Run {
  try ScenarioCatalog.named(name).run(on: Revisions.named(revision))
}

func kinds(_ run: Run) -> Set<HazardKind> { Set(run.hazards.map(\.hazard.kind)) }

let allRevisions = ["v5.2", "v5.3", "seed-v3", "v5.13", "v6.0", "v6.6.153"]
