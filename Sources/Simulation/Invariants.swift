/// The engine's own consistency rules. A violation is a bug in ccwviz, never a driver race:
/// tests run them after every step of many random runs.
public enum Invariants {
  /// Everything wrong with a world, in words; empty when it is consistent.
  public static func violations(_ w: World, engine: Engine) -> [String] {
    var out: [String] = []
    let revision = engine.revision
    func context(holding cpu: UInt8) -> [Context] {
      guard cpu >= 1, Int(cpu) <= w.cpus.count else { return [] }
      let c = w.cpus[Int(cpu) - 1]
      return [c.task, c.irq].compactMap { $0 }
    }
    if w.ioMutex != 0 {
      let holders = context(holding: w.ioMutex).filter {
        [.start, .halt, .clear, .ioTodo, .notOperWork].contains($0.kind)
      }
      if holders.isEmpty { out.append("io_mutex held by CPU\(w.ioMutex), which runs no task that takes it") }
    }
    if w.schLock != 0 {
      let holders = context(holding: w.schLock).filter { $0.kind != .ioTodo }
      if holders.isEmpty { out.append("sch->lock held by CPU\(w.schLock), which runs no path that takes it") }
    }
    for (k, cpu) in w.cpus.enumerated() {
      if let irq = cpu.irq, irq.kind != .irq { out.append("CPU\(k + 1)'s IRQ slot runs \(irq.kind)") }
      if let task = cpu.task, task.kind == .irq { out.append("CPU\(k + 1)'s task slot runs an IRQ") }
      for ctx in [cpu.task, cpu.irq].compactMap({ $0 })
      where Int(ctx.pc) >= revision.program(ctx.kind).steps.count {
        out.append("CPU\(k + 1)'s \(ctx.kind) is past the end of its program")
      }
    }
    let functions = [FCTL.start, FCTL.halt, FCTL.clear].filter { w.sch.fctl & $0 != 0 }.count
    if functions > 1 { out.append("two functions in progress at once: fctl \(Describe.fctl(w.sch.fctl))") }
    if w.sch.fctl == 0 && w.sch.actl & ~ACTL.suspended != 0 && w.sch.status == nil {
      out.append("activity \(Describe.actl(w.sch.actl)) with no function in progress")
    }
    if let r = w.work.runningOn {
      if Int(r) >= w.cpus.count || ![.ioTodo, .notOperWork].contains(w.cpus[Int(r)].task?.kind) {
        out.append("io_work marked running on CPU\(Int(r) + 1), which runs no io_todo")
      }
    }
    let todos = w.cpus.filter { $0.task?.kind == .ioTodo }.count
    if todos > 1 { out.append("io_todo runs on \(todos) CPUs at once (single-threaded workqueue)") }
    if w.sch.interruptTaken && !w.cpus.contains(where: { $0.irq != nil }) {
      out.append("an interruption is marked taken but no CPU is in an interrupt")
    }
    if !w.cp.initialized && (w.cp.memory != .free || w.cp.started) {
      out.append("cp not initialized but memory \(w.cp.memory), started \(w.cp.started)")
    }
    if w.cp.memory == .building {
      let b = Int(w.cp.builder) - 1
      if !(w.cpus.indices.contains(b) && w.cpus[b].task?.kind == .start) {
        out.append("cp being built by CPU\(w.cp.builder), which runs no START")
      }
    }
    if !revision.jumpTable.states.contains(w.state) {
      out.append("state \(w.state.name) does not exist in \(revision.id)")
    }
    let c = engine.configuration
    if let r = c.requests, Int(w.budgets.requests) > r { out.append("request budget grew") }
    if Int(w.budgets.kernelHaltClear) > c.kernelHaltClear { out.append("kernel budget grew") }
    if Int(w.budgets.unsolicited) > c.unsolicited { out.append("unsolicited budget grew") }
    return out
  }
}
