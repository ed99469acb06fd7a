/// Lines that several revisions' START and io_todo programs share, written once. Each revision
/// file composes its programs from these and from its own lines, in kernel order.
enum CommonSteps {
  // MARK: - START (ops.c write handler, fsm.c fsm_io_request / fsm_io_helper)

  static let writeEnter = Step(.writeEnter, "QEMU pwrite(io_region, START)")
  static let writeTrylock = Step(.writeTrylock, "if (!mutex_trylock(&io_mutex)) return -EAGAIN")
  static let writeDispatch = Step(
    .writeDispatch, "copy_from_user(); fsm_event(IO_REQ): jumptable[state][IO_REQ]()")
  static let requestProcessing = Step(
    .requestProcessing, "fsm_io_request: state = CP_PROCESSING; memcpy(scsw)", depth: 1)
  static let cpInitUnguarded = Step(
    .cpInitUnguarded, "cp_init(cp, orb): INIT_LIST_HEAD(chains); build; initialized = true",
    depth: 2)
  static let cpInitGuarded = Step(
    .cpInitGuarded,
    "cp_init(cp, orb): if (cp->initialized) return -EBUSY; build; initialized = true", depth: 2)
  static let cpPrefetch = Step(.cpPrefetch, "cp_prefetch(cp): pin guest pages, build IDALs", depth: 2)
  static let helperLock = Step(.helperLock, "fsm_io_helper: spin_lock_irqsave(sch->lock)", depth: 2)
  static let helperSschSetsPending = Step(
    .helperSschSetsPending,
    "cc = ssch(cp_get_orb()); cc0: actl |= START_PEND, state = CP_PENDING; cc1/2: -EBUSY",
    depth: 3)
  static let helperUnlock = Step(
    .helperUnlock, "spin_unlock_irqrestore(sch->lock)", depth: 2, labels: [.helperUnlock])
  static let helperResult = Step(
    .requestHelperResult, "if (ret) { cp_free(cp); goto err_out; } return 0", depth: 1)
  static let errOutIdle = Step(
    .requestErrIdle, "err_out: state = IDLE", depth: 1, labels: [.errOut])
  static let writeReturnAfterFSMReset = Step(
    .writeReturn, "mutex_unlock(&io_mutex); return ret_code ?: count",
    labels: [.ret, .dispatchFailed])

  // MARK: - io_todo (drv.c vfio_ccw_sch_io_todo)

  static let todoEnter = Step(.todoEnter, "kworker: clear PENDING; vfio_ccw_sch_io_todo()")
  static let todoFinal = Step(
    .todoFinal, "irb = &private->irb; is_final = !(actl & (DEVACT | SCHACT))")
  static let todoFinalFinished = Step(
    .todoFinal, "irb = &private->irb; is_final = !(actl & (DEVACT|SCHACT)); cp_is_finished = false")
  static let todoLock = Step(.todoLock, "mutex_lock(&io_mutex)")
  static let todoCopyUnlock = Step(
    .todoCopyUnlock, "memcpy(io_region->irb_area, irb); mutex_unlock(&io_mutex)")
  static let todoEventfd = Step(.todoEventfd, "eventfd_signal(io_trigger): QEMU reads the IRB")

  /// io_todo of eras (a) and (b): only the free condition differs between them.
  static func classicIoTodo(free: Step) -> Program {
    Program(
      "vfio_ccw_sch_io_todo",
      [
        todoEnter, todoFinal, free, todoLock, todoCopyUnlock,
        Step(.todoIdleIfFinal, "if (private->mdev && is_final) state = IDLE"),
        todoEventfd,
      ])
  }
}
