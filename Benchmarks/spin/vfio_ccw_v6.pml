/* The yardstick for `ccwviz explore --revision v6.0` at its default bounds: the same driver
   paths (v6.0 START, HALT, CLEAR, the interrupt path, io_todo) and channel subsystem, one
   atomic block per ccwviz step, two QEMU threads issuing up to two requests each (START, HALT
   or CLEAR, chosen nondeterministically). It flags the same use-after-free and lost-status
   hazards. Differences from ccwviz: interrupts run as two processes of their own instead of
   nesting on CPUs (with ccwviz's default CPUs a free CPU always exists), no CPU symmetry
   reduction (SPIN applies partial-order reduction instead), quiescence hazards not checked.
   With -DEXTENDED (spin -DEXTENDED -a) it adds ccwviz's extended bounds, `--unsolicited 1
   --kernel-halt-clear 1`: one unsolicited (attention) status while no function is in progress,
   and one kernel chp_event whose cio_cancel_halt_clear runs under sch->lock (xsch withdraws a
   START not yet begun, else hsch, else csch), as ccwviz's v6.0 does; three interrupt
   processes. cp.c's readers of the chain list run as ccwviz runs them: an `initialized` check,
   then the walk or the free as a block of its own (cp_prefetch, cp_update_scsw, cp_free); a
   free while another process walks is the use-after-free, two frees past their checks the
   double free. Run ./run.sh. */

#define IDLE 2
#define CP_PROCESSING 3
#define CP_PENDING 4

#define F_START 4
#define F_HALT 2
#define F_CLEAR 1
#define A_START_PEND 32
#define A_HALT_PEND 16
#define A_CLEAR_PEND 8
#define A_SCHACT 4
#define A_DEVACT 2

#define S_NONE 0
#define S_START 1
#define S_HALT 2
#define S_CLEAR 3
#define S_UNSOL 4

#define P_NONE 0
#define P_LIVE 1
#define P_FREED 2

#define EAGAIN 11
#define EBUSY 16
#define EIO 5
#define EINVAL 22

byte state = IDLE;
bool cp_init;
byte cp_mem;          /* 0 free, 1 being built, 2 handed to the channel */
byte builder;
byte irb;             /* S_* of the single irb slot */
bool irb_consumed = 1;
bool work_pending;
bool work_running;
byte fctl;
byte actl;
byte status;          /* pending status at the hardware, S_* */
bool taken;
byte program;
byte io_mutex;        /* holder + 1 */
byte sch_lock;
bool uaf;
bool lost;
bool dfree;
bool walking[10];     /* a process's cp_prefetch or cp_update_scsw passed its check */
#ifdef EXTENDED
byte unsol = 1;
#endif

/* cp_free's second half, once its `initialized` check passed (freeing). */
inline cp_free_chains(me) {
  if
  :: !cp_init -> dfree = 1
  :: else ->
     if :: (walking[1] && me != 1) || (walking[2] && me != 2) || (walking[9] && me != 9) -> uaf = 1
        :: else -> skip fi;
     if :: program == P_LIVE -> uaf = 1; program = P_FREED :: else -> skip fi;
     cp_init = 0; cp_mem = 0
  fi
}

inline start(me) {
  byte ret;
  bool freeing;
restart:
  ret = 0;
  atomic { io_mutex == 0 -> io_mutex = me }                       /* mutex_trylock */
  atomic {                                                         /* fsm_event(IO_REQ) */
    if
    :: state == IDLE -> skip
    :: state == CP_PROCESSING -> ret = EAGAIN
    :: state == CP_PENDING -> ret = EBUSY
    fi
  }
  if
  :: ret != 0 -> goto ret_
  :: else -> skip
  fi;
  state = CP_PROCESSING;                                           /* fsm_io_request */
  atomic {                                                         /* cp_init */
    if
    :: cp_init -> ret = EBUSY
    :: else -> cp_init = 1; cp_mem = 1; builder = me
    fi
  }
  if
  :: ret != 0 -> goto errout
  :: else -> skip
  fi;
  atomic {                                                         /* cp_prefetch: check */
    if :: cp_init -> walking[me] = 1 :: else -> ret = EINVAL fi
  }
  if
  :: ret != 0 -> goto errout
  :: else -> skip
  fi;
  walking[me] = 0;                                                 /* cp_prefetch: the walk */
  atomic { sch_lock == 0 -> sch_lock = me }
  atomic {                                                         /* cp_get_orb, ssch */
    if
    :: !cp_init -> ret = EIO
    :: cp_init && status != S_NONE -> ret = EBUSY
    :: cp_init && status == S_NONE && fctl != 0 -> ret = EBUSY
    :: cp_init && status == S_NONE && fctl == 0 ->
       fctl = F_START; actl = actl | A_START_PEND; cp_mem = 2; program = P_LIVE;
       state = CP_PENDING
    fi
  }
  sch_lock = 0;
  if
  :: ret == 0 -> goto ret_
  :: else -> skip
  fi;
  freeing = cp_init;                                               /* cp_free: check */
  atomic { if :: freeing -> cp_free_chains(me) :: else -> skip fi } /* cp_free: the chains */
errout:
  state = IDLE;
ret_:
  atomic {
    io_mutex = 0;
    if :: ret == EAGAIN -> goto restart :: else -> skip fi
  }
}

inline async(me, halt) {
  byte aret;
again:
  aret = 0;
  atomic { io_mutex == 0 -> io_mutex = me }
  atomic { if :: state == CP_PROCESSING -> aret = EAGAIN :: else -> skip fi }
  if
  :: aret != 0 -> goto aret_
  :: else -> skip
  fi;
  atomic { sch_lock == 0 -> sch_lock = me }
  atomic {
    if
    :: halt ->
       if
       :: status != S_NONE -> aret = EBUSY
       :: status == S_NONE && (fctl & (F_HALT | F_CLEAR)) != 0 -> aret = EBUSY
       :: status == S_NONE && (fctl & (F_HALT | F_CLEAR)) == 0 ->
          fctl = (fctl & (255 - F_START)) | F_HALT; actl = actl | A_HALT_PEND
       fi
    :: !halt -> status = S_NONE; fctl = F_CLEAR; actl = A_CLEAR_PEND
    fi
  }
  sch_lock = 0;
aret_:
  atomic {
    io_mutex = 0;
    if :: aret == EAGAIN -> goto again :: else -> skip fi
  }
}

proctype qemu(byte me) {
  byte n = 0;
  do
  :: n < 2 ->
     n++;
     if
     :: skip; start(me)
     :: skip; async(me, 1)
     :: skip; async(me, 0)
     fi
  :: n == 2 -> break
  od
}

proctype irq(byte me) {
  do
  :: atomic { status != S_NONE && !taken -> taken = 1 }           /* do_cio_interrupt */
     atomic { sch_lock == 0 -> sch_lock = me }
     atomic {                                                      /* tsch; fsm_irq */
       taken = 0;
       if
       :: status != S_NONE ->
          if :: !irb_consumed -> lost = 1 :: else -> skip fi;
          irb = status; irb_consumed = 0; status = S_NONE; fctl = 0;
          actl = actl & (255 - A_START_PEND - A_HALT_PEND - A_CLEAR_PEND);
          work_pending = 1
       :: else -> skip
       fi
     }
     sch_lock = 0
  od
}

proctype kworker() {
  bool finished;
  bool freeing;
  do
  :: atomic { work_pending && !work_running -> work_pending = 0; work_running = 1 }
     finished = 0;                                                 /* is_final: always */
     walking[9] = cp_init;                                         /* cp_update_scsw: check */
     walking[9] = 0;                                               /* cp_update_scsw: the walk */
     if                                                            /* solicited, final */
     :: state == CP_PENDING ->
        freeing = cp_init;                                         /* cp_free: check */
        atomic { if :: freeing -> cp_free_chains(9) :: else -> skip fi; finished = 1 }
     :: else -> skip
     fi;
     atomic { io_mutex == 0 -> io_mutex = 9 }
     atomic { irb_consumed = 1; io_mutex = 0 }
     atomic { if :: finished -> state = IDLE :: else -> skip fi }
     work_running = 0                                              /* eventfd_signal */
  od
}

#ifdef EXTENDED
proctype chp() {
  atomic { sch_lock == 0 -> sch_lock = 8 }                          /* spin_lock_irqsave */
  atomic {                                                         /* cio_cancel_halt_clear */
    if
    :: (actl & (A_HALT_PEND | A_CLEAR_PEND)) == 0 && status != S_NONE -> skip      /* xsch cc1 */
    :: (actl & (A_HALT_PEND | A_CLEAR_PEND)) == 0 && status == S_NONE && fctl == F_START && (actl & A_START_PEND) != 0 && (actl & (A_SCHACT | A_DEVACT)) == 0 ->
       fctl = 0; actl = 0; program = P_NONE                                        /* xsch cc0 */
    :: else ->
       if
       :: (actl & (A_HALT_PEND | A_CLEAR_PEND)) == 0 && status == S_NONE && (fctl & (F_HALT | F_CLEAR)) == 0 ->
          fctl = (fctl & (255 - F_START)) | F_HALT; actl = actl | A_HALT_PEND    /* hsch cc0 */
       :: else -> status = S_NONE; fctl = F_CLEAR; actl = A_CLEAR_PEND          /* csch */
       fi
    fi
  }
  sch_lock = 0
}
#endif

proctype css() {
  do
#ifdef EXTENDED
  :: atomic { unsol > 0 && status == S_NONE && fctl == 0 -> unsol--; status = S_UNSOL }
#endif
  :: atomic { status == S_NONE && (fctl & F_START) && (actl & A_START_PEND) ->
       actl = (actl & (255 - A_START_PEND)) | A_SCHACT | A_DEVACT }
  :: atomic { status == S_NONE && (fctl & F_START) && (actl & A_SCHACT) ->
       actl = 0; program = P_NONE; status = S_START }
  :: atomic { status == S_NONE && (fctl & F_HALT) && (actl & A_HALT_PEND) ->
       actl = 0; program = P_NONE; status = S_HALT }
  :: atomic { status == S_NONE && (fctl & F_CLEAR) && (actl & A_CLEAR_PEND) ->
       actl = 0; program = P_NONE; status = S_CLEAR }
  od
}

init {
  atomic {
    run qemu(1); run qemu(2); run irq(3); run irq(4); run kworker(); run css();
#ifdef EXTENDED
    run irq(5); run chp()
#endif
  }
}

/* The hazards, as never claims would stop at the first; they are reported as assertions. */
active proctype watch() {
  do
  :: atomic { uaf -> assert(!uaf) }
  :: atomic { lost -> assert(!lost) }
  :: atomic { dfree -> assert(!dfree) }
  od
}
