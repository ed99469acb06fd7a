/// The characters frames are drawn with: box drawing and markers in UTF-8, plain ASCII when
/// the locale cannot show them. Every glyph is one column wide.
public struct Glyphs: Sendable, Equatable {
  public var horizontal: Character
  public var vertical: Character
  public var topLeft: Character
  public var topRight: Character
  public var bottomLeft: Character
  public var bottomRight: Character
  public var teeDown: Character
  public var teeUp: Character
  /// The next line a context runs.
  public var next: Character
  /// The line it ran last.
  public var done: Character
  public var on: Character
  public var off: Character
  public var blocked: Character
  public var alert: Character
  public var ellipsis: Character
  public var nested: Character
  /// Never reached, in the coverage layer.
  public var never: Character = "·"
  /// The coverage layer's heat scale, levels 1-8 (bars; digits in ASCII).
  public var heat: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

  /// The glyph of a heat level (0: never reached).
  public func heat(_ level: Int) -> Character { level <= 0 ? never : heat[min(level, heat.count) - 1] }

  public static let unicode = Glyphs(
    horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└",
    bottomRight: "┘", teeDown: "┬", teeUp: "┴", next: "▶", done: "✓", on: "●", off: "○",
    blocked: "■", alert: "!", ellipsis: "…", nested: "↳")

  public static let ascii = Glyphs(
    horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+",
    bottomRight: "+", teeDown: "+", teeUp: "+", next: ">", done: "*", on: "#", off: ".",
    blocked: "=", alert: "!", ellipsis: "~", nested: ">", never: ".",
    heat: ["1", "2", "3", "4", "5", "6", "7", "8"])
}
