/* The qemu driver: qemu:///system and qemu:///session.  Persistent
 * configs live in the store; running guests come with the supervisor. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "driver/driver.h"
#include "driver/store.h"
#include "util/error.h"
#include "util/lock.h"

struct qemu_priv {
	struct vk_store store;
};

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

static struct vk_dom *dom_from_config(struct vk_domain_def *def)
{
	struct vk_dom *d = vk_dom_new(def);

	d->persistent = true;
	d->def = def;
	return d;
}

static int qemu_list(struct vk_conn *c, struct vk_dom ***doms, int *n)
{
	struct qemu_priv *p = c->priv;
	struct vk_domain_def **defs;
	int i;

	if (vk_store_load(&p->store, &defs, n) < 0)
		return -1;
	*doms = vk_calloc((size_t)*n + 1, sizeof(**doms));
	for (i = 0; i < *n; i++)
		(*doms)[i] = dom_from_config(defs[i]);
	free(defs);
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
	*out = dom_from_config(def);
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
	vk_unlock(lock);
	return rc;
}

const struct vk_driver vk_qemu_driver = {
	.name = "qemu",
	.open = qemu_open,
	.close = qemu_close,
	.list = qemu_list,
	.define = qemu_define,
	.undefine = qemu_undefine,
};
