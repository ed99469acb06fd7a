#ifndef CCW_MEMORY_HINTS_H
#define CCW_MEMORY_HINTS_H

#include <stddef.h>

/* Hints for the explorer's visited set, which Swift cannot spell: its probes are random
   reads into a table far larger than the caches. */

/* Brings the cache line holding `address` in before it is read; issuing the probes a few
   candidates early overlaps their misses. */
static inline void ccw_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

/* Tells the core that this thread is spinning on a flag (the explorer's phase pool), which
   saves power and lets a sibling hardware thread run. */
static inline void ccw_spin_pause(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}

/* Adds `value` to `*counter` atomically (relaxed) and returns what it held; and a relaxed
   store. For the phase pool's per-thread cursors, which live in one allocation, a cache line
   apart, where Swift's Atomic (non-copyable) cannot be indexed. */
static inline long ccw_fetch_add(long *counter, long value) {
  return __atomic_fetch_add(counter, value, __ATOMIC_RELAXED);
}

static inline void ccw_store(long *counter, long value) { __atomic_store_n(counter, value, __ATOMIC_RELAXED); }

/* `bytes` of zeroed memory on 2 MiB boundaries, advised to live in transparent huge pages
   (one TLB entry per 2 MiB instead of per 4 KiB: random probes otherwise miss the TLB as
   well as the caches). NULL when the system refuses the mapping. */
void *ccw_table_alloc(size_t bytes);

/* Reserves `bytes` of address space for an array that only ever grows at its end: pages
   are given (zeroed) as they are first touched, so reserving far more than will be used
   costs nothing, and the array never has to be copied to grow. In small pages (see the
   definition for why). NULL when the system refuses (strict overcommit, say); the caller
   then asks for less. Give it back with ccw_table_free. */
void *ccw_reserve(size_t bytes);

/* Gives back what ccw_table_alloc(bytes) or ccw_reserve(bytes) returned. */
void ccw_table_free(void *table, size_t bytes);

#endif
