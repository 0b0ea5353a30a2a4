/* File volumes: the volumes of the dir, fs and netfs pools are the
 * regular files in the pool's target directory.  The fs and netfs
 * backends mount, then use these functions as their own hooks (their
 * struct may point straight at them).
 *
 * raw: sparse when the allocation asked is below the capacity, else
 * fully allocated (fallocate); qcow2 and the other formats through
 * qemu-img.  Existing files are identified by their header (raw, qcow,
 * qcow2, vmdk, vpc, cow, bochs, cloop, dmg, iso); allocation is
 * st_blocks * 512, capacity comes from the header.
 */
#ifndef VK_VOLUME_FILE_H
#define VK_VOLUME_FILE_H

#include "backend.h"

/* build: create the target directory with the target permissions
 * (mode default 0755, owner/group when set); an existing directory is
 * fine and gets the permissions the pool names (as libvirt: an
 * unnamed mode leaves its mode alone, so that a pool on /tmp or a
 * mount point does not change it). */
int vk_volfile_build_dir(struct vk_pool *pool, unsigned flags);
/* delete: remove the (empty) target directory. */
int vk_volfile_delete_dir(struct vk_pool *pool, unsigned flags);
/* check_source for dir: the target path is a directory. */
int vk_volfile_check_dir(struct vk_pool *pool);
/* refresh: one volume per regular file (dot files and names that are
 * not valid volume names skipped) and the sizes of the file system
 * holding the target directory (statvfs). */
int vk_volfile_refresh(struct vk_pool *pool);
/* sizes: those sizes only; vol_lookup: the one file NAME (stat, then
 * its header when OUT is not NULL). */
int vk_volfile_sizes(struct vk_pool *pool);
int vk_volfile_lookup(struct vk_pool *pool, const char *name,
		      struct vk_vol_def **out);
int vk_volfile_create(struct vk_pool *pool, struct vk_vol_def *vol);
int vk_volfile_clone(struct vk_pool *pool, struct vk_vol_def *vol,
		     struct vk_pool *src_pool, const struct vk_vol_def *src);
int vk_volfile_delete(struct vk_pool *pool, struct vk_vol_def *vol);
int vk_volfile_resize(struct vk_pool *pool, struct vk_vol_def *vol,
		      unsigned long long capacity, bool shrink);
int vk_volfile_wipe(struct vk_pool *pool, struct vk_vol_def *vol,
		    vk_progress_fn progress, void *opaque);

/* Probe the file at PATH: a new volume definition named NAME with
 * type, key (= path), target path and format, capacity and allocation
 * filled in; NULL with an error recorded. */
struct vk_vol_def *vk_volfile_probe(const char *path, const char *name);

#endif
