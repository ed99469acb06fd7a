import RevisionFiles
import Simulation

/// Every command takes `--revision NAME|PATH` through here: a shipped revision's id, or a
/// revision file (a path with a '/' or ending in .yaml).
func resolveRevision(_ nameOrPath: String) throws -> Revision {
  try Revisions.resolve(nameOrPath)
}

/// The revision a trace file names, when the command line names none.
func revision(of trace: Trace, file: String) throws -> Revision {
  do {
    return try Revisions.resolve(trace.revision)
  } catch let e as SimulationError {
    throw SimulationError.badTrace("\(file): revision: \(e)")
  }
}

/// The revision a scenario is told on by default.
func revision(of scenario: Scenario) throws -> Revision {
  try Revisions.resolve(scenario.revision)
}

/// The default revision: the newest shipped one.
func defaultRevision() throws -> Revision {
  try Revisions.resolve("v6.0")
}
