import Foundation
import Search
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
  /// `--swarm I/N`, when the run was a swarm member.
  public var swarm: String?

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
      "\(c.threads ?? 0) QEMU threads x \(c.requests ?? 0) request\(c.requests == 1 ? "" : "s") each (START, HALT or CLEAR)",
      "\(c.unsolicited) unsolicited", "\(c.kernelHaltClear) kernel HALT/CLEAR",
      "QEMU filter \(c.qemuFilter ? "on" : "off")", "\(c.cpus) CPUs",
      maxDepth.map { "depth <= \($0)" } ?? "no depth limit",
    ]
    if c.notOper { parts.append("NOT_OPER once") }
    if c.closes > 0 { parts.append("\(c.closes) close/reset") }
    return parts.joined(separator: ", ")
  }

  public func text() -> String {
    var out = ["ccwviz explore \(revision.id) (\(revision.kernels))", "bounds: \(boundsText)"]
    let r = result
    var stoppedInside = false
    if case .memoryLimit = r.stop { stoppedInside = true }
    out.append(
      "searched \(r.states) states, \(r.transitions) transitions, depth \(r.maxDepth)"
        // Stopped inside a level: say which depth was searched whole (as the stop message does).
        + (stoppedInside ? " (stopped inside it: every schedule of up to \(max(0, r.maxDepth - 1)) steps searched)" : "") + ", "
        + String(format: "%.3f s (%.0f states/s)", r.seconds, r.statesPerSecond)
        + (r.exhaustive ? ", every reachable state" : "")
        + (r.stop == nil && isBitstate ? ", to the end of what the bit array kept (not every reachable state)" : ""))
    out.append(searchText)
    out.append("")
    for kind in kinds {
      let name = SafeText.pad(kind.rawValue, 14)
      if let f = r.findings[kind] {
        out.append("\(name) FOUND: " + (r.lengthsAreShortest ? "shortest trace \(f.choices.count) steps" : "trace of at most \(f.choices.count) steps (the shortest may be shorter)"))
        // The trace as saved (only the CPUs it uses), so its CPU numbers are the sentence's.
        let shown = trace(kind)?.choices ?? f.choices
        out.append(contentsOf: TextReport.wrap(shown.map(\.description).joined(separator: " "), width: 96).map { "    " + $0 })
        if let why = explanation(kind) {
          out.append(contentsOf: TextReport.wrap("why: " + why, width: 96).map { "    " + $0 })
        }
      } else if isBitstate && r.stop == nil {
        out.append("\(name) not found in the states the bit array kept (NOT shown unreachable: it may lie behind a lost state)")
      } else if r.exhaustive {
        out.append("\(name) not found: unreachable within these bounds")
      } else if case .memoryLimit = r.stop {
        out.append("\(name) not found in the part searched before the memory limit (NOT shown unreachable)")
      } else if r.stop == .maxStates {
        out.append("\(name) not found in the first \(r.states) states (the search stopped there)")
      } else {
        out.append("\(name) not found within the depth searched (the search stopped at depth \(r.maxDepth))")
      }
    }
    return out.joined(separator: "\n") + "\n"
  }

  /// How the search remembered worlds and what that risks.
  var searchText: String {
    let r = result
    var parts: [String] = []
    switch r.visited {
    case .exact: parts.append("visited set: every state stored in full (lossless)")
    case .fingerprints:
      parts.append("visited set: 64-bit fingerprints, probability that a state was missed " + String(format: "%.1e", r.omissionProbability ?? 0))
    case .bitstate(let bits):
      parts.append(
        "bitstate: 2^\(bits) bits, hash factor " + String(format: "%.1f", r.hashFactor ?? 0)
          + ", coverage at most " + String(format: "%.4f%%", 100 * (r.coverageAtMost ?? 0))
          + ((r.hashFactor ?? 0) < 100 ? " (hash factor under 100: the real coverage may be lower than this bound, far lower under 4; raise --hash-bits)" : ""))
    }
    switch r.reduction {
    case .sleepSets: parts.append("partial-order reduction: sleep sets")
    case .persistentSets:
      parts.append("partial-order reduction: persistent sets" + (isBitstate ? "" : " (lengths confirmed by a sleep-set search)"))
    case .none: parts.append("no partial-order reduction")
    }
    if r.peakBytes > 0 { parts.append(String(format: "%.0f MiB held", Double(r.peakBytes) / 1048576)) }
    if let swarm { parts.append("swarm member \(swarm)") }
    return parts.joined(separator: "; ")
  }

  var isBitstate: Bool {
    if case .bitstate = result.visited { return true }
    return false
  }

  var stopText: String? {
    switch result.stop {
    case nil: nil
    case .allFound: "all-found"
    case .maxDepth: "max-depth"
    case .maxStates: "max-states"
    case .memoryLimit: "memory-limit"
    }
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
    /// Added with the compact visited set; optional so that older documents still merge.
    var visited: String?
    var omissionProbability: Double?
    /// Bitstate: an upper bound on the share of reachable states visited, and bits per state.
    var coverageAtMost: Double?
    var hashFactor: Double?
    /// The runs a merged document combines, each as "<visited> member <i>", so that a run
    /// merged twice is refused instead of counted twice.
    var members: [String]?
    /// "sleep", "persistent" or "none".
    var reduction: String?
    var lengthsShortest: Bool?
    var stop: String?
    var swarm: String?
    var runs: Int?
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
          trace: f == nil ? nil : (trace(k)?.choices ?? f!.choices).map(\.description), explanation: f == nil ? nil : explanation(k))
      },
      visited: visitedName, omissionProbability: result.omissionProbability, coverageAtMost: result.coverageAtMost, hashFactor: result.hashFactor, members: nil,
      reduction: result.reduction.rawValue, lengthsShortest: result.lengthsAreShortest, stop: stopText, swarm: swarm)
    return JSONReport.encode(doc)
  }

  var visitedName: String {
    switch result.visited {
    case .exact: "exact"
    case .fingerprints: "fingerprints"
    case .bitstate(let bits): "bitstate-\(bits)"
    }
  }

  /// Writes each shortest trace as DIR/<revision>-<hazard>.json.
  /// Returns how many traces it wrote.
  @discardableResult
  public func save(to dir: String) throws -> Int {
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    var written = 0
    for kind in kinds {
      guard let t = trace(kind) else { continue }
      let path = (dir as NSString).appendingPathComponent("\(revision.id)-\(kind.rawValue).json")
      try t.jsonData().write(to: URL(fileURLWithPath: path))
      written += 1
    }
    return written
  }
}

extension ExploreReport {
  public struct MergeError: Error, CustomStringConvertible {
    public var description: String
  }

  /// Combines `explore --format json` results of one question (same revision and bounds),
  /// e.g. the members of a swarm: a hazard is found if any run found it (with the shortest
  /// trace among them); the search is exhaustive if any run was; with bitstate, a state is
  /// missed only if every member missed it, so the coverage bound combines as 1 - prod(1 - c_i)
  /// (members' hash functions are independent), and fingerprint omission probabilities
  /// multiply. Counts and seconds are the largest member's (the runs were side by side).
  public static func merge(_ documents: [(name: String, data: Data)]) throws(MergeError) -> String {
    var docs: [Document] = []
    for (name, data) in documents {
      do { docs.append(try JSONDecoder().decode(Document.self, from: data)) } catch {
        throw MergeError(description: "\(name): not an `explore --format json` result (\(error.localizedDescription))")
      }
    }
    guard var out = docs.first else { throw MergeError(description: "nothing to merge") }
    for (d, (name, _)) in zip(docs, documents).dropFirst() {
      guard d.revision == out.revision, d.bounds.threads == out.bounds.threads, d.bounds.requests == out.bounds.requests,
        d.bounds.unsolicited == out.bounds.unsolicited, d.bounds.kernelHaltClear == out.bounds.kernelHaltClear,
        d.bounds.cpus == out.bounds.cpus, d.bounds.qemuFilter == out.bounds.qemuFilter,
        d.bounds.notOper == out.bounds.notOper, d.bounds.maxDepth == out.bounds.maxDepth
      else {
        throw MergeError(description: "\(name) answers another question (revision or bounds differ from \(documents[0].name))")
      }
    }
    // Two copies of one search (same visited set, same swarm member) miss the same states:
    // merging them would count a coverage or an omission probability twice.
    var memberFile: [String: String] = [:]
    for (d, (name, _)) in zip(docs, documents) {
      for m in d.members ?? [Self.member(visited: d.visited, swarm: d.swarm)] {
        if let first = memberFile[m] {
          throw MergeError(
            description: "\(name) and \(first) both hold the run \(m): a second copy of a search adds nothing; "
              + "give each swarm member (--swarm I/N) once")
        }
        memberFile[m] = name
      }
    }
    out.members = memberFile.keys.sorted()
    out.states = docs.map(\.states).max() ?? 0
    out.transitions = docs.map(\.transitions).max() ?? 0
    out.maxDepth = docs.map(\.maxDepth).max() ?? 0
    out.seconds = docs.map(\.seconds).max() ?? 0
    out.statesPerSecond = out.seconds > 0 ? Double(out.states) / out.seconds : 0
    // A complete member decides what the merge promises: every reachable state was seen,
    // its lengths are the shortest (no other member's trace can be shorter than a shortest
    // one), and the coverage bounds of bitstate members no longer matter.
    let complete = docs.first { $0.exhaustive }
    out.exhaustive = complete != nil
    out.stop = out.exhaustive ? nil : docs.compactMap(\.stop).first
    if let complete { out.visited = complete.visited }
    out.runs = docs.map { $0.runs ?? 1 }.reduce(0, +)
    out.swarm = nil
    out.lengthsShortest = (complete.map { $0.lengthsShortest ?? true } ?? false) || docs.allSatisfy { $0.lengthsShortest ?? true }
    let coverages = docs.compactMap(\.coverageAtMost)
    out.coverageAtMost = coverages.isEmpty || complete != nil ? nil : 1 - coverages.map { 1 - $0 }.reduce(1, *)
    out.hashFactor = complete != nil ? nil : docs.compactMap(\.hashFactor).min()
    let omissions = docs.compactMap(\.omissionProbability)
    out.omissionProbability = omissions.isEmpty ? nil : omissions.reduce(1, *)
    let kinds = docs.flatMap { $0.results.map(\.hazard) }
    var seen = Set<String>()
    out.results = kinds.filter { seen.insert($0).inserted }.map { hazard in
      let all = docs.compactMap { $0.results.first { $0.hazard == hazard } }
      let found = all.filter(\.found).min { ($0.length ?? .max) < ($1.length ?? .max) }
      return found ?? all[0]
    }
    return JSONReport.encode(out)
  }

  /// A run's identity for merging: its visited set and its swarm member (a run without
  /// --swarm searches as member 1 of any swarm does).
  static func member(visited: String?, swarm: String?) -> String {
    let index = swarm.flatMap { $0.split(separator: "/").first.flatMap { Int($0) } } ?? 1
    return "\(visited ?? "exact") member \(index)"
  }
}
