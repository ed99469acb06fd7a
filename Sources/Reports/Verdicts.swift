import Foundation
import Search
import SafeText
import Simulation

/// Every hazard's reachability on a revision within bounds: the question `check` answers for a
/// revision file and `diff` asks of two.
public struct Verdicts: Sendable {
  public struct Verdict: Sendable {
    public var hazard: HazardKind
    /// The shortest trace's choices, or nil when unreachable within the bounds.
    public var trace: [Choice]?
    public var found: Bool { trace != nil }
  }

  public var revision: Revision
  public var configuration: Configuration
  public var verdicts: [Verdict]
  public var states: Int
  public var exhaustive: Bool

  /// The explorer's default question: 2 QEMU threads x 2 requests, 4 CPUs.
  public static let defaultBounds = Configuration(cpus: 4, requests: 2, threads: 2)

  /// Explores the revision within the bounds, for every hazard the bounds can produce.
  public static func explore(_ revision: Revision, configuration: Configuration = defaultBounds, jobs: Int = 1) -> Verdicts {
    let wanted = HazardKind.possible(under: configuration)
    let result = Explorer(engine: Engine(revision: revision, configuration: configuration), wanted: wanted).run(jobs: max(1, jobs))
    let verdicts = HazardKind.allCases.filter(wanted.contains).map {
      Verdict(hazard: $0, trace: result.findings[$0]?.choices)
    }
    return Verdicts(revision: revision, configuration: configuration, verdicts: verdicts, states: result.states, exhaustive: result.exhaustive)
  }

  public func verdict(_ kind: HazardKind) -> Verdict? { verdicts.first { $0.hazard == kind } }

  /// The bounds in words.
  public var boundsText: String {
    let c = configuration
    var parts = ["\(c.threads ?? 0) QEMU threads x \(c.requests ?? 0) requests", "\(c.cpus) CPUs"]
    if c.unsolicited > 0 { parts.append("\(c.unsolicited) unsolicited") }
    if c.kernelHaltClear > 0 { parts.append("\(c.kernelHaltClear) kernel HALT/CLEAR") }
    if c.qemuFilter { parts.append("QEMU filter") }
    if c.notOper { parts.append("NOT_OPER once") }
    return parts.joined(separator: ", ")
  }

  /// One line per hazard: reachable in N steps, or unreachable within the bounds.
  public func table(indent: String = "  ") -> String {
    var out = ""
    for v in verdicts {
      let name = SafeText.pad(v.hazard.rawValue, 15)
      if let t = v.trace {
        out += "\(indent)\(name) reachable, shortest \(t.count) steps\n"
      } else {
        out += "\(indent)\(name) unreachable within these bounds\n"
      }
    }
    return out
  }
}
