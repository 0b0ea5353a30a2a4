/* Per-object locks: flock() on a lock file, released on close or exit,
 * so a killed process never leaves a lock behind. */
#ifndef VK_LOCK_H
#define VK_LOCK_H

#include <stdbool.h>

#define VK_LOCK_SHARED 0x1	/* shared instead of exclusive */
#define VK_LOCK_TRY 0x2		/* fail with VK_EXIT_CONFLICT, never wait */

/* Lock the file at PATH (created 0600 if missing). Returns the lock
 * descriptor or -1.  WHAT names the object in the conflict message. */
int vk_lock(const char *path, unsigned flags, const char *what);
/* Release a lock taken by vk_lock (a negative FD is ignored). */
void vk_unlock(int fd);

#endif
