import Foundation
import SafeText
import Simulation

/// The lanes timeline of a run as a self-contained SVG, for slides: a column per CPU and one
/// for the channel subsystem, a row per step, the captions as chapter bands, the hazard
/// marked where it fires with its explanation. Coloured from a theme's style roles (the light
/// theme by default); monospace text only, every string escaped.
public enum SVGTimeline {
  /// Layout in pixels: a monospace character is taken as 0.6 em wide.
  static let fontSize = 13.0
  static let charWidth = fontSize * 0.62
  static let lineHeight = fontSize * 1.35
  static let laneChars = 36
  static let numberChars = 6
  static let margin = 16.0

  /// One wrapped line and the separator that joins it to the previous one ("" when a word was
  /// broken), so the text can be read back exactly (`data-sep`).
  struct Line {
    var text: String
    var sep: String
  }

  /// Splits at single spaces into lines of at most `width` characters; a longer word is
  /// broken. Joining the lines with their separators gives the text back.
  static func wrap(_ text: String, width: Int) -> [Line] {
    var lines: [Line] = []
    var current = ""
    var currentSep = ""
    for (i, word) in text.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
      var w = String(word)
      if i > 0 {
        if current.count + 1 + w.count <= width {
          current += " " + w
          continue
        }
        lines.append(Line(text: current, sep: currentSep))
        current = ""
        currentSep = " "
      }
      while w.count > width {
        let head = String(w.prefix(width))
        w = String(w.dropFirst(width))
        if current.isEmpty {
          lines.append(Line(text: head, sep: currentSep))
        } else {
          lines.append(Line(text: current, sep: currentSep))
          lines.append(Line(text: head, sep: " "))
        }
        current = ""
        currentSep = ""
      }
      current = w
    }
    lines.append(Line(text: current, sep: currentSep))
    return lines
  }

  /// Text safe inside an XML element or attribute: controls and bidi overrides become `?`
  /// (as on the terminal), then the five markup characters are escaped.
  public static func escape(_ text: String) -> String {
    var out = ""
    for ch in SafeText.terminal(text, multiline: false).unicodeScalars {
      switch ch {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      default:
        // XML 1.0 has no place for the remaining C0 controls, lone surrogates or U+FFFE/F.
        if ch.value < 0x20 || ch.value == 0xFFFE || ch.value == 0xFFFF { out += "?" } else { out.unicodeScalars.append(ch) }
      }
    }
    return out
  }

  /// Colours of a role for a page: hex fill and text colours, and the font attributes.
  struct Paint {
    var ink: String
    var fill: String?
    var bold: Bool
    var underline: Bool
    var dim: Bool

    var textAttributes: String {
      var a = "fill=\"\(ink)\""
      if bold { a += " font-weight=\"bold\"" }
      if underline { a += " text-decoration=\"underline\"" }
      if dim { a += " fill-opacity=\"0.75\"" }
      return a
    }
  }

  struct Palette {
    let theme: Theme
    let page: String
    let ink: String

    init(_ theme: Theme) {
      self.theme = theme
      let text = theme.style(.text)
      let darkPage = !(theme.name == "light" || theme.name == "mono")
      if case .index(let i) = text.background { page = Palette.hex(i) } else { page = darkPage ? "#1c1c1c" : "#ffffff" }
      if case .index(let i) = text.foreground { ink = Palette.hex(i) } else { ink = darkPage ? "#e4e4e4" : "#111111" }
    }

    static func hex(_ i: Int) -> String {
      let (r, g, b) = TerminalColor.rgb(i)
      return String(format: "#%02x%02x%02x", r, g, b)
    }

    func paint(_ role: Role) -> Paint {
      let st = theme.style(role)
      var fg: String = { if case .index(let i) = st.foreground { return Palette.hex(i) } else { return ink } }()
      var bg: String? = { if case .index(let i) = st.background { return Palette.hex(i) } else { return nil } }()
      if st.attributes.contains(.reverse) {
        let old = fg
        fg = bg ?? page
        bg = old
      }
      return Paint(
        ink: fg, fill: bg, bold: st.attributes.contains(.bold), underline: st.attributes.contains(.underline),
        dim: st.attributes.contains(.dim))
    }
  }

  public static func render(_ run: Run, theme: Theme) -> String {
    let p = Palette(theme)
    let cpus = run.trace.configuration.cpus
    let lanes: [Lane] = (0..<cpus).map { Lane.cpu($0) } + [.css]
    let laneWidth = Double(laneChars) * charWidth + 12
    let numberWidth = Double(numberChars) * charWidth
    let width = margin * 2 + numberWidth + laneWidth * Double(lanes.count)
    let fullChars = Int((width - margin * 2 - 8) / charWidth)
    var body: [String] = []
    var y = margin

    func text(_ x: Double, _ y: Double, _ s: String, _ paint: Paint, extra: String = "") -> String {
      "<text x=\"\(fmt(x))\" y=\"\(fmt(y))\" \(paint.textAttributes)\(extra.isEmpty ? "" : " " + extra)>\(escape(s))</text>"
    }
    /// A block of wrapped lines as one <text> with a <tspan> per line.
    func block(_ x: Double, _ top: Double, _ lines: [Line], _ paint: Paint, cls: String, extra: String = "") -> String {
      var out = "<text class=\"\(cls)\" \(paint.textAttributes)\(extra.isEmpty ? "" : " " + extra)>"
      for (i, l) in lines.enumerated() {
        out += "<tspan x=\"\(fmt(x))\" y=\"\(fmt(top + lineHeight * Double(i + 1) - 4))\" data-sep=\"\(escape(l.sep))\">\(escape(l.text))</tspan>"
      }
      return out + "</text>"
    }

    // The title, wrapped to the page.
    let title = "\(run.trace.title ?? "a run") on \(run.revision.id) (\(run.revision.kernels))"
    let big = fontSize * 1.4
    let titleLines = wrap(title, width: Int((width - 2 * margin) / (big * 0.62)))
    var titleText = "<text class=\"title\" font-size=\"\(fmt(big))\" fill=\"\(p.paint(.title).ink)\" font-weight=\"bold\">"
    for (i, l) in titleLines.enumerated() {
      titleText += "<tspan x=\"\(fmt(margin))\" y=\"\(fmt(y + big * 1.25 * Double(i + 1)))\" data-sep=\"\(escape(l.sep))\">\(escape(l.text))</tspan>"
    }
    body.append(titleText + "</text>")
    y += big * 1.25 * Double(titleLines.count) + fontSize
    // Lane headers.
    let header = p.paint(.laneHeader)
    body.append(text(margin, y + fontSize, "step", p.paint(.stepNumber)))
    for (i, lane) in lanes.enumerated() {
      let x = margin + numberWidth + laneWidth * Double(i)
      let name = lane == .css ? "CSS (channel subsystem)" : lane.name
      body.append(text(x + 6, y + fontSize, name, Paint(ink: header.ink, fill: nil, bold: true, underline: false, dim: false), extra: "class=\"lane\""))
    }
    y += lineHeight + 4
    let columnsTop = y
    body.append("<line x1=\"\(fmt(margin))\" y1=\"\(fmt(y))\" x2=\"\(fmt(width - margin))\" y2=\"\(fmt(y))\" stroke=\"\(p.paint(.border).ink)\"/>")

    let hazardPaint = p.paint(.laneHazard)
    let captionPaint = p.paint(.caption)
    var lastCaption: String?
    for step in run.steps {
      if let chapter = step.chapter {
        y += 6
        // A band of page colour so the lane lines do not cross the chapter's name.
        body.append("<rect x=\"\(fmt(margin))\" y=\"\(fmt(y))\" width=\"\(fmt(width - 2 * margin))\" height=\"\(fmt(big * 1.4))\" fill=\"\(p.page)\"/>")
        body.append(text(margin, y + big, chapter, Paint(ink: p.paint(.title).ink, fill: nil, bold: true, underline: false, dim: false), extra: "font-size=\"\(fmt(big))\" class=\"chapter-title\""))
        y += big * 1.5
      }
      if var cap = step.caption, cap != lastCaption || step.chapter != nil {
        lastCaption = cap
        // The scenario runner prefixes a chapter's first caption with its name.
        if let chapter = step.chapter, cap.hasPrefix("[\(chapter)] ") { cap.removeFirst(chapter.count + 3) }
        let lines = wrap(cap, width: fullChars)
        let h = lineHeight * Double(lines.count) + 6
        body.append("<rect x=\"\(fmt(margin))\" y=\"\(fmt(y + 2))\" width=\"\(fmt(width - 2 * margin))\" height=\"\(fmt(h))\" fill=\"\(captionPaint.fill ?? p.page)\" stroke=\"\(captionPaint.ink)\" stroke-width=\"1\" rx=\"3\"/>")
        body.append(block(margin + 6, y + 4, lines, captionPaint, cls: "caption"))
        y += h + 6
      }
      let fired = run.hazards.filter { $0.step == step.index }
      let col = lanes.firstIndex(of: step.lane) ?? 0
      let lines = wrap(step.text, width: laneChars)
      let h = lineHeight * Double(lines.count) + 2
      if !fired.isEmpty {
        body.append("<rect x=\"\(fmt(margin))\" y=\"\(fmt(y))\" width=\"\(fmt(width - 2 * margin))\" height=\"\(fmt(h))\" fill=\"\(hazardPaint.fill ?? "#ffd7d7")\" fill-opacity=\"0.35\" stroke=\"\(hazardPaint.fill ?? hazardPaint.ink)\" stroke-width=\"2\"/>")
      }
      let number = (fired.isEmpty ? "" : "!! ") + "\(step.index)"
      let numberX = margin + numberWidth - 8 - Double(number.count) * charWidth
      if !fired.isEmpty {
        // The hazard's number in the alert's own colours, as the TUI marks the lane.
        body.append("<rect x=\"\(fmt(numberX - 3))\" y=\"\(fmt(y + 1))\" width=\"\(fmt(Double(number.count) * charWidth + 6))\" height=\"\(fmt(lineHeight))\" fill=\"\(hazardPaint.fill ?? "#cd0000")\"/>")
      }
      let numberPaint = fired.isEmpty
        ? p.paint(.stepNumber) : Paint(ink: hazardPaint.fill == nil ? p.page : hazardPaint.ink, fill: nil, bold: true, underline: false, dim: false)
      body.append(text(numberX, y + lineHeight - 4, number, numberPaint, extra: "class=\"number\""))
      let x = margin + numberWidth + laneWidth * Double(col) + 6
      body.append(block(x, y, lines, step.lane == .css ? p.paint(.cssText) : p.paint(.text), cls: "step", extra: "data-step=\"\(step.index)\""))
      y += h
      for hz in fired {
        let lines = wrap("!! \(hz.hazard.kind.rawValue) at step \(hz.step): \(hz.hazard.explanation)", width: fullChars)
        let hh = lineHeight * Double(lines.count) + 6
        body.append("<rect x=\"\(fmt(margin))\" y=\"\(fmt(y + 2))\" width=\"\(fmt(width - 2 * margin))\" height=\"\(fmt(hh))\" fill=\"\(hazardPaint.fill ?? "#cd0000")\" rx=\"3\"/>")
        body.append(block(margin + 6, y + 4, lines, Paint(ink: hazardPaint.fill == nil ? p.page : hazardPaint.ink, fill: nil, bold: true, underline: false, dim: false), cls: "hazard"))
        y += hh + 6
      }
    }
    // Lane separators over the whole timeline.
    for i in 0...lanes.count {
      let x = margin + numberWidth + laneWidth * Double(i) - 2
      body.insert("<line x1=\"\(fmt(x))\" y1=\"\(fmt(columnsTop - lineHeight - 4))\" x2=\"\(fmt(x))\" y2=\"\(fmt(y))\" stroke=\"\(p.paint(.border).ink)\" stroke-opacity=\"0.35\"/>", at: 0)
    }
    y += margin
    let head = """
      <?xml version="1.0" encoding="UTF-8"?>
      <svg xmlns="http://www.w3.org/2000/svg" width="\(fmt(width))" height="\(fmt(y))" viewBox="0 0 \(fmt(width)) \(fmt(y))" font-family="ui-monospace, Menlo, Consolas, 'DejaVu Sans Mono', monospace" font-size="\(fmt(fontSize))">
      <title>\(escape("ccwviz: " + title))</title>
      <rect width="100%" height="100%" fill="\(p.page)"/>
      """
    return head + "\n" + body.joined(separator: "\n") + "\n</svg>\n"
  }

  static func fmt(_ v: Double) -> String {
    v == v.rounded() ? "\(Int(v))" : String(format: "%.1f", v)
  }
}
