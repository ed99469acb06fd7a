/// A lane of the timeline: a CPU, or the channel subsystem.
public enum Lane: Hashable, Sendable, Comparable {
  case cpu(Int)
  case css

  public var name: String {
    switch self {
    case .cpu(let k): "CPU\(k + 1)"
    case .css: "CSS"
    }
  }
}

/// A guest request QEMU forwards to the kernel.
public enum RequestKind: UInt8, Hashable, Sendable, CaseIterable {
  case start, halt, clear

  public var name: String {
    switch self {
    case .start: "START"
    case .halt: "HALT"
    case .clear: "CLEAR"
    }
  }

  var context: ContextKind {
    switch self {
    case .start: .start
    case .halt: .halt
    case .clear: .clear
    }
  }
}

/// An asynchronous action of the channel subsystem.
public enum HardwareAction: UInt8, Hashable, Sendable, CaseIterable {
  /// START_PEND → SCHACT|DEVACT: the channel fetches the first CCW.
  case startBegins
  /// Intermediate (PCI) status while the program runs.
  case intermediate
  /// Channel end and device end: the START's final status.
  case startEnds
  /// The start could not be begun: alert status with a deferred cc 1.
  case deferredCC
  case haltEnds
  case clearEnds
  /// The device presents attention status nobody asked for.
  case unsolicited

  public var name: String {
    switch self {
    case .startBegins: "start-begins"
    case .intermediate: "intermediate"
    case .startEnds: "start-ends"
    case .deferredCC: "deferred-cc"
    case .haltEnds: "halt-ends"
    case .clearEnds: "clear-ends"
    case .unsolicited: "unsolicited"
    }
  }
}

/// Kernel paths that QEMU does not see.
public enum KernelPath: UInt8, Hashable, Sendable, CaseIterable {
  /// chp_event (CHP_VARY_OFF) → cio_cancel_halt_clear.
  case haltClear
  /// sch_event: cio_update_schib fails → the NOT_OPER event.
  case notOper
  /// QEMU closes the device fd (close_device; release before v6.0).
  case close
  /// QEMU resets the device (the VFIO_DEVICE_RESET ioctl).
  case reset

  /// The context the path runs in.
  var context: ContextKind {
    switch self {
    case .haltClear: .kernelHaltClear
    case .notOper: .notOper
    case .close: .close
    case .reset: .reset
    }
  }
}

/// One atomic step the scheduler may choose. A trace is a list of these.
public enum Choice: Hashable, Sendable {
  /// Run the next step of the context on top of this CPU.
  case step(cpu: Int)
  /// QEMU issues a guest request on this CPU (its first step runs at once).
  case request(RequestKind, cpu: Int)
  /// A kernel-internal path starts on this CPU.
  case kernel(KernelPath, cpu: Int)
  /// This CPU takes the pending I/O interruption (a hard IRQ nests over its task).
  case interrupt(cpu: Int)
  /// The kworker runs the pending io_work on this CPU.
  case worker(cpu: Int)
  /// The channel subsystem acts.
  case hardware(HardwareAction)

  public var lane: Lane {
    switch self {
    case .step(let k), .request(_, let k), .kernel(_, let k), .interrupt(let k), .worker(let k):
      .cpu(k)
    case .hardware: .css
    }
  }
}

// MARK: - Text form, used by traces and scenario files

extension Choice: CustomStringConvertible, LosslessStringConvertible {
  /// `step@2`, `start@1`, `halt@1`, `clear@1`, `kchp@2`, `notoper@1`, `irq@1`, `work@1`,
  /// `hw:clear-ends`; CPUs are numbered from 1 as the lanes are.
  public var description: String {
    switch self {
    case .step(let k): "step@\(k + 1)"
    case .request(let r, let k): "\(r.name.lowercased())@\(k + 1)"
    case .kernel(.haltClear, let k): "kchp@\(k + 1)"
    case .kernel(.notOper, let k): "notoper@\(k + 1)"
    case .kernel(.close, let k): "close@\(k + 1)"
    case .kernel(.reset, let k): "reset@\(k + 1)"
    case .interrupt(let k): "irq@\(k + 1)"
    case .worker(let k): "work@\(k + 1)"
    case .hardware(let a): "hw:\(a.name)"
    }
  }

  /// The forms `init?(_:)` reads, for the messages that refuse a text.
  public static let forms =
    "step@N, start@N, halt@N, clear@N, kchp@N, notoper@N, close@N, reset@N, irq@N, work@N "
    + "(N a CPU from 1 to \(Configuration.maxCPUs)) or hw:ACTION"

  public init?(_ text: String) {
    if text.hasPrefix("hw:") {
      guard let a = HardwareAction.allCases.first(where: { "hw:\($0.name)" == text }) else {
        return nil
      }
      self = .hardware(a)
      return
    }
    let parts = text.split(separator: "@", omittingEmptySubsequences: false)
    guard parts.count == 2, let n = Int(parts[1]), n >= 1, n <= Configuration.maxCPUs else {
      return nil
    }
    let k = n - 1
    switch parts[0] {
    case "step": self = .step(cpu: k)
    case "start": self = .request(.start, cpu: k)
    case "halt": self = .request(.halt, cpu: k)
    case "clear": self = .request(.clear, cpu: k)
    case "kchp": self = .kernel(.haltClear, cpu: k)
    case "notoper": self = .kernel(.notOper, cpu: k)
    case "close": self = .kernel(.close, cpu: k)
    case "reset": self = .kernel(.reset, cpu: k)
    case "irq": self = .interrupt(cpu: k)
    case "work": self = .worker(cpu: k)
    default: return nil
    }
  }
}
