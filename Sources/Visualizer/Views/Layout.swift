/// Where each panel goes for a terminal size, or the size needed when it is too small.
public struct Layout: Equatable, Sendable {
  public static let minimumWidth = 96
  public static let minimumHeight = 28
  /// The right-hand column with the FSM, cp, io_work and subchannel panels.
  public static let sideWidth = 48

  public var status: Rect
  public var caption: Rect
  public var lanes: Rect
  public var fsm: Rect
  public var cp: Rect
  public var work: Rect
  public var subchannel: Rect
  public var code: Rect
  public var keys: Rect
  /// Whether the FSM panel has room for the jump table.
  public var showsJumpTable: Bool

  /// nil when the terminal is smaller than the minimum.
  /// - Parameter presenter: a four-row caption box instead of the caption line.
  public init?(width: Int, height: Int, fsmStates: Int, presenter: Bool = false) {
    guard width >= Layout.minimumWidth, height >= Layout.minimumHeight else { return nil }
    let captionHeight = presenter ? 4 : 1
    let codeHeight = min(max(height - 2 - captionHeight - 24, 7), 14)
    let middle = height - 2 - captionHeight - codeHeight
    let side = Layout.sideWidth
    let mainWidth = width - side
    status = Rect(x: 0, y: 0, width: width, height: 1)
    caption = Rect(x: 0, y: 1, width: width, height: captionHeight)
    lanes = Rect(x: 0, y: 1 + captionHeight, width: mainWidth, height: middle)
    let cpHeight = 4
    let workHeight = 4
    let schHeight = 7
    let fixed = cpHeight + workHeight + schHeight
    let fullFSM = fsmStates + 4
    showsJumpTable = middle - fixed >= fullFSM
    let fsmHeight = middle - fixed
    fsm = Rect(x: mainWidth, y: lanes.y, width: side, height: fsmHeight)
    cp = Rect(x: mainWidth, y: fsm.maxY, width: side, height: cpHeight)
    work = Rect(x: mainWidth, y: cp.maxY, width: side, height: workHeight)
    subchannel = Rect(x: mainWidth, y: work.maxY, width: side, height: schHeight)
    code = Rect(x: 0, y: lanes.maxY, width: width, height: codeHeight)
    keys = Rect(x: 0, y: height - 1, width: width, height: 1)
  }
}
