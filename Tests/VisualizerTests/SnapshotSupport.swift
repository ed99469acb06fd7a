import Foundation
import Testing

/// Compares text with `Snapshots/<name>.txt` beside this file. A missing snapshot (or any
/// with RECORD_SNAPSHOTS=1) is written and the test fails, so a recording is never a pass.
func assertSnapshot(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
  let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
  let file = dir.appendingPathComponent("\(name).txt")
  let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil
  if !record, let expected = try? String(contentsOf: file, encoding: .utf8) {
    if expected != actual {
      let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
      let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
      let first = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, e.count)
      Issue.record(
        "screen differs from \(name).txt at line \(first + 1):\n  expected: \(first < e.count ? String(e[first]) : "<end>")\n  actual:   \(first < a.count ? String(a[first]) : "<end>")",
        sourceLocation: sourceLocation)
    }
    return
  }
  try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  try? actual.write(to: file, atomically: true, encoding: .utf8)
  Issue.record("recorded a new snapshot \(name).txt; run the tests again", sourceLocation: sourceLocation)
}
