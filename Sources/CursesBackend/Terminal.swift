import CNcurses
import Visualizer

/// The terminal, through ncursesw: the only place ccwviz touches it. Every ncurses call is
/// made from the main thread, in the input loop.
public struct Terminal {
  public let unicode: Bool
  private var palette: Palette
  private var shown: Screen?

  /// Starts curses; the caller has checked that stdin and stdout are terminals.
  public init(theme: Theme) throws(TerminalError) {
    ccw_install_signal_handlers()
    unicode = ccw_setup_locale() != 0
    guard ccw_start() == 0 else { throw .cannotStart }
    palette = Palette(theme: theme, colors: ccw_has_colors() != 0)
  }

  public var size: (width: Int, height: Int) { (Int(ccw_cols()), Int(ccw_lines())) }

  /// Copies a screen out, writing only the cells that changed since the last one.
  public mutating func draw(_ screen: Screen) {
    let reuse = shown.map { $0.width == screen.width && $0.height == screen.height } ?? false
    if !reuse { ccw_clear() }
    for y in 0..<screen.height {
      for x in 0..<screen.width {
        let cell = screen[x, y]
        // The right half of a wide character is drawn with its left half.
        if cell.isContinuation { continue }
        if reuse, shown![x, y] == cell, x + 1 >= screen.width || shown![x + 1, y] == screen[x + 1, y] { continue }
        let (a, pair) = palette[cell.role]
        var scalars = cell.character.unicodeScalars.map(\.value)
        // Where the terminal's idea of a width differs from the grid's, a '?' (and a blank for
        // the second half) keeps the columns aligned.
        let wide = x + 1 < screen.width && screen[x + 1, y].isContinuation
        if Int(ccw_wcwidth(scalars.first ?? 32)) != (wide ? 2 : 1) {
          scalars = [63]
          if wide { ccw_put(Int32(y), Int32(x + 1), 32, a, pair) }
        }
        ccw_put_cluster(Int32(y), Int32(x), scalars, Int32(scalars.count), a, pair)
      }
    }
    ccw_refresh()
    shown = screen
  }

  /// Forces a full repaint next time (after a resize or a resume).
  public mutating func invalidate() { shown = nil }

  public enum Input: Equatable {
    case none, resize
    case key(Key)
  }

  public func read(timeoutMilliseconds: Int) -> Input {
    var ch: UInt32 = 0
    switch ccw_get_key(Int32(timeoutMilliseconds), &ch) {
    case 1:
      switch ch {
      case 27: return readEscapeSequence()
      case 10, 13: return .key(.enter)
      case 8, 127: return .key(.backspace)
      default:
        guard let u = UnicodeScalar(ch) else { return .none }
        return .key(.char(Character(u)))
      }
    case 2:
      let code = Int32(ch)
      switch code {
      case ccw_key_resize(): return .resize
      case ccw_key_up(): return .key(.up)
      case ccw_key_down(): return .key(.down)
      case ccw_key_left(): return .key(.left)
      case ccw_key_right(): return .key(.right)
      case ccw_key_home(): return .key(.home)
      case ccw_key_end(): return .key(.end)
      case ccw_key_enter(): return .key(.enter)
      case ccw_key_backspace(): return .key(.backspace)
      case ccw_key_ppage(): return .key(.pageUp)
      case ccw_key_npage(): return .key(.pageDown)
      default: return .none
      }
    default: return .none
    }
  }

  /// After an ESC ncurses did not decode: the rest of the sequence, read to its end with a
  /// short timeout. A lone ESC is the Escape key; a known sequence is its key; anything else
  /// is swallowed.
  private func readEscapeSequence() -> Input {
    var bytes: [UInt32] = []
    while bytes.count < EscapeSequence.maximumLength {
      var ch: UInt32 = 0
      switch ccw_get_key(30, &ch) {
      case 1 where ch == 27:
        // Another sequence begins (keys pasted or scripted faster than the timeout): what
        // came before it is dropped, the new one is read.
        bytes = []
      case 1:
        bytes.append(ch)
        if EscapeSequence.isComplete(bytes) { return EscapeSequence.key(bytes).map { .key($0) } ?? .none }
      case 2:
        // A decoded key in the middle: the sequence was cut; the key stands on its own.
        return .none
      default:
        return bytes.isEmpty ? .key(.escape) : .none
      }
    }
    return .none
  }

  /// Whether the terminal TERM names can move the cursor (terminfo `cup`); false for
  /// TERM=dumb, an unknown TERM or none. Call before `init`.
  public static var canAddressCursor: Bool { ccw_can_address_cursor() != 0 }

  /// The signal that asked us to stop (SIGINT, SIGTERM, SIGHUP), or nil.
  public var stopSignal: Int32? {
    let s = ccw_stop_signal()
    return s == 0 ? nil : s
  }

  /// Restores the terminal. Safe to call more than once.
  public func stop() { ccw_stop() }
}

public enum TerminalError: Error, CustomStringConvertible {
  case cannotStart

  public var description: String {
    "cannot start the terminal interface (is TERM set to a terminal ncurses knows?); use `ccwviz run` for text output"
  }
}
