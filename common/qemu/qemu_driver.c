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
#include "qemu_address.h"
#include "qemu_firmware.h"
#include "qemu_tpm.h"
#include "qemu_lifecycle.h"
#include "qemu_status.h"
#include "util/autostart.h"
#include "util/error.h"
#include "util/file.h"
#include "util/lock.h"
#include "util/name.h"
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

/* NAME's runtime record into ST when it describes a live guest: 0, else
 * -1 (nothing recorded: a stale or missing record means shut off). */
static int read_live(const struct vk_conn *c, const char *name,
		     struct vk_qemu_status *st)
{
	char *path = vk_asprintf("%s/%s.xml", c->paths.run, name);
	int rc = vk_qemu_status_read(path, st) == 0 &&
			 vk_qemu_status_alive(st) ? 0 : -1;

	free(path);
	if (rc < 0)
		vk_qemu_status_clear(st);
	vk_error_clear();
	return rc;
}

/* D takes the live state in ST (cleared), when ST is D's guest. */
static void take_runtime(struct vk_dom *d, struct vk_qemu_status *st)
{
	if (!memcmp(st->live->uuid, d->uuid, VK_UUID_LEN)) {
		d->id = st->id;
		d->state = st->state;
		d->cpu_time = vk_proc_cputime(st->pid);
		d->memory = st->live->current_memory;
		d->live = st->live;
		st->live = NULL;
	}
	vk_qemu_status_clear(st);
}

/* The directories a listing looks at, read once. */
struct listing {
	char **configs, **running, **autostart;
	int nconfigs, nrunning, nautostart;
};

static void listing_read(struct vk_conn *c, struct listing *l)
{
	struct qemu_priv *p = c->priv;

	vk_store_names(&p->store, &l->configs, &l->nconfigs);
	vk_dir_names(c->paths.run, ".xml", &l->running, &l->nrunning);
	vk_autostart_names(c->paths.config, &l->autostart, &l->nautostart);
}

static void listing_clear(struct listing *l)
{
	vk_names_free(l->configs, l->nconfigs);
	vk_names_free(l->running, l->nrunning);
	vk_names_free(l->autostart, l->nautostart);
}

/* The persistent domain NAME: whole, or (BRIEF) without its def. */
static struct vk_dom *config_dom(struct vk_conn *c, const struct listing *l,
				 const char *name, bool brief)
{
	struct qemu_priv *p = c->priv;
	unsigned char uuid[VK_UUID_LEN];
	struct vk_domain_def *def = NULL;
	struct vk_qemu_status st;
	struct vk_dom *d;

	if (brief ? vk_store_peek_uuid(&p->store, name, uuid) < 0
		  : !(def = vk_store_get(&p->store, name)))
		return NULL;
	d = def ? vk_dom_new(def) : vk_dom_new_named(name, uuid);
	d->def = def;
	d->persistent = true;
	d->autostart = vk_names_has(l->autostart, l->nautostart, name);
	if (vk_names_has(l->running, l->nrunning, name) &&
	    read_live(c, name, &st) == 0)
		take_runtime(d, &st);
	return d;
}

/* The running domain NAME that has no config (transient), or NULL. */
static struct vk_dom *transient_dom(struct vk_conn *c, const char *name)
{
	struct vk_qemu_status st;
	struct vk_dom *d;

	if (read_live(c, name, &st) < 0)
		return NULL;
	d = vk_dom_new(st.live);
	take_runtime(d, &st);
	return d;
}

static void add(struct vk_dom ***doms, int *n, struct vk_dom *d)
{
	if (!d)
		return;
	*doms = vk_realloc(*doms, (size_t)(*n + 2) * sizeof(**doms));
	(*doms)[(*n)++] = d;
	(*doms)[*n] = NULL;
}

static int qemu_list(struct vk_conn *c, struct vk_dom ***doms, int *n,
		     unsigned flags)
{
	struct listing l;
	int i;

	listing_read(c, &l);
	*doms = vk_calloc(1, sizeof(**doms));
	*n = 0;
	for (i = 0; i < l.nconfigs; i++)
		add(doms, n, config_dom(c, &l, l.configs[i],
					flags & VK_LIST_BRIEF));
	for (i = 0; i < l.nrunning; i++)
		if (!vk_names_has(l.configs, l.nconfigs, l.running[i]))
			add(doms, n, transient_dom(c, l.running[i]));
	listing_clear(&l);
	vk_error_clear();
	return 0;
}

static struct vk_dom *qemu_lookup(struct vk_conn *c, const char *name)
{
	struct listing l = {0};
	struct vk_dom *d;

	if (vk_name_check("domain", name) < 0) {
		vk_error(VK_EXIT_NOT_FOUND, "domain '%s' not found", name);
		return NULL;
	}
	vk_autostart_names(c->paths.config, &l.autostart, &l.nautostart);
	l.running = (char *[]){(char *)name};
	l.nrunning = 1;
	d = config_dom(c, &l, name, false);
	vk_names_free(l.autostart, l.nautostart);
	/* A config that exists but does not load says why (exit 3, ...). */
	if (d || vk_error_code() != VK_EXIT_NOT_FOUND)
		return d;
	d = transient_dom(c, name);
	if (!d)
		vk_error(VK_EXIT_NOT_FOUND, "domain '%s' not found", name);
	return d;
}

/* vm-edit's guard against the stored config itself (a brief listing
 * holds no def). */
static int check_stored(struct qemu_priv *p, struct vk_dom *d,
			const char *expect)
{
	if (expect && d && !d->def) {
		d->def = vk_store_get(&p->store, d->name);
		vk_error_clear();
	}
	return vk_dom_check_expect(d, expect);
}

static int qemu_define(struct vk_conn *c, struct vk_domain_def *def,
		       const char *expect, struct vk_dom **out)
{
	struct qemu_priv *p = c->priv;
	struct vk_dom **doms = NULL;
	char *nvram_dir;
	int n = 0, lock, existing, rc = -1;

	/* firmware='efi': the loader and NVRAM chosen now are kept, as
	 * libvirt does; a choice that fails is left to vm-start to refuse. */
	nvram_dir = vk_qemu_nvram_dir(c->paths.config);
	if (vk_qemu_firmware_fill(&def->os, def->name, nvram_dir) < 0)
		vk_error_clear();
	free(nvram_dir);
	lock = vk_store_lock(&p->store);
	if (lock < 0)
		goto out;
	if (qemu_list(c, &doms, &n, VK_LIST_BRIEF) < 0 ||
	    vk_dom_check_identity(doms, n, def, def->uuid_generated,
				  &existing) < 0 ||
	    check_stored(p, existing >= 0 ? doms[existing] : NULL, expect) < 0 ||
	    vk_qemu_assign_addresses(def) < 0 ||
	    vk_store_save(&p->store, def) < 0)
		goto out;
	*out = vk_dom_new(def);
	(*out)->persistent = true;
	(*out)->def = def;
	def = NULL;
	rc = 0;
out:
	vk_unlock(lock);
	vk_dom_list_free(doms, n);
	vk_domain_free(def);
	return rc;
}

/* The NVRAM of DOM's config (vm-undefine --nvram): remove it, keep it
 * (KEEP_NVRAM), or refuse when neither flag is given. */
static int undefine_nvram(const struct vk_dom *dom, unsigned flags)
{
	char *nvram = dom->def ? vk_qemu_nvram_file(dom->def) : NULL;
	int rc = 0;

	if (!nvram || (flags & VK_UNDEFINE_KEEP_NVRAM))
		;
	else if (!(flags & VK_UNDEFINE_NVRAM))
		rc = vk_error(VK_EXIT_CONFLICT, "domain '%s' has an NVRAM file "
			      "(%s): give --nvram to remove it with the "
			      "domain, or --keep-nvram to keep it", dom->name,
			      nvram);
	else if (vk_file_remove(nvram) < 0)
		rc = vk_error_errno(VK_EXIT_FAILED, errno, "cannot remove %s",
				    nvram);
	free(nvram);
	return rc;
}

/* The TPM state of DOM's config (qemu_tpm.h), after the config went:
 * removed unless KEEP_TPM, or persistent_state='yes' without TPM.  A
 * running guest's swtpm keeps it until the next undefine. */
static int undefine_tpm(struct vk_conn *c, const struct vk_dom *dom,
			unsigned flags)
{
	const struct vk_tpm *t = dom->def ? vk_qemu_tpm_emulator(dom->def) :
				 NULL;

	if ((flags & VK_UNDEFINE_KEEP_TPM) || dom->id >= 0 || !dom->def ||
	    (t && t->persistent_state == 1 && !(flags & VK_UNDEFINE_TPM)))
		return 0;
	return vk_qemu_tpm_remove_state(c->paths.config, dom->def);
}

static int qemu_undefine(struct vk_conn *c, const struct vk_dom *dom,
			 unsigned flags)
{
	struct qemu_priv *p = c->priv;
	int lock, rc;

	if ((flags & VK_UNDEFINE_NVRAM) && (flags & VK_UNDEFINE_KEEP_NVRAM))
		return vk_error(VK_EXIT_USAGE, "--nvram and --keep-nvram "
				"exclude each other");
	if ((flags & VK_UNDEFINE_TPM) && (flags & VK_UNDEFINE_KEEP_TPM))
		return vk_error(VK_EXIT_USAGE, "--tpm and --keep-tpm exclude "
				"each other");
	lock = vk_store_lock(&p->store);
	if (lock < 0)
		return -1;
	/* The NVRAM first: a refusal leaves the config as it was. */
	rc = undefine_nvram(dom, flags);
	if (rc == 0)
		rc = vk_store_remove(&p->store, dom->name);
	if (rc == 0) {
		char *link = vk_autostart_path(c->paths.config, dom->name);

		rc = vk_file_remove(link);
		free(link);
	}
	if (rc == 0)
		rc = undefine_tpm(c, dom, flags);
	vk_unlock(lock);
	return rc;
}

static int qemu_set_autostart(struct vk_conn *c, const struct vk_dom *dom,
			      bool on)
{
	if (!dom->persistent)
		return vk_dom_conflict(dom, "transient: autostart needs a "
					    "persistent domain");
	return vk_autostart_set(c->paths.config, dom->name, on);
}

const struct vk_driver vk_qemu_driver = {
	.name = "qemu",
	.open = qemu_open,
	.close = qemu_close,
	.list = qemu_list,
	.lookup = qemu_lookup,
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
