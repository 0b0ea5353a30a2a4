/* Leases and disk image locks of a QEMU domain.
 *
 * A domain starts only when its supervisor holds, for the domain's
 * whole life, a POSIX record lock (fcntl F_SETLK; a write lock but
 * where said) on
 *   - each <lease>: its target file, one byte at its offset;
 *   - each writable disk image (not readonly, not a cdrom; a local
 *     file or block device): one byte at VK_DISK_LOCK_OFFSET of the
 *     image itself, a read (shared) lock for a <shareable/> disk, which
 *     other domains may share but not have as an exclusive disk.
 * Locking the image itself (not a lock file in the runtime directory)
 * makes every virtkit instance on the host see the lock, whatever its
 * VIRTKIT_ROOT, user or connection.  The offset is far past QEMU 7.2's
 * own OFD locks on image bytes 100 to ~300 (and past any real image:
 * a record lock may lie beyond the end of a file), so the two never
 * meet.  The kernel drops the locks when the supervisor exits, even
 * when it is killed; the supervisor also drops them once QEMU is gone,
 * before it removes the runtime record.  A supervisor killed outright
 * (SIGKILL) lets them go a moment before its QEMU, killed by the
 * parent-death signal, has died: QEMU's own image locks still cover the
 * disks then, but nothing covers a lease (an open file description
 * lock QEMU inherits would; F_GETLK could not name its holder).
 *
 * vm-start lists the locks (vk_qemu_locks_list); the static supervisor,
 * which has no libxml2, takes them before QEMU runs
 * (vk_qemu_locks_take). */
#ifndef VK_QEMU_LOCKS_H
#define VK_QEMU_LOCKS_H

#include "util/argv.h"

#define VK_DISK_LOCK_OFFSET (1LL << 62)

struct vk_domain_def;

/* Append the locks DEF needs to OUT, three strings each: what (for
 * messages: "lease 'SPACE/KEY'", "disk image" or "shared disk image"),
 * the offset (decimal), the path. */
void vk_qemu_locks_list(const struct vk_domain_def *def,
			struct vk_argv *out);

/* Locks held by this process (open descriptors). */
struct vk_held_locks {
	int *fds;
	int n;
};

/* Take every lock of SPEC (triples as above) into HELD.  A lease or
 * image locked by another process: VK_EXIT_CONFLICT, naming it and the
 * holder (its pid, and its domain when the holder is a supervisor).
 * An image that cannot be opened is skipped: QEMU says why it cannot
 * use it.  On failure nothing stays locked.  Returns 0 or -1. */
int vk_qemu_locks_take(const struct vk_argv *spec, struct vk_held_locks *held);
/* Drop every lock in HELD. */
void vk_qemu_locks_release(struct vk_held_locks *held);

#endif
