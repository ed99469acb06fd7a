import Simulation

/// Words for choices, for menus and hints.
public enum ChoiceLabels {
  public static func label(_ c: Choice, in run: Run, world: World) -> String {
    switch c {
    case .step(let k):
      guard let top = world.cpus[k].top else { return "step" }
      return "run: " + run.revision.step(of: top).line
    case .request(let r, _): return "QEMU \(r.name) request"
    case .kernel(.haltClear, _): return "kernel chp_event: HALT/CLEAR QEMU never sees"
    case .kernel(.notOper, _): return "css: the device goes not operational"
    case .kernel(.close, _): return "QEMU closes the device"
    case .kernel(.reset, _): return "QEMU resets the device"
    case .interrupt: return "take the pending I/O interrupt (hard IRQ)"
    case .worker: return "kworker runs io_work (io_todo)"
    case .hardware(let a):
      switch a {
      case .startBegins: return "START begins: the channel fetches CCWs"
      case .intermediate: return "intermediate (PCI) status"
      case .startEnds: return "START ends: final status"
      case .deferredCC: return "START fails to begin: deferred cc1"
      case .haltEnds: return "halt function completes"
      case .clearEnds: return "clear function completes"
      case .unsolicited: return "device presents unsolicited attention status"
      }
    }
  }
}
