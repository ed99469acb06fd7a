import RevisionFiles
import Foundation
import Yams

/// A theme file that could not be used: which file, which line, which key, and why.
public struct ThemeError: Error, Equatable, CustomStringConvertible, LocalizedError {
  public var file: String
  public var line: Int?
  public var key: String?
  public var message: String

  public var errorDescription: String? { description }

  public var description: String {
    var s = file
    if let line { s += ":\(line)" }
    if let key { s += ": key '\(key)'" }
    return "\(s): \(message)"
  }
}

/// Reads themes: YAML files in `themes/` with a name, a description and a style per role.
public enum ThemeLoader {
  /// Parses a theme file's text. Roles it does not name keep the default theme's style.
  public static func parse(_ yaml: String, file: String) throws(ThemeError) -> Theme {
    let composed: Node?
    do { composed = try YAMLDocument.compose(yaml) } catch {
      throw ThemeError(file: file, line: error.line, key: nil, message: error.message)
    }
    guard let root = composed else {
      throw ThemeError(file: file, line: 1, key: nil, message: "the file is empty; expected a mapping with 'styles'")
    }
    guard case .mapping(let top) = root else {
      throw ThemeError(file: file, line: root.mark?.line, key: nil, message: "expected a mapping at the top")
    }
    var theme = BuiltinThemes.fallback
    theme.styles = BuiltinThemes.fallback.styles
    var sawStyles = false
    for (k, v) in top {
      let key = k.string ?? ""
      switch key {
      case "name":
        theme.name = try string(v, file: file, key: key)
      case "description":
        theme.description = try string(v, file: file, key: key)
      case "color":
        guard let b = v.bool else {
          throw ThemeError(file: file, line: v.mark?.line, key: key, message: "expected true or false")
        }
        theme.usesColor = b
      case "styles":
        sawStyles = true
        guard case .mapping(let styles) = v else {
          throw ThemeError(file: file, line: v.mark?.line, key: key, message: "expected a mapping from role to style")
        }
        for (rk, rv) in styles {
          let roleName = rk.string ?? ""
          guard let role = Role(rawValue: roleName) else {
            throw ThemeError(
              file: file, line: rk.mark?.line, key: "styles.\(roleName)",
              message: "unknown role; expected one of: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
          }
          theme.styles[role] = try style(rv, file: file, key: "styles.\(roleName)")
        }
      default:
        throw ThemeError(
          file: file, line: k.mark?.line, key: key,
          message: "unknown key; expected name, description, color or styles")
      }
    }
    if !sawStyles {
      throw ThemeError(file: file, line: root.mark?.line, key: "styles", message: "missing; expected a mapping from role to style")
    }
    return theme
  }

  private static func string(_ n: Node, file: String, key: String) throws(ThemeError) -> String {
    guard case .scalar(let s) = n else {
      throw ThemeError(file: file, line: n.mark?.line, key: key, message: "expected text")
    }
    return s.string
  }

  private static func style(_ n: Node, file: String, key: String) throws(ThemeError) -> Style {
    guard case .mapping(let m) = n else {
      throw ThemeError(file: file, line: n.mark?.line, key: key, message: "expected a mapping with fg, bg and attrs")
    }
    var s = Style()
    for (k, v) in m {
      let field = k.string ?? ""
      let path = "\(key).\(field)"
      switch field {
      case "fg", "bg":
        let text = v.int.map(String.init) ?? v.string ?? ""
        guard let c = TerminalColor(text) else {
          throw ThemeError(
            file: file, line: v.mark?.line, key: path,
            message: "unknown colour '\(text)'; expected default, \(TerminalColor.names.joined(separator: ", ")) or 0-255")
        }
        if field == "fg" { s.foreground = c } else { s.background = c }
      case "attrs":
        guard case .sequence(let seq) = v else {
          throw ThemeError(file: file, line: v.mark?.line, key: path, message: "expected a list such as [bold, reverse]")
        }
        for item in seq {
          guard let a = Attribute(rawValue: item.string ?? "") else {
            throw ThemeError(
              file: file, line: item.mark?.line, key: path,
              message: "unknown attribute '\(item.string ?? "")'; expected \(Attribute.allCases.map(\.rawValue).joined(separator: ", "))")
          }
          s.attributes.insert(a)
        }
      default:
        throw ThemeError(file: file, line: k.mark?.line, key: path, message: "unknown field; expected fg, bg or attrs")
      }
    }
    return s
  }

  /// Finds a theme by name or path. A name is looked up in the theme folders (see
  /// `searchPaths`) and then among the built-ins; a path (with a '/' or ending in .yaml) is read.
  public static func load(_ nameOrPath: String, searchPaths: [String]) throws(ThemeError) -> Theme {
    let isPath = nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml")
    if isPath { return try read(nameOrPath) }
    for dir in searchPaths {
      let path = (dir as NSString).appendingPathComponent("\(nameOrPath).yaml")
      if FileManager.default.fileExists(atPath: path) { return try read(path) }
    }
    if let builtin = BuiltinThemes.named(nameOrPath) {
      return try parse(builtin, file: "built-in \(nameOrPath)")
    }
    throw ThemeError(
      file: nameOrPath, line: nil, key: nil,
      message: "no such theme; expected one of \(BuiltinThemes.names.joined(separator: ", ")) or a path to a .yaml file")
  }

  private static func read(_ path: String) throws(ThemeError) -> Theme {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ThemeError(file: path, line: nil, key: nil, message: "cannot read the file")
    }
    return try parse(String(decoding: data, as: UTF8.self), file: path)
  }
}
