/* Tiny harness for the C unit tests: CHECK prints PASS/FAIL lines that
 * tests/run.sh counts. */
#ifndef VK_UNIT_H
#define VK_UNIT_H

#include <stdio.h>

static int unit_failed;

#define CHECK(name, cond)                                                \
	do {                                                             \
		if (cond) {                                              \
			printf("PASS: %s\n", name);                      \
		} else {                                                 \
			printf("FAIL: %s: %s (%s:%d)\n", name, #cond,    \
			       __FILE__, __LINE__);                      \
			unit_failed = 1;                                 \
		}                                                        \
	} while (0)

#endif
