/// SCSW bit values as Linux's `asm/scsw.h` spells them (reference §4.1).
public enum FCTL {
  public static let start: UInt8 = 0x4
  public static let halt: UInt8 = 0x2
  public static let clear: UInt8 = 0x1
}

public enum ACTL {
  public static let resumePend: UInt8 = 0x40
  public static let startPend: UInt8 = 0x20
  public static let haltPend: UInt8 = 0x10
  public static let clearPend: UInt8 = 0x08
  public static let schAct: UInt8 = 0x04
  public static let devAct: UInt8 = 0x02
  public static let suspended: UInt8 = 0x01
  /// The bits TSCH clears unless the status is intermediate only (reference §4.3).
  static let pendingBits: UInt8 = resumePend | startPend | haltPend | clearPend | suspended
}

public enum STCTL {
  public static let alert: UInt8 = 0x10
  public static let intermediate: UInt8 = 0x08
  public static let primary: UInt8 = 0x04
  public static let secondary: UInt8 = 0x02
  public static let pending: UInt8 = 0x01
}

/// What kind of status the channel subsystem made pending; the views name it.
public enum StatusKind: UInt8, Sendable, Codable {
  case startFinal, intermediate, halt, clear, deferredCC, unsolicited

  public var name: String {
    switch self {
    case .startFinal: "START final"
    case .intermediate: "intermediate (PCI)"
    case .halt: "HALT"
    case .clear: "CLEAR"
    case .deferredCC: "deferred cc"
    case .unsolicited: "unsolicited (attention)"
    }
  }
}

/// An interruption response block, reduced to what vfio-ccw looks at.
public struct IRB: Hashable, Sendable {
  public var kind: StatusKind
  public var stctl: UInt8
  /// actl as stored by TSCH: vfio-ccw's `is_final` reads it.
  public var actl: UInt8
  public var fctl: UInt8
  /// The deferred condition code in the SCSW.
  public var cc: UInt8

  /// Neither device nor subchannel active (`is_final` in io_todo).
  public init(kind: StatusKind, stctl: UInt8, actl: UInt8, fctl: UInt8, cc: UInt8) {
    self.kind = kind
    self.stctl = stctl
    self.actl = actl
    self.fctl = fctl
    self.cc = cc
  }

  public var isFinal: Bool { actl & (ACTL.devAct | ACTL.schAct) == 0 }
  /// `scsw_is_solicited`: cc != 0, or status other than alert alone.
  public var isSolicited: Bool { cc != 0 || stctl != (STCTL.alert | STCTL.pending) }
}

/// What the channel subsystem's running START points at.
public enum ChannelProgramRef: UInt8, Sendable {
  /// No start function is running a program.
  case none
  /// The running program is the driver's live, pinned cp.
  case live
  /// cp_free released the program the channel still runs.
  case freed
  /// cp_init re-initialised the cp: the running program's chains were leaked, not freed.
  case leaked
}

/// One subchannel's hardware state (reference §4.3).
public struct Subchannel: Hashable, Sendable {
  public var fctl: UInt8 = 0
  public var actl: UInt8 = 0
  /// Status pending at the hardware (stctl has PEND), with its IRB contents.
  public var status: IRB?
  /// A CPU took the I/O interruption for the pending status and is on its way to TSCH.
  public var interruptTaken = false
  /// What the running start function's channel program points at.
  public var program: ChannelProgramRef = .none
  /// One intermediate (PCI) interrupt at most per start, to keep the space finite.
  public var intermediateDone = false
  public var operational = true
  /// The subchannel is enabled for I/O (cio_enable_subchannel); a disabled one presents no
  /// interruption.
  public var enabled = true

  public var functionInProgress: Bool { fctl != 0 }
  public var isIdle: Bool { fctl == 0 && status == nil }

  // MARK: - Instructions (host side; vfio-ccw issues them under sch->lock)

  /// START SUBCHANNEL: cc3 not operational, cc1 status pending, cc2 function in progress.
  mutating func ssch() -> UInt8 {
    // Not operational, or disabled (QEMU's css.c: no DNV or ENA → -ENODEV, cc3).
    if !operational || !enabled { return 3 }
    if status != nil { return 1 }
    if fctl != 0 { return 2 }
    fctl = FCTL.start
    actl |= ACTL.startPend
    intermediateDone = false
    return 0
  }

  /// HALT SUBCHANNEL: cc1 with non-intermediate status pending, cc2 with halt/clear running.
  mutating func hsch() -> UInt8 {
    // Not operational, or disabled (QEMU's css.c: no DNV or ENA → -ENODEV, cc3).
    if !operational || !enabled { return 3 }
    if let s = status, s.stctl != (STCTL.intermediate | STCTL.pending) { return 1 }
    if fctl & (FCTL.halt | FCTL.clear) != 0 { return 2 }
    // Intermediate-only status is withdrawn by the halt (QEMU's model).
    if status != nil { status = nil; interruptTaken = false }
    fctl = (fctl & ~FCTL.start) | FCTL.halt
    actl |= ACTL.haltPend
    return 0
  }

  /// CLEAR SUBCHANNEL: cc0 unless not operational; discards any pending status at once.
  mutating func csch() -> UInt8 {
    // Not operational, or disabled (QEMU's css.c: no DNV or ENA → -ENODEV, cc3).
    if !operational || !enabled { return 3 }
    status = nil
    fctl = FCTL.clear
    actl = ACTL.clearPend
    return 0
  }

  /// TEST SUBCHANNEL: cc0 stores and consumes the status, cc1 when none is pending.
  mutating func tsch() -> (cc: UInt8, irb: IRB?) {
    // Whatever TSCH finds, the interruption that led here has been handled.
    interruptTaken = false
    if !operational { return (3, nil) }
    // cc1: a CSCH discarded the status after the interruption was taken.
    guard let s = status else { return (1, nil) }
    status = nil
    if s.stctl != (STCTL.intermediate | STCTL.pending) {
      // The function ends: the subchannel is idle from here on (reference §4.4).
      fctl = 0
      actl &= ~ACTL.pendingBits
    }
    return (0, s)
  }

  // MARK: - Asynchronous functions (the channel subsystem's own steps)

  mutating func makePending(_ irb: IRB) {
    status = irb
    interruptTaken = false
  }
}
