import Foundation
import Yams

/// A YAML file's text composed into nodes, the one way every file ccwviz reads (scenarios,
/// revisions, themes) is parsed: bounded first (`YAMLLimits`), then composed, every failure
/// a line and a message.
public enum YAMLDocument {
  public struct Problem: Error, Sendable {
    /// 1-based, when known.
    public var line: Int?
    public var message: String
  }

  /// The document's root node, nil for an empty document.
  public static func compose(_ yaml: String) throws(Problem) -> Node? {
    if let refused = YAMLLimits.check(yaml) { throw Problem(line: refused.line, message: refused.message) }
    do {
      return try Yams.compose(yaml: yaml)
    } catch let YamlError.scanner(_, problem, mark, _), let YamlError.parser(_, problem, mark, _),
      let YamlError.composer(_, problem, mark, _)
    {
      // At the end of the file libyaml points one line past the last: name the last line.
      let lines = max(1, yaml.split(separator: "\n", omittingEmptySubsequences: false).count - (yaml.hasSuffix("\n") ? 1 : 0))
      throw Problem(line: min(mark.line, lines), message: "not valid YAML: \(problem)")
    } catch let YamlError.reader(problem, offset, _, text) {
      // The reader reports a byte offset: count the lines before it.
      let line = offset.map { o in 1 + text.utf8.prefix(o).filter { $0 == UInt8(ascii: "\n") }.count }
      throw Problem(line: line, message: "not valid YAML: \(problem)")
    } catch {
      throw Problem(line: nil, message: "not valid YAML: \(error)")
    }
  }
}
