/// Collects what a step did. Text is built only when recording, so headless runs (random,
/// explorer, benchmarks) pay nothing for it.
struct Emitter {
  let record: Bool
  var events: [Event] = []

  init(record: Bool) { self.record = record }

  mutating func step(_ lane: Lane, _ fact: @autoclosure () -> Fact) {
    if record { events.append(.step(lane, fact())) }
  }

  mutating func note(_ lane: Lane, _ fact: @autoclosure () -> Fact) {
    if record { events.append(.note(lane, fact())) }
  }

  /// Marks the hazard in the world; reports it the first time its kind fires in a run.
  mutating func hazard(
    _ world: inout World, _ kind: HazardKind, _ lanes: [Lane],
    _ explanation: @autoclosure () -> String
  ) {
    if world.hasSeen(kind) { return }
    world.hazardsSeen |= kind.bit
    if record { events.append(.hazard(Hazard(kind: kind, lanes: lanes, explanation: explanation()))) }
  }
}

/// Negative errno values as the handlers return them, and their names for the views.
public enum Errno {
  public static let EIO: Int8 = -5
  public static let EAGAIN: Int8 = -11
  public static let EACCES: Int8 = -13
  public static let EBUSY: Int8 = -16
  public static let ENODEV: Int8 = -19
  public static let EINVAL: Int8 = -22

  public static func name(_ ret: Int8) -> String {
    switch ret {
    case 0: "0"
    case EIO: "-EIO"
    case EAGAIN: "-EAGAIN"
    case EACCES: "-EACCES"
    case EBUSY: "-EBUSY"
    case ENODEV: "-ENODEV"
    case EINVAL: "-EINVAL"
    default: "\(ret)"
    }
  }
}
