/// The vfio-ccw finite state machine: states, events and the handlers a jump table names.
///
/// Raw values are the kernel's enum order, so tables can be indexed by them.
public enum FSMState: UInt8, CaseIterable, Sendable, Codable {
  case notOper, standby, idle, cpProcessing, cpPending

  /// The kernel's spelling, as the views and exports print it.
  public var name: String {
    switch self {
    case .notOper: "NOT_OPER"
    case .standby: "STANDBY"
    case .idle: "IDLE"
    case .cpProcessing: "CP_PROCESSING"
    case .cpPending: "CP_PENDING"
    }
  }
}

public enum FSMEvent: UInt8, CaseIterable, Sendable, Codable {
  case notOper, ioReq, interrupt, asyncReq, open, close

  public var name: String {
    switch self {
    case .notOper: "NOT_OPER"
    case .ioReq: "IO_REQ"
    case .interrupt: "INTERRUPT"
    case .asyncReq: "ASYNC_REQ"
    case .open: "OPEN"
    case .close: "CLOSE"
    }
  }
}

/// A cell of the jump table: the function `jumptable[state][event]` calls.
public enum FSMHandler: UInt8, Sendable, CaseIterable {
  case nop, ioError, ioRequest, ioRetry, ioBusy, irq, disabledIRQ
  case asyncRequest, asyncRetry, asyncError, notoper, open, close

  public var name: String {
    switch self {
    case .nop: "fsm_nop"
    case .ioError: "fsm_io_error"
    case .ioRequest: "fsm_io_request"
    case .ioRetry: "fsm_io_retry"
    case .ioBusy: "fsm_io_busy"
    case .irq: "fsm_irq"
    case .disabledIRQ: "fsm_disabled_irq"
    case .asyncRequest: "fsm_async_request"
    case .asyncRetry: "fsm_async_retry"
    case .asyncError: "fsm_async_error"
    case .notoper: "fsm_notoper"
    case .open: "fsm_open"
    case .close: "fsm_close"
    }
  }
}

/// `jumptable[state][event]` as data. A revision lists only its own states and events.
public struct JumpTable: Sendable {
  public let states: [FSMState]
  public let events: [FSMEvent]
  private let cells: [[FSMHandler?]]

  /// - Parameter rows: one row per state, in `states` order, one handler per event.
  public init(states: [FSMState], events: [FSMEvent], rows: [[FSMHandler]]) {
    precondition(rows.count == states.count && rows.allSatisfy { $0.count == events.count })
    self.states = states
    self.events = events
    var cells = [[FSMHandler?]](
      repeating: [FSMHandler?](repeating: nil, count: FSMEvent.allCases.count),
      count: FSMState.allCases.count)
    for (s, state) in states.enumerated() {
      for (e, event) in events.enumerated() {
        cells[Int(state.rawValue)][Int(event.rawValue)] = rows[s][e]
      }
    }
    self.cells = cells
  }

  /// The handler for a state and event. A state the revision does not have never occurs.
  public func handler(_ state: FSMState, _ event: FSMEvent) -> FSMHandler {
    cells[Int(state.rawValue)][Int(event.rawValue)] ?? .nop
  }
}
