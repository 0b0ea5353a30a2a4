#include <malloc.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "heap.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

void vk_heap_reserve(size_t bytes)
{
	static bool done;
	long page = sysconf(_SC_PAGESIZE);
	unsigned long mask;
	char *p, *start;
	size_t len;

	if (done || page <= 0)
		return;
	done = true;
	mask = (unsigned long)page - 1;
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	p = malloc(bytes);
	if (!p)
		return;
	start = (char *)(((unsigned long)p + mask) & ~mask);
	len = (bytes - (size_t)(start - p)) & ~(size_t)mask;
	madvise(start, len, MADV_HUGEPAGE);
	madvise(start, len, MADV_POPULATE_WRITE);	/* EINVAL before 5.14 */
	free(p);
}
