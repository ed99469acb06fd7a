/// Escape sequences ncurses did not decode, read to their end and mapped when they are a key
/// ccwviz knows; anything else is swallowed whole, so no part of it becomes a command.
///
/// ncurses decodes the keys its terminfo entry lists. When TERM does not match the terminal
/// (TERM=xterm-256color inside tmux, which sends Home as `ESC [ 1 ~` where the entry says
/// `ESC O H`), the bytes arrive one by one: without this, `[` would go back a chapter and `1`
/// step a lane.
public enum EscapeSequence {
  /// The longest sequence read; a longer one is dropped.
  public static let maximumLength = 16

  /// Whether the bytes after ESC form a whole sequence: `[` parameters and a final byte
  /// (CSI), `O` and one byte (SS3), or any other single byte (Alt + key).
  public static func isComplete(_ bytes: [UInt32]) -> Bool {
    guard let first = bytes.first else { return false }
    switch first {
    case 0x5B:  // [
      guard bytes.count >= 2, let last = bytes.last else { return false }
      return (0x40...0x7E).contains(last)
    case 0x4F:  // O
      return bytes.count >= 2
    default:
      return true
    }
  }

  /// The key a whole sequence (the bytes after ESC) stands for, or nil to ignore it.
  public static func key(_ bytes: [UInt32]) -> Key? {
    guard bytes.count >= 2, let last = bytes.last else { return nil }
    let body = String(decoding: bytes.dropFirst().dropLast().map { UInt8(truncatingIfNeeded: $0) }, as: UTF8.self)
    switch bytes[0] {
    case 0x5B:  // CSI: letters may carry modifiers (1;5H); numbers end in ~.
      if last == 0x7E {
        let number = body.split(separator: ";").first.map(String.init) ?? ""
        switch number {
        case "1", "7": return .home
        case "4", "8": return .end
        case "5": return .pageUp
        case "6": return .pageDown
        default: return nil
        }
      }
      guard body.allSatisfy({ $0.isNumber || $0 == ";" }) else { return nil }
      return letterKey(last)
    case 0x4F:  // SS3
      guard bytes.count == 2 else { return nil }
      return last == 0x4D ? .enter : letterKey(last)
    default:
      return nil
    }
  }

  private static func letterKey(_ b: UInt32) -> Key? {
    switch b {
    case 0x41: .up
    case 0x42: .down
    case 0x43: .right
    case 0x44: .left
    case 0x48: .home
    case 0x46: .end
    default: nil
    }
  }
}
