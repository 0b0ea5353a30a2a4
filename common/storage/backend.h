/* The storage backend interface: one struct of function pointers per
 * pool type (dir, fs, netfs, logical, disk, iscsi), filled in by
 * common/storage/backend_TYPE.c as
 *
 *	const struct vk_storage_backend vk_backend_TYPE = { ... };
 *
 * The pool core (common/storage/pool.c) does everything that is not
 * specific to a type: names, state files, locks, the active flag,
 * overlap checks between pools, "volume name taken", "capacity larger
 * than the space available", "volume in use by a running domain",
 * wipe/upload/download (plain reads and writes on the volume's target
 * path) and the default clone (create, then copy bytes).  A backend does
 * only the real work on the host.
 *
 * Rules for every hook:
 *  - A NULL hook means "not supported by the TYPE backend": the core
 *    answers with that error (VK_EXIT_FAILED), except where noted.
 *  - A hook returns 0, or -1 with one precise error recorded with
 *    vk_error (util/error.h), starting "pool 'NAME': " (the core adds
 *    no prefix): which object, what failed, why (e.g. the
 *    last stderr line of the tool: vk_run in util/proc.h).
 *    VK_EXIT_FAILED for host failures, VK_EXIT_CONFLICT for "busy /
 *    exists / in use".
 *  - Nothing half-made: a hook that fails undoes what it did (a failed
 *    vol_create leaves no file, LV or partition; a failed start leaves
 *    nothing mounted or logged in).
 *  - Hooks never print and never exit.  They are called with the pool's
 *    lock held; they take no lock themselves.
 *  - POOL->def is the pool's definition; for an active pool it is the
 *    live copy, whose sizes a refresh sets.
 */
#ifndef VK_STORAGE_BACKEND_H
#define VK_STORAGE_BACKEND_H

#include <stdbool.h>

#include "conf/pool.h"
#include "conf/volume.h"

/* A pool as the core hands it to a backend. */
struct vk_pool {
	struct vk_pool_def *def;	/* owned by the core */
	bool active;
	/* Filled by refresh through vk_pool_add_vol, sorted by name by the
	 * core afterwards; emptied by the core before each refresh. */
	int nvols;
	struct vk_vol_def **vols;
	void *priv;			/* the core's */
};

/* Give VOL (allocated with vk_calloc, its strings with vk_strdup...) to
 * POOL's volume list; the pool frees it (and sets its allocation to its
 * capacity when the pool says <refresh><volume allocation='capacity'>).  VOL needs name, key,
 * target.path, type, capacity and allocation (bytes), target.format
 * when the pool type has volume formats, and its source extents where
 * the backend knows them (disk). */
void vk_pool_add_vol(struct vk_pool *pool, struct vk_vol_def *vol);

/* Flags of build. */
#define VK_POOL_BUILD_OVERWRITE 0x1	/* pool-build --overwrite: make the
					 * file system / label / PVs even if
					 * the device holds data */

/* Called by vol_wipe and copy loops: DONE of TOTAL bytes. */
typedef void (*vk_progress_fn)(unsigned long long done,
			       unsigned long long total, void *opaque);

struct vk_storage_backend {
	int type;			/* enum vk_pool_type */

	/* Before start: the source is there and of the right kind
	 * ("/dev/x is not a block device", "no such directory"...); build
	 * checks what it needs itself.  NULL: nothing to check. */
	int (*check_source)(struct vk_pool *pool);

	/* pool-build on an inactive pool: create the directory (with the
	 * target permissions), the file system, the label, the VG...
	 * Without VK_POOL_BUILD_OVERWRITE refuse (VK_EXIT_CONFLICT) when the
	 * source already holds a file system / label / LVM metadata that
	 * would be destroyed.  NULL: nothing to build (iscsi). */
	int (*build)(struct vk_pool *pool, unsigned flags);

	/* pool-start: mount, activate the VG, log in...  The core then
	 * calls refresh; if refresh fails the core calls stop.  NULL:
	 * nothing to do beyond check_source. */
	int (*start)(struct vk_pool *pool);

	/* pool-stop: unmount, deactivate, log out.  The core has checked
	 * that no running domain uses a volume.  NULL: nothing to do. */
	int (*stop)(struct vk_pool *pool);

	/* pool-delete on an inactive pool: undo build (remove the empty
	 * directory, remove the VG, clear the label).  NULL: not
	 * supported. */
	int (*delete)(struct vk_pool *pool, unsigned flags);

	/* List the volumes (vk_pool_add_vol) and set def->allocation,
	 * def->capacity, def->available (bytes) and, for device pools,
	 * def->source.devices[i].free (free extents).  Required. */
	int (*refresh)(struct vk_pool *pool);

	/* Optional, for pools whose volumes can be found one at a time
	 * (pools of files), so that a command about one volume does not
	 * list them all.  sizes: set def->allocation, def->capacity and
	 * def->available as refresh does, listing nothing.  vol_lookup:
	 * whether NAME is a volume as refresh would list it: 1 (with
	 * OUT, a new definition there, as refresh would give it), 0 when
	 * it is none (no error recorded), or -1.  NULL: the core lists
	 * every volume (refresh). */
	int (*sizes)(struct vk_pool *pool);
	int (*vol_lookup)(struct vk_pool *pool, const char *name,
			  struct vk_vol_def **out);

	/* Create VOL: name, capacity (bytes), allocation (bytes, with
	 * allocation_set telling whether the user asked; when not set,
	 * allocate fully), target.format (the core has put the pool's
	 * default there when it has formats) and target.perms are given.
	 * The core has checked that the name is free and the size fits in
	 * def->available.  On success set vol->target.path, vol->key,
	 * vol->type and the real allocation.  NULL: not supported (iscsi). */
	int (*vol_create)(struct vk_pool *pool, struct vk_vol_def *vol);

	/* Create VOL (as for vol_create) holding a copy of SRC, a volume of
	 * SRC_POOL (maybe another pool, maybe another type; it is active).
	 * NULL: the core uses vol_create, then copies SRC's bytes. */
	int (*vol_clone)(struct vk_pool *pool, struct vk_vol_def *vol,
			 struct vk_pool *src_pool,
			 const struct vk_vol_def *src);

	/* Remove VOL (one of pool->vols).  The core has checked that no
	 * running domain uses it.  NULL: not supported. */
	int (*vol_delete)(struct vk_pool *pool, struct vk_vol_def *vol);

	/* Grow (or, with SHRINK, also shrink) VOL to CAPACITY bytes; the
	 * core checked the space.  NULL: not supported. */
	int (*vol_resize)(struct vk_pool *pool, struct vk_vol_def *vol,
			  unsigned long long capacity, bool shrink);

	/* Zero VOL's data.  NULL: the core writes zeroes over the target
	 * path (the whole file or device), which suits raw files, LVs,
	 * partitions and LUNs; file formats other than raw are recreated
	 * empty by the core's file code. */
	int (*vol_wipe)(struct vk_pool *pool, struct vk_vol_def *vol,
			vk_progress_fn progress, void *opaque);
};

/* The backend of pool TYPE, or NULL with an error recorded when virtkit
 * was built without it. */
const struct vk_storage_backend *vk_storage_backend(int type);

/* The backends, one per file. */
extern const struct vk_storage_backend vk_backend_dir;
extern const struct vk_storage_backend vk_backend_fs;
extern const struct vk_storage_backend vk_backend_netfs;
extern const struct vk_storage_backend vk_backend_logical;
extern const struct vk_storage_backend vk_backend_disk;
extern const struct vk_storage_backend vk_backend_iscsi;

#endif
