import CYaml
import Foundation

/// Bounds on a YAML document before it is composed into nodes: its size, and how many
/// nodes it holds once every alias is expanded. Yams composes aliases into shared nodes and
/// hashes mapping keys, so a few hundred bytes of aliases used as keys nested ten levels
/// deep take minutes (3x per level); a billion-laughs file is the same with sequences. One
/// pass over libyaml's events counts the expansion without building it.
public enum YAMLLimits {
  /// The largest scenario, revision or theme file: 1 MiB (the shipped ones are under 8 KB).
  public static let maxBytes = 1 << 20
  /// The most nodes a document may hold with its aliases expanded.
  public static let maxNodes = 200_000

  /// Why the document is refused, with the 1-based line where the limit was crossed; nil
  /// when it is within bounds (or has a syntax error, which the parser itself reports).
  public static func check(_ yaml: String) -> (line: Int?, message: String)? {
    let byteCount = yaml.utf8.count
    if byteCount > maxBytes {
      return (nil, "the file is \(byteCount) bytes; the most a scenario, revision or theme file may hold is \(maxBytes) bytes (1 MiB)")
    }
    var parser = yaml_parser_t()
    guard yaml_parser_initialize(&parser) == 1 else { return nil }
    defer { yaml_parser_delete(&parser) }
    var bytes = Array(yaml.utf8)
    return bytes.withUnsafeMutableBufferPointer { buffer -> (line: Int?, message: String)? in
      yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
      var expanded = 0
      var sizes: [String: Int] = [:]
      // Open collections: their anchor, the expanded count when they began, whether they
      // are mappings and how many children they have had (even in a mapping: a key next).
      var open: [(anchor: String?, start: Int, mapping: Bool, children: Int)] = []
      /// Counts a node as its parent's child; false when it is a mapping key that is not text.
      func child(plainText: Bool) -> Bool {
        guard !open.isEmpty else { return true }
        defer { open[open.count - 1].children += 1 }
        return !(open[open.count - 1].mapping && open[open.count - 1].children % 2 == 0 && !plainText)
      }
      let keyMessage = "a mapping key must be plain text, not an alias (*name), a list or a mapping"
      while true {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
        defer { yaml_event_delete(&event) }
        let line = Int(event.start_mark.line) + 1
        switch event.type {
        case YAML_STREAM_END_EVENT:
          return nil
        case YAML_SCALAR_EVENT:
          _ = child(plainText: true)
          expanded += 1
          if let a = event.data.scalar.anchor { sizes[String(cString: a)] = 1 }
        case YAML_SEQUENCE_START_EVENT:
          if !child(plainText: false) { return (line, keyMessage) }
          open.append((event.data.sequence_start.anchor.map { String(cString: $0) }, expanded, false, 0))
          expanded += 1
        case YAML_MAPPING_START_EVENT:
          if !child(plainText: false) { return (line, keyMessage) }
          open.append((event.data.mapping_start.anchor.map { String(cString: $0) }, expanded, true, 0))
          expanded += 1
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
          if let last = open.popLast(), let anchor = last.anchor { sizes[anchor] = expanded - last.start }
        case YAML_ALIAS_EVENT:
          if !child(plainText: false) { return (line, keyMessage) }
          let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
          expanded += sizes[name] ?? 1
        default:
          break
        }
        if expanded > maxNodes {
          return (line, "with its aliases (*name) expanded the file holds more than \(maxNodes) values; "
            + "an alias bomb? Scenario and theme files need no aliases")
        }
      }
    }
  }
}
