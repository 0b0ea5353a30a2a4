/* The pool core: connection, state files, definitions, listing. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "conf/volume.h"
#include "storage.h"
#include "storage_priv.h"
#include "util/autostart.h"
#include "util/error.h"
#include "util/file.h"
#include "util/lock.h"
#include "util/name.h"
#include "util/uri.h"
#include "util/uuid.h"

int vk_storage_open(struct vk_storage *st, const char *uri)
{
	bool session;

	memset(st, 0, sizeof(*st));
	if (vk_uri_local_mode(uri, "storage pools", &session) < 0)
		return -1;
	st->session = session;
	if (vk_paths_init(&st->paths, "storage", session) < 0 ||
	    vk_paths_init(&st->qemu, "qemu", session) < 0) {
		vk_storage_close(st);
		return -1;
	}
	return 0;
}

void vk_storage_close(struct vk_storage *st)
{
	vk_paths_clear(&st->paths);
	vk_paths_clear(&st->qemu);
}

char *vk_storage_config_path(struct vk_storage *st, const char *name)
{
	return vk_asprintf("%s/%s.xml", st->paths.config, name);
}

char *vk_storage_live_path(struct vk_storage *st, const char *name)
{
	return vk_asprintf("%s/%s.xml", st->paths.run, name);
}

int vk_storage_lock(struct vk_storage *st)
{
	char *lock;
	int fd = -1;

	if (vk_mkdir_p(st->paths.config, 0700) < 0 ||
	    vk_mkdir_p(st->paths.run, 0700) < 0)
		return -1;
	lock = vk_asprintf("%s/.storage.lock", st->paths.run);
	fd = vk_lock(lock, 0, "the storage pools");
	free(lock);
	/* Live records are written under pool locks, not this one: only
	 * the configs' temp files are ours to clean. */
	if (fd >= 0)
		vk_file_clean_temps(st->paths.config);
	return fd;
}

int vk_storage_pool_lock(struct vk_storage *st, const char *name,
			 unsigned flags)
{
	char *lock, *what;
	int fd;

	if (vk_mkdir_p(st->paths.run, 0700) < 0)
		return -1;
	lock = vk_asprintf("%s/%s.lock", st->paths.run, name);
	what = vk_asprintf("pool '%s'", name);
	fd = vk_lock(lock, flags, what);
	free(lock);
	free(what);
	return fd;
}

bool vk_storage_is_active(struct vk_storage *st, const char *name)
{
	char *live = vk_storage_live_path(st, name);
	bool r = access(live, F_OK) == 0;

	free(live);
	return r;
}

struct vk_pool_def *vk_storage_load(struct vk_storage *st, const char *name,
				    bool live)
{
	struct vk_pool_def *def;
	char *path;

	if (vk_name_check("pool", name) < 0) {
		vk_error(VK_EXIT_NOT_FOUND, "pool '%s' not found", name);
		return NULL;
	}
	path = live ? vk_storage_live_path(st, name) :
		      vk_storage_config_path(st, name);
	def = vk_pool_parse_file(path, VK_POOL_PARSE_NO_SCHEMA |
				 (live ? VK_POOL_PARSE_LIVE : 0));
	if (!def && vk_error_code() == VK_EXIT_NOT_FOUND)
		vk_error(VK_EXIT_NOT_FOUND, "pool '%s' not found", name);
	else if (def && strcmp(def->name, name)) {
		vk_error(VK_EXIT_FAILED, "%s holds pool '%s'", path,
			 def->name);
		vk_pool_free(def);
		def = NULL;
	}
	free(path);
	return def;
}

int vk_storage_save(const char *path, const struct vk_pool_def *def,
		    unsigned flags)
{
	char *xml = vk_pool_format(def, flags);
	int rc = vk_file_replace(path, xml, strlen(xml), 0600);

	free(xml);
	return rc;
}

/* ---- listing ---- */

static void fill_info(struct vk_storage *st, const struct vk_pool_def *def,
		      struct vk_pool_info *out, char **autostart, int nauto)
{
	struct vk_pool_def *live = NULL;

	memset(out, 0, sizeof(*out));
	out->name = vk_strdup(def->name);
	memcpy(out->uuid, def->uuid, 16);
	out->type = def->type;
	out->target = vk_strdup(def->target.path);
	out->autostart = vk_names_has(autostart, nauto, def->name);
	if (vk_storage_is_active(st, def->name)) {
		out->active = true;
		live = vk_storage_load(st, def->name, true);
		vk_error_clear();
	}
	if (live) {
		out->capacity = live->capacity;
		out->allocation = live->allocation;
		out->available = live->available;
	}
	vk_pool_free(live);
}

int vk_pool_list(struct vk_storage *st, struct vk_pool_info **out, int *n)
{
	char **names, **autostart;
	int nnames, nauto, i;
	struct vk_pool_def *def;

	*out = NULL;
	*n = 0;
	vk_dir_names(st->paths.config, ".xml", &names, &nnames);
	vk_autostart_names(st->paths.config, &autostart, &nauto);
	for (i = 0; i < nnames; i++) {
		def = vk_storage_load(st, names[i], false);
		if (!def) {
			if (vk_error_code() == VK_EXIT_NOT_FOUND)
				continue;	/* undefined meanwhile */
			vk_pool_infos_free(*out, *n);
			*out = NULL;
			*n = 0;
			vk_names_free(names, nnames);
			vk_names_free(autostart, nauto);
			return -1;
		}
		*out = vk_realloc(*out, (size_t)(*n + 1) * sizeof(**out));
		fill_info(st, def, &(*out)[*n], autostart, nauto);
		(*n)++;
		vk_pool_free(def);
	}
	vk_names_free(names, nnames);
	vk_names_free(autostart, nauto);
	return 0;
}

int vk_pool_info_get(struct vk_storage *st, const char *name,
		     struct vk_pool_info *out)
{
	struct vk_pool_def *def = vk_storage_load(st, name, false);
	char **autostart;
	int nauto;

	if (!def)
		return -1;
	vk_autostart_names(st->paths.config, &autostart, &nauto);
	fill_info(st, def, out, autostart, nauto);
	vk_names_free(autostart, nauto);
	vk_pool_free(def);
	return 0;
}

void vk_pool_infos_free(struct vk_pool_info *p, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		free(p[i].name);
		free(p[i].target);
	}
	free(p);
}

char *vk_pool_xml(struct vk_storage *st, const char *name, bool inactive)
{
	struct vk_pool_def *def = NULL;
	char *xml;

	if (!inactive && vk_storage_is_active(st, name)) {
		def = vk_storage_load(st, name, true);
		if (!def && vk_error_code() != VK_EXIT_NOT_FOUND)
			return NULL;
	}
	if (def) {
		xml = vk_pool_format(def, VK_POOL_FMT_LIVE);
	} else {
		def = vk_storage_load(st, name, false);
		if (!def)
			return NULL;
		xml = vk_pool_format(def, 0);
	}
	vk_pool_free(def);
	return xml;
}

/* ---- definitions ---- */

/* Whether the directories A and B are one: the same path, or the same
 * directory once symbolic links and ".." are resolved. */
static bool same_dir(const char *a, const char *b)
{
	char ra[PATH_MAX], rb[PATH_MAX];

	return !strcmp(a, b) ||
	       (realpath(a, ra) && realpath(b, rb) && !strcmp(ra, rb));
}

/* The whole disk that the partition DEV (a device number) is on, or 0
 * when DEV is no partition (sysfs: /sys/dev/block/M:N/partition). */
static dev_t disk_of(dev_t dev)
{
	char p[128], real[PATH_MAX], *slash, *txt;
	unsigned ma, mi;
	dev_t d = 0;

	snprintf(p, sizeof(p), "/sys/dev/block/%u:%u/partition",
		 major(dev), minor(dev));
	if (access(p, F_OK) < 0)
		return 0;
	p[strlen(p) - strlen("/partition")] = '\0';
	if (!realpath(p, real) || !(slash = strrchr(real, '/')) ||
	    strlen(real) + 4 >= sizeof(real))
		return 0;
	strcpy(slash, "/dev");	/* the parent directory is the disk */
	txt = vk_file_read(real, 64, NULL);
	if (txt && sscanf(txt, "%u:%u", &ma, &mi) == 2)
		d = makedev(ma, mi);
	free(txt);
	return d;
}

/* How the existing block devices PA and PB are related: 1 the same
 * device under two names, 2 PA is a partition of PB, 0 neither (or
 * either is missing). */
static int device_relation(const char *pa, const char *pb)
{
	struct stat a, b;

	if (stat(pa, &a) < 0 || stat(pb, &b) < 0 || !S_ISBLK(a.st_mode) ||
	    !S_ISBLK(b.st_mode))
		return 0;
	if (a.st_rdev == b.st_rdev)
		return 1;
	return disk_of(a.st_rdev) == b.st_rdev ? 2 : 0;
}

/* Whether A's device PA and B's device PB are one device, or one is a
 * partition of the other's: WHAT says how.  A partition of a disk
 * pool's device is that pool's volume, on which another pool may be
 * built. */
static bool device_clash(const struct vk_pool_def *a, const char *pa,
			 const struct vk_pool_def *b, const char *pb,
			 char **what)
{
	int r = device_relation(pa, pb);

	if (r == 1) {
		*what = vk_asprintf("source device %s, which is %s", pb, pa);
		return true;
	}
	if (r == 2 && b->type != VK_POOL_DISK) {
		*what = vk_asprintf("source device %s, of which %s is a "
				    "partition", pb, pa);
		return true;
	}
	if (device_relation(pb, pa) == 2 && a->type != VK_POOL_DISK) {
		*what = vk_asprintf("source device %s, a partition of %s", pb,
				    pa);
		return true;
	}
	return false;
}

/* Whether A and B claim the same storage: the same target directory
 * (pools of files), the same source device, the same export or VG.
 * WHAT gets a description of the clash. */
static bool overlaps(const struct vk_pool_def *a, const struct vk_pool_def *b,
		     char **what)
{
	const char *const *fa = vk_pool_vol_formats(a->type);
	const char *const *fb = vk_pool_vol_formats(b->type);
	int i, j;

	/* Pools of files own their directory; device pools share /dev. */
	if (fa && fb && fa == fb && same_dir(a->target.path, b->target.path)) {
		*what = vk_asprintf("target path %s", a->target.path);
		return true;
	}
	for (i = 0; i < a->source.ndevices; i++)
		for (j = 0; j < b->source.ndevices; j++) {
			const char *pa = a->source.devices[i].path;
			const char *pb = b->source.devices[j].path;

			if ((a->type == VK_POOL_ISCSI) !=
			    (b->type == VK_POOL_ISCSI))
				continue;
			if (a->type == VK_POOL_ISCSI &&
			    (strcmp(pa, pb) ||
			     strcmp(a->source.host, b->source.host)))
				continue;
			if (!strcmp(pa, pb)) {
				*what = vk_asprintf("source device %s", pa);
				return true;
			}
			if (a->type == VK_POOL_ISCSI)
				continue;
			if (device_clash(a, pa, b, pb, what))
				return true;
		}
	if (a->type == VK_POOL_NETFS && b->type == VK_POOL_NETFS &&
	    !strcmp(a->source.host, b->source.host) &&
	    !strcmp(a->source.dir, b->source.dir)) {
		*what = vk_asprintf("export %s:%s", a->source.host,
				    a->source.dir);
		return true;
	}
	if (a->type == VK_POOL_LOGICAL && b->type == VK_POOL_LOGICAL &&
	    !strcmp(a->source.name, b->source.name)) {
		*what = vk_asprintf("volume group %s", a->source.name);
		return true;
	}
	return false;
}

/* Check DEF against every other defined pool (the storage lock held). */
static int check_others(struct vk_storage *st, struct vk_pool_def *def,
			bool *exists)
{
	char **names, *what = NULL;
	int n, i, rc = 0;
	struct vk_pool_def *o;

	*exists = false;
	vk_dir_names(st->paths.config, ".xml", &names, &n);
	for (i = 0; i < n && rc == 0; i++) {
		o = vk_storage_load(st, names[i], false);
		if (!o) {
			rc = -1;
			break;
		}
		if (!strcmp(o->name, def->name)) {
			*exists = true;
			if (def->uuid_generated)
				memcpy(def->uuid, o->uuid, 16);
			else if (memcmp(def->uuid, o->uuid, 16))
				rc = vk_error(VK_EXIT_CONFLICT, "pool '%s' "
					      "exists with another uuid",
					      def->name);
		} else if (!memcmp(def->uuid, o->uuid, 16)) {
			rc = vk_error(VK_EXIT_CONFLICT, "pool '%s' already "
				      "has this uuid", o->name);
		} else if (overlaps(def, o, &what)) {
			rc = vk_error(VK_EXIT_CONFLICT, "pool '%s' already "
				      "uses %s", o->name, what);
			free(what);
		}
		vk_pool_free(o);
	}
	vk_names_free(names, n);
	return rc;
}

int vk_pool_define(struct vk_storage *st, struct vk_pool_def *def)
{
	int lock = vk_storage_lock(st), rc = -1;
	bool exists;
	char *path = NULL;

	if (lock < 0)
		goto out;
	if (check_others(st, def, &exists) < 0)
		goto out;
	path = vk_storage_config_path(st, def->name);
	rc = vk_storage_save(path, def, 0);
out:
	free(path);
	vk_unlock(lock);
	vk_pool_free(def);
	return rc;
}

int vk_pool_undefine(struct vk_storage *st, const char *name)
{
	int lock = vk_storage_lock(st), rc = -1;
	struct vk_pool_def *def = NULL;
	char *path = NULL, *link = NULL;

	if (lock < 0)
		return -1;
	def = vk_storage_load(st, name, false);
	if (!def)
		goto out;
	if (vk_storage_is_active(st, name)) {
		vk_error(VK_EXIT_CONFLICT, "pool '%s' is active; stop it "
			 "first", name);
		goto out;
	}
	link = vk_autostart_path(st->paths.config, name);
	path = vk_storage_config_path(st, name);
	if (vk_file_remove(link) == 0 && vk_file_remove(path) == 0)
		rc = 0;
out:
	free(link);
	free(path);
	vk_pool_free(def);
	vk_unlock(lock);
	return rc;
}

int vk_pool_set_autostart(struct vk_storage *st, const char *name, bool on)
{
	int lock = vk_storage_lock(st), rc = -1;
	struct vk_pool_def *def;

	/* Under the lock: a pool-undefine meanwhile would leave a mark
	 * that a later pool of the same name inherits. */
	if (lock < 0)
		return -1;
	def = vk_storage_load(st, name, false);
	if (def)
		rc = vk_autostart_set(st->paths.config, name, on);
	vk_pool_free(def);
	vk_unlock(lock);
	return rc;
}
