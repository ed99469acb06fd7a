import Foundation
import Simulation

/// A run as JSON: `{"revision", "steps": [{"index", "lane", "text"}], "hazards": [{"kind",
/// "step", "explanation"}]}` and more. Keys are sorted so equal runs are equal bytes.
public enum JSONReport {
  public struct Document: Codable, Equatable, Sendable {
    public var revision: String
    public var kernels: String
    public var title: String?
    public var configuration: Configuration
    public var steps: [StepDoc]
    public var hazards: [HazardDoc]
    public var remarks: [String]
    public var final: [String: String]
    public var choices: [String]
  }

  public struct StepDoc: Codable, Equatable, Sendable {
    public var index: Int
    public var lane: String
    public var choice: String
    public var text: String
    public var notes: [String]?
    public var caption: String?
  }

  public struct HazardDoc: Codable, Equatable, Sendable {
    public var id: String
    public var kind: String
    public var step: Int
    public var lanes: [String]
    public var explanation: String
  }

  public static func document(_ run: Run) -> Document {
    Document(
      revision: run.revision.id, kernels: run.revision.kernels, title: run.trace.title,
      configuration: run.trace.configuration,
      steps: run.steps.map {
        StepDoc(
          index: $0.index, lane: $0.lane.name, choice: $0.choice.description, text: $0.text,
          notes: $0.notes.isEmpty ? nil : $0.notes, caption: $0.caption)
      },
      hazards: run.hazards.map {
        HazardDoc(
          id: $0.id, kind: $0.hazard.kind.rawValue, step: $0.step,
          lanes: $0.hazard.lanes.map(\.name), explanation: $0.hazard.explanation)
      },
      remarks: run.remarks,
      final: Dictionary(
        uniqueKeysWithValues: Describe.summary(run.final, revision: run.revision)),
      choices: run.trace.choices.map(\.description))
  }

  public static func render(_ run: Run) -> String {
    encode(document(run))
  }

  public static func encode<T: Encodable>(_ value: T) -> String {
    let enc = JSONEncoder()
    enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data = try! enc.encode(value)  // Plain structs of strings and numbers always encode.
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}
