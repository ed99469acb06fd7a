/// A key as the app sees it, whatever the terminal sent.
public enum Key: Hashable, Sendable {
  case char(Character)
  case up, down, left, right, enter, escape, home, end, backspace, pageUp, pageDown

  /// How the help overlay names the key.
  public var label: String {
    switch self {
    case .char(" "): "space"
    case .char(let c): String(c)
    case .up: "↑"
    case .down: "↓"
    case .left: "←"
    case .right: "→"
    case .enter: "Enter"
    case .escape: "Esc"
    case .home: "Home"
    case .end: "End"
    case .backspace: "Backspace"
    case .pageUp: "PgUp"
    case .pageDown: "PgDn"
    }
  }
}
