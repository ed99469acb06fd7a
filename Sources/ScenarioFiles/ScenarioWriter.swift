import Foundation
import Simulation

/// Writes a scenario in the file format `ScenarioParser` reads.
public enum ScenarioWriter {
  public static func yaml(_ s: Scenario) -> String {
    var out = ["# ccwviz scenario: run it with `ccwviz run --scenario FILE`, check it with `ccwviz check FILE`."]
    out.append("name: \(s.name)")
    out.append("title: \(quote(s.title))")
    out.append("description: \(quote(s.description))")
    if let race = s.race { out.append("race: \(race)") }
    out.append("revision: \(s.revision)")
    let c = s.configuration
    let d = Configuration()
    var config: [String] = []
    if c.cpus != d.cpus { config.append("  cpus: \(c.cpus)") }
    if let r = c.requests { config.append("  requests: \(r)") }
    if c.kernelHaltClear != 0 { config.append("  kernel-halt-clear: \(c.kernelHaltClear)") }
    if c.unsolicited != 0 { config.append("  unsolicited: \(c.unsolicited)") }
    if c.qemuFilter { config.append("  qemu-filter: true") }
    if c.intermediate { config.append("  intermediate: true") }
    if c.deferredCC { config.append("  deferred-cc: true") }
    if c.notOper { config.append("  notoper: true") }
    if c.closes != 0 { config.append("  closes: \(c.closes)") }
    if !config.isEmpty { out.append("configuration:"); out += config }
    out.append("steps:")
    for step in s.steps {
      out.append("  - do: \(step.choice)")
      if let u = step.until { out.append("    until: \(u.text)") }
      if let ch = step.chapter { out.append("    chapter: \(quote(ch))") }
      if let cap = step.caption { out.append("    caption: \(quote(cap))") }
      if !step.expect.isEmpty {
        // `ssch: cc0` → ssch: "cc0" (quoted: -EBUSY and true stay text).
        out.append("    expect: \(outcomes(step.expect))")
      }
      if let ask = step.ask {
        out.append("    ask:")
        out.append("      question: \(quote(ask.question))")
        out.append("      answers:")
        for a in ask.answers {
          out.append("        - text: \(quote(a.text))")
          out.append("          expect: \(outcomes(a.expect))")
        }
        out.append("      why: \(quote(ask.why))")
      }
    }
    return out.joined(separator: "\n") + "\n"
  }

  /// `{ssch: "cc0", state: "CP_PENDING"}` (quoted: -EBUSY and true stay text).
  static func outcomes(_ expect: [Expectation]) -> String {
    let items = expect.map { e -> String in
      let parts = e.text.split(separator: ":", maxSplits: 1)
      return "\(parts[0]): \(quote(parts[1].trimmingCharacters(in: .whitespaces)))"
    }
    return "{\(items.joined(separator: ", "))}"
  }

  static func quote(_ s: String) -> String {
    "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
      .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\t", with: "\\t")
      .replacingOccurrences(of: "\r", with: "\\r") + "\""
  }
}
