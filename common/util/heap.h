/* Growing the heap in one step.
 *
 * Compiling the domain schema allocates about 3 MiB in small blocks, on
 * fresh heap: one page fault per 4 KiB page, some 1,000 faults.  On a
 * virtualised host a fault costs 20-30 us, more than the compile itself
 * (4 ms once the pages are there).  vk_heap_reserve grows the heap once,
 * in one call that maps the pages (as huge pages where the kernel
 * allows), and keeps it: blocks up to 32 MiB come from the heap and
 * free() does not give them back.  For short-lived commands only.
 * Measured on 2 vCPUs (bench/define): vm-define 1,181 -> 285 faults,
 * 42.1 -> 27.8 ms of CPU. */
#ifndef VK_HEAP_H
#define VK_HEAP_H

#include <stddef.h>

/* Once per process; later calls do nothing.  Failures are ignored (the
 * heap then grows page by page, as usual). */
void vk_heap_reserve(size_t bytes);

#endif
