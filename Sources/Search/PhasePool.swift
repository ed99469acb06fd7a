import CMemoryHints
import Foundation
import Synchronization

/// Worker threads for the explorer's parallel phases (expand a round, mark it, copy it out),
/// which follow one another every few hundred microseconds. `DispatchQueue.concurrentPerform`
/// parks its threads between calls and wakes them for the next, about 30 µs a phase on this
/// 2-core machine: 9% of a search at the default bounds (three phases a round, a hundred
/// rounds). These threads spin between phases instead, so the next one starts at once, and
/// sleep only when none comes for a while (`idle`). The caller takes part, as with
/// concurrentPerform, and a phase ends only when every helper has left it, so no helper can
/// still hold a phase's body when the next begins.
final class PhasePool: @unchecked Sendable {
  /// Threads besides the caller.
  let helpers: Int
  /// Bumped to start a phase; helpers wait for it to change.
  private let epoch = Atomic<Int>(0)
  /// The next iteration of the current phase to take.
  private let claimed = Atomic<Int>(0)
  /// Helpers that have finished with the current phase.
  private let departed = Atomic<Int>(0)
  private let stopping = Atomic<Bool>(false)
  private let exited = DispatchSemaphore(value: 0)
  // Written by the caller before it bumps `epoch`, read by the helpers after they see it.
  private var iterations = 0
  private var body: ((Int) -> Void)?

  init(threads: Int) {
    helpers = max(0, threads - 1)
    for _ in 0..<helpers {
      let t = Thread { [self] in work() }
      t.start()
    }
  }

  /// Stops the helpers; call once, when the search is over (they hold the pool).
  func shutDown() {
    stopping.store(true, ordering: .sequentiallyConsistent)
    epoch.add(1, ordering: .sequentiallyConsistent)
    for _ in 0..<helpers { exited.wait() }
  }

  /// Runs `body` for 0..<n on the caller and the helpers; returns when all are done.
  func perform(iterations n: Int, _ body: (Int) -> Void) {
    guard helpers > 0, n > 1 else {
      for k in 0..<n { body(k) }
      return
    }
    withoutActuallyEscaping(body) { body in
      self.body = body
      iterations = n
      claimed.store(0, ordering: .relaxed)
      departed.store(0, ordering: .relaxed)
      epoch.add(1, ordering: .sequentiallyConsistent)
      run(body, n)
      // Every helper leaves the phase (most find nothing left to take) before it ends.
      var spins = 0
      while departed.load(ordering: .acquiring) < helpers { Self.idle(&spins) }
      self.body = nil
    }
  }

  private func run(_ body: (Int) -> Void, _ n: Int) {
    while true {
      let k = claimed.add(1, ordering: .relaxed).oldValue
      guard k < n else { return }
      body(k)
    }
  }

  private func work() {
    var seen = 0
    while true {
      var spins = 0
      while epoch.load(ordering: .acquiring) == seen { Self.idle(&spins) }
      seen = epoch.load(ordering: .acquiring)
      if stopping.load(ordering: .acquiring) { break }
      takePart()
      departed.add(1, ordering: .releasing)
    }
    exited.signal()
  }

  /// A helper's share of the current phase. In a function of its own so that the helper's
  /// reference to the body is certainly released before it says it has left the phase.
  @inline(never) private func takePart() {
    guard let body else { return }
    run(body, iterations)
  }

  /// One turn of waiting: a pause while the wait is young, a yield of the core now and then
  /// (with more threads than cores the one waited for may need it), and after some
  /// milliseconds a sleep of 50 µs a turn, so an idle helper costs next to nothing.
  @inline(__always) private static func idle(_ spins: inout Int) {
    spins += 1
    if spins < 100_000 {
      ccw_spin_pause()
      if spins & 255 == 0 { sched_yield() }
    } else {
      usleep(50)
    }
  }
}
