/// Turns a screen into the bytes a terminal would show: cursor home, then every row with SGR
/// colour and attribute changes where the role changes. Used for recordings.
public enum AnsiRenderer {
  public static func sgr(_ style: Style, color: Bool) -> String {
    var codes = ["0"]
    for a in style.attributes.sorted(by: { $0.rawValue < $1.rawValue }) {
      switch a {
      case .bold: codes.append("1")
      case .dim: codes.append("2")
      case .underline: codes.append("4")
      case .blink: codes.append("5")
      case .reverse: codes.append("7")
      }
    }
    if color {
      if case .index(let i) = style.foreground {
        codes.append(i < 8 ? "\(30 + i)" : i < 16 ? "\(90 + i - 8)" : "38;5;\(i)")
      }
      if case .index(let i) = style.background {
        codes.append(i < 8 ? "\(40 + i)" : i < 16 ? "\(100 + i - 8)" : "48;5;\(i)")
      }
    }
    return "\u{1B}[" + codes.joined(separator: ";") + "m"
  }

  public static func frame(_ screen: Screen, theme: Theme) -> String {
    var out = "\u{1B}[H"
    var current: Role?
    for y in 0..<screen.height {
      if y > 0 { out += "\r\n" }
      for x in 0..<screen.width {
        let cell = screen[x, y]
        if cell.isContinuation { continue }
        if cell.role != current {
          out += sgr(theme.style(cell.role), color: theme.usesColor)
          current = cell.role
        }
        out.append(cell.character)
      }
    }
    return out + "\u{1B}[0m"
  }
}
