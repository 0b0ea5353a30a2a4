/* Block devices and mounts for the fs, netfs, logical, disk and iscsi
 * backends (common/storage/blockdev.c): the checks and probes they share,
 * and the mount/umount calls.  Every function records one error and
 * returns -1 (or NULL) on failure, starting "pool 'NAME': " as
 * backend.h asks; the tools run through vk_run.
 */
#ifndef VK_STORAGE_BLOCKDEV_H
#define VK_STORAGE_BLOCKDEV_H

#include <stdbool.h>

#include "backend.h"

/* vk_run (util/proc.h) of ARGV, its error prefixed "pool 'P': ".  OUT,
 * when not NULL, gets the tool's stdout (caller frees). */
int vk_blk_run(const struct vk_pool *pool, const char *const *argv,
	       char **out);
/* vk_blk_run with vk_run_timeout's TIMEOUT (seconds, 0: none). */
int vk_blk_run_timeout(const struct vk_pool *pool, const char *const *argv,
		       char **out, int timeout);

/* 0 when PATH is a block device; else -1: "pool 'P': source device
 * PATH: No such file or directory" or "... is not a block device". */
int vk_blk_check(const struct vk_pool *pool, const char *path);
/* Every <source><device> of POOL passes vk_blk_check; at least one. */
int vk_blk_check_all(const struct vk_pool *pool);
/* Size of the block device PATH in bytes, or 0 with an error. */
unsigned long long vk_blk_size(const struct vk_pool *pool, const char *path);

/* What a low-level probe (blkid -p) finds on PATH: a new string like
 * "ext4 file system", "gpt partition table", "LVM2_member", or NULL
 * for a blank device (no signature).  -1 when the probe failed. */
int vk_blk_signature(const struct vk_pool *pool, const char *path,
		     char **what);
/* For build: fail with VK_EXIT_CONFLICT when PATH holds a signature and
 * OVERWRITE is false ("... already holds an ext4 file system; pool-build
 * --overwrite replaces it"); with OVERWRITE, erase the signatures
 * (wipefs -a).  0 when the device may be written. */
int vk_blk_claim(const struct vk_pool *pool, const char *path,
		 bool overwrite);

/* The device mounted on DIR (a new string), NULL when DIR is not a
 * mount point. */
char *vk_mount_source(const char *dir);
/* mount [-t TYPE] [-o OPTS] SRC DIR.  DIR must be an existing directory
 * with nothing mounted on it (VK_EXIT_CONFLICT otherwise); SRC already
 * mounted there is success.  TIMEOUT: seconds mount may take (0: no
 * limit); past it mount is killed and nothing stays mounted. */
int vk_mount(const struct vk_pool *pool, const char *src, const char *dir,
	     const char *type, const char *opts, int timeout);
/* The -o argument for mounting POOL: FIRST (may be NULL) then the
 * pool's <fs:mount_opts> options, joined with ','; NULL when there are
 * none.  Caller frees. */
char *vk_mount_opts(const struct vk_pool *pool, const char *first);
/* umount DIR when something is mounted on it (TIMEOUT as for mount). */
int vk_umount(const struct vk_pool *pool, const char *dir, int timeout);

/* Seconds a network mount, unmount or iSCSI step may take: a server
 * that does not answer must not hang a command for minutes. */
#define VK_BLK_NET_TIMEOUT 30

/* Wait (up to 10 s) until udev has handled its events and PATH exists
 * (PATH NULL: only udev).  -1 with an error when PATH never appears. */
int vk_blk_settle(const struct vk_pool *pool, const char *path);

/* The error recorded before an undo step, kept across it:
 *	vk_blk_err_save(&e); undo(); return vk_blk_err_restore(&e);
 * restore records it again and returns -1. */
struct vk_blk_err {
	int code;
	char *msg;
};
void vk_blk_err_save(struct vk_blk_err *e);
int vk_blk_err_restore(struct vk_blk_err *e);

/* The fs and netfs file-volume hooks, shared by both backends. */
#define VK_BLK_FILE_VOLUME_HOOKS \
	.delete = vk_volfile_delete_dir, \
	.refresh = vk_volfile_refresh, \
	.sizes = vk_volfile_sizes, \
	.vol_lookup = vk_volfile_lookup, \
	.vol_create = vk_volfile_create, \
	.vol_clone = vk_volfile_clone, \
	.vol_delete = vk_volfile_delete, \
	.vol_resize = vk_volfile_resize, \
	.vol_wipe = vk_volfile_wipe

#endif
