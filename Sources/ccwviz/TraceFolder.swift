import Foundation

/// Where `explore --save` writes its traces: made ready before the search, so that a folder
/// the traces cannot go to is said at once, in the system's own words (Foundation's messages
/// were misleading here: "The file doesn't exist" for /proc, a bare "error 512" when part of
/// the path is a file).
enum TraceFolder {
  static func prepare(_ path: String) throws {
    func fail(_ why: String) -> CLIError { CLIError("cannot save the traces to \(path): \(why)") }
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
      guard isFolder.boolValue else { throw fail("it is a file, not a folder") }
    } else {
      // Each missing folder of the path in turn, as mkdir -p does, naming the one that fails.
      var made = path.hasPrefix("/") ? "/" : ""
      for part in path.split(separator: "/") {
        made += (made.isEmpty || made.hasSuffix("/") ? "" : "/") + part
        if FileManager.default.fileExists(atPath: made, isDirectory: &isFolder) {
          guard isFolder.boolValue else { throw fail("\(made) is a file, not a folder") }
          continue
        }
        guard mkdir(made, 0o755) == 0 || errno == EEXIST else {
          throw fail("cannot create the folder \(made) (\(String(cString: strerror(errno))))")
        }
      }
    }
    // Whether a file can be made there: permissions alone do not say (root may write
    // anywhere, yet /proc takes no new files).
    let probe = (path as NSString).appendingPathComponent(".ccwviz-save-check-\(getpid())")
    let fd = open(probe, O_WRONLY | O_CREAT | O_EXCL, 0o600)
    guard fd >= 0 else { throw fail("cannot create a file there (\(String(cString: strerror(errno))))") }
    close(fd)
    unlink(probe)
  }
}
