/* The netfs pool: an NFS export (<source><host name port> and <dir>)
 * mounted on the target directory; its volumes are the files there
 * (volume_file.c).  build only makes the target directory.  Formats:
 * auto and nfs both mount with -t nfs (the kernel's NFS client picks the
 * protocol version).  mount and umount get VK_BLK_NET_TIMEOUT seconds:
 * mount.nfs would wait minutes for a server that does not answer.
 * <protocol ver='N'> mounts with nfsvers=N (as libvirt does), then come
 * the <fs:mount_opts> options.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blockdev.h"
#include "volume_file.h"
#include "util/error.h"

static int netfs_check(struct vk_pool *pool)
{
	const struct vk_pool_source *s = &pool->def->source;

	if (!s->host || !s->dir)
		return vk_error(VK_EXIT_FAILED,
				"pool '%s': a netfs pool needs <source><host name> and <dir path>",
				pool->def->name);
	return 0;
}

static int netfs_start(struct vk_pool *pool)
{
	const struct vk_pool_source *s = &pool->def->source;
	char *src, *opts = NULL, *first;
	int rc;

	if (netfs_check(pool) < 0)
		return -1;
	/* an IPv6 address goes in brackets */
	src = vk_asprintf(strchr(s->host, ':') ? "[%s]:%s" : "%s:%s",
			  s->host, s->dir);
	if (s->port && s->nfs_ver)
		first = vk_asprintf("port=%d,nfsvers=%u", s->port, s->nfs_ver);
	else if (s->port)
		first = vk_asprintf("port=%d", s->port);
	else if (s->nfs_ver)
		first = vk_asprintf("nfsvers=%u", s->nfs_ver);
	else
		first = NULL;
	opts = vk_mount_opts(pool, first);
	free(first);
	rc = vk_mount(pool, src, pool->def->target.path, "nfs", opts,
		      VK_BLK_NET_TIMEOUT);
	free(src);
	free(opts);
	return rc;
}

static int netfs_stop(struct vk_pool *pool)
{
	return vk_umount(pool, pool->def->target.path, VK_BLK_NET_TIMEOUT);
}

const struct vk_storage_backend vk_backend_netfs = {
	.type = VK_POOL_NETFS,
	.check_source = netfs_check,
	.build = vk_volfile_build_dir,
	.start = netfs_start,
	.stop = netfs_stop,
	VK_BLK_FILE_VOLUME_HOOKS,
};
