import CNcurses
import Visualizer

/// A theme turned into ncurses attributes and colour pairs, one pair per role.
struct Palette {
  private var attrs: [Role: (UInt32, Int32)] = [:]

  init(theme: Theme, colors: Bool) {
    let available = Int(ccw_colors())
    let pairs = Int(ccw_color_pairs())
    for (i, role) in Role.allCases.enumerated() {
      let style = theme.style(role)
      var a: UInt32 = 0
      for attr in style.attributes {
        switch attr {
        case .bold: a |= ccw_attr_bold()
        case .dim: a |= ccw_attr_dim()
        case .reverse: a |= ccw_attr_reverse()
        case .underline: a |= ccw_attr_underline()
        case .blink: a |= ccw_attr_blink()
        }
      }
      var pair: Int32 = 0
      if colors && theme.usesColor && i + 1 < pairs {
        pair = Int32(i + 1)
        ccw_init_pair(pair, Palette.number(style.foreground, available), Palette.number(style.background, available))
      }
      attrs[role] = (a, pair)
    }
  }

  subscript(role: Role) -> (UInt32, Int32) { attrs[role] ?? (0, 0) }

  /// -1 is the terminal's default colour (use_default_colors).
  static func number(_ c: TerminalColor, _ available: Int) -> Int32 {
    switch c.fitted(to: available) {
    case .terminalDefault: -1
    case .index(let i): Int32(i)
    }
  }
}
