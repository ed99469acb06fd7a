import Foundation
import Synchronization
import Testing
@testable import Search

/// The explorer's phase pool runs every iteration of every phase exactly once, returns only
/// when all are done (what a phase wrote is there for the caller), and its threads stop when
/// asked, with as many threads as cores or more, with phases back to back and with pauses
/// long enough for the helpers to fall asleep between them.
@Suite struct PhasePoolTests {
  final class Counts: @unchecked Sendable {
    let slots: UnsafeMutablePointer<Int>
    let capacity: Int
    init(_ n: Int) {
      capacity = n
      slots = .allocate(capacity: n)
      slots.initialize(repeating: 0, count: n)
    }
    deinit { slots.deallocate() }
  }

  @Test(arguments: [1, 2, 3, 5])
  func everyIterationRunsOnceAPhase(threads: Int) {
    let pool = PhasePool(threads: threads)
    let counts = Counts(64)
    var expected = [Int](repeating: 0, count: 64)
    for phase in 0..<3000 {
      let n = phase % 17 == 0 ? 64 : phase % 7
      pool.perform(iterations: n) { k in
        // Each iteration writes only its own slot: a count read back after the phase.
        counts.slots[k] += 1
      }
      for k in 0..<n { expected[k] += 1 }
      // Every slot this phase touched is counted by the time perform returns.
      #expect((0..<n).allSatisfy { counts.slots[$0] == expected[$0] }, "phase \(phase)")
      if phase % 1000 == 999 { usleep(20_000) }  // long enough for the helpers to sleep
    }
    pool.shutDown()
    #expect((0..<64).allSatisfy { counts.slots[$0] == expected[$0] })
  }

  @Test func helpersTakePartAndStop() {
    let pool = PhasePool(threads: 2)
    let threads = Mutex<Set<UInt>>([])
    // Phases of real work until the helper has run an iteration (at once unless the machine
    // is very busy; the bound only keeps a broken pool from hanging the suite).
    let deadline = Date().addingTimeInterval(10)
    while threads.withLock({ $0.count }) < 2 && Date() < deadline {
      pool.perform(iterations: 8) { k in
        var s = k
        for i in 0..<20_000 { s = s &* 31 &+ i }
        let me = UInt(bitPattern: Unmanaged.passUnretained(Thread.current).toOpaque()) | UInt(s & 0)
        threads.withLock { _ = $0.insert(me) }
      }
    }
    pool.shutDown()
    #expect(threads.withLock { $0.count } == 2, "the helper never took an iteration")
  }
}
