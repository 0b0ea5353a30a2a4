/* Virtual networks: store, runtime records, listing, define/undefine,
 * autostart.  Start and stop are in net_start.c. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "network.h"
#include "network_priv.h"
#include "bridge.h"
#include "util/autostart.h"
#include "util/error.h"
#include "util/file.h"
#include "util/inet.h"
#include "util/mac.h"
#include "util/lock.h"
#include "util/name.h"
#include "util/proc.h"
#include "util/uuid.h"

const char *vk_net_state_name(int state)
{
	static const char *const names[] = {"inactive", "active", "degraded"};

	return state >= 0 && state <= VK_NET_DEGRADED ? names[state] : "?";
}

int vk_net_open(struct vk_netconn *nc, const struct vk_conn *c)
{
	memset(nc, 0, sizeof(*nc));
	nc->fake = !strcmp(c->drv->name, "test");
	nc->session = c->session;
	if (vk_paths_init(&nc->paths, nc->fake ? "test-network" : "network",
			  nc->session) < 0)
		return -1;
	vk_store_init(&nc->store, nc->paths.config, nc->paths.run);
	return 0;
}

void vk_net_close(struct vk_netconn *nc)
{
	vk_store_clear(&nc->store);
	vk_paths_clear(&nc->paths);
}

char *vk_net_path(const struct vk_netconn *nc, bool run, const char *name,
		  const char *suffix)
{
	return vk_asprintf("%s/%s%s", run ? nc->paths.run : nc->paths.config,
			   name, suffix);
}

struct vk_network_def *vk_net_config(struct vk_netconn *nc,
				     const char *name)
{
	char *path = vk_net_path(nc, false, name, ".xml");
	struct vk_network_def *def;

	def = vk_network_parse_file(path, VK_NET_PARSE_NO_SCHEMA);
	if (def && strcmp(def->name, name)) {
		vk_error(VK_EXIT_FAILED, "%s holds network '%s'", path,
			 def->name);
		vk_network_free(def);
		def = NULL;
	}
	free(path);
	return def;
}

static int save_config(struct vk_netconn *nc,
		       const struct vk_network_def *def)
{
	char *path = vk_net_path(nc, false, def->name, ".xml");
	char *xml = vk_network_format(def);
	int rc = vk_file_replace(path, xml, strlen(xml), 0600);

	free(xml);
	free(path);
	return rc;
}

int vk_net_record_read(struct vk_netconn *nc, const char *name,
		       struct vk_net_status *st)
{
	char *path = vk_net_path(nc, true, name, ".xml");
	int rc;

	if (access(path, F_OK) < 0) {
		memset(st, 0, sizeof(*st));
		rc = vk_error(VK_EXIT_NOT_FOUND, "network '%s' is not active",
			      name);
	} else {
		rc = vk_net_status_read(path, st);
	}
	free(path);
	return rc;
}

/* The bridge the guests of the active network ST join: the one
 * net-start made, or the host's (forward mode='bridge'). */
static const char *guest_bridge(const struct vk_net_status *st)
{
	if (st->bridge)
		return st->bridge;
	if (st->def && st->def->forward == VK_NET_FWD_BRIDGE)
		return st->def->bridge;
	return NULL;
}

/* What is wrong with the active network ST, or NULL. */
static char *problem(const struct vk_net_status *st)
{
	const char *br = guest_bridge(st);

	if (!st->complete)
		return vk_strdup("net-start did not finish");
	if (br && !vk_if_exists(br))
		return vk_asprintf("bridge '%s' is gone", br);
	if (st->dnsmasq_pid && !vk_proc_is(st->dnsmasq_pid, st->dnsmasq_start))
		return vk_asprintf("dnsmasq (pid %d) is not running",
				   (int)st->dnsmasq_pid);
	return NULL;
}

void vk_net_free(struct vk_network *net)
{
	if (!net)
		return;
	free(net->name);
	free(net->problem);
	vk_network_free(net->def);
	vk_net_status_clear(&net->status);
	free(net);
}

/* NAME as it is now: its config and its record; NULL (NOT_FOUND) when
 * it has neither. */
static struct vk_network *load(struct vk_netconn *nc, const char *name)
{
	struct vk_network *net = vk_calloc(1, sizeof(*net));
	char *cfg = vk_net_path(nc, false, name, ".xml");
	char *link = vk_autostart_path(nc->paths.config, name);
	bool has_cfg = access(cfg, F_OK) == 0;

	free(cfg);
	net->name = vk_strdup(name);
	if (has_cfg && !(net->def = vk_net_config(nc, name)))
		goto fail;
	if (vk_net_record_read(nc, name, &net->status) < 0) {
		if (vk_error_code() != VK_EXIT_NOT_FOUND)
			goto fail;
		vk_error_clear();
	}
	if (!net->def && !net->status.def) {
		vk_error(VK_EXIT_NOT_FOUND, "network '%s' not found", name);
		goto fail;
	}
	net->persistent = net->def != NULL;
	net->autostart = net->persistent && access(link, F_OK) == 0;
	memcpy(net->uuid, vk_net_def(net)->uuid, 16);
	if (net->status.def) {
		net->problem = problem(&net->status);
		net->state = net->problem ? VK_NET_DEGRADED : VK_NET_ACTIVE;
	}
	free(link);
	return net;
fail:
	free(link);
	vk_net_free(net);
	return NULL;
}

const struct vk_network_def *vk_net_def(const struct vk_network *net)
{
	return net->status.def ? net->status.def : net->def;
}

/* The names with a config or a record, sorted, no duplicates. */
static void all_names(struct vk_netconn *nc, char ***names, int *n)
{
	char **run;
	int nrun, i;

	vk_store_names(&nc->store, names, n);
	vk_dir_names(nc->paths.run, ".xml", &run, &nrun);
	for (i = 0; i < nrun; i++) {
		if (vk_names_has(*names, *n, run[i]))
			continue;
		*names = vk_realloc(*names, sizeof(char *) * (size_t)(*n + 1));
		(*names)[(*n)++] = vk_strdup(run[i]);
	}
	vk_names_free(run, nrun);
	if (*n > 1)
		qsort(*names, (size_t)*n, sizeof(char *), vk_names_cmp);
}

int vk_names_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int vk_net_list(struct vk_netconn *nc, struct vk_network ***nets, int *n)
{
	char **names;
	int count, i, rc = 0;

	*nets = NULL;
	*n = 0;
	all_names(nc, &names, &count);
	for (i = 0; i < count; i++) {
		struct vk_network *net = load(nc, names[i]);

		if (!net) {
			/* Removed meanwhile: not an error for a listing. */
			if (vk_error_code() == VK_EXIT_NOT_FOUND) {
				vk_error_clear();
				continue;
			}
			rc = -1;
			break;
		}
		*nets = vk_realloc(*nets, sizeof(**nets) * (size_t)(*n + 1));
		(*nets)[(*n)++] = net;
	}
	vk_names_free(names, count);
	if (rc < 0) {
		vk_net_list_free(*nets, *n);
		*nets = NULL;
		*n = 0;
	}
	return rc;
}

void vk_net_list_free(struct vk_network **nets, int n)
{
	int i;

	for (i = 0; i < n; i++)
		vk_net_free(nets[i]);
	free(nets);
}

struct vk_network *vk_net_lookup(struct vk_netconn *nc, const char *ident)
{
	unsigned char uuid[16];
	struct vk_network **nets, *found = NULL;
	int n, i;

	if (vk_name_check("network", ident) == 0) {
		found = load(nc, ident);
		if (found || vk_error_code() != VK_EXIT_NOT_FOUND)
			return found;
	}
	if (vk_uuid_parse(ident, uuid) == 0 &&
	    vk_net_list(nc, &nets, &n) == 0) {
		for (i = 0; i < n && !found; i++)
			if (!memcmp(nets[i]->uuid, uuid, 16)) {
				found = nets[i];
				nets[i] = NULL;
			}
		vk_net_list_free(nets, n);
	}
	if (!found)
		vk_error(VK_EXIT_NOT_FOUND, "network '%s' not found", ident);
	return found;
}

int vk_net_lock(struct vk_netconn *nc)
{
	return vk_store_lock(&nc->store);
}

/* ---- define ---- */

void vk_net_cidr(const struct vk_net_ip *ip, char *out)
{
	vk_inet_cidr(&ip->addr, ip->prefix, out);
}

/* The first <ip> of A whose network overlaps one of B's, or NULL; *BIP
 * is B's. */
static const struct vk_net_ip *overlaps(const struct vk_network_def *a,
					const struct vk_network_def *b,
					const struct vk_net_ip **bip)
{
	int i, j;

	for (i = 0; i < a->nips; i++)
		for (j = 0; j < b->nips; j++) {
			const struct vk_net_ip *x = &a->ips[i];
			const struct vk_net_ip *y = &b->ips[j];

			*bip = y;
			if (vk_inet_same_net(&x->addr, &y->addr,
					     x->prefix < y->prefix ?
					     x->prefix : y->prefix))
				return x;
		}
	return NULL;
}

/* DEF against the other network O (another name). */
static int check_other(const struct vk_network_def *def,
		       const struct vk_network_def *o)
{
	char uuid[VK_UUID_STRLEN + 1], mine[VK_INET_CIDR_STRLEN + 1];
	char theirs[VK_INET_CIDR_STRLEN + 1];
	const struct vk_net_ip *ip, *oip;

	if (!memcmp(def->uuid, o->uuid, 16)) {
		vk_uuid_format(def->uuid, uuid);
		return vk_error(VK_EXIT_CONFLICT, "uuid %s is taken by network "
				"'%s'", uuid, o->name);
	}
	if (def->bridge && o->bridge && !strcmp(def->bridge, o->bridge))
		return vk_error(VK_EXIT_CONFLICT, "bridge '%s' is taken by "
				"network '%s'", def->bridge, o->name);
	ip = overlaps(def, o, &oip);
	if (ip) {
		vk_net_cidr(ip, mine);
		vk_net_cidr(oip, theirs);
		return vk_error(VK_EXIT_CONFLICT, "address range %s overlaps "
				"network '%s' (%s)", mine, o->name, theirs);
	}
	return 0;
}

/* DEF against the network of the same name, OLD. */
static int check_same(struct vk_network_def *def,
		      const struct vk_network_def *old)
{
	char uuid[VK_UUID_STRLEN + 1];

	if (def->uuid_generated)
		memcpy(def->uuid, old->uuid, 16);
	else if (memcmp(def->uuid, old->uuid, 16)) {
		vk_uuid_format(old->uuid, uuid);
		return vk_error(VK_EXIT_CONFLICT, "network '%s' already exists "
				"with uuid %s", def->name, uuid);
	}
	if (!def->bridge && old->bridge)
		def->bridge = vk_strdup(old->bridge);
	if (!def->has_mac && old->has_mac) {
		memcpy(def->mac, old->mac, 6);
		def->has_mac = true;
	}
	return 0;
}

/* The first vkbrN that no network in NETS uses and the host lacks. */
static char *free_bridge(struct vk_network **nets, int n)
{
	int i, k;

	for (k = 0;; k++) {
		char *name = vk_asprintf(VK_NET_BRIDGE_PREFIX "%d", k);
		bool used = vk_if_exists(name);

		for (i = 0; i < n && !used; i++) {
			const struct vk_network_def *d = vk_net_def(nets[i]);

			used = (d->bridge && !strcmp(d->bridge, name)) ||
			       (nets[i]->def && nets[i]->def->bridge &&
				!strcmp(nets[i]->def->bridge, name));
		}
		if (!used)
			return name;
		free(name);
	}
}

int vk_net_check_new(struct vk_netconn *nc, struct vk_network_def *def,
		     bool create)
{
	struct vk_network **nets;
	int n, i, rc = 0;

	if (vk_net_list(nc, &nets, &n) < 0)
		return -1;
	for (i = 0; i < n && rc == 0; i++)
		if (!strcmp(nets[i]->name, def->name))
			rc = create ? vk_error(VK_EXIT_CONFLICT, "network '%s' "
					       "already exists", def->name) :
			     check_same(def, vk_net_def(nets[i]));
	if (rc == 0 && !def->bridge && vk_network_own_bridge(def))
		def->bridge = free_bridge(nets, n);
	/* A fixed MAC keeps the bridge's address from changing as guest
	 * taps come and go (it would take the lowest of theirs). */
	if (rc == 0 && !def->has_mac && vk_network_own_bridge(def)) {
		rc = vk_mac_generate(VK_MAC_PREFIX_QEMU, def->mac);
		def->has_mac = rc == 0;
	}
	for (i = 0; i < n && rc == 0; i++) {
		if (strcmp(nets[i]->name, def->name) == 0)
			continue;
		rc = check_other(def, vk_net_def(nets[i]));
		if (rc == 0 && nets[i]->status.def && nets[i]->def)
			rc = check_other(def, nets[i]->def);
	}
	vk_net_list_free(nets, n);
	return rc;
}

struct vk_network *vk_net_define(struct vk_netconn *nc,
			     struct vk_network_def *def)
{
	struct vk_network *net = NULL;
	int lock = vk_net_lock(nc);

	if (lock >= 0 && vk_net_check_new(nc, def, false) == 0 &&
	    save_config(nc, def) == 0)
		net = load(nc, def->name);
	vk_unlock(lock);
	vk_network_free(def);
	return net;
}

int vk_net_undefine(struct vk_netconn *nc, const struct vk_network *net)
{
	char *link = vk_autostart_path(nc->paths.config, net->name);
	char *path = vk_net_path(nc, false, net->name, ".xml");
	int lock = vk_net_lock(nc), rc = -1;

	if (lock < 0)
		goto out;
	if (access(path, F_OK) < 0) {
		vk_error(VK_EXIT_CONFLICT, "network '%s' has no persistent "
			 "config", net->name);
		goto out;
	}
	if (vk_file_remove(link) == 0)
		rc = vk_file_remove(path);
out:
	vk_unlock(lock);
	free(link);
	free(path);
	return rc;
}

int vk_net_set_autostart(struct vk_netconn *nc,
			 const struct vk_network *net, bool on)
{
	char *path = vk_net_path(nc, false, net->name, ".xml");
	int lock = vk_net_lock(nc), rc = -1;

	/* Under the lock, the config checked again: a net-undefine
	 * meanwhile would leave a mark that a later network of the same
	 * name inherits. */
	if (lock < 0)
		goto out;
	if (!net->persistent || access(path, F_OK) < 0)
		vk_error(VK_EXIT_CONFLICT, "network '%s' has no persistent "
			 "config: autostart needs one", net->name);
	else
		rc = vk_autostart_set(nc->paths.config, net->name, on);
out:
	vk_unlock(lock);
	free(path);
	return rc;
}

char *vk_network_lookup_active(const struct vk_conn *c, const char *name)
{
	struct vk_netconn nc;
	struct vk_network *net;
	char *bridge = NULL;

	if (c->session) {
		vk_error(VK_EXIT_FAILED, "network '%s' cannot be used in "
			 "session mode: networks need root; session guests "
			 "use <interface type='user'>", name);
		return NULL;
	}
	if (vk_net_open(&nc, c) < 0)
		return NULL;
	net = vk_net_lookup(&nc, name);
	if (net && net->state == VK_NET_INACTIVE)
		vk_error(VK_EXIT_CONFLICT, "network '%s' is not active",
			 net->name);
	else if (net && (!guest_bridge(&net->status) ||
			 !vk_if_exists(guest_bridge(&net->status))))
		vk_error(VK_EXIT_CONFLICT, "network '%s' is degraded: %s",
			 net->name, net->problem);
	else if (net)
		bridge = vk_strdup(guest_bridge(&net->status));
	vk_net_free(net);
	vk_net_close(&nc);
	return bridge;
}

bool vk_network_unmanaged(const struct vk_conn *c, const char *name)
{
	struct vk_netconn nc;
	struct vk_network *net;
	bool yes;

	if (c->session || vk_net_open(&nc, c) < 0)
		return false;
	net = vk_net_lookup(&nc, name);
	yes = net && net->status.def && net->status.def->mac_table == 1;
	vk_net_free(net);
	vk_net_close(&nc);
	vk_error_clear();
	return yes;
}
