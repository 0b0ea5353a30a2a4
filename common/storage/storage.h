/* The storage pool core: pool definitions and their state on disk, the
 * checks that do not depend on the pool type, and dispatch to the
 * backends (backend.h).  The pool-* and vol-* commands call only this.
 *
 * State (docs/design.md, "State on disk", AREA = storage):
 *   CONFIG/NAME.xml            the pool's definition (canonical)
 *   CONFIG/autostart/NAME.xml  symlink to ../NAME.xml: start at boot
 *   RUN/NAME.xml               the live pool (sizes, free extents): the
 *                              pool is active while it exists
 *   RUN/.storage.lock          held while pools are defined, started,
 *                              stopped, built, deleted (overlap checks)
 *   RUN/NAME.lock              held by every change to NAME's volumes
 *
 * Storage is not per hypervisor: the connection URI only picks system
 * or session paths (a URI whose path is /session, or any URI but
 * /system for a user who is not root, is session).  The in-use checks
 * read the qemu runtime records of the same mode.
 */
#ifndef VK_STORAGE_H
#define VK_STORAGE_H

#include <stdbool.h>
#include <sys/types.h>

#include "backend.h"
#include "util/paths.h"

struct vk_storage {
	bool session;
	struct vk_paths paths;		/* AREA storage */
	struct vk_paths qemu;		/* for the in-use checks */
};

/* Open the storage of URI (NULL: the default URI).  0 or -1. */
int vk_storage_open(struct vk_storage *st, const char *uri);
void vk_storage_close(struct vk_storage *st);

/* One pool as pool-list shows it (free with vk_pool_infos_free). */
struct vk_pool_info {
	char *name;
	unsigned char uuid[16];
	int type;
	bool active;
	bool autostart;
	unsigned long long capacity, allocation, available;	/* live */
	char *target;
};

/* Every defined pool, sorted by name.  0 or -1. */
int vk_pool_list(struct vk_storage *st, struct vk_pool_info **out, int *n);
void vk_pool_infos_free(struct vk_pool_info *p, int n);
/* One pool's info (NOT_FOUND when undefined). */
int vk_pool_info_get(struct vk_storage *st, const char *name,
		     struct vk_pool_info *out);

/* Define or update the pool DEF (consumed): name and uuid must agree
 * with an existing pool; no other pool may use the same target
 * directory or source device (VK_EXIT_CONFLICT).  0 or -1. */
int vk_pool_define(struct vk_storage *st, struct vk_pool_def *def);
/* Remove an inactive pool's definition (and its autostart mark). */
int vk_pool_undefine(struct vk_storage *st, const char *name);
int vk_pool_build(struct vk_storage *st, const char *name, unsigned flags);
/* Start: check the source, the backend's start, refresh. */
int vk_pool_start(struct vk_storage *st, const char *name);
/* Start every pool marked autostart that is not active; the names that
 * failed are in the error (the others still start).  0 or -1. */
int vk_pool_start_autostart(struct vk_storage *st, int *started);
/* Stop: refused while a running domain uses one of its volumes. */
int vk_pool_stop(struct vk_storage *st, const char *name);
int vk_pool_delete(struct vk_storage *st, const char *name, unsigned flags);
int vk_pool_refresh(struct vk_storage *st, const char *name);
int vk_pool_set_autostart(struct vk_storage *st, const char *name, bool on);
/* The pool's XML: live (sizes, extents) when active unless INACTIVE.
 * Caller frees. */
char *vk_pool_xml(struct vk_storage *st, const char *name, bool inactive);

/* Open pool NAME: its definition, its backend, whether it is active.
 * With VK_POOL_OPEN_VOLS it must be active and its volumes are listed
 * (the pool lock is held until vk_pool_close); VK_POOL_OPEN_SHARED does
 * the same with the lock shared, for commands that change nothing.
 * NULL on error. */
#define VK_POOL_OPEN_VOLS 0x1
#define VK_POOL_OPEN_SHARED 0x2
/* With VOLS or SHARED, for a command about one volume: where the pool
 * type can find a volume by itself (pools of files), the volumes are
 * not listed up front; vk_pool_vol finds the one named, and
 * vk_vol_create, vk_vol_delete list nothing either (the pool's sizes
 * are still refreshed and written to its live record).  pool->vols then
 * holds only the volumes asked for. */
#define VK_POOL_OPEN_ONE 0x4
struct vk_pool *vk_pool_open(struct vk_storage *st, const char *name,
			     unsigned flags);
void vk_pool_close(struct vk_pool *pool);

/* Volume NAME of an open pool (listed), or NULL with NOT_FOUND.  A
 * volume may also be named by its path or its key. */
struct vk_vol_def *vk_pool_vol(struct vk_pool *pool, const char *name);

/* Create VOL (consumed) in POOL.  Refused when the name exists
 * (CONFLICT) or the space it needs is more than the pool has
 * available.  *OUT (when not NULL) gets the new volume (the pool's).
 * 0 or -1; a failure leaves nothing behind. */
int vk_vol_create(struct vk_pool *pool, struct vk_vol_def *vol,
		  struct vk_vol_def **out);
/* Create NAME in POOL as a copy of SRC (a volume of SRC_POOL, which
 * may be POOL), of FORMAT (one of the pool type's volume formats: a
 * file volume is converted by qemu-img) or, when NULL, of SRC's format
 * where the pool has it, else the pool's default. */
/* vol-create-from: create VOL (consumed: name, format, permissions,
 * capacity from a document) in POOL as a copy of SRC (a volume of
 * SRC_POOL, maybe POOL), converted to VOL's format (default: SRC's
 * where the pool has it, else the pool's default).  The copy has SRC's
 * capacity, or VOL's when that is larger (then it is grown). */
int vk_vol_create_from(struct vk_pool *pool, struct vk_vol_def *vol,
		       struct vk_pool *src_pool, struct vk_vol_def *src);
int vk_vol_clone(struct vk_pool *pool, const char *name,
		 struct vk_pool *src_pool, struct vk_vol_def *src,
		 const char *format);
/* Refused while a running domain uses VOL. */
int vk_vol_delete(struct vk_pool *pool, struct vk_vol_def *vol);
int vk_vol_wipe(struct vk_pool *pool, struct vk_vol_def *vol,
		vk_progress_fn progress, void *opaque);
/* New capacity: SIZE (bytes); shrinking needs SHRINK. */
int vk_vol_resize(struct vk_pool *pool, struct vk_vol_def *vol,
		  unsigned long long size, bool shrink);
/* Write LENGTH bytes (0: all until end of input) from FD into VOL at
 * OFFSET; refused while a running domain uses VOL.  Reading FD: a
 * size known in advance (TOTAL, 0 unknown) feeds PROGRESS. */
int vk_vol_upload(struct vk_pool *pool, struct vk_vol_def *vol, int fd,
		  unsigned long long offset, unsigned long long length,
		  unsigned long long total, vk_progress_fn progress,
		  void *opaque);
/* Copy VOL's bytes from OFFSET (LENGTH: 0 for all) to FD. */
int vk_vol_download(struct vk_pool *pool, struct vk_vol_def *vol, int fd,
		    unsigned long long offset, unsigned long long length,
		    vk_progress_fn progress, void *opaque);

/* The running domain that has PATH as a disk (its name, caller frees),
 * or NULL when none does. */
char *vk_storage_user(struct vk_storage *st, const char *path);

/* Write zeroes over the whole file or block device PATH, with
 * PROGRESS (may be NULL).  0 or -1. */
int vk_storage_zero(const char *path, vk_progress_fn progress,
		    void *opaque);

/* Copy LENGTH bytes (0: until end of input) from IN to OUT with
 * PROGRESS; used by clone, upload and download.  Returns 0 or -1 (an
 * errno error naming WHAT). */
int vk_storage_copy(int in, int out, unsigned long long length,
		    unsigned long long total, vk_progress_fn progress,
		    void *opaque, const char *what);

#endif
