import Foundation
import RevisionFiles
import SafeText
import Simulation
import Yams

/// A scenario file that could not be used: file, line, key and what was expected.
public struct ScenarioFileError: Error, Equatable, CustomStringConvertible, LocalizedError {
  public var file: String
  public var line: Int?
  public var key: String?
  public var message: String

  public var description: String {
    var s = file
    if let line { s += ":\(line)" }
    if let key { s += ": key '\(SafeText.excerpt(key))'" }
    return "\(s): \(message)"
  }

  public var errorDescription: String? { description }
}

/// Reads scenario files (YAML): a name, a title, a description, the revision it is told on,
/// its configuration, and its steps, each a choice with an optional `until`, caption,
/// chapter and `expect` (what the caption says the step does, checked on every telling).
public enum ScenarioParser {
  /// Every step label of the shipped revisions: where `until:` may stop.
  static let stopLabels = Set(Revisions.all.flatMap { r in r.allPrograms.flatMap { $0.1.steps.flatMap(\.labels) } })

  /// The most steps a scenario may tell (the shipped ones tell at most a dozen).
  public static let maxSteps = 10_000

  public static func parse(_ yaml: String, file: String) throws(ScenarioFileError) -> Scenario {
    func fail(_ node: Node?, _ key: String?, _ message: String) -> ScenarioFileError {
      ScenarioFileError(file: file, line: node?.mark?.line, key: key, message: message)
    }
    let composed: Node?
    do { composed = try YAMLDocument.compose(yaml) } catch {
      throw ScenarioFileError(file: file, line: error.line, key: nil, message: error.message)
    }
    guard let root = composed else {
      throw ScenarioFileError(file: file, line: 1, key: nil, message: "the file is empty; expected a mapping with title, revision and steps")
    }
    guard case .mapping(let top) = root else { throw fail(root, nil, "expected a mapping at the top") }
    var name: String?
    var title: String?
    var description = ""
    var race: String?
    var revision: String?
    var configuration = Configuration()
    var steps: [ScenarioStep] = []
    var sawSteps = false

    func text(_ n: Node, _ key: String) throws(ScenarioFileError) -> String {
      guard case .scalar(let s) = n else { throw fail(n, key, "expected text") }
      return s.string
    }
    func int(_ n: Node, _ key: String, _ range: ClosedRange<Int>) throws(ScenarioFileError) -> Int {
      guard let v = n.int, range.contains(v) else {
        throw fail(n, key, "expected a whole number from \(range.lowerBound) to \(range.upperBound)")
      }
      return v
    }
    func bool(_ n: Node, _ key: String) throws(ScenarioFileError) -> Bool {
      guard let v = n.bool else { throw fail(n, key, "expected true or false") }
      return v
    }

    func outcomes(_ sv: Node, _ path: String) throws(ScenarioFileError) -> [Expectation] {
      guard case .mapping(let em) = sv else {
        throw fail(sv, path, "expected a mapping of outcomes such as {ssch: cc0, state: CP_PENDING}")
      }
      var out: [Expectation] = []
      for (ek, ev) in em {
        let outcome = ek.string ?? ""
        let epath = "\(path).\(outcome)"
        switch Expectation.parse(key: outcome, value: try text(ev, epath)) {
        case .success(let e): out.append(e)
        case .failure(let e): throw fail(Expectation.keys.contains(outcome) ? ev : ek, epath, e.message)
        }
      }
      return out
    }
    /// `ask: {question, answers: [{text, expect}], why}`.
    func parseAsk(_ n: Node, _ path: String) throws(ScenarioFileError) -> Ask {
      guard case .mapping(let m) = n else {
        throw fail(n, path, "expected a mapping with question, answers (each with text and expect) and why")
      }
      var question: String?
      var answers: [Ask.Answer] = []
      var why: String?
      var answersNode: Node?
      for (k, v) in m {
        let field = k.string ?? ""
        let p = "\(path).\(field)"
        switch field {
        case "question": question = try text(v, p)
        case "why": why = try text(v, p)
        case "answers":
          answersNode = v
          guard case .sequence(let seq) = v else { throw fail(v, p, "expected a list of answers, each with text and expect") }
          for (i, item) in seq.enumerated() {
            let ap = "\(p)[\(i + 1)]"
            guard case .mapping(let am) = item else { throw fail(item, ap, "expected a mapping with text and expect") }
            var t: String?
            var e: [Expectation]?
            for (ak, av) in am {
              let af = ak.string ?? ""
              switch af {
              case "text": t = try text(av, "\(ap).text")
              case "expect": e = try outcomes(av, "\(ap).expect")
              default: throw fail(ak, "\(ap).\(af)", "unknown field; expected text or expect")
              }
            }
            guard let t else { throw fail(item, "\(ap).text", "missing; every answer needs text") }
            guard let e, !e.isEmpty else {
              throw fail(item, "\(ap).expect", "missing; every answer says what makes it right, e.g. {ssch: cc0}")
            }
            answers.append(Ask.Answer(text: t, expect: e))
          }
        default: throw fail(k, p, "unknown field; expected question, answers or why")
        }
      }
      guard let question else { throw fail(n, "\(path).question", "missing") }
      guard let why else { throw fail(n, "\(path).why", "missing; one sentence on why, shown with the answer") }
      guard Ask.answerCounts.contains(answers.count) else {
        throw fail(answersNode ?? n, "\(path).answers", "\(answers.count) answers; a question has 2 to 4")
      }
      return Ask(question: question, answers: answers, why: why)
    }

    for (k, v) in top {
      let key = k.string ?? ""
      switch key {
      case "name": name = try text(v, key)
      case "title": title = try text(v, key)
      case "description": description = try text(v, key)
      case "race": race = try text(v, key)
      case "revision":
        let r = try text(v, key)
        guard Revisions.isPath(r) || Revisions.all.contains(where: { $0.id == r }) else {
          throw fail(v, key, "unknown revision '\(SafeText.excerpt(r))'; expected one of: \(Revisions.all.map(\.id).joined(separator: ", ")), or a path to a revision file")
        }
        revision = r
      case "configuration":
        guard case .mapping(let m) = v else { throw fail(v, key, "expected a mapping such as {cpus: 2}") }
        for (ck, cv) in m {
          let field = ck.string ?? ""
          let path = "configuration.\(field)"
          switch field {
          case "cpus": configuration.cpus = try int(cv, path, 1...Configuration.maxCPUs)
          case "requests": configuration.requests = try int(cv, path, 0...254)
          case "kernel-halt-clear": configuration.kernelHaltClear = try int(cv, path, 0...254)
          case "unsolicited": configuration.unsolicited = try int(cv, path, 0...254)
          case "qemu-filter": configuration.qemuFilter = try bool(cv, path)
          case "intermediate": configuration.intermediate = try bool(cv, path)
          case "deferred-cc": configuration.deferredCC = try bool(cv, path)
          case "notoper": configuration.notOper = try bool(cv, path)
          case "closes": configuration.closes = try int(cv, path, 0...254)
          default:
            throw fail(ck, path, "unknown setting; expected cpus, requests, kernel-halt-clear, unsolicited, qemu-filter, intermediate, deferred-cc, notoper or closes")
          }
        }
      case "steps":
        sawSteps = true
        guard case .sequence(let seq) = v else { throw fail(v, key, "expected a list of steps, each with 'do'") }
        guard seq.count <= maxSteps else {
          throw fail(v, key, "\(seq.count) steps; a scenario holds at most \(maxSteps) (a longer schedule is a trace: `ccwviz run --trace`)")
        }
        for (i, item) in seq.enumerated() {
          let at = "steps[\(i + 1)]"
          guard case .mapping(let m) = item else { throw fail(item, at, "expected a mapping with do, until, caption, chapter") }
          var choice: Choice?
          var until: Until?
          var caption: String?
          var chapter: String?
          var expect: [Expectation] = []
          var ask: Ask?
          for (sk, sv) in m {
            let field = sk.string ?? ""
            let path = "\(at).\(field)"
            switch field {
            case "do":
              let t = try text(sv, path)
              guard let c = Choice(t) else {
                throw fail(sv, path, "'\(SafeText.excerpt(t))' is not a choice; expected \(Choice.forms) (\(HardwareAction.allCases.map(\.name).joined(separator: ", ")))")
              }
              choice = c
            case "until":
              let t = try text(sv, path)
              guard let u = Until(t), u == .returns || stopLabels.contains(u.text) else {
                throw fail(sv, path, "'\(SafeText.excerpt(t))' is not a stopping point; expected 'return' or a step label of the shipped revisions such as \(stopLabels.sorted().prefix(12).joined(separator: ", "))")
              }
              until = u
            case "caption": caption = try text(sv, path)
            case "chapter": chapter = try text(sv, path)
            case "expect":
              guard case .mapping(let em) = sv else {
                throw fail(sv, path, "expected a mapping of outcomes such as {ssch: cc0, state: CP_PENDING}")
              }
              for (ek, ev) in em {
                let outcome = ek.string ?? ""
                let epath = "\(path).\(outcome)"
                switch Expectation.parse(key: outcome, value: try text(ev, epath)) {
                case .success(let e): expect.append(e)
                case .failure(let e): throw fail(Expectation.keys.contains(outcome) ? ev : ek, epath, e.message)
                }
              }
            case "ask": ask = try parseAsk(sv, path)
            default: throw fail(sk, path, "unknown field; expected do, until, caption, chapter, expect or ask")
            }
          }
          guard let choice else { throw fail(item, "\(at).do", "missing; every step needs 'do'") }
          if case .cpu(let k) = choice.lane, k >= configuration.cpus {
            throw fail(item, "\(at).do", "\(choice) names CPU\(k + 1) but the scenario has \(configuration.cpus) CPUs (set configuration.cpus)")
          }
          steps.append(ScenarioStep(choice, until: until, caption: caption, chapter: chapter, expect: expect, ask: ask))
        }
      default:
        throw fail(k, key, "unknown key; expected name, title, description, race, revision, configuration or steps")
      }
    }
    guard let title else { throw fail(root, "title", "missing") }
    guard let revision else { throw fail(root, "revision", "missing; expected one of: \(Revisions.all.map(\.id).joined(separator: ", "))") }
    guard sawSteps, !steps.isEmpty else { throw fail(root, "steps", "missing or empty; expected a list of steps") }
    let fallbackName = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
    return Scenario(
      name: name ?? fallbackName, title: title, description: description, race: race,
      revision: revision, configuration: configuration, steps: steps)
  }

  public static func load(path: String) throws(ScenarioFileError) -> Scenario {
    if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > YAMLLimits.maxBytes {
      throw ScenarioFileError(
        file: path, line: nil, key: nil,
        message: "the file is \(size) bytes; the most a scenario file may hold is \(YAMLLimits.maxBytes) bytes (1 MiB)")
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ScenarioFileError(file: path, line: nil, key: nil, message: "cannot read the file")
    }
    return try parse(String(decoding: data, as: UTF8.self), file: path)
  }
}
