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
    /// Where a retold story or a lenient replay stopped following its schedule, if it did.
    public var divergence: DivergenceDoc?
    public var final: [String: String]
    public var choices: [String]
  }

  public struct DivergenceDoc: Codable, Equatable, Sendable {
    /// The divergence is after this many steps of the run.
    public var afterStep: Int
    public var what: String
    public var why: String
  }

  public struct StepDoc: Codable, Equatable, Sendable {
    public var index: Int
    public var lane: String
    public var choice: String
    public var text: String
    public var notes: [String]?
    public var caption: String?

    public init(index: Int, lane: String, choice: String, text: String, notes: [String]? = nil, caption: String? = nil) {
      self.index = index
      self.lane = lane
      self.choice = choice
      self.text = text
      self.notes = notes
      self.caption = caption
    }
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
      steps: run.steps.map(stepDoc),
      hazards: run.hazards.map(hazardDoc),
      remarks: run.remarks,
      divergence: run.divergence.map { DivergenceDoc(afterStep: $0.afterSteps, what: $0.what, why: $0.why) },
      final: Dictionary(
        uniqueKeysWithValues: Describe.summary(run.final, revision: run.revision)),
      choices: run.trace.choices.map(\.description))
  }

  public static func render(_ run: Run) -> String {
    encode(document(run))
  }

  /// The same bytes as `render(Runner.random(...))`, told step by step in constant memory.
  /// The keys are sorted and "choices" comes before "final", "hazards" and "steps", so the
  /// schedule is told twice: once for the choices (which also gives the final world and the
  /// hazards), once for the steps. A seeded run is the same run both times.
  public static func stream(
    revision: Revision, configuration: Configuration, seed: UInt64, steps: Int,
    strategy: Strategy, write: (String) -> Void
  ) {
    // The document's frame comes from the encoder itself: the full document with one
    // sentinel choice and one sentinel step, cut around them.
    let sentinel = "\u{1}ccwviz-sentinel\u{1}"
    let sentinelStep = StepDoc(index: 0, lane: sentinel, choice: sentinel, text: sentinel)
    func element(_ v: some Encodable) -> String {
      // An array element at depth 2: every line indented by four spaces.
      encode(v).dropLast().split(separator: "\n", omittingEmptySubsequences: false)
        .map { "    " + $0 }.joined(separator: "\n")
    }
    var count = 0
    let told = Runner.streamRandom(
      revision: revision, configuration: configuration, seed: seed, steps: steps, strategy: strategy
    ) { step, _ in
      if count == 0 { write("{\n  \"choices\" : [\n") } else { write(",\n") }
      write(element(step.choice.description))
      count += 1
    }
    var doc = Document(
      revision: revision.id, kernels: revision.kernels, title: told.title,
      configuration: configuration, steps: [sentinelStep],
      hazards: told.hazards.map(hazardDoc), remarks: [],
      final: Dictionary(uniqueKeysWithValues: Describe.summary(told.final, revision: revision)),
      choices: [sentinel])
    if count == 0 {
      doc.steps = []
      doc.choices = []
      write(encode(doc))
      return
    }
    let full = encode(doc)
    let choiceMark = element(sentinel) + "\n"
    let stepMark = element(sentinelStep) + "\n"
    guard let c = full.range(of: choiceMark), let st = full.range(of: stepMark),
      full[..<c.lowerBound] == "{\n  \"choices\" : [\n"
    else {
      preconditionFailure("the JSON encoder's layout changed: JSONReport.stream needs updating")
    }
    write("\n" + full[c.upperBound..<st.lowerBound])
    var first = true
    Runner.streamRandom(
      revision: revision, configuration: configuration, seed: seed, steps: steps, strategy: strategy
    ) { step, _ in
      if !first { write(",\n") }
      first = false
      write(element(stepDoc(step)))
    }
    write("\n" + full[st.upperBound...])
  }

  static func stepDoc(_ s: RunStep) -> StepDoc {
    StepDoc(
      index: s.index, lane: s.lane.name, choice: s.choice.description, text: s.text,
      notes: s.notes.isEmpty ? nil : s.notes, caption: s.caption)
  }

  static func hazardDoc(_ h: HazardRecord) -> HazardDoc {
    HazardDoc(
      id: h.id, kind: h.hazard.kind.rawValue, step: h.step, lanes: h.hazard.lanes.map(\.name),
      explanation: h.hazard.explanation)
  }

  public static func encode<T: Encodable>(_ value: T) -> String {
    let enc = JSONEncoder()
    enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data = try! enc.encode(value)  // Plain structs of strings and numbers always encode.
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}
