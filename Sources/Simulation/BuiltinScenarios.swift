/// The stories ccwviz ships: the seed cover letter's scenarios A and B, and one per race of the
/// reference (§3) that the model can show. Each runs on every revision.
public enum BuiltinScenarios {
  public static let all: [Scenario] = [
    seedA, seedB, cpFreedWhileBuilt, earlyIdleLeak, lostStatusHalt, lostStatusUnsolicited,
    notOperOverwritten, kernelHaltThenStart, secondStartIdles, intermediateStatus,
    kernelCancelStuck,
  ]

  public static func named(_ name: String) throws(SimulationError) -> Scenario {
    guard let s = all.first(where: { $0.name == name }) else { throw .unknownScenario(name) }
    return s
  }

  /// A step from its text form; built-ins are checked by the tests, so a typo fails there.
  static func s(_ choice: String, until: String? = nil, _ caption: String? = nil) -> ScenarioStep {
    ScenarioStep(Choice(choice)!, until: until.map { Until($0)! }, caption: caption)
  }

  // MARK: - The seed's scenarios

  public static let seedA = Scenario(
    name: "seed-a", title: "Seed scenario A: the START gets cc2 behind the CLEAR",
    description:
      "CLEAR on CPU 1, START on CPU 2 while the clear function still runs: ssch gives cc2, "
      + "the START frees its own cp and QEMU reports cc2. Benign from v5.3 on.",
    race: "R4", revision: "v5.3",
    steps: [
      s("clear@1", until: "return", "CPU1: the guest's CLEAR: csch → cc0; the FSM stays IDLE"),
      s("start@2", until: "return", "CPU2: a START while the clear runs: ssch → cc2, -EBUSY"),
      s("hw:clear-ends", "the clear function completes"),
      s("irq@1", until: "return", "CPU1 takes the interrupt: TSCH, fsm_irq queues io_work"),
      s("work@1", until: "return", "io_todo handles the CLEAR's IRB: nothing to free"),
    ])

  public static let seedB = Scenario(
    name: "seed-b",
    title: "Seed scenario B: the START gets cc0 before the CLEAR's io_work ran",
    description:
      "CLEAR on CPU 1; its interrupt is taken (TSCH makes the subchannel idle) and io_work is "
      + "queued; START on CPU 2 gets cc0; then io_todo, still handling the CLEAR's IRB, sees "
      + "CP_PENDING and frees the channel program the hardware is running.",
    race: "R3", revision: "v6.0",
    steps: [
      s("clear@1", until: "return", "CPU1: the guest's CLEAR: csch → cc0; the FSM stays IDLE"),
      s("hw:clear-ends", "the clear function completes: status pending"),
      s("irq@1", until: "return",
        "CPU1: the interrupt: TSCH makes the subchannel idle; fsm_irq queues io_work"),
      s("start@2", until: "return",
        "CPU2: a START before io_todo ran: the subchannel is idle, so ssch → cc0"),
      s("hw:start-begins", "the channel starts running the new channel program"),
      s("work@1", until: "return",
        "io_todo handles the CLEAR's IRB: final, solicited, and the state says CP_PENDING…"),
      s("hw:start-ends", "the START ends, having used the freed memory"),
      s("irq@1", until: "return", "its interrupt"),
      s("work@1", until: "return", "io_todo: nothing left to free; the cpa is not translated"),
    ])

  // MARK: - The reference's races

  public static let cpFreedWhileBuilt = Scenario(
    name: "cp-freed-while-built",
    title: "R2: a CLEAR's final interrupt frees a cp that a START is building",
    description:
      "v5.2's io_todo frees the cp on any final solicited interrupt. A CLEAR's IRB handled "
      + "while CPU 2 is between cp_init and ssch frees the START's chains under it. "
      + "f4c99394 (v5.3) requires CP_PENDING and closes it.",
    race: "R2", revision: "v5.2",
    steps: [
      s("clear@1", until: "return", "CPU1: CLEAR: csch → cc0"),
      s("hw:clear-ends", "the clear completes"),
      s("irq@1", until: "return", "CPU1: interrupt; io_work queued with the CLEAR's IRB"),
      s("start@2", until: "helperLock", "CPU2: START: CP_PROCESSING, cp_init, cp_prefetch…"),
      s("work@1", until: "return", "io_todo runs while CPU2 is still building the cp"),
      s("step@2", until: "return", "CPU2 finishes its START"),
      s("step@1", until: "return", "io_todo, which had to wait for io_mutex, finishes"),
      s("hw:start-begins"),
      s("hw:start-ends"),
      s("irq@1", until: "return"),
      s("work@1", until: "return"),
    ])

  public static let earlyIdleLeak = Scenario(
    name: "early-idle-leak",
    title: "R5: io_todo resets IDLE while a START is in flight, and the cp leaks",
    description:
      "io_todo for a CLEAR sees CP_PROCESSING (no free), blocks on io_mutex behind the START, "
      + "then sets IDLE although the START got cc0. v5.3 leaks the cp; v5.13's cp_is_finished "
      + "keeps CP_PENDING.",
    race: "R5", revision: "v5.3",
    steps: [
      s("clear@1", until: "return", "CPU1: CLEAR: csch → cc0"),
      s("hw:clear-ends", "the clear completes"),
      s("irq@1", until: "return", "CPU1: interrupt; io_work queued with the CLEAR's IRB"),
      s("start@2", until: "helperLock", "CPU2: START takes io_mutex, CP_PROCESSING, builds the cp"),
      s("work@1", until: "return",
        "io_todo: CP_PROCESSING, so no free; then it sleeps on io_mutex"),
      s("step@2", until: "return", "CPU2: ssch → cc0, CP_PENDING; io_mutex released"),
      s("step@1", until: "return", "io_todo wakes: copies the CLEAR's IRB, then the IDLE reset"),
      s("hw:start-begins"),
      s("hw:start-ends", "the START ends"),
      s("irq@1", until: "return", "its interrupt"),
      s("work@1", until: "return", "io_todo for the START: is the cp freed?"),
    ])

  public static let lostStatusHalt = Scenario(
    name: "lost-status-halt",
    title: "R6: a kernel HALT's IRB overwrites the START's before io_todo ran",
    description:
      "The START's final IRB waits in the single irb slot; a kernel-internal HALT (channel "
      + "path vary-off) completes and fsm_irq overwrites the slot; queue_work finds io_work "
      + "pending. The guest gets a HALT IRB it never asked for. Every revision.",
    race: "R6", revision: "v6.0", configuration: Configuration(kernelHaltClear: 1),
    steps: [
      s("start@1", until: "return", "CPU1: START: ssch → cc0"),
      s("hw:start-begins"),
      s("hw:start-ends", "the START ends: final status pending"),
      s("irq@1", until: "return", "CPU1: interrupt; the START's IRB in the slot, io_work queued"),
      s("kchp@2", until: "return", "CPU2: chp_event: cio_cancel_halt_clear → hsch → cc0"),
      s("hw:halt-ends", "the halt completes"),
      s("irq@2", until: "return", "CPU2: interrupt: fsm_irq overwrites the slot"),
      s("work@1", until: "return", "io_todo runs once, with the HALT's IRB"),
    ])

  public static let lostStatusUnsolicited = Scenario(
    name: "lost-status-unsolicited",
    title: "R6: an unsolicited IRB overwrites the START's; the FSM sticks in CP_PENDING",
    description:
      "As lost-status-halt, but the device presents attention status. io_todo sees an "
      + "unsolicited IRB: no free. v5.13+ stay CP_PENDING forever; v5.3 goes IDLE and leaks.",
    race: "R6", revision: "v6.0", configuration: Configuration(unsolicited: 1),
    steps: [
      s("start@1", until: "return", "CPU1: START: ssch → cc0"),
      s("hw:start-begins"),
      s("hw:start-ends", "the START ends: final status pending"),
      s("irq@1", until: "return", "CPU1: interrupt; the START's IRB in the slot, io_work queued"),
      s("hw:unsolicited", "the device presents attention status"),
      s("irq@2", until: "return", "CPU2: interrupt: fsm_irq overwrites the slot"),
      s("work@1", until: "return", "io_todo runs once, with the unsolicited IRB"),
    ])

  public static let notOperOverwritten = Scenario(
    name: "notoper-overwritten",
    title: "R7: NOT_OPER lost to a START in flight",
    description:
      "While CPU 1 builds a START, the css finds the device gone and the FSM goes NOT_OPER; "
      + "the START's ssch gets cc3 and its error path writes IDLE over NOT_OPER. On v6.0 "
      + "fsm_notoper also frees the cp the START is building.",
    race: "R7", revision: "v5.13", configuration: Configuration(notOper: true),
    steps: [
      s("start@1", until: "helperLock", "CPU1: START: CP_PROCESSING, cp_init, cp_prefetch"),
      s("notoper@2", until: "return", "CPU2: sch_event: the device is gone → NOT_OPER"),
      s("step@1", until: "return", "CPU1: ssch → cc3 (-ENODEV); the error path resets the state"),
    ])

  public static let kernelHaltThenStart = Scenario(
    name: "kchp-halt-start",
    title: "R3 through the kernel: a chp_event HALT, then a legal guest START",
    description:
      "With QEMU's own checks on, a guest cannot START between its CLEAR and the IRB. A "
      + "kernel-internal HALT (channel-path vary-off) is invisible to QEMU, so the guest may: "
      + "io_todo then frees the running START's cp, as in seed-b.",
    race: "R3", revision: "v6.0",
    configuration: Configuration(kernelHaltClear: 1, qemuFilter: true),
    steps: [
      s("kchp@1", until: "return", "CPU1: chp_event: hsch → cc0 (QEMU knows nothing)"),
      s("hw:halt-ends", "the halt completes"),
      s("irq@1", until: "return", "CPU1: interrupt; io_work queued with the HALT's IRB"),
      s("start@2", until: "return", "CPU2: the guest's START, legal as far as QEMU knows: cc0"),
      s("hw:start-begins"),
      s("work@1", until: "return", "io_todo handles the HALT's IRB and sees CP_PENDING"),
      s("hw:start-ends"),
      s("irq@1", until: "return"),
      s("work@1", until: "return"),
    ])

  public static let secondStartIdles = Scenario(
    name: "second-start-idles",
    title: "A START refused in CP_PENDING resets IDLE (v5.2 – v5.12 ops.c)",
    description:
      "Before 6c02ac4c, ops.c set IDLE after any failed request, including fsm_io_busy's "
      + "-EBUSY in CP_PENDING. A third START is then accepted over the running one: cp_init "
      + "overwrites the initialized cp and leaks it. Found by reading the reference's ops.c "
      + "step; QEMU's own checks hide it from a well-behaved guest.",
    revision: "v5.3",
    steps: [
      s("start@1", until: "return", "CPU1: START: ssch → cc0, CP_PENDING"),
      s("start@2", until: "return", "CPU2: another START: fsm_io_busy → -EBUSY"),
      s("start@1", until: "return", "CPU1: a third START: is it refused?"),
      s("hw:start-begins"),
      s("hw:start-ends"),
      s("irq@1", until: "return"),
      s("work@1", until: "return"),
    ])

  public static let kernelCancelStuck = Scenario(
    name: "kchp-cancel-stuck",
    title: "Found by explore: chp_event's XSCH cancels a START; the FSM waits forever",
    description:
      "cio_cancel_halt_clear tries XSCH first. On a START that the channel has not begun, "
      + "XSCH succeeds: the start function is withdrawn and no interrupt will ever come. "
      + "vfio-ccw is not told, so the FSM stays CP_PENDING (or cp.started stays set on seed-v3) "
      + "with the cp pinned: stuck on every revision. Not in the reference; see README.",
    revision: "v6.0", configuration: Configuration(kernelHaltClear: 1),
    steps: [
      s("start@1", until: "return", "CPU1: START: ssch → cc0; the channel has not begun it yet"),
      s("kchp@2", until: "return", "CPU2: chp_event: cio_cancel_halt_clear → xsch → cc0"),
    ])

  public static let intermediateStatus = Scenario(
    name: "intermediate-status",
    title: "R1, closed: an intermediate (PCI) interrupt does not free the cp",
    description:
      "A PCI interrupt arrives while the START runs; io_todo sees actl still active "
      + "(is_final false) and keeps the cp. Before the 2019 is_final fix it was freed.",
    race: "R1", revision: "v6.0", configuration: Configuration(intermediate: true),
    steps: [
      s("start@1", until: "return", "CPU1: START: ssch → cc0"),
      s("hw:start-begins"),
      s("hw:intermediate", "PCI: intermediate status while the program runs"),
      s("irq@1", until: "return"),
      s("work@1", until: "return", "io_todo: not final, so no cp_free"),
      s("hw:start-ends"),
      s("irq@2", until: "return"),
      s("work@2", until: "return", "io_todo: final: now the cp is freed"),
    ])
}
