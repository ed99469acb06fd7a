import Foundation
import SafeText

/// The command line's output boundary: everything printed goes through here, so text from
/// files (titles, captions, names) never reaches a terminal as control characters or bidi
/// overrides. Text becomes `?` there; JSON escapes them.
enum Out {
  /// Text for standard output (no newline added).
  static func text(_ s: String) {
    print(SafeText.terminal(s), terminator: "")
  }

  /// A line of text for standard output.
  static func line(_ s: String) {
    print(SafeText.terminal(s))
  }

  /// JSON for standard output (no newline added).
  static func json(_ s: String) {
    print(SafeText.json(s), terminator: "")
  }

  /// A line for standard error.
  static func err(_ s: String) {
    FileHandle.standardError.write(Data((SafeText.terminal(s) + "\n").utf8))
  }

  /// An error message as printed: no unsafe characters, no line longer than `limit`
  /// characters (a message that echoes a huge value from a file stays readable).
  static func message(_ s: String, limit: Int = 500) -> String {
    s.split(separator: "\n", omittingEmptySubsequences: false)
      .map { SafeText.excerpt(String($0), limit: limit) }
      .joined(separator: "\n")
  }
}

/// An asciinema recording made safe: the header's title and the marker labels are text from
/// the scenario, which a player prints as-is, so their controls and bidi overrides become
/// `?`; the frames are the recording's own escape sequences (drawn from a grid that already
/// neutralised the text), where only C1 controls and bidi overrides are replaced.
enum SafeCast {
  private struct Header: Codable {
    var version: Int
    var width: Int
    var height: Int
    var title: String?
    var env: [String: String]?
  }

  static func neutralise(_ cast: String) -> String {
    cast.split(separator: "\n").map { line(String($0)) }.joined(separator: "\n") + "\n"
  }

  private static var encoder: JSONEncoder {
    let enc = JSONEncoder()
    enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return enc
  }

  static func line(_ l: String) -> String {
    if l.hasPrefix("{") {
      guard var h = try? JSONDecoder().decode(Header.self, from: Data(l.utf8)),
        let title = h.title
      else { return SafeText.json(l) }
      h.title = SafeText.terminal(title, multiline: false)
      h.env = h.env?.mapValues { SafeText.terminal($0, multiline: false) }
      return (try? encoder.encode(h)).map { String(decoding: $0, as: UTF8.self) } ?? SafeText.json(l)
    }
    // [time, "kind", "data"]
    guard l.hasPrefix("["), l.hasSuffix("]"), let comma = l.range(of: ", \"") else { return SafeText.json(l) }
    let rest = l[comma.upperBound...]
    guard let kindEnd = rest.range(of: "\", ") else { return SafeText.json(l) }
    let kind = rest[..<kindEnd.lowerBound]
    let dataText = rest[kindEnd.upperBound..<rest.index(before: rest.endIndex)]
    guard let data = try? JSONDecoder().decode(String.self, from: Data(dataText.utf8)) else { return SafeText.json(l) }
    let safe: String
    if kind == "o" {
      var out = String.UnicodeScalarView()
      for s in data.unicodeScalars { out.append(SafeText.isUnsafe(s.value) && s.value >= 0x7F ? "?" : s) }
      safe = String(out)
    } else {
      safe = SafeText.terminal(data, multiline: false)
    }
    guard let encoded = try? encoder.encode(safe) else { return SafeText.json(l) }
    return l[..<comma.upperBound].dropLast() + "\"" + kind + "\", " + String(decoding: encoded, as: UTF8.self) + "]"
  }
}
