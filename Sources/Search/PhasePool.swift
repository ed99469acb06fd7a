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
///
/// Each thread runs its own iterations first (k = t, t + threads, ...), the same ones every
/// phase, and only then helps with what is left of the others'. So the thread that expands a
/// chunk into candidate buffer k also copies buffer k out and expands into it next round,
/// and the buffer's lines stay in its core's cache instead of moving between cores. On this
/// virtual machine the two vCPUs are sometimes placed far apart (a cache line's round trip
/// takes 400 ns instead of 100), and there handing out iterations first come, first served
/// cost 11% of a search (measured: 0.123 against 0.110 s for v5.2 at the default bounds).
final class PhasePool: @unchecked Sendable {
  /// Threads besides the caller.
  let helpers: Int
  /// Bumped to start a phase; helpers wait for it to change.
  private let epoch = Atomic<Int>(0)
  /// Per thread, the next of its own iterations of the current phase (k = t, t + threads,
  /// ...), each on a cache line of its own (`cursorStride` words apart).
  private let cursors: UnsafeMutablePointer<Int>
  private static let cursorStride = 8
  /// Helpers that have finished with the current phase.
  private let departed = Atomic<Int>(0)
  private let stopping = Atomic<Bool>(false)
  private let exited = DispatchSemaphore(value: 0)
  // Written by the caller before it bumps `epoch`, read by the helpers after they see it.
  private var iterations = 0
  private var body: ((Int) -> Void)?

  init(threads: Int) {
    helpers = max(0, threads - 1)
    cursors = .allocate(capacity: Self.cursorStride * (helpers + 1))
    cursors.initialize(repeating: 0, count: Self.cursorStride * (helpers + 1))
    for h in 0..<helpers {
      let t = Thread { [self] in work(thread: h + 1) }
      t.start()
    }
  }

  deinit { cursors.deallocate() }

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
      for t in 0...helpers { ccw_store(cursors + Self.cursorStride * t, t) }
      departed.store(0, ordering: .relaxed)
      epoch.add(1, ordering: .sequentiallyConsistent)
      run(body, n, thread: 0)
      // Every helper leaves the phase (most find nothing left to take) before it ends.
      var spins = 0
      while departed.load(ordering: .acquiring) < helpers { Self.idle(&spins) }
      self.body = nil
    }
  }

  /// Thread `me`'s share: its own iterations, then whatever is left of the others' (each
  /// cursor hands out each of its iterations once, to whichever thread asks first).
  private func run(_ body: (Int) -> Void, _ n: Int, thread me: Int) {
    let threads = helpers + 1
    for o in 0..<threads {
      let cursor = cursors + Self.cursorStride * ((me + o) % threads)
      while true {
        let k = ccw_fetch_add(cursor, threads)
        guard k < n else { break }
        body(k)
      }
    }
  }

  private func work(thread me: Int) {
    var seen = 0
    while true {
      var spins = 0
      while epoch.load(ordering: .acquiring) == seen { Self.idle(&spins) }
      seen = epoch.load(ordering: .acquiring)
      if stopping.load(ordering: .acquiring) { break }
      takePart(thread: me)
      departed.add(1, ordering: .releasing)
    }
    exited.signal()
  }

  /// A helper's share of the current phase. In a function of its own so that the helper's
  /// reference to the body is certainly released before it says it has left the phase.
  @inline(never) private func takePart(thread me: Int) {
    guard let body else { return }
    run(body, iterations, thread: me)
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
