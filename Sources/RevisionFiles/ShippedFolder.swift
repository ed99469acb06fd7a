import Foundation

/// Where SwiftPM put a target's shipped files: the `<package>_<target>.resources` folder beside
/// the binary (or the test bundle), or the folder an environment variable names.
public enum ShippedFolder {
  public static func find(bundle: String, folder: String, environment: String) -> String? {
    if let env = ProcessInfo.processInfo.environment[environment] { return env }
    let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    let dirs = [exe.deletingLastPathComponent(), Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
    for d in dirs {
      let path = d.appendingPathComponent(bundle).appendingPathComponent(folder).path
      if FileManager.default.fileExists(atPath: path) { return path }
    }
    return nil
  }
}
