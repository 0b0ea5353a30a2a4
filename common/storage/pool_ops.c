/* The pool core: opening a pool, and the pool operations (start, stop,
 * build, delete, refresh) around the backend hooks. */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "storage.h"
#include "storage_priv.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/file.h"
#include "util/lock.h"

const struct vk_storage_backend *vk_storage_backend(int type)
{
	static const struct vk_storage_backend *const all[] = {
		&vk_backend_dir, &vk_backend_fs, &vk_backend_netfs,
		&vk_backend_logical, &vk_backend_disk, &vk_backend_iscsi,
	};
	size_t i;

	for (i = 0; i < sizeof(all) / sizeof(*all); i++)
		if (all[i]->type == type)
			return all[i];
	vk_error(VK_EXIT_FAILED, "pools of type %s are not supported by "
		 "this build", vk_pool_type_names[type]);
	return NULL;
}

static int unsupported(const struct vk_pool *pool, const char *what)
{
	return vk_error(VK_EXIT_FAILED, "%s is not supported by the %s "
			"backend", what, vk_pool_type_names[pool->def->type]);
}

void vk_pool_add_vol(struct vk_pool *pool, struct vk_vol_def *vol)
{
	/* <refresh><volume allocation='capacity'/>: report every volume
	 * as fully allocated (libvirt's choice for thin pools). */
	if (pool->def->refresh_alloc == VK_POOL_REFRESH_CAPACITY)
		vol->allocation = vol->capacity;
	vol->type_set = true;
	pool->vols = vk_realloc(pool->vols, (size_t)(pool->nvols + 1) *
				sizeof(*pool->vols));
	pool->vols[pool->nvols++] = vol;
}

static void clear_vols(struct vk_pool *pool)
{
	int i;

	for (i = 0; i < pool->nvols; i++)
		vk_vol_free(pool->vols[i]);
	free(pool->vols);
	pool->vols = NULL;
	pool->nvols = 0;
}

static int by_name(const void *a, const void *b)
{
	const struct vk_vol_def *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

static int save_live(struct vk_pool *pool)
{
	struct vk_pool_priv *p = pool->priv;
	char *live = vk_storage_live_path(p->st, pool->def->name);
	int rc = vk_storage_save(live, pool->def, VK_POOL_FMT_LIVE);

	free(live);
	return rc;
}

/* The backend's refresh, then the live file rewritten. */
static int refresh(struct vk_pool *pool)
{
	struct vk_pool_priv *p = pool->priv;
	struct vk_pool_device *d;
	int i;

	clear_vols(pool);
	p->unlisted = false;
	for (i = 0; i < pool->def->source.ndevices; i++) {
		d = &pool->def->source.devices[i];
		free(d->free);
		d->free = NULL;
		d->nfree = 0;
	}
	if (p->be->refresh(pool) < 0)
		return -1;
	if (pool->nvols > 1)
		qsort(pool->vols, (size_t)pool->nvols, sizeof(*pool->vols),
		      by_name);
	return save_live(pool);
}

int vk_pool_refresh_open(struct vk_pool *pool)
{
	return refresh(pool);
}

/* What refresh does but listing the volumes, where the backend can:
 * the sizes, then the live file rewritten (the same record, for a
 * pool of files, as a refresh writes). */
static int refresh_one(struct vk_pool *pool)
{
	struct vk_pool_priv *p = pool->priv;

	if (!p->be->sizes || !p->be->vol_lookup)
		return refresh(pool);
	clear_vols(pool);
	p->unlisted = true;
	if (p->be->sizes(pool) < 0)
		return -1;
	return save_live(pool);
}

int vk_pool_relist(struct vk_pool *pool)
{
	struct vk_pool_priv *p = pool->priv;

	if (!p->unlisted)
		return refresh(pool);
	if (p->be->sizes(pool) < 0)
		return -1;
	return save_live(pool);
}

int vk_pool_lookup(struct vk_pool *pool, const char *name,
		   struct vk_vol_def **out)
{
	struct vk_pool_priv *p = pool->priv;
	int r;

	if (!p->unlisted)
		return 2;
	r = p->be->vol_lookup(pool, name, out);
	if (r > 0 && out)
		vk_pool_add_vol(pool, *out);
	return r;
}

static struct vk_pool *pool_new(struct vk_storage *st,
				struct vk_pool_def *def)
{
	struct vk_pool *pool = vk_calloc(1, sizeof(*pool));
	struct vk_pool_priv *p = vk_calloc(1, sizeof(*p));

	p->st = st;
	p->lock = -1;
	pool->priv = p;
	pool->def = def;
	return pool;
}

void vk_pool_close(struct vk_pool *pool)
{
	struct vk_pool_priv *p;

	if (!pool)
		return;
	p = pool->priv;
	clear_vols(pool);
	vk_pool_free(pool->def);
	vk_unlock(p->lock);
	free(p);
	free(pool);
}

/* Load NAME (the live copy when active) with its backend; LOCK: with
 * its pool lock held (LOCK_FLAGS: VK_LOCK_*). */
static struct vk_pool *pool_load(struct vk_storage *st, const char *name,
				 bool lock, unsigned lock_flags)
{
	struct vk_pool_def *def = vk_storage_load(st, name, false);
	struct vk_pool *pool;
	struct vk_pool_priv *p;

	if (!def)
		return NULL;
	pool = pool_new(st, def);
	p = pool->priv;
	if (lock && (p->lock = vk_storage_pool_lock(st, name,
						     lock_flags)) < 0)
		goto fail;
	pool->active = vk_storage_is_active(st, name);
	if (pool->active) {
		def = vk_storage_load(st, name, true);
		if (!def)
			goto fail;
		vk_pool_free(pool->def);
		pool->def = def;
	}
	p->be = vk_storage_backend(pool->def->type);
	if (!p->be)
		goto fail;
	return pool;
fail:
	vk_pool_close(pool);
	return NULL;
}

static int not_active(const struct vk_pool *pool)
{
	return vk_error(VK_EXIT_CONFLICT, "pool '%s' is not active",
			pool->def->name);
}

struct vk_pool *vk_pool_open(struct vk_storage *st, const char *name,
			     unsigned flags)
{
	bool vols = flags & (VK_POOL_OPEN_VOLS | VK_POOL_OPEN_SHARED);
	struct vk_pool *pool = pool_load(st, name, vols,
					 flags & VK_POOL_OPEN_SHARED ?
					 VK_LOCK_SHARED : 0);

	if (!pool || !vols)
		return pool;
	if (!pool->active) {
		not_active(pool);
		goto fail;
	}
	if ((flags & VK_POOL_OPEN_ONE ? refresh_one(pool) :
	     refresh(pool)) < 0)
		goto fail;
	return pool;
fail:
	vk_pool_close(pool);
	return NULL;
}

/* ---- operations ---- */

/* Run OP on pool NAME under the storage lock and its pool lock; ACTIVE
 * is the state the operation needs. */
static int with_pool(struct vk_storage *st, const char *name, bool active,
		     int (*op)(struct vk_pool *pool, unsigned flags),
		     unsigned flags)
{
	int lock = vk_storage_lock(st), rc = -1;
	struct vk_pool *pool;

	if (lock < 0)
		return -1;
	pool = pool_load(st, name, true, 0);
	if (!pool)
		goto out;
	if (active && !pool->active)
		not_active(pool);
	else if (!active && pool->active)
		vk_error(VK_EXIT_CONFLICT, "pool '%s' is active", name);
	else
		rc = op(pool, flags);
	vk_pool_close(pool);
out:
	vk_unlock(lock);
	return rc;
}

static int op_build(struct vk_pool *pool, unsigned flags)
{
	struct vk_pool_priv *p = pool->priv;

	if (!p->be->build)
		return 0;
	return p->be->build(pool, flags);
}

int vk_pool_build(struct vk_storage *st, const char *name, unsigned flags)
{
	return with_pool(st, name, false, op_build, flags);
}

static int op_start(struct vk_pool *pool, unsigned flags)
{
	struct vk_pool_priv *p = pool->priv;
	char *live;

	(void)flags;
	if ((p->be->check_source && p->be->check_source(pool) < 0) ||
	    (p->be->start && p->be->start(pool) < 0))
		return -1;
	pool->active = true;
	if (refresh(pool) == 0)
		return 0;
	if (p->be->stop) {
		char msg[1024];
		int code = vk_error_code();

		snprintf(msg, sizeof(msg), "%s", vk_error_message());
		p->be->stop(pool);
		vk_error(code, "%s", msg);
	}
	live = vk_storage_live_path(p->st, pool->def->name);
	vk_file_remove(live);
	free(live);
	return -1;
}

int vk_pool_start(struct vk_storage *st, const char *name)
{
	return with_pool(st, name, false, op_start, 0);
}

/* The first volume of POOL a running domain uses: 0 when none, else -1
 * with the conflict recorded. */
static int check_unused(struct vk_pool *pool, const char *doing)
{
	struct vk_pool_priv *p = pool->priv;
	char *user, who[96];
	pid_t pid;
	int i;

	for (i = 0; i < pool->nvols; i++) {
		user = vk_storage_user(p->st, pool->vols[i]->target.path);
		if (user) {
			vk_error(VK_EXIT_CONFLICT, "cannot %s pool '%s': volume "
				 "'%s' is in use by domain '%s'", doing,
				 pool->def->name, pool->vols[i]->name, user);
			free(user);
			return -1;
		}
		/* A domain of another VIRTKIT_ROOT or user. */
		if (vk_vol_image_locked(pool->vols[i], &pid)) {
			vk_vol_locked_text(pid, who, sizeof(who));
			return vk_error(VK_EXIT_CONFLICT, "cannot %s pool '%s': "
					"volume '%s' is in use: %s", doing,
					pool->def->name, pool->vols[i]->name,
					who);
		}
	}
	return 0;
}

static int op_stop(struct vk_pool *pool, unsigned flags)
{
	struct vk_pool_priv *p = pool->priv;
	char *live;
	int rc;

	(void)flags;
	if (refresh(pool) < 0 || check_unused(pool, "stop") < 0)
		return -1;
	if (p->be->stop && p->be->stop(pool) < 0)
		return -1;
	live = vk_storage_live_path(p->st, pool->def->name);
	rc = vk_file_remove(live);
	free(live);
	return rc;
}

int vk_pool_stop(struct vk_storage *st, const char *name)
{
	return with_pool(st, name, true, op_stop, 0);
}

static int op_delete(struct vk_pool *pool, unsigned flags)
{
	struct vk_pool_priv *p = pool->priv;

	if (!p->be->delete)
		return unsupported(pool, "deleting a pool");
	return p->be->delete(pool, flags);
}

int vk_pool_delete(struct vk_storage *st, const char *name, unsigned flags)
{
	return with_pool(st, name, false, op_delete, flags);
}

static int op_refresh(struct vk_pool *pool, unsigned flags)
{
	(void)flags;
	return refresh(pool);
}

int vk_pool_refresh(struct vk_storage *st, const char *name)
{
	return with_pool(st, name, true, op_refresh, 0);
}

int vk_pool_start_autostart(struct vk_storage *st, int *started)
{
	struct vk_pool_info *pools;
	struct vk_buf failed = VK_BUF_INIT;
	int n, i, nfailed = 0;
	char first[1024] = "";

	*started = 0;
	if (vk_pool_list(st, &pools, &n) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (!pools[i].autostart || pools[i].active)
			continue;
		if (vk_pool_start(st, pools[i].name) == 0) {
			(*started)++;
			continue;
		}
		if (!nfailed++)
			snprintf(first, sizeof(first), "%s",
				 vk_error_message());
		vk_buf_addf(&failed, "%s%s", failed.len ? ", " : "",
			    pools[i].name);
	}
	vk_pool_infos_free(pools, n);
	if (!nfailed)
		return 0;
	if (nfailed == 1)
		vk_error(VK_EXIT_FAILED, "%s", first);
	else
		vk_error(VK_EXIT_FAILED, "%d pools failed to start (%s); "
			 "first: %s", nfailed, failed.s, first);
	vk_buf_free(&failed);
	return -1;
}
