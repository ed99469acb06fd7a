import SafeText
/// What a run is allowed to do, besides the revision: the size of the machine and the budgets.
public struct Configuration: Hashable, Sendable, Codable {
  /// CPUs that run QEMU requests, interrupts and the kworker (the channel subsystem is extra).
  public var cpus: Int
  /// QEMU requests (START, HALT or CLEAR) that may still be issued; nil is unlimited. With
  /// `threads`, the budget of each thread.
  public var requests: Int?
  /// QEMU request threads: thread i issues its requests on CPU i only, one at a time. nil:
  /// any free CPU may issue a request.
  public var threads: Int?
  /// Kernel-internal HALT/CLEAR (channel-path vary-off) that QEMU never sees.
  public var kernelHaltClear: Int
  /// Unsolicited (attention) statuses the device may present.
  public var unsolicited: Int
  /// QEMU forwards only what its virtual SCSW allows (reference §4.4).
  public var qemuFilter: Bool
  /// The channel subsystem may present one intermediate (PCI) status per START.
  public var intermediate: Bool
  /// The channel subsystem may end a START with a deferred cc (cc 1 in the SCSW).
  public var deferredCC: Bool
  /// The css may find the subchannel not operational once (the NOT_OPER event).
  public var notOper: Bool
  /// QEMU may close the device, or reset it, this many times (race R8).
  public var closes: Int = 0

  public static let maxCPUs = 8

  public init(
    cpus: Int = 2, requests: Int? = nil, threads: Int? = nil, kernelHaltClear: Int = 0,
    unsolicited: Int = 0,
    qemuFilter: Bool = false, intermediate: Bool = false, deferredCC: Bool = false,
    notOper: Bool = false, closes: Int = 0
  ) {
    self.cpus = cpus
    self.requests = requests
    self.threads = threads
    self.kernelHaltClear = kernelHaltClear
    self.unsolicited = unsolicited
    self.qemuFilter = qemuFilter
    self.intermediate = intermediate
    self.deferredCC = deferredCC
    self.notOper = notOper
    self.closes = closes
  }

  private enum CodingKeys: String, CodingKey {
    case cpus, requests, threads, kernelHaltClear, unsolicited, qemuFilter, intermediate, deferredCC, notOper
    case closes
  }

  /// `closes` is written only when set, so traces without closes read as they always did.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(cpus, forKey: .cpus)
    try c.encodeIfPresent(requests, forKey: .requests)
    try c.encodeIfPresent(threads, forKey: .threads)
    try c.encode(kernelHaltClear, forKey: .kernelHaltClear)
    try c.encode(unsolicited, forKey: .unsolicited)
    try c.encode(qemuFilter, forKey: .qemuFilter)
    try c.encode(intermediate, forKey: .intermediate)
    try c.encode(deferredCC, forKey: .deferredCC)
    try c.encode(notOper, forKey: .notOper)
    if closes != 0 { try c.encode(closes, forKey: .closes) }
  }

  /// Missing keys take their defaults, so a hand-written trace may name only what it changes.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let d = Configuration()
    cpus = try c.decodeIfPresent(Int.self, forKey: .cpus) ?? d.cpus
    requests = try c.decodeIfPresent(Int.self, forKey: .requests)
    threads = try c.decodeIfPresent(Int.self, forKey: .threads)
    kernelHaltClear = try c.decodeIfPresent(Int.self, forKey: .kernelHaltClear) ?? 0
    unsolicited = try c.decodeIfPresent(Int.self, forKey: .unsolicited) ?? 0
    qemuFilter = try c.decodeIfPresent(Bool.self, forKey: .qemuFilter) ?? false
    intermediate = try c.decodeIfPresent(Bool.self, forKey: .intermediate) ?? false
    deferredCC = try c.decodeIfPresent(Bool.self, forKey: .deferredCC) ?? false
    notOper = try c.decodeIfPresent(Bool.self, forKey: .notOper) ?? false
    closes = try c.decodeIfPresent(Int.self, forKey: .closes) ?? 0
  }

  /// Checks the ranges; the message names the field and what was expected.
  public func validate() throws(SimulationError) {
    guard (1...Configuration.maxCPUs).contains(cpus) else {
      throw .invalid("cpus must be between 1 and \(Configuration.maxCPUs), got \(cpus)")
    }
    if let r = requests, !(0...254).contains(r) {
      throw .invalid("requests must be between 0 and 254, got \(r)")
    }
    if let t = threads, !(1...cpus).contains(t) {
      throw .invalid("threads must be between 1 and cpus (\(cpus)), got \(t)")
    }
    for (name, v) in [("kernel-halt-clear", kernelHaltClear), ("unsolicited", unsolicited), ("closes", closes)]
    where !(0...254).contains(v) {
      throw .invalid("\(name) must be between 0 and 254, got \(v)")
    }
  }
}

/// Errors the engine reports to the layers above; the message is meant for a person.
extension Configuration {
  /// The explorer's CPUs for these bounds: enough that no context waits for a CPU (each QEMU
  /// thread, the kworker and an interrupt, one more with kernel-internal paths).
  public static func explorerCPUs(threads: Int, kernelPaths: Bool) -> Int {
    min(maxCPUs, threads + 2 + (kernelPaths ? 1 : 0))
  }
}

public enum SimulationError: Error, Equatable, CustomStringConvertible {
  case invalid(String)
  /// The name asked for, and the names known.
  case unknownRevision(String, known: [String])
  case unknownScenario(String)
  case badTrace(String)

  public var description: String {
    switch self {
    case .invalid(let m): m
    case .unknownRevision(let r, let known):
      "unknown revision '\(SafeText.excerpt(r))'; expected one of: \(known.joined(separator: ", ")), or a path to a revision file"
    case .unknownScenario(let s):
      "unknown scenario '\(s)'; `ccwviz list scenarios` shows the shipped ones, or give a path to a .yaml file"
    case .badTrace(let m): m
    }
  }
}
