/// The channel subsystem's own actions: the asynchronous part of START, HALT and CLEAR,
/// intermediate and deferred-cc status, and unsolicited status (reference §4.3, §4.4).
extension Engine {
  /// Why the channel subsystem cannot take this action now, or nil.
  public func hardwareBlocker(_ w: World, _ a: HardwareAction) -> Blocker.ChannelBlock? {
    let s = w.sch
    if !s.operational { return .notOperational }
    if s.status != nil { return .statusPending }
    switch a {
    case .startBegins:
      return s.fctl & FCTL.start != 0 && s.actl & ACTL.startPend != 0 ? nil : .noStartPending
    case .intermediate:
      if !configuration.intermediate { return .intermediateOff }
      if s.intermediateDone { return .intermediateDone }
      return s.fctl & FCTL.start != 0 && s.actl & ACTL.schAct != 0 ? nil : .noStartRunning
    case .startEnds:
      return s.fctl & FCTL.start != 0 && s.actl & ACTL.schAct != 0 ? nil : .noStartRunning
    case .deferredCC:
      if !configuration.deferredCC { return .deferredCCOff }
      return s.fctl & FCTL.start != 0 && s.actl & ACTL.startPend != 0 ? nil : .noStartPending
    case .haltEnds:
      return s.fctl & FCTL.halt != 0 && s.actl & ACTL.haltPend != 0 ? nil : .noHalt
    case .clearEnds:
      return s.fctl & FCTL.clear != 0 && s.actl & ACTL.clearPend != 0 ? nil : .noClear
    case .unsolicited:
      if w.budgets.unsolicited == 0 { return .noUnsolicitedLeft }
      return s.fctl == 0 ? nil : .functionInProgress
    }
  }

  /// The same in words.
  public func hardwareBlocked(_ w: World, _ a: HardwareAction, explain x: Bool = true) -> String? {
    guard let b = hardwareBlocker(w, a) else { return nil }
    return x ? Blocker.channel(b).text : ""
  }

  func runHardware(_ w: inout World, _ a: HardwareAction, _ e: inout Emitter) {
    let lane = Lane.css
    let freed = w.sch.program == .freed
    switch a {
    case .startBegins:
      w.sch.actl = (w.sch.actl & ~ACTL.startPend) | ACTL.schAct | ACTL.devAct
      e.step(lane, .channel(a, freed: freed, active: false))
    case .intermediate:
      w.sch.intermediateDone = true
      w.sch.makePending(
        IRB(
          kind: .intermediate, stctl: STCTL.intermediate | STCTL.pending,
          actl: ACTL.schAct | ACTL.devAct, fctl: FCTL.start, cc: 0))
      e.step(lane, .channel(a, freed: freed, active: false))
    case .startEnds:
      w.sch.actl = 0
      w.sch.program = .none
      w.sch.makePending(
        IRB(
          kind: .startFinal, stctl: STCTL.primary | STCTL.secondary | STCTL.pending, actl: 0,
          fctl: FCTL.start, cc: 0))
      e.step(lane, .channel(a, freed: freed, active: false))
    case .deferredCC:
      w.sch.actl &= ~ACTL.startPend
      w.sch.program = .none
      w.sch.makePending(
        IRB(kind: .deferredCC, stctl: STCTL.alert | STCTL.pending, actl: 0, fctl: FCTL.start, cc: 1))
      e.step(lane, .channel(a, freed: freed, active: false))
    case .haltEnds:
      let active = w.sch.actl & (ACTL.schAct | ACTL.devAct) != 0
      w.sch.actl = 0
      w.sch.program = .none
      w.sch.makePending(
        IRB(
          kind: .halt,
          stctl: active ? STCTL.primary | STCTL.secondary | STCTL.pending : STCTL.pending,
          actl: 0, fctl: FCTL.halt, cc: 0))
      e.step(lane, .channel(a, freed: freed, active: active))
    case .clearEnds:
      w.sch.actl = 0
      w.sch.program = .none
      w.sch.makePending(
        IRB(kind: .clear, stctl: STCTL.pending, actl: 0, fctl: FCTL.clear, cc: 0))
      e.step(lane, .channel(a, freed: freed, active: false))
    case .unsolicited:
      w.budgets.spend(\.unsolicited)
      w.sch.makePending(
        IRB(kind: .unsolicited, stctl: STCTL.alert | STCTL.pending, actl: 0, fctl: 0, cc: 0))
      e.step(lane, .channel(a, freed: freed, active: false))
    }
  }
}
