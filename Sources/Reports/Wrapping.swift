/// Wrapping for text that is pasted somewhere narrow (commit messages, columns): lines break
/// at spaces; a word only breaks when it is longer than a whole line, and then after
/// punctuation (`(`, `,`, `_`, `->` …) where it can, mid-word only where it must. No character
/// other than the spaces a break replaces is ever dropped.
public enum Wrapping {
  /// Characters a too-long word breaks after by preference: the end of a call, an index,
  /// a clause or an operator.
  static let strongBreaks: Set<Character> = [")", "]", ",", ";", ":", ">", "|", "&", "="]
  /// Then the start of a call's arguments or an index.
  static let openBreaks: Set<Character> = ["(", "["]
  /// Last, inside a name or a path.
  static let weakBreaks: Set<Character> = ["_", "/", "."]

  /// The lines of `text`: the first at most `first` characters, the others at most `rest`.
  public static func lines(_ text: String, first: Int, rest: Int) -> [String] {
    let first = max(1, first)
    let rest = max(1, rest)
    var out: [String] = []
    var line = ""
    func limit() -> Int { out.isEmpty ? first : rest }
    for word in text.split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
      let need = line.isEmpty ? word.count : line.count + 1 + word.count
      if need <= limit() {
        line += (line.isEmpty ? "" : " ") + word
        continue
      }
      if !line.isEmpty && word.count <= rest {
        out.append(line)
        line = word
        continue
      }
      // Longer than a line: fill this line as far as a punctuation break allows, then whole
      // lines of it.
      var remaining = Substring(word)
      if !line.isEmpty {
        let room = limit() - line.count - 1
        if room > 0, let cut = breakPoint(remaining, within: room, hard: false) {
          line += " " + remaining.prefix(cut)
          remaining = remaining.dropFirst(cut)
        }
        out.append(line)
        line = ""
      }
      while remaining.count > limit() {
        let cut = breakPoint(remaining, within: limit(), hard: true)!
        out.append(String(remaining.prefix(cut)))
        remaining = remaining.dropFirst(cut)
      }
      line = String(remaining)
    }
    if !line.isEmpty || out.isEmpty { out.append(line) }
    return out
  }

  /// How many characters of `word` to take into `room` columns: up to the last strong break
  /// that keeps at least half the room, else the last opening bracket, else the last break of
  /// any kind, else (when `hard`) exactly `room`.
  static func breakPoint(_ word: Substring, within room: Int, hard: Bool) -> Int? {
    let head = Array(word.prefix(room))
    if let i = head.lastIndex(where: { strongBreaks.contains($0) }), i + 1 >= room / 2 { return i + 1 }
    if let i = head.lastIndex(where: { openBreaks.contains($0) }) { return i + 1 }
    let any = strongBreaks.union(weakBreaks)
    if let i = head.lastIndex(where: { any.contains($0) }) { return i + 1 }
    return hard ? room : nil
  }
}
