import Foundation
import SafeText

/// A run as data: the revision, the configuration and the choices. Replaying it is
/// deterministic; it saves and loads as versioned JSON.
public struct Trace: Hashable, Sendable {
  public static let formatVersion = 1

  public var revision: String
  public var configuration: Configuration
  public var choices: [Choice]
  /// Captions per step index (from a scenario), kept so a saved trace tells its story.
  public var captions: [Int: String]
  public var title: String?

  public init(
    revision: String, configuration: Configuration, choices: [Choice] = [],
    captions: [Int: String] = [:], title: String? = nil
  ) {
    self.revision = revision
    self.configuration = configuration
    self.choices = choices
    self.captions = captions
    self.title = title
  }
}

extension Trace {
  /// The same trace on only the CPUs it uses, renumbered in order (CPU1, CPU3, CPU5 become
  /// CPU1, CPU2, CPU3): request threads stay the lowest CPUs, as the configuration says.
  /// The result is kept only when it replays on `revision` step for step with the same
  /// hazards at the same steps; otherwise the trace is returned as it is.
  public func compactingCPUs(on revision: Revision) -> Trace {
    var used = Set<Int>()
    for c in choices { if let k = c.lane.cpuIndex { used.insert(k) } }
    guard !used.isEmpty, used.count < configuration.cpus else { return self }
    let order = used.sorted()
    let map = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
    var out = self
    out.configuration.cpus = order.count
    if let t = configuration.threads {
      let threadCPUs = order.filter { $0 < t }.count
      out.configuration.threads = threadCPUs == 0 ? nil : threadCPUs
      // Without a thread CPU left there is no request in the trace: the budget is moot.
    }
    out.choices = choices.map { $0.onCPU(map) }
    guard let before = try? Runner.replay(self, on: revision),
      let after = try? Runner.replay(out, on: revision),
      before.hazards.map(\.id) == after.hazards.map(\.id)
    else { return self }
    return out
  }

  private struct File: Codable {
    var format: String
    var version: Int
    var title: String?
    var revision: String
    var configuration: Configuration
    var choices: [String]
    var captions: [String: String]?
  }

  /// The JSON form, with sorted keys so the same trace is the same bytes.
  public func jsonData() -> Data {
    let file = File(
      format: "ccwviz-trace", version: Trace.formatVersion, title: title, revision: revision,
      configuration: configuration, choices: choices.map(\.description),
      captions: captions.isEmpty
        ? nil : Dictionary(uniqueKeysWithValues: captions.map { (String($0.key), $0.value) }))
    let enc = JSONEncoder()
    enc.outputFormatting = [.prettyPrinted, .sortedKeys]
    return try! enc.encode(file)  // A struct of strings and numbers always encodes.
  }

  /// Loads a trace; the error names the source and what was wrong.
  public static func load(_ data: Data, source: String) throws(SimulationError) -> Trace {
    let file: File
    do {
      file = try JSONDecoder().decode(File.self, from: data)
    } catch let DecodingError.dataCorrupted(ctx) where ctx.codingPath.isEmpty {
      throw .badTrace("\(source): \(JSONDiagnosis.explain(data))")
    } catch let DecodingError.dataCorrupted(ctx) {
      throw .badTrace("\(source): '\(path(ctx.codingPath))': \(SafeText.excerpt(ctx.debugDescription, limit: 120))")
    } catch let DecodingError.keyNotFound(key, ctx) {
      throw .badTrace("\(source): missing key '\(path(ctx.codingPath + [key]))'")
    } catch let DecodingError.typeMismatch(type, ctx) {
      throw .badTrace("\(source): '\(path(ctx.codingPath))' should be \(type)")
    } catch let DecodingError.valueNotFound(type, ctx) {
      throw .badTrace("\(source): '\(path(ctx.codingPath))' should be \(type), found null")
    } catch {
      throw .badTrace("\(source): \(error)")
    }
    guard file.format == "ccwviz-trace" else {
      throw .badTrace("\(source): 'format' should be \"ccwviz-trace\", found \"\(SafeText.excerpt(file.format))\"")
    }
    guard file.version == formatVersion else {
      throw .badTrace("\(source): trace version \(file.version) is not supported (expected \(formatVersion))")
    }
    do { try file.configuration.validate() } catch { throw .badTrace("\(source): configuration: \(error)") }
    var choices: [Choice] = []
    for (i, text) in file.choices.enumerated() {
      guard let c = Choice(text) else {
        throw .badTrace(
          "\(source): choices[\(i)] '\(SafeText.excerpt(text))' is not a choice (expected \(Choice.forms))")
      }
      if case .hardware = c {} else if c.lane.cpuIndex! >= file.configuration.cpus {
        throw .badTrace("\(source): choices[\(i)] '\(SafeText.excerpt(text))' names a CPU beyond cpus = \(file.configuration.cpus)")
      }
      choices.append(c)
    }
    var captions: [Int: String] = [:]
    for (k, v) in file.captions ?? [:] {
      guard let i = Int(k), i >= 1 else {
        throw .badTrace("\(source): captions key '\(SafeText.excerpt(k))' is not a step number (1 or more)")
      }
      captions[i] = v
    }
    return Trace(
      revision: file.revision, configuration: file.configuration, choices: choices,
      captions: captions, title: file.title)
  }

  /// Reads and loads a trace file; errors name the file.
  public static func load(path: String) throws(SimulationError) -> Trace {
    let data: Data
    do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
      throw .badTrace("\(path): cannot read the file: \(error.localizedDescription)")
    }
    return try load(data, source: path)
  }

  private static func path(_ keys: [any CodingKey]) -> String {
    keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
      .trimmingCharacters(in: CharacterSet(charactersIn: "."))
  }
}

/// Why data is not a trace when the decoder only says "not valid JSON": the line and column
/// of a syntax error, or the key whose number does not fit.
enum JSONDiagnosis {
  static func explain(_ data: Data) -> String {
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    } catch {
      let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
      if let offset = number(after: "character ", in: detail) {
        let (line, column) = position(of: offset, in: data)
        let what = detail.replacingOccurrences(of: " around character \(offset)", with: "")
          .trimmingCharacters(in: CharacterSet(charactersIn: ". "))
        return "line \(line), column \(column): not valid JSON (\(SafeText.excerpt(what, limit: 80)))"
      }
      if detail.localizedCaseInsensitiveContains("end of file") {
        let (line, column) = position(of: data.count, in: data)
        return "line \(line), column \(column): not valid JSON (the file ends too early)"
      }
      // "Number 1e400 is not representable in Swift.": find the number and its key.
      if detail.hasPrefix("Number "), let literal = detail.dropFirst(7).split(separator: " ").first,
        let r = data.firstRange(of: Data(literal.utf8))
      {
        let (line, column) = position(of: r.lowerBound, in: data)
        return "line \(line), column \(column): \(key(before: r.lowerBound, in: data).map { "'\($0)': " } ?? "")"
          + "the number \(SafeText.excerpt(String(literal), limit: 40)) is out of range"
      }
      return "not valid JSON: \(SafeText.excerpt(detail, limit: 120))"
    }
    // Well-formed: a number the decoder could not take (a fraction, or too big for an Int).
    if let top = object as? [String: Any] {
      var candidates: [(String, Any)] = top["version"].map { [("version", $0)] } ?? []
      if let config = top["configuration"] as? [String: Any] {
        candidates += config.sorted { $0.key < $1.key }.map { ("configuration.\($0.key)", $0.value) }
      }
      for (name, value) in candidates {
        guard let n = value as? NSNumber, !(value is Bool) else { continue }
        let d = n.doubleValue
        if d != d.rounded() || d < -9.2e18 || d > 9.2e18 {
          return "'\(name)' should be a whole number in range, found \(SafeText.excerpt(n.stringValue, limit: 40))"
        }
      }
    } else {
      return "expected a JSON object {\"format\": \"ccwviz-trace\", ...} at the top"
    }
    return "not a trace (a value has the wrong type)"
  }

  private static func number(after prefix: String, in text: String) -> Int? {
    guard let r = text.range(of: prefix) else { return nil }
    return Int(text[r.upperBound...].prefix { $0.isNumber })
  }

  /// 1-based line and column (in characters) of a byte offset.
  static func position(of offset: Int, in data: Data) -> (Int, Int) {
    let bytes = data.prefix(max(0, min(offset, data.count)))
    var line = 1
    var lineStart = bytes.startIndex
    for (i, b) in zip(bytes.indices, bytes) where b == UInt8(ascii: "\n") {
      line += 1
      lineStart = i + 1
    }
    let column = String(decoding: bytes[lineStart...], as: UTF8.self).count + 1
    return (line, column)
  }

  /// The object key just before a byte offset (`"cpus": 1e400` gives cpus), if any.
  private static func key(before offset: Int, in data: Data) -> String? {
    let head = String(decoding: data.prefix(offset), as: UTF8.self)
    guard let colon = head.lastIndex(of: ":") else { return nil }
    let beforeColon = head[..<colon].trimmingCharacters(in: .whitespacesAndNewlines)
    guard beforeColon.hasSuffix("\""), let open = beforeColon.dropLast().lastIndex(of: "\"") else { return nil }
    return SafeText.excerpt(String(beforeColon[beforeColon.index(after: open)..<beforeColon.index(before: beforeColon.endIndex)]), limit: 40)
  }
}

extension Choice {
  /// The same choice on the CPU `map` gives for its own (hardware choices stay).
  func onCPU(_ map: [Int: Int]) -> Choice {
    switch self {
    case .step(let k): .step(cpu: map[k] ?? k)
    case .request(let r, let k): .request(r, cpu: map[k] ?? k)
    case .kernel(let p, let k): .kernel(p, cpu: map[k] ?? k)
    case .interrupt(let k): .interrupt(cpu: map[k] ?? k)
    case .worker(let k): .worker(cpu: map[k] ?? k)
    case .hardware: self
    }
  }
}

extension Lane {
  /// The CPU index of a CPU lane.
  public var cpuIndex: Int? {
    if case .cpu(let k) = self { return k }
    return nil
  }
}
