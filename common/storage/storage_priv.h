/* Internal to common/storage: state files and locks of the pool core. */
#ifndef VK_STORAGE_PRIV_H
#define VK_STORAGE_PRIV_H

#include "storage.h"

/* CONFIG/NAME.xml and RUN/NAME.xml (caller frees). */
char *vk_storage_config_path(struct vk_storage *st, const char *name);
char *vk_storage_live_path(struct vk_storage *st, const char *name);
/* The storage lock / NAME's pool lock (FLAGS: VK_LOCK_*): a descriptor
 * or -1. */
int vk_storage_lock(struct vk_storage *st);
int vk_storage_pool_lock(struct vk_storage *st, const char *name,
			 unsigned flags);
bool vk_storage_is_active(struct vk_storage *st, const char *name);
/* NAME's definition (LIVE: its runtime copy), NOT_FOUND when none. */
struct vk_pool_def *vk_storage_load(struct vk_storage *st, const char *name,
				    bool live);
/* Write DEF's canonical XML (FLAGS: VK_POOL_FMT_*) to PATH atomically. */
int vk_storage_save(const char *path, const struct vk_pool_def *def,
		    unsigned flags);

/* Refresh an open pool (its volumes listed again, its live file
 * rewritten), the pool lock held.  0 or -1. */
int vk_pool_refresh_open(struct vk_pool *pool);
/* After a change to an open pool: refresh it, or when it was opened
 * with VK_POOL_OPEN_ONE and is not listed, only its sizes (and its live
 * file).  0 or -1. */
int vk_pool_relist(struct vk_pool *pool);
/* Whether NAME is a volume of POOL, opened with VK_POOL_OPEN_ONE and
 * not listed (the backend's vol_lookup; with OUT, the volume, added to
 * pool->vols): 1, 0, or -1; 2 when the pool is listed (look in
 * pool->vols). */
int vk_pool_lookup(struct vk_pool *pool, const char *name,
		   struct vk_vol_def **out);

/* Whether another process holds VOL's image lock, the one a running
 * domain's supervisor holds on each writable disk image (qemu_locks.h);
 * *PID gets its pid (0: not known, an OFD lock). */
bool vk_vol_image_locked(const struct vk_vol_def *vol, pid_t *pid);
/* "its image is locked by process PID (a running domain)" into BUF. */
void vk_vol_locked_text(pid_t pid, char *buf, size_t len);

/* What the core keeps in struct vk_pool's priv. */
struct vk_pool_priv {
	struct vk_storage *st;
	const struct vk_storage_backend *be;
	int lock;		/* the pool lock, or -1 */
	bool unlisted;		/* VK_POOL_OPEN_ONE: pool->vols holds only
				 * the volumes looked up */
};

#endif
