/// The kinds of harm the simulation detects. The raw value is the stable id.
public enum HazardKind: String, CaseIterable, Sendable, Codable {
  /// cp freed while the channel runs its program, or while another lane walks its chains
  /// (cp_prefetch building it, cp_update_scsw translating the cpa).
  case useAfterFree = "use-after-free"
  /// An initialized cp overwritten by cp_init, or never freed.
  case cpLeak = "cp-leak"
  /// The FSM (or `cp.started`) says busy forever while nothing is outstanding.
  case stuck = "stuck"
  /// The single irb slot was overwritten before io_todo copied it out.
  case lostStatus = "lost-status"
  /// A request path wrote the FSM state over NOT_OPER (race R7).
  case notOperLost = "notoper-lost"
  /// Two cp_free calls both passed the `initialized` check: the chains are freed twice.
  case doubleFree = "double-free"
  /// io_todo wrote into the io_region or signalled the eventfd after close unregistered them.
  case afterClose = "after-close"

  /// One bit per kind, in `allCases` order (a test checks the order).
  public var bit: UInt8 {
    switch self {
    case .useAfterFree: 1 << 0
    case .cpLeak: 1 << 1
    case .stuck: 1 << 2
    case .lostStatus: 1 << 3
    case .notOperLost: 1 << 4
    case .doubleFree: 1 << 5
    case .afterClose: 1 << 6
    }
  }

  /// The hazards a configuration can produce: NOT_OPER can only be lost when the device may
  /// go away.
  public static func possible(under c: Configuration) -> Set<HazardKind> {
    Set(allCases.filter { ($0 != .notOperLost || c.notOper) && ($0 != .afterClose || c.closes > 0) })
  }

  public var summary: String {
    switch self {
    case .useAfterFree: "channel program freed while in use"
    case .cpLeak: "channel program leaked"
    case .stuck: "driver stuck busy with an idle subchannel"
    case .lostStatus: "interrupt status lost"
    case .notOperLost: "NOT_OPER state overwritten"
    case .doubleFree: "channel program freed twice"
    case .afterClose: "I/O completion delivered after close"
    }
  }
}

/// A hazard as it fired: which kind, the lanes involved and one plain sentence of why.
public struct Hazard: Hashable, Sendable {
  public var kind: HazardKind
  public var lanes: [Lane]
  public var explanation: String
}

/// What a step did, for the views and exports.
public enum Event: Hashable, Sendable {
  /// Something the lane's step did.
  case step(Lane, Fact)
  /// A secondary remark about the same step (a queue_work that found the bit set).
  case note(Lane, Fact)
  case hazard(Hazard)
}
