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

/// One character cell and its role. A wide character (CJK, most emoji) takes two cells: the
/// first holds it, the second is its continuation and holds nothing of its own.
public struct Cell: Equatable, Sendable {
  /// A grapheme: one printable character with any combining marks it carries.
  public var character: Character
  public var role: Role
  /// The right half of the wide character in the cell to the left.
  public var isContinuation = false

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

  /// Puts a character at (x, y); a wide one takes (x + 1, y) too, and where there is no room
  /// for its second half it becomes an ellipsis. A wide character partly overwritten is
  /// blanked, so a half never stays on screen.
  public mutating func set(_ x: Int, _ y: Int, _ c: Character, _ role: Role) {
    guard x >= 0, y >= 0, x < width, y < height else { return }
    let safe = Screen.safe(c, glyphs)
    let w = Screen.displayWidth(safe)
    if w == 2 && x + 1 >= width {
      place(x, y, Cell(character: glyphs.ellipsis, role: role))
      return
    }
    place(x, y, Cell(character: safe, role: role))
    if w == 2 { place(x + 1, y, Cell(character: " ", role: role, isContinuation: true)) }
  }

  private mutating func place(_ x: Int, _ y: Int, _ cell: Cell) {
    let i = y * width + x
    // Overwriting the right half of a wide character: its left half goes too.
    if cells[i].isContinuation && x > 0 && !cell.isContinuation {
      cells[i - 1] = Cell(character: " ", role: cells[i - 1].role)
    }
    // Overwriting the left half of a wide character: its right half goes too.
    if !cells[i].isContinuation && x + 1 < width && cells[i + 1].isContinuation {
      cells[i + 1] = Cell(character: " ", role: cells[i + 1].role)
    }
    cells[i] = cell
  }

  /// Columns a text takes on screen (as `text` draws it).
  public func columns(_ s: String) -> Int {
    (glyphs == .ascii ? Screen.transliterate(s) : s).reduce(0) { $0 + Screen.displayWidth(Screen.safe($1, glyphs)) }
  }

  /// Writes text from (x, y), clipped to `limit` columns (and the screen); a clipped text
  /// ends in an ellipsis. Wide characters take two columns. Returns the column after the
  /// last character written.
  @discardableResult
  public mutating func text(_ x: Int, _ y: Int, _ s: String, _ role: Role, limit: Int? = nil)
    -> Int
  {
    let room = min(limit ?? (width - x), width - x)
    guard room > 0, y >= 0, y < height else { return x }
    let chars = Array(glyphs == .ascii ? Screen.transliterate(s) : s).map { Screen.safe($0, glyphs) }
    let widths = chars.map(Screen.displayWidth)
    let total = widths.reduce(0, +)
    // When it does not fit, keep one column for the ellipsis.
    let usable = total <= room ? room : room - 1
    var col = x
    for (c, w) in zip(chars, widths) {
      if col - x + w > usable { break }
      set(col, y, c, role)
      col += w
    }
    if total > room {
      set(col, y, glyphs.ellipsis, role)
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

  /// The screen as text, one line per row, trailing blanks removed: what tests compare. A
  /// wide character appears once (it takes two columns where it is shown).
  public func dump() -> String {
    (0..<height).map { y in
      var line = String((0..<width).filter { !self[$0, y].isContinuation }.map { self[$0, y].character })
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

  /// Control and escape characters become a '?' so text from files can never move the
  /// cursor or change the terminal; so do bidi overrides, and, without UTF-8, anything not
  /// ASCII. A character keeps its combining marks; a mark with nothing to sit on is a '?'.
  static func safe(_ c: Character, _ g: Glyphs) -> Character {
    let scalars = c.unicodeScalars
    guard let first = scalars.first else { return "?" }
    for scalar in scalars {
      let v = scalar.value
      if v < 0x20 || (0x7F...0x9F).contains(v) { return "?" }
      if (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x200B || v == 0xFEFF { return "?" }
      if g == .ascii && v > 0x7E { return "?" }
    }
    if isZeroWidth(first) { return "?" }
    // Emoji the terminal may draw one cell or two (text-style symbols with a variation
    // selector, skin-tone and flag sequences): keep the base when it stands alone.
    if scalars.count > 1 && scalars.dropFirst().contains(where: { !isZeroWidth($0) }) {
      return Character(first)
    }
    return c
  }

  /// How many columns a (safe) character takes: 2 for East Asian wide and full-width forms
  /// and emoji shown as pictures, 1 otherwise (combining marks add nothing). The same table
  /// as wcwidth's for these ranges, so the grid and the terminal agree.
  public static func displayWidth(_ c: Character) -> Int {
    guard let scalar = c.unicodeScalars.first else { return 1 }
    return isWide(scalar) ? 2 : 1
  }

  static func isWide(_ scalar: Unicode.Scalar) -> Bool {
    let v = scalar.value
    if v < 0x1100 { return false }
    if (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
      || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
      || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
      || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v)
      || (0x20000...0x2FFFD).contains(v) || (0x30000...0x3FFFD).contains(v)
    {
      return true
    }
    return scalar.properties.isEmojiPresentation
  }

  /// Combining marks, joiners and variation selectors: they take no column of their own.
  static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format: return true
    default: return (0xFE00...0xFE0F).contains(scalar.value)
    }
  }
}
