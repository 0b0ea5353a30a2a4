/* The qemu driver: qemu:///system and qemu:///session.  Persistent
 * configs live in the store; running guests come with the supervisor. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "driver/driver.h"
#include "driver/store.h"
#include "qemu_lifecycle.h"
#include "qemu_status.h"
#include "util/error.h"
#include "util/file.h"
#include "util/lock.h"
#include "util/proc.h"

static int qemu_open(struct vk_conn *c)
{
	const char *path = c->parsed.path ? c->parsed.path : "";
	struct qemu_priv *p;

	if (!strcmp(path, "/session")) {
		c->session = true;
	} else if (strcmp(path, "/system")) {
		return vk_error(VK_EXIT_USAGE,
				"unknown qemu connection '%s': use "
				"qemu:///system or qemu:///session", c->uri);
	} else if (geteuid() != 0 && !getenv("VIRTKIT_ROOT")) {
		return vk_error(VK_EXIT_FAILED,
				"qemu:///system needs root; use "
				"qemu:///session");
	}
	if (vk_paths_init(&c->paths, "qemu", c->session) < 0)
		return -1;
	p = vk_calloc(1, sizeof(*p));
	vk_store_init(&p->store, c->paths.config, c->paths.run);
	c->priv = p;
	return 0;
}

static void qemu_close(struct vk_conn *c)
{
	struct qemu_priv *p = c->priv;

	if (!p)
		return;
	vk_store_clear(&p->store);
	free(p);
}

static char *autostart_path(const struct vk_conn *c, const char *name)
{
	return vk_asprintf("%s/autostart/%s.xml", c->paths.config, name);
}

static struct vk_dom *dom_from_config(const struct vk_conn *c,
				      struct vk_domain_def *def)
{
	struct vk_dom *d = vk_dom_new(def);
	char *link = autostart_path(c, def->name);
	struct stat sb;

	d->persistent = true;
	d->autostart = lstat(link, &sb) == 0;
	d->def = def;
	free(link);
	return d;
}

/* Give D the live state its runtime record describes, if the record is
 * not stale.  Returns true when D runs. */
static bool attach_runtime(const struct vk_conn *c, struct vk_dom *d)
{
	struct vk_qemu_status st;
	struct vk_qemu_paths p;
	bool alive;

	vk_qemu_paths_init(&p, c, d->name);
	alive = vk_qemu_status_read(p.status, &st) == 0 &&
		vk_qemu_status_alive(&st) &&
		!memcmp(st.live->uuid, d->uuid, VK_UUID_LEN);
	vk_qemu_paths_clear(&p);
	if (alive) {
		d->id = st.id;
		d->state = st.state;
		d->cpu_time = vk_proc_cputime(st.pid);
		d->memory = st.live->current_memory;
		d->live = st.live;
		st.live = NULL;
	}
	vk_qemu_status_clear(&st);
	vk_error_clear();
	return alive;
}

/* Running domains with no config: transient ones. */
static void add_transient(const struct vk_conn *c, struct vk_dom ***doms,
			  int *n)
{
	DIR *dir = opendir(c->paths.run);
	struct dirent *e;
	int i;

	while (dir && (e = readdir(dir))) {
		size_t len = strlen(e->d_name);
		struct vk_qemu_status st;
		char *path;

		if (e->d_name[0] == '.' || len < 5 ||
		    strcmp(e->d_name + len - 4, ".xml"))
			continue;
		for (i = 0; i < *n; i++)
			if (!strncmp((*doms)[i]->name, e->d_name, len - 4) &&
			    !(*doms)[i]->name[len - 4])
				break;
		if (i < *n)
			continue;
		path = vk_asprintf("%s/%s", c->paths.run, e->d_name);
		if (vk_qemu_status_read(path, &st) == 0 &&
		    vk_qemu_status_alive(&st)) {
			struct vk_dom *d = vk_dom_new(st.live);

			attach_runtime(c, d);
			*doms = vk_realloc(*doms, (size_t)(*n + 2) *
						  sizeof(**doms));
			(*doms)[(*n)++] = d;
		}
		vk_qemu_status_clear(&st);
		free(path);
	}
	if (dir)
		closedir(dir);
	vk_error_clear();
}

static int qemu_list(struct vk_conn *c, struct vk_dom ***doms, int *n)
{
	struct qemu_priv *p = c->priv;
	struct vk_domain_def **defs;
	int i;

	if (vk_store_load(&p->store, &defs, n) < 0)
		return -1;
	*doms = vk_calloc((size_t)*n + 1, sizeof(**doms));
	for (i = 0; i < *n; i++) {
		(*doms)[i] = dom_from_config(c, defs[i]);
		attach_runtime(c, (*doms)[i]);
	}
	free(defs);
	add_transient(c, doms, n);
	return 0;
}

static int qemu_define(struct vk_conn *c, struct vk_domain_def *def,
		       const char *expect, struct vk_dom **out)
{
	struct qemu_priv *p = c->priv;
	struct vk_dom **doms = NULL;
	int n = 0, lock, existing, rc = -1;

	lock = vk_store_lock(&p->store);
	if (lock < 0)
		goto out;
	if (qemu_list(c, &doms, &n) < 0 ||
	    vk_dom_check_identity(doms, n, def, def->uuid_generated,
				  &existing) < 0 ||
	    vk_dom_check_expect(existing >= 0 ? doms[existing] : NULL,
				expect) < 0 ||
	    vk_store_save(&p->store, def) < 0)
		goto out;
	*out = dom_from_config(c, def);
	def = NULL;
	rc = 0;
out:
	vk_unlock(lock);
	vk_dom_list_free(doms, n);
	vk_domain_free(def);
	return rc;
}

static int qemu_undefine(struct vk_conn *c, const struct vk_dom *dom)
{
	struct qemu_priv *p = c->priv;
	int lock = vk_store_lock(&p->store), rc;

	if (lock < 0)
		return -1;
	rc = vk_store_remove(&p->store, dom->name);
	if (rc == 0) {
		char *link = autostart_path(c, dom->name);

		rc = vk_file_remove(link);
		free(link);
	}
	vk_unlock(lock);
	return rc;
}

static int qemu_set_autostart(struct vk_conn *c, const struct vk_dom *dom,
			      bool on)
{
	char *link = autostart_path(c, dom->name), *dir, *target;
	int rc = 0;

	if (!dom->persistent) {
		free(link);
		return vk_dom_conflict(dom, "transient: autostart needs a "
					    "persistent domain");
	}
	if (!on) {
		rc = vk_file_remove(link);
		free(link);
		return rc;
	}
	dir = vk_asprintf("%s/autostart", c->paths.config);
	target = vk_asprintf("../%s.xml", dom->name);
	if (vk_mkdir_p(dir, 0700) < 0)
		rc = -1;
	else if (symlink(target, link) < 0 && errno != EEXIST)
		rc = vk_error_errno(VK_EXIT_FAILED, errno, "cannot create %s",
				    link);
	free(dir);
	free(target);
	free(link);
	return rc;
}

const struct vk_driver vk_qemu_driver = {
	.name = "qemu",
	.open = qemu_open,
	.close = qemu_close,
	.list = qemu_list,
	.define = qemu_define,
	.undefine = qemu_undefine,
	.start = vk_qemu_start,
	.create = vk_qemu_create,
	.shutdown = vk_qemu_shutdown,
	.reboot = vk_qemu_reboot,
	.destroy = vk_qemu_destroy,
	.suspend = vk_qemu_suspend,
	.resume = vk_qemu_resume,
	.set_autostart = qemu_set_autostart,
	.console = vk_qemu_console,
};
