/// Text that came from files (titles, captions, names, paths) made safe to print: nothing we
/// print can move the cursor, clear the screen, retitle the terminal or reorder what it shows.
///
/// The TUI draws on a cell grid that turns control characters into `?`
/// (`Screen.safe` in Visualizer); the command line applies the same rule at its output
/// boundary, and JSON output escapes the same characters instead of replacing them.
public enum SafeText {
  /// C0 and C1 controls, DEL, and the bidi overrides, embeddings, isolates and marks
  /// (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C).
  @inlinable
  public static func isUnsafe(_ v: UInt32) -> Bool {
    if v < 0x20 || (0x7F...0x9F).contains(v) { return true }
    if v < 0x061C { return false }
    return (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
      || v == 0x200E || v == 0x200F || v == 0x061C
  }

  /// For a terminal: every unsafe character becomes `?`; newline and tab stay unless the
  /// caller asks otherwise (one-line fields ask for `multiline: false`).
  public static func terminal(_ text: String, multiline: Bool = true) -> String {
    func keep(_ v: UInt32) -> Bool { multiline && (v == 0x0A || v == 0x09) }
    guard text.unicodeScalars.contains(where: { isUnsafe($0.value) && !keep($0.value) }) else { return text }
    var out = String.UnicodeScalarView()
    out.reserveCapacity(text.utf8.count)
    for s in text.unicodeScalars {
      out.append(isUnsafe(s.value) && !keep(s.value) ? "?" : s)
    }
    return String(out)
  }

  /// For JSON text: unsafe characters (outside strings only JSON's own whitespace can occur,
  /// which stays) become `\uXXXX` escapes, so the data survives and no terminal acts on it.
  public static func json(_ text: String) -> String {
    func structural(_ v: UInt32) -> Bool { v == 0x0A || v == 0x09 || v == 0x0D }
    guard text.unicodeScalars.contains(where: { isUnsafe($0.value) && !structural($0.value) }) else { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count + 64)
    for s in text.unicodeScalars {
      if isUnsafe(s.value) && !structural(s.value) {
        let hex = String(s.value, radix: 16, uppercase: false)
        out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
      } else {
        out.unicodeScalars.append(s)
      }
    }
    return out
  }

  /// A short excerpt of text from a file, for an error message: one line, unsafe characters
  /// as `?`, at most `limit` characters, cut with "…" (a 1 MB value stays a short message).
  public static func excerpt(_ text: String, limit: Int = 60) -> String {
    var out = ""
    var n = 0
    for c in text {
      if n == limit { return terminal(out, multiline: false) + "…" }
      out.append(c)
      n += 1
    }
    return terminal(out, multiline: false)
  }

  /// `text` padded with spaces to `width` columns, never cut (String.padding cuts).
  public static func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
  }
}
