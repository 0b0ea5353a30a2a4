/* <disk type='volume'> at start: each <source pool= volume=> is looked
 * up in virtkit's storage pools (common/storage/) of the connection, as
 * vol-info finds a volume, and the disk is then a file or a block
 * device with that path for the command line and the image lock. */
#include <stdlib.h>
#include <string.h>

#include "qemu_volumes.h"
#include "storage/storage.h"
#include "util/error.h"

/* Look up D's volume in the open storage ST; 0 or -1. */
static int lookup(struct vk_storage *st, struct vk_disk *d)
{
	struct vk_pool *pool;
	struct vk_vol_def *vol;
	int rc = -1;

	pool = vk_pool_open(st, d->x.pool, VK_POOL_OPEN_SHARED |
			    VK_POOL_OPEN_ONE);
	if (!pool) {
		vk_error_prefix("disk '%s'", d->target);
		return -1;
	}
	vol = vk_pool_vol(pool, d->x.volume);
	if (!vol) {
		vk_error(VK_EXIT_NOT_FOUND, "disk '%s': pool '%s' has no "
			 "volume '%s'", d->target, d->x.pool, d->x.volume);
	} else if (!vol->target.path) {
		vk_error(VK_EXIT_FAILED, "disk '%s': volume '%s' of pool '%s' "
			 "has no path", d->target, d->x.volume, d->x.pool);
	} else {
		free(d->x.vol_path);
		d->x.vol_path = vk_strdup(vol->target.path);
		d->x.vol_block = vol->type == VK_VOL_BLOCK;
		rc = 0;
	}
	vk_pool_close(pool);
	return rc;
}

int vk_qemu_disk_volumes(struct vk_domain_def *def, const char *uri)
{
	struct vk_storage st;
	bool open = false;
	int i, rc = 0;

	for (i = 0; i < def->ndisks && !rc; i++) {
		struct vk_disk *d = &def->disks[i];

		if (d->type != VK_DISK_VOLUME || !d->x.pool)
			continue;
		if (d->x.volmode == VK_VOLMODE_DIRECT)
			continue;	/* refused with the command line */
		if (!open && vk_storage_open(&st, uri) < 0)
			return -1;
		open = true;
		rc = lookup(&st, d);
	}
	if (open)
		vk_storage_close(&st);
	return rc;
}
