/// A rectangle on the screen.
public struct Rect: Equatable, Sendable {
  public var x, y, width, height: Int

  public init(x: Int, y: Int, width: Int, height: Int) {
    self.x = x
    self.y = y
    self.width = max(0, width)
    self.height = max(0, height)
  }

  /// The rectangle inside a one-cell border.
  public var inner: Rect { Rect(x: x + 1, y: y + 1, width: width - 2, height: height - 2) }
  public var maxX: Int { x + width }
  public var maxY: Int { y + height }
}

/// One character cell and its role.
public struct Cell: Equatable, Sendable {
  public var character: Character
  public var role: Role

  public static let blank = Cell(character: " ", role: .text)
}

/// An in-memory grid of cells. Views draw into it; the terminal backend copies it out, and
/// tests read it back as text. Everything drawn is clipped to the grid and to the rectangle
/// the caller gives, and control characters never get in.
public struct Screen: Sendable, Equatable {
  public let width: Int
  public let height: Int
  public let glyphs: Glyphs
  public private(set) var cells: [Cell]

  public init(width: Int, height: Int, glyphs: Glyphs = .unicode) {
    self.width = max(0, width)
    self.height = max(0, height)
    self.glyphs = glyphs
    cells = Array(repeating: .blank, count: self.width * self.height)
  }

  public subscript(x: Int, y: Int) -> Cell {
    get { cells[y * width + x] }
    set { cells[y * width + x] = newValue }
  }

  public mutating func set(_ x: Int, _ y: Int, _ c: Character, _ role: Role) {
    guard x >= 0, y >= 0, x < width, y < height else { return }
    cells[y * width + x] = Cell(character: Screen.safe(c, glyphs), role: role)
  }

  /// Writes text from (x, y), clipped to `limit` columns (and the screen); a clipped text
  /// ends in an ellipsis. Returns the column after the last character written.
  @discardableResult
  public mutating func text(_ x: Int, _ y: Int, _ s: String, _ role: Role, limit: Int? = nil)
    -> Int
  {
    let room = min(limit ?? (width - x), width - x)
    guard room > 0, y >= 0, y < height else { return x }
    let chars = Array(glyphs == .ascii ? Screen.transliterate(s) : s)
    var col = x
    for (i, c) in chars.enumerated() {
      if col - x >= room { break }
      if col - x == room - 1 && i < chars.count - 1 {
        set(col, y, glyphs.ellipsis, role)
        return col + 1
      }
      set(col, y, c, role)
      col += 1
    }
    return col
  }

  public mutating func fill(_ r: Rect, _ role: Role, _ c: Character = " ") {
    for y in r.y..<r.maxY { for x in r.x..<r.maxX { set(x, y, c, role) } }
  }

  /// A box with an optional title in its top border.
  public mutating func box(_ r: Rect, title: String? = nil, role: Role = .border, titleRole: Role = .title)
  {
    guard r.width >= 2, r.height >= 2 else { return }
    let g = glyphs
    for x in r.x + 1..<r.maxX - 1 {
      set(x, r.y, g.horizontal, role)
      set(x, r.maxY - 1, g.horizontal, role)
    }
    for y in r.y + 1..<r.maxY - 1 {
      set(r.x, y, g.vertical, role)
      set(r.maxX - 1, y, g.vertical, role)
    }
    set(r.x, r.y, g.topLeft, role)
    set(r.maxX - 1, r.y, g.topRight, role)
    set(r.x, r.maxY - 1, g.bottomLeft, role)
    set(r.maxX - 1, r.maxY - 1, g.bottomRight, role)
    if let title, r.width > 4 { text(r.x + 2, r.y, " \(title) ", titleRole, limit: r.width - 4) }
  }

  /// The screen as text, one line per row, trailing blanks removed: what tests compare.
  public func dump() -> String {
    (0..<height).map { y in
      var line = String((0..<width).map { self[$0, y].character })
      while line.last == " " { line.removeLast() }
      return line
    }.joined(separator: "\n")
  }

  /// Rows that contain a role, for tests that check colouring.
  public func rows(with role: Role) -> [Int] {
    (0..<height).filter { y in (0..<width).contains { self[$0, y].role == role } }
  }

  /// The few non-ASCII symbols the engine's texts use, spelled in ASCII.
  static func transliterate(_ s: String) -> String {
    var out = ""
    for c in s {
      switch c {
      case "→": out += "->"
      case "–", "—": out += "-"
      case "…": out += "..."
      case "»": out += ">>"
      case "·": out += "."
      case "‘", "’": out += "'"
      case "│": out += "|"
      case "←": out += "<"
      case "↑": out += "^"
      case "↓": out += "v"
      case "✓": out += "*"
      case "●": out += "#"
      case "○": out += "."
      case "▶": out += ">"
      case "■": out += "="
      case "↳": out += ">"
      case "“", "”": out += "\""
      default: out.append(c)
      }
    }
    return out
  }

  /// Control and escape characters, and anything wider than one column, become a '?' so text
  /// from files can never move the cursor or change the terminal.
  static func safe(_ c: Character, _ g: Glyphs) -> Character {
    guard let scalar = c.unicodeScalars.first, c.unicodeScalars.count == 1 else { return "?" }
    let v = scalar.value
    if v < 0x20 || (0x7F...0x9F).contains(v) { return "?" }
    if g == .ascii && v > 0x7E { return "?" }
    // East Asian wide and emoji ranges take two columns: keep the grid one cell per column.
    if (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v)
      || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v)
      || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
      || (0xFFE0...0xFFE6).contains(v) || v >= 0x1F000
    {
      return "?"
    }
    if (0x0300...0x036F).contains(v) || v == 0x200B || v == 0xFEFF { return "?" }
    return c
  }
}
