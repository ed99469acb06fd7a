import Foundation
import SafeText

/// A revision file that could not be used: each problem with file, line, key and what was
/// expected, one per line.
public struct RevisionFileError: Error, Equatable, CustomStringConvertible, LocalizedError {
  public struct Problem: Equatable, Sendable {
    public var file: String
    public var line: Int?
    public var key: String?
    public var message: String

    public var description: String {
      var s = file
      if let line, line > 0 { s += ":\(line)" }
      if let key { s += ": key '\(SafeText.excerpt(key))'" }
      return "\(s): \(message)"
    }
  }

  public var problems: [Problem]

  public init(file: String, line: Int?, key: String?, _ message: String) {
    problems = [Problem(file: file, line: line, key: key, message: message)]
  }

  public init(problems: [Problem]) { self.problems = problems }

  public var description: String { problems.map(\.description).joined(separator: "\n") }
  public var errorDescription: String? { description }
}
