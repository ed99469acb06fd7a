import CNcurses
import Foundation

/// Measures the real binary on a pseudo-terminal: time from exec to the first complete frame,
/// and the bytes written to the terminal for one step compared with a full repaint.
public enum TerminalBenchmark {
  public struct Figures {
    public var firstFrameMilliseconds: [Double]
    public var firstFrameBytes: Int
    /// A resize forces ncurses to clear and redraw the whole (busy) screen.
    public var fullRepaintBytes: Int
    public var bytesPerStep: [Int]
  }

  public static func measure(binary: String, width: Int, height: Int, runs: Int, steps: Int) -> Figures? {
    var firstFrames: [Double] = []
    var first = 0
    var full = 0
    var perStep: [Int] = []
    for run in 0..<runs {
      var master: Int32 = -1
      let argv = [binary, "tui"]
      let env = ["TERM=xterm-256color", "LC_ALL=C.UTF-8", "PATH=/usr/bin:/bin"]
      let start = ContinuousClock.now
      let pid = withCStrings(argv) { a in
        withCStrings(env) { e in ccw_spawn_in_pty(binary, a, e, Int32(height), Int32(width), &master) }
      }
      guard pid > 0 else { return nil }
      defer {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(master)
      }
      // The key bar is the last row drawn; its last word ends the first frame.
      var bytes = readUntil(master, marker: Array("q quit".utf8), seconds: 5)
      guard bytes >= 0 else { return nil }
      firstFrames.append(Double((ContinuousClock.now - start) / .microseconds(1)) / 1000)
      bytes += drain(master, quietMilliseconds: 100)
      if run == 0 {
        first = bytes
        for _ in 0..<steps {
          var space: UInt8 = 32
          _ = write(master, &space, 1)
          perStep.append(drain(master, quietMilliseconds: 60))
        }
        _ = ccw_set_winsize(master, Int32(height - 1), Int32(width))
        _ = drain(master, quietMilliseconds: 100)
        _ = ccw_set_winsize(master, Int32(height), Int32(width))
        full = drain(master, quietMilliseconds: 150)
      }
    }
    return Figures(
      firstFrameMilliseconds: firstFrames, firstFrameBytes: first, fullRepaintBytes: full,
      bytesPerStep: perStep)
  }

  private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
    var pointers = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for p in pointers { free(p) } }
    return body(pointers)
  }

  /// Reads until the marker appears; returns the bytes read, or -1 on timeout.
  private static func readUntil(_ fd: Int32, marker: [UInt8], seconds: Double) -> Int {
    var seen: [UInt8] = []
    let deadline = Date().addingTimeInterval(seconds)
    var buffer = [UInt8](repeating: 0, count: 65536)
    while Date() < deadline {
      var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      if poll(&p, 1, 50) <= 0 { continue }
      let n = read(fd, &buffer, buffer.count)
      if n <= 0 { return -1 }
      seen += buffer[0..<n]
      if seen.count >= marker.count,
        seen.indices.dropLast(marker.count - 1).contains(where: { i in
          seen[i..<i + marker.count].elementsEqual(marker)
        })
      {
        return seen.count
      }
    }
    return -1
  }

  /// Reads until nothing arrives for a while; returns the bytes read.
  private static func drain(_ fd: Int32, quietMilliseconds: Int32) -> Int {
    var total = 0
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      if poll(&p, 1, quietMilliseconds) <= 0 { return total }
      let n = read(fd, &buffer, buffer.count)
      if n <= 0 { return total }
      total += n
    }
  }
}
