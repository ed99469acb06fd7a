/// A terminal colour: the terminal's default, or an index into its palette (0-255).
public enum TerminalColor: Equatable, Sendable {
  case terminalDefault
  case index(Int)

  static let names: [String] = [
    "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
    "bright-black", "bright-red", "bright-green", "bright-yellow", "bright-blue",
    "bright-magenta", "bright-cyan", "bright-white",
  ]

  /// `default`, a name from `names`, or a number 0-255.
  public init?(_ text: String) {
    if text == "default" {
      self = .terminalDefault
    } else if let i = TerminalColor.names.firstIndex(of: text) {
      self = .index(i)
    } else if let n = Int(text), (0...255).contains(n) {
      self = .index(n)
    } else {
      return nil
    }
  }

  /// The nearest colour a terminal with `available` colours has (256, 16 or 8).
  public func fitted(to available: Int) -> TerminalColor {
    guard case .index(let i) = self, i >= available else { return self }
    if available >= 16 || i < 16 { return .index(available >= 16 ? TerminalColor.nearest(i, in: 16) : i % 8) }
    return .index(TerminalColor.nearest(i, in: available >= 8 ? 8 : max(available, 1)))
  }

  /// The xterm palette's RGB for an index.
  static func rgb(_ i: Int) -> (Int, Int, Int) {
    let basic: [(Int, Int, Int)] = [
      (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205),
      (0, 205, 205), (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0),
      (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]
    if i < 16 { return basic[i] }
    if i < 232 {
      let n = i - 16
      let level = { (v: Int) in v == 0 ? 0 : 55 + v * 40 }
      return (level(n / 36), level((n / 6) % 6), level(n % 6))
    }
    let g = 8 + (i - 232) * 10
    return (g, g, g)
  }

  static func nearest(_ i: Int, in count: Int) -> Int {
    let (r, g, b) = rgb(i)
    return (0..<count).min { a, c in
      let (ra, ga, ba) = rgb(a)
      let (rc, gc, bc) = rgb(c)
      return (ra - r) * (ra - r) + (ga - g) * (ga - g) + (ba - b) * (ba - b)
        < (rc - r) * (rc - r) + (gc - g) * (gc - g) + (bc - b) * (bc - b)
    }!
  }
}

/// How one role looks.
public struct Style: Equatable, Sendable {
  public var foreground: TerminalColor
  public var background: TerminalColor
  public var attributes: Set<Attribute>

  public init(
    _ foreground: TerminalColor = .terminalDefault, _ background: TerminalColor = .terminalDefault,
    _ attributes: Set<Attribute> = []
  ) {
    self.foreground = foreground
    self.background = background
    self.attributes = attributes
  }
}

/// A theme: a style for every role. Colour-less themes (mono) rely on attributes and glyphs.
public struct Theme: Equatable, Sendable {
  public var name: String
  public var description: String
  public var usesColor: Bool
  public var styles: [Role: Style]

  public func style(_ role: Role) -> Style { styles[role] ?? styles[.text] ?? Style() }
}
