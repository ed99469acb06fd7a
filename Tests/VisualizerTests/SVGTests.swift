import Foundation
import RevisionFiles
import ScenarioFiles
import Simulation
import Testing
@testable import Visualizer

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// `export --format svg`: a real renderer draws it, and the text it holds is the run's.
@Suite struct SVGTests {
  /// Reads the SVG as XML: the title, each step's text (its tspans joined by their
  /// `data-sep`), and every text node.
  final class Reader: NSObject, XMLParserDelegate {
    var steps: [Int: String] = [:]
    var captions: [String] = []
    var hazards: [String] = []
    private var current: (cls: String, step: Int?)?
    private var sep = ""
    private var buffer = ""
    private var inTspan = false

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes a: [String: String] = [:]) {
      if name == "text" {
        current = (a["class"] ?? "", a["data-step"].flatMap(Int.init))
        buffer = ""
      } else if name == "tspan" {
        sep = a["data-sep"] ?? ""
        inTspan = true
        if !buffer.isEmpty || sep.isEmpty == false { buffer += sep }
      }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
      if inTspan { buffer += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
      if name == "tspan" { inTspan = false }
      guard name == "text", let c = current else { return }
      switch c.cls {
      case "step": if let i = c.step { steps[i] = buffer }
      case "caption": captions.append(buffer)
      case "hazard": hazards.append(buffer)
      default: break
      }
      current = nil
    }
  }

  static func read(_ svg: String) throws -> Reader {
    let parser = XMLParser(data: Data(svg.utf8))
    let r = Reader()
    parser.delegate = r
    #expect(parser.parse(), "not well-formed XML: \(String(describing: parser.parserError))")
    return r
  }

  static var rsvg: String? {
    ["/usr/bin/rsvg-convert", "/usr/local/bin/rsvg-convert", "/opt/homebrew/bin/rsvg-convert"]
      .first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  func light() throws -> Theme { try ThemeLoader.load("light", searchPaths: []) }

  @Test(arguments: ["seed-b", "early-idle-leak", "lost-status-halt"])
  func theTextInTheSVGIsTheRunsSteps(_ name: String) throws {
    let run = try ScenarioCatalog.named(name).run(on: Revisions.v6_0)
    let svg = SVGTimeline.render(run, theme: try light())
    let r = try Self.read(svg)
    #expect(r.steps.count == run.steps.count)
    for step in run.steps { #expect(r.steps[step.index] == step.text, "step \(step.index)") }
    // One hazard band per hazard, naming it and its step.
    #expect(r.hazards.count == run.hazards.count)
    for (band, h) in zip(r.hazards, run.hazards) { #expect(band.hasPrefix("!! \(h.hazard.kind.rawValue) at step \(h.step): ")) }
    // The light theme by default: a white page, dark ink, a monospace generic family.
    #expect(svg.contains("fill=\"#ffffff\"") && svg.contains("monospace\""))
  }

  @Test func rsvgConvertRendersIt() throws {
    guard let rsvg = Self.rsvg else {
      // .ci/run installs librsvg2-bin; without it this test cannot look.
      print("SKIPPED: rsvg-convert is not installed (apt-get install librsvg2-bin); .ci/run installs it")
      return
    }
    let run = try ScenarioCatalog.named("seed-b").run(on: Revisions.v6_0)
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ccwviz-svg-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let svg = dir.appendingPathComponent("b.svg")
    let png = dir.appendingPathComponent("b.png")
    try Data(SVGTimeline.render(run, theme: try light()).utf8).write(to: svg)
    let p = Process()
    p.executableURL = URL(fileURLWithPath: rsvg)
    p.arguments = ["-o", png.path, svg.path]
    let err = Pipe()
    p.standardError = err
    try p.run()
    p.waitUntilExit()
    let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(p.terminationStatus == 0, "\(message)")
    #expect(message.isEmpty, "rsvg-convert warned: \(message)")
    let bytes = try Data(contentsOf: png)
    #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) && bytes.count > 10_000)
  }

  @Test func hostileTextIsEscapedAndSanitised() throws {
    let rev = Revisions.v6_0
    var run = Run(revision: rev, configuration: Configuration(cpus: 2), title: "<svg onload=\"x\"> & \u{1B}[2J \u{202E}evil")
    let hostile = "</text><script>alert('x')</script> & \u{07}\u{0}"
    let applied = run.append(.request(.start, cpu: 0), caption: hostile)
    #expect(applied)
    let svg = SVGTimeline.render(run, theme: try light())
    #expect(!svg.contains("<script") && !svg.contains("onload=\"x\"") && !svg.contains("\u{1B}") && !svg.contains("\u{202E}"))
    let r = try Self.read(svg)
    #expect(r.captions.count == 1)
    #expect(r.captions.first?.contains("<script>alert('x')</script> & ") == true)
    #expect(r.steps[1] == run.steps[0].text)
  }

  @Test func wrappingGivesTheTextBack() {
    for text in ["", "a", "one two three", String(repeating: "x", count: 100), "short " + String(repeating: "y", count: 80) + " end"] {
      let lines = SVGTimeline.wrap(text, width: 36)
      #expect(lines.allSatisfy { $0.text.count <= 36 })
      #expect(lines.map { $0.sep + $0.text }.joined() == text)
    }
  }
}
