import Foundation
import SafeText
import Simulation

/// What `explore` prints: the bounds, the figures, and per hazard its shortest trace or the
/// statement that it is unreachable within the bounds.
public struct ExploreReport {
  public let revision: Revision
  public let configuration: Configuration
  public let maxDepth: Int?
  public let wanted: Set<HazardKind>
  public let result: Explorer.Result

  public init(revision: Revision, configuration: Configuration, maxDepth: Int?,
    wanted: Set<HazardKind>, result: Explorer.Result)
  {
    self.revision = revision
    self.configuration = configuration
    self.maxDepth = maxDepth
    self.wanted = wanted
    self.result = result
  }

  var kinds: [HazardKind] { HazardKind.allCases.filter(wanted.contains) }

  /// The trace of a finding, replayed so its hazard's own sentence can be shown.
  public func trace(_ kind: HazardKind) -> Trace? {
    guard let f = result.findings[kind] else { return nil }
    // Only the CPUs the trace uses: the explorer's machine has a CPU for every context that
    // might need one, most traces use two or three of them.
    return Trace(
      revision: revision.id, configuration: configuration, choices: f.choices,
      title: "shortest trace to \(kind.rawValue) on \(revision.id), found by ccwviz explore"
    ).compactingCPUs(on: revision)
  }

  public func explanation(_ kind: HazardKind) -> String? {
    guard let t = trace(kind), let run = try? Runner.replay(t, on: revision) else { return nil }
    return run.hazards.first { $0.hazard.kind == kind }?.hazard.explanation
  }

  var boundsText: String {
    let c = configuration
    var parts = [
      "\(c.threads ?? 0) QEMU threads x \(c.requests ?? 0) requests (START, HALT or CLEAR)",
      "\(c.unsolicited) unsolicited", "\(c.kernelHaltClear) kernel HALT/CLEAR",
      "QEMU filter \(c.qemuFilter ? "on" : "off")", "\(c.cpus) CPUs",
      maxDepth.map { "depth <= \($0)" } ?? "no depth limit",
    ]
    if c.notOper { parts.append("NOT_OPER once") }
    return parts.joined(separator: ", ")
  }

  public func text() -> String {
    var out = ["ccwviz explore \(revision.id) (\(revision.kernels))", "bounds: \(boundsText)"]
    let r = result
    out.append(
      "searched \(r.states) states, \(r.transitions) transitions, depth \(r.maxDepth), "
        + String(format: "%.3f s (%.0f states/s)", r.seconds, r.statesPerSecond)
        + (r.exhaustive ? ", every reachable state" : ""))
    out.append("")
    for kind in kinds {
      let name = SafeText.pad(kind.rawValue, 14)
      if let f = r.findings[kind] {
        out.append("\(name) FOUND: shortest trace \(f.choices.count) steps")
        out.append(contentsOf: TextReport.wrap(f.choices.map(\.description).joined(separator: " "), width: 96).map { "    " + $0 })
        if let why = explanation(kind) {
          out.append(contentsOf: TextReport.wrap("why: " + why, width: 96).map { "    " + $0 })
        }
      } else if r.exhaustive {
        out.append("\(name) not found: unreachable within these bounds")
      } else {
        out.append("\(name) not found within the depth searched (the search stopped at depth \(r.maxDepth))")
      }
    }
    return out.joined(separator: "\n") + "\n"
  }

  struct Document: Codable {
    struct Bounds: Codable {
      var threads, requests, unsolicited, kernelHaltClear, cpus: Int
      var qemuFilter, notOper: Bool
      var maxDepth: Int?
    }
    struct HazardResult: Codable {
      var hazard: String
      var found: Bool
      var length: Int?
      var trace: [String]?
      var explanation: String?
    }
    var revision: String
    var bounds: Bounds
    var states, transitions, maxDepth: Int
    var seconds, statesPerSecond: Double
    var exhaustive: Bool
    var results: [HazardResult]
  }

  public func json() -> String {
    let c = configuration
    let doc = Document(
      revision: revision.id,
      bounds: .init(
        threads: c.threads ?? 0, requests: c.requests ?? 0, unsolicited: c.unsolicited,
        kernelHaltClear: c.kernelHaltClear, cpus: c.cpus, qemuFilter: c.qemuFilter,
        notOper: c.notOper, maxDepth: maxDepth),
      states: result.states, transitions: result.transitions, maxDepth: result.maxDepth,
      seconds: result.seconds, statesPerSecond: result.statesPerSecond, exhaustive: result.exhaustive,
      results: kinds.map { k in
        let f = result.findings[k]
        return .init(
          hazard: k.rawValue, found: f != nil, length: f?.choices.count,
          trace: f?.choices.map(\.description), explanation: f == nil ? nil : explanation(k))
      })
    return JSONReport.encode(doc)
  }

  /// Writes each shortest trace as DIR/<revision>-<hazard>.json.
  public func save(to dir: String) throws {
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    for kind in kinds {
      guard let t = trace(kind) else { continue }
      let path = (dir as NSString).appendingPathComponent("\(revision.id)-\(kind.rawValue).json")
      try t.jsonData().write(to: URL(fileURLWithPath: path))
    }
  }
}
