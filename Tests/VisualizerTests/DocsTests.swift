import Foundation
import Testing
import Visualizer

/// docs/manual.md's key table is the app's: generated from `KeyTable.bindings`, checked here.
/// With RECORD_SNAPSHOTS set the doc's table is rewritten (and the run fails on purpose).
@Suite struct DocsTests {
  static let manual = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../docs/manual.md").standardized

  @Test func theManualsKeyTableIsTheAppsKeyTable() throws {
    let text = try String(contentsOf: Self.manual, encoding: .utf8)
    let open = try #require(text.range(of: "`swift test` checks it -->\n"), "the keys marker is missing")
    let close = try #require(text.range(of: "\n<!-- end of keys -->", range: open.upperBound..<text.endIndex))
    let table = String(text[open.upperBound..<close.lowerBound])
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil {
      try (text[..<open.upperBound] + KeyTable.markdown + text[close.lowerBound...])
        .write(to: Self.manual, atomically: true, encoding: .utf8)
      Issue.record("rewrote the key table in docs/manual.md; run the tests again")
      return
    }
    #expect(table == KeyTable.markdown, "docs/manual.md's key table differs from KeyTable.bindings")
    for b in KeyTable.bindings { #expect(table.contains("| \(b.keyLabel) | \(b.help) |")) }
  }
}
