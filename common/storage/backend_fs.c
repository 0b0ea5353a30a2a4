/* The fs pool: a file system on a local block device (the one
 * <source><device>), mounted on the target directory; its volumes are
 * the files there (volume_file.c).  build makes the target directory
 * and the file system of the pool's format, the latter only on a blank
 * device or with --overwrite; format auto builds ext4 and mounts
 * whatever the kernel recognises.  <fs:mount_opts> go to mount -o.
 */
#include <stdlib.h>
#include <string.h>

#include "blockdev.h"
#include "volume_file.h"
#include "util/error.h"

/* How to make each format this backend can build: the mkfs program and
 * its "be quiet, no questions" options. */
static const struct {
	const char *format;
	const char *prog;
	const char *opts[3];
} mkfs_table[] = {
	{ "ext2", "mkfs.ext2", { "-F", "-q", NULL } },
	{ "ext3", "mkfs.ext3", { "-F", "-q", NULL } },
	{ "ext4", "mkfs.ext4", { "-F", "-q", NULL } },
	{ "xfs", "mkfs.xfs", { "-f", "-q", NULL } },
	{ "vfat", "mkfs.vfat", { NULL } },
	{ "btrfs", "mkfs.btrfs", { "-f", "-q", NULL } },
};

static const char *fs_format(const struct vk_pool *pool)
{
	const char *f = pool->def->source.format;

	return f && strcmp(f, "auto") ? f : NULL;
}

static const char *fs_device(const struct vk_pool *pool)
{
	return pool->def->source.devices[0].path;
}

static int fs_check(struct vk_pool *pool)
{
	if (pool->def->source.ndevices != 1)
		return vk_error(VK_EXIT_FAILED,
				"pool '%s': an fs pool needs exactly one source device",
				pool->def->name);
	return vk_blk_check(pool, fs_device(pool));
}

static int fs_mkfs(struct vk_pool *pool, const char *format)
{
	const char *argv[6];
	size_t i;
	int n = 0, j;

	for (i = 0; i < sizeof(mkfs_table) / sizeof(mkfs_table[0]); i++)
		if (!strcmp(mkfs_table[i].format, format))
			break;
	if (i == sizeof(mkfs_table) / sizeof(mkfs_table[0]))
		return vk_error(VK_EXIT_FAILED,
				"pool '%s': pool-build cannot make a %s file system (it makes ext2, ext3, ext4, xfs, vfat and btrfs)",
				pool->def->name, format);
	argv[n++] = mkfs_table[i].prog;
	for (j = 0; mkfs_table[i].opts[j]; j++)
		argv[n++] = mkfs_table[i].opts[j];
	argv[n++] = fs_device(pool);
	argv[n] = NULL;
	return vk_blk_run(pool, argv, NULL);
}

static int fs_build(struct vk_pool *pool, unsigned flags)
{
	const char *format = fs_format(pool) ? fs_format(pool) : "ext4";
	char *mounted;

	if (fs_check(pool) < 0)
		return -1;
	mounted = vk_mount_source(pool->def->target.path);
	if (mounted) {
		vk_error(VK_EXIT_CONFLICT, "pool '%s': %s is mounted on %s",
			 pool->def->name, mounted, pool->def->target.path);
		free(mounted);
		return -1;
	}
	if (vk_blk_claim(pool, fs_device(pool),
			 flags & VK_POOL_BUILD_OVERWRITE) < 0)
		return -1;
	if (fs_mkfs(pool, format) < 0)
		return -1;
	return vk_volfile_build_dir(pool, flags);
}

static int fs_start(struct vk_pool *pool)
{
	char *opts;
	int rc;

	if (fs_check(pool) < 0)
		return -1;
	opts = vk_mount_opts(pool, NULL);
	rc = vk_mount(pool, fs_device(pool), pool->def->target.path,
		      fs_format(pool), opts, 0);
	free(opts);
	return rc;
}

static int fs_stop(struct vk_pool *pool)
{
	return vk_umount(pool, pool->def->target.path, 0);
}

const struct vk_storage_backend vk_backend_fs = {
	.type = VK_POOL_FS,
	.check_source = fs_check,
	.build = fs_build,
	.start = fs_start,
	.stop = fs_stop,
	VK_BLK_FILE_VOLUME_HOOKS,
};
