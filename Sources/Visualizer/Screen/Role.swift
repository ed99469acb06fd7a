/// What a cell means. Views ask for roles; a theme decides what each role looks like, so the
/// same frame reads in colour, on a projector, or in monochrome.
public enum Role: String, CaseIterable, Sendable {
  case text, dim, border, title
  case statusBar = "status-bar"
  case caption
  case keyHint = "key-hint"
  case laneHeader = "lane-header"
  case laneSelected = "lane-selected"
  case laneBlocked = "lane-blocked"
  case laneHazard = "lane-hazard"
  case stepCurrent = "step-current"
  case stepNumber = "step-number"
  case cssText = "css-text"
  case fsmState = "fsm-state"
  case fsmCell = "fsm-cell"
  case fsmCellLit = "fsm-cell-lit"
  case fsmRowCurrent = "fsm-row-current"
  case flagOn = "flag-on"
  case flagOff = "flag-off"
  case ownerFree = "owner-free"
  case ownerBuilding = "owner-building"
  case ownerChannel = "owner-channel"
  case ownerFreed = "owner-freed"
  case workPending = "work-pending"
  case warning
  case codeLine = "code-line"
  case codeNext = "code-next"
  case codeDone = "code-done"
  case hazard
  case overlay
  case overlayTitle = "overlay-title"
}

/// Text attributes a terminal can show without colour.
public enum Attribute: String, CaseIterable, Sendable {
  case bold, dim, reverse, underline, blink
}
