import Foundation
import Visualizer

/// The input loop: draw, wait for a key or a tick, hand it to the app state, repeat.
public enum InteractiveSession {
  /// How the session ended.
  public enum Ending: Equatable {
    case quit
    case signal(Int32)
  }

  public static func run(_ initial: AppState, theme: Theme) throws -> Ending {
    var state = initial
    var terminal = try Terminal(theme: theme)
    defer { terminal.stop() }
    let glyphs: Glyphs = terminal.unicode ? .unicode : .ascii
    let clock = ContinuousClock()
    var lastTick = clock.now
    var lastSecond = clock.now
    var dirty = true
    let answers = SearchAnswers()
    while true {
      // `e`'s search runs on its own thread; the keys stay live and the answer is picked up
      // here when it comes.
      if let request = state.startSearch() {
        Thread.detachNewThread { answers.put(request, request.run()) }
      }
      if let (request, found) = answers.take() {
        state.finishSearch(found, for: request)
        dirty = true
      }
      if let sig = terminal.stopSignal { return .signal(sig) }
      if dirty {
        let (w, h) = terminal.size
        terminal.draw(Frame.render(state, width: w, height: h, glyphs: glyphs))
        dirty = false
      }
      let interval = Duration.milliseconds(Int(1000 / state.stepsPerSecond))
      let remaining = Int((interval - (clock.now - lastTick)) / .milliseconds(1))
      let wait = state.playing ? max(10, min(100, remaining)) : state.search != nil ? 50 : 250
      switch terminal.read(timeoutMilliseconds: wait) {
      case .none: break
      case .resize:
        terminal.invalidate()
        dirty = true
      case .key(let key):
        state.handle(key: key)
        dirty = true
      }
      if state.wantsQuit { return .quit }
      // A question's countdown (presenter mode) ticks in seconds, playing or not.
      if state.quiz?.countdown != nil && clock.now - lastSecond >= .seconds(1) {
        state.handle(.second)
        lastSecond = clock.now
        dirty = true
      } else if state.quiz?.countdown == nil {
        lastSecond = clock.now
      }
      if state.playing && clock.now - lastTick >= interval {
        state.handle(.tick)
        lastTick = clock.now
        dirty = true
      } else if !state.playing {
        lastTick = clock.now
      }
    }
  }
}

/// Where the search thread leaves its answer for the input loop.
final class SearchAnswers: @unchecked Sendable {
  private let lock = NSLock()
  private var answer: (HintSearch, Hints)?

  func put(_ request: HintSearch, _ found: Hints) {
    lock.lock()
    answer = (request, found)
    lock.unlock()
  }

  func take() -> (HintSearch, Hints)? {
    lock.lock()
    defer { answer = nil; lock.unlock() }
    return answer
  }
}
