/* The logical pool: an LVM volume group, named by <source><name> (else
 * the pool's name), whose physical volumes are the <source><device>s.
 * build runs pvcreate on each device and vgcreate; start activates the
 * group (vgchange -ay), stop deactivates it; volumes are its logical
 * volumes (lvcreate, lvremove, lvresize), found with lvs; the pool's
 * sizes come from vgs.  The target path is the group's directory,
 * /dev/VG.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blockdev.h"
#include "util/error.h"
#include "util/proc.h"

static const char *vg_name(const struct vk_pool *pool)
{
	const char *n = pool->def->source.name;

	return n ? n : pool->def->name;
}

/* 1 when the volume group exists, 0 when not, -1 on error. */
static int vg_exists(const struct vk_pool *pool)
{
	const char *argv[] = { "vgs", "--noheadings", "-o", "vg_name",
			       vg_name(pool), NULL };
	char *out = NULL, *err = NULL;
	int rc = vk_run_status(argv, NULL, &out, &err);

	free(out), free(err);
	if (rc < 0)
		vk_error_prefix("pool '%s'", pool->def->name);
	return rc < 0 ? -1 : rc == 0;
}

static int logical_check(struct vk_pool *pool)
{
	int i;

	for (i = 0; i < pool->def->source.ndevices; i++)
		if (vk_blk_check(pool, pool->def->source.devices[i].path) < 0)
			return -1;
	return 0;
}

/* pvremove the first N source devices (undo of build). */
static void pv_remove(struct vk_pool *pool, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		const char *argv[] = { "pvremove", "-y", "-q",
				       pool->def->source.devices[i].path,
				       NULL };
		char *out = NULL, *err = NULL;

		vk_run_status(argv, NULL, &out, &err);
		free(out), free(err);
	}
}

static int logical_build(struct vk_pool *pool, unsigned flags)
{
	const struct vk_pool_source *s = &pool->def->source;
	const char **argv;
	int i, n = 0, rc;

	if (vk_blk_check_all(pool) < 0)
		return -1;
	rc = vg_exists(pool);
	if (rc != 0) {
		if (rc > 0)
			vk_error(VK_EXIT_CONFLICT,
				 "pool '%s': volume group %s already exists",
				 pool->def->name, vg_name(pool));
		return -1;
	}
	for (i = 0; i < s->ndevices; i++)
		if (vk_blk_claim(pool, s->devices[i].path,
				 flags & VK_POOL_BUILD_OVERWRITE) < 0)
			return -1;
	for (i = 0; i < s->ndevices; i++) {
		const char *pv[] = { "pvcreate", "-y", "-q", "-ff",
				     s->devices[i].path, NULL };

		if (vk_blk_run(pool, pv, NULL) < 0) {
			pv_remove(pool, i);
			return -1;
		}
	}
	argv = vk_calloc((size_t)s->ndevices + 5, sizeof(*argv));
	argv[n++] = "vgcreate";
	argv[n++] = "-q";
	argv[n++] = vg_name(pool);
	for (i = 0; i < s->ndevices; i++)
		argv[n++] = s->devices[i].path;
	rc = vk_blk_run(pool, argv, NULL);
	free(argv);
	if (rc < 0)
		pv_remove(pool, s->ndevices);
	return rc;
}

static int logical_start(struct vk_pool *pool)
{
	const char *argv[] = { "vgchange", "-q", "-ay", vg_name(pool), NULL };
	int rc = vg_exists(pool);

	if (rc == 0)
		return vk_error(VK_EXIT_FAILED,
				"pool '%s': no volume group %s (pool-build creates it)",
				pool->def->name, vg_name(pool));
	if (rc < 0 || vk_blk_run(pool, argv, NULL) < 0)
		return -1;
	vk_blk_settle(pool, NULL);
	return 0;
}

static int logical_stop(struct vk_pool *pool)
{
	const char *argv[] = { "vgchange", "-q", "-an", vg_name(pool), NULL };

	return vk_blk_run(pool, argv, NULL);
}

static int logical_delete(struct vk_pool *pool, unsigned flags)
{
	const char *argv[] = { "vgremove", "-q", "-f", vg_name(pool), NULL };

	(void)flags;
	if (vk_blk_run(pool, argv, NULL) < 0)
		return -1;
	pv_remove(pool, pool->def->source.ndevices);
	return 0;
}

/* Split LINE at ';' into at most MAX trimmed fields; returns the count. */
static int split(char *line, char **f, int max)
{
	int n = 0;
	char *p = line;

	while (n < max) {
		char *end = strchr(p, ';');

		while (*p == ' ')
			p++;
		f[n++] = p;
		if (!end)
			break;
		*end = '\0';
		p = end + 1;
	}
	return n;
}

/* The extent "/dev/vdb(12)" of a segment of SIZE bytes, with the group's
 * extent size EXT, added to VOL. */
static void add_extent(struct vk_vol_def *vol, const char *dev,
		       unsigned long long ext, unsigned long long size)
{
	const char *paren = strchr(dev, '(');
	struct vk_vol_extent *e;

	if (!paren || !*dev || paren == dev)
		return;
	vol->extents = vk_realloc(vol->extents, (size_t)(vol->nextents + 1) *
				  sizeof(*vol->extents));
	e = &vol->extents[vol->nextents++];
	e->path = vk_strndup(dev, (size_t)(paren - dev));
	e->start = strtoull(paren + 1, NULL, 10) * ext;
	e->end = e->start + size;
}

static int logical_refresh(struct vk_pool *pool)
{
	const char *vgs[] = { "vgs", "--noheadings", "--units", "b",
			      "--nosuffix", "--separator", ";", "-o",
			      "vg_size,vg_free,vg_extent_size", vg_name(pool),
			      NULL };
	const char *lvs[] = { "lvs", "--noheadings", "--units", "b",
			      "--nosuffix", "--separator", ";", "-o",
			      "lv_name,lv_uuid,lv_size,lv_path,seg_size,devices",
			      vg_name(pool), NULL };
	char *out = NULL, *line, *save = NULL, *f[6];
	unsigned long long ext;
	struct vk_vol_def *vol = NULL;

	if (vk_blk_run(pool, vgs, &out) < 0) {
		free(out);
		return -1;
	}
	if (split(out, f, 3) != 3) {
		free(out);
		return vk_error(VK_EXIT_FAILED,
				"pool '%s': cannot read the sizes of volume group %s",
				pool->def->name, vg_name(pool));
	}
	pool->def->capacity = strtoull(f[0], NULL, 10);
	pool->def->available = strtoull(f[1], NULL, 10);
	pool->def->allocation = pool->def->capacity - pool->def->available;
	ext = strtoull(f[2], NULL, 10);
	free(out);
	out = NULL;
	if (vk_blk_run(pool, lvs, &out) < 0) {
		free(out);
		return -1;
	}
	/* one line per segment; a segment's devices are "dev(extent)" */
	for (line = strtok_r(out, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (split(line, f, 6) != 6 || !*f[0])
			continue;
		if (!vol || strcmp(vol->name, f[0])) {
			vol = vk_calloc(1, sizeof(*vol));
			vol->type = VK_VOL_BLOCK;
			vol->name = vk_strdup(f[0]);
			vol->key = vk_strdup(f[1]);
			vol->capacity = strtoull(f[2], NULL, 10);
			vol->allocation = vol->capacity;
			vol->target.path = vk_strdup(f[3]);
			vk_perms_init(&vol->target.perms);
			vk_pool_add_vol(pool, vol);
		}
		add_extent(vol, f[5], ext, strtoull(f[4], NULL, 10));
	}
	free(out);
	return 0;
}

/* Fill VOL's path, key and sizes from lvs. */
static int lv_read(struct vk_pool *pool, struct vk_vol_def *vol)
{
	char *lv = vk_asprintf("%s/%s", vg_name(pool), vol->name);
	const char *argv[] = { "lvs", "--noheadings", "--units", "b",
			       "--nosuffix", "--separator", ";", "-o",
			       "lv_uuid,lv_size,lv_path", lv, NULL };
	char *out = NULL, *f[3];
	int rc = vk_blk_run(pool, argv, &out);

	if (rc == 0 && split(out, f, 3) == 3) {
		free(vol->key);
		free(vol->target.path);
		vol->key = vk_strdup(f[0]);
		vol->capacity = vol->allocation = strtoull(f[1], NULL, 10);
		vol->target.path = vk_strndup(f[2], strcspn(f[2], "\n"));
		vol->type = VK_VOL_BLOCK;
	} else if (rc == 0) {
		rc = vk_error(VK_EXIT_FAILED, "pool '%s': lvs: no volume %s",
			      pool->def->name, lv);
	}
	free(out);
	free(lv);
	return rc;
}

static int lv_remove(struct vk_pool *pool, const char *name)
{
	char *lv = vk_asprintf("%s/%s", vg_name(pool), name);
	const char *argv[] = { "lvremove", "-q", "-f", lv, NULL };
	int rc = vk_blk_run(pool, argv, NULL);

	free(lv);
	return rc;
}

static int logical_vol_create(struct vk_pool *pool, struct vk_vol_def *vol)
{
	char size[32];
	const char *argv[] = { "lvcreate", "-q", "-y", "-Wy", "-Zy", "-n",
			       vol->name, "-L", size, vg_name(pool), NULL };

	/* the core checked only the allocation asked for */
	if (vol->capacity > pool->def->available)
		return vk_error(VK_EXIT_FAILED,
				"pool '%s': volume '%s' needs %llu bytes (a logical volume is fully allocated) but volume group %s has %llu available",
				pool->def->name, vol->name, vol->capacity,
				vg_name(pool), pool->def->available);
	snprintf(size, sizeof(size), "%llub", vol->capacity);
	if (vk_blk_run(pool, argv, NULL) < 0)
		return -1;
	if (lv_read(pool, vol) < 0 ||
	    vk_blk_settle(pool, vol->target.path) < 0) {
		struct vk_blk_err e;

		vk_blk_err_save(&e);
		lv_remove(pool, vol->name);
		return vk_blk_err_restore(&e);
	}
	return 0;
}

static int logical_vol_delete(struct vk_pool *pool, struct vk_vol_def *vol)
{
	return lv_remove(pool, vol->name);
}

static int logical_vol_resize(struct vk_pool *pool, struct vk_vol_def *vol,
			      unsigned long long capacity, bool shrink)
{
	char size[32], *lv = vk_asprintf("%s/%s", vg_name(pool), vol->name);
	const char *argv[] = { "lvresize", "-q", "-y", "-f", "-L", size, lv,
			       NULL };
	int rc;

	(void)shrink;	/* the core asked for --shrink; -f skips lvm's own
			 * question */
	snprintf(size, sizeof(size), "%llub", capacity);
	rc = vk_blk_run(pool, argv, NULL);
	free(lv);
	return rc;
}

const struct vk_storage_backend vk_backend_logical = {
	.type = VK_POOL_LOGICAL,
	.check_source = logical_check,
	.build = logical_build,
	.start = logical_start,
	.stop = logical_stop,
	.delete = logical_delete,
	.refresh = logical_refresh,
	.vol_create = logical_vol_create,
	.vol_delete = logical_vol_delete,
	.vol_resize = logical_vol_resize,
};
