import Foundation

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
    } catch let DecodingError.dataCorrupted(ctx) {
      throw .badTrace("\(source): not valid JSON: \(ctx.underlyingError.map { "\($0)" } ?? ctx.debugDescription)")
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
      throw .badTrace("\(source): 'format' should be \"ccwviz-trace\", found \"\(file.format)\"")
    }
    guard file.version == formatVersion else {
      throw .badTrace("\(source): trace version \(file.version) is not supported (expected \(formatVersion))")
    }
    do { try file.configuration.validate() } catch { throw .badTrace("\(source): configuration: \(error)") }
    var choices: [Choice] = []
    for (i, text) in file.choices.enumerated() {
      guard let c = Choice(text) else {
        throw .badTrace(
          "\(source): choices[\(i)] '\(text)' is not a choice (expected step@N, start@N, halt@N, "
            + "clear@N, kchp@N, notoper@N, irq@N, work@N or hw:ACTION)")
      }
      if case .hardware = c {} else if c.lane.cpuIndex! >= file.configuration.cpus {
        throw .badTrace("\(source): choices[\(i)] '\(text)' names a CPU beyond cpus = \(file.configuration.cpus)")
      }
      choices.append(c)
    }
    var captions: [Int: String] = [:]
    for (k, v) in file.captions ?? [:] {
      guard let i = Int(k) else { throw .badTrace("\(source): captions key '\(k)' is not a step number") }
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

extension Lane {
  /// The CPU index of a CPU lane.
  public var cpuIndex: Int? {
    if case .cpu(let k) = self { return k }
    return nil
  }
}
