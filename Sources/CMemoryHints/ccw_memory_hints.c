#include "ccw_memory_hints.h"

#include <stdint.h>
#include <sys/mman.h>

#define HUGE_PAGE ((size_t)2 << 20)

static size_t round_up(size_t bytes) { return (bytes + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1); }

static void *map_aligned(size_t bytes, int extra_flags) {
  size_t size = round_up(bytes);
  /* Over-map by one huge page, then trim both ends so the table starts on a boundary. */
  char *raw = mmap(NULL, size + HUGE_PAGE, PROT_READ | PROT_WRITE,
    MAP_PRIVATE | MAP_ANONYMOUS | extra_flags, -1, 0);
  if (raw == MAP_FAILED) return NULL;
  uintptr_t start = ((uintptr_t)raw + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
  size_t head = start - (uintptr_t)raw;
  if (head) munmap(raw, head);
  size_t tail = HUGE_PAGE - head;
  if (tail) munmap((char *)start + size, tail);
#ifdef MADV_HUGEPAGE
  /* Only advice: without transparent huge pages the table still works, in small pages. */
  madvise((void *)start, size, MADV_HUGEPAGE);
#endif
  return (void *)start;
}

void *ccw_table_alloc(size_t bytes) { return map_aligned(bytes, 0); }

void *ccw_reserve(size_t bytes) { return map_aligned(bytes, MAP_NORESERVE); }

void ccw_table_free(void *table, size_t bytes) {
  if (table) munmap(table, round_up(bytes));
}
