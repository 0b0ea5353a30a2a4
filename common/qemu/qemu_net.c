/* vm-start's side of a guest's interfaces (see qemu_net.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "network/bridge.h"
#include "network/network.h"
#include "network/tap.h"
#include "qemu_command.h"
#include "qemu_net.h"
#include "util/error.h"
#include "util/file.h"
#include "util/lock.h"
#include "util/mac.h"
#include "util/proc.h"

/* "interface MAC": how errors name an interface. */
static const char *who(const struct vk_net *n)
{
	static char buf[sizeof("interface ") + VK_MAC_STRLEN];

	strcpy(buf, "interface ");
	vk_mac_format(n->mac, buf + strlen(buf));
	return buf;
}

/* The script of an ethernet interface: its <script>, else qemu-ifup
 * under $VIRTKIT_ROOT/etc (caller frees). */
static char *script_path(const struct vk_net *n, bool *dflt)
{
	const char *root = getenv("VIRTKIT_ROOT");

	*dflt = !n->script;
	if (n->script)
		return vk_strdup(n->script);
	return vk_asprintf("%s/etc/qemu-ifup", root ? root : "");
}

static int check_bridge(const struct vk_net *n, const char *br)
{
	char *path = vk_asprintf("/sys/class/net/%s/bridge", br);
	struct stat st;
	int rc = 0;

	if (!vk_if_exists(br))
		rc = vk_error(VK_EXIT_NOT_FOUND, "%s: bridge '%s' not found",
			      who(n), br);
	else if (stat(path, &st) < 0)
		rc = vk_error(VK_EXIT_FAILED, "%s: host interface '%s' is no "
			      "bridge", who(n), br);
	free(path);
	return rc;
}

static int check_one(const struct vk_conn *c, const struct vk_net *n,
		     char **bridge, bool *unmanaged)
{
	bool dflt;
	char *s;

	if (c->session)
		return vk_error(VK_EXIT_FAILED, "%s: type '%s' needs "
				"qemu:///system (host devices need root); "
				"session guests use <interface type='user'>",
				who(n), vk_net_type_names[n->type]);
	switch (n->type) {
	case VK_NET_NETWORK:
		*bridge = vk_network_lookup_active(c, n->source);
		if (!*bridge) {
			vk_error_prefix("%s", who(n));
			return -1;
		}
		*unmanaged = vk_network_unmanaged(c, n->source);
		return 0;
	case VK_NET_BRIDGE:
		*bridge = vk_strdup(n->source);
		return check_bridge(n, n->source);
	case VK_NET_DIRECT:
		if (!vk_if_exists(n->source))
			return vk_error(VK_EXIT_NOT_FOUND, "%s: host interface "
					"'%s' not found", who(n), n->source);
		return 0;
	case VK_NET_ETHERNET:
		s = script_path(n, &dflt);
		/* Run by root without a shell: never looked up in PATH or
		 * relative to wherever vm-start runs. */
		if (!dflt && s[0] != '/') {
			vk_error(VK_EXIT_DOCUMENT, "%s: script '%s' is not an "
				 "absolute path", who(n), s);
			free(s);
			return -1;
		}
		if (!dflt && access(s, X_OK) < 0) {
			vk_error_errno(errno == ENOENT ? VK_EXIT_NOT_FOUND
						       : VK_EXIT_FAILED, errno,
				       "%s: script %s", who(n), s);
			free(s);
			return -1;
		}
		free(s);
		return 0;
	}
	return 0;
}

int vk_qemu_nets_check(const struct vk_conn *c,
		       const struct vk_domain_def *live,
		       struct vk_qemu_nets *nets)
{
	int i, j;

	memset(nets, 0, sizeof(*nets));
	nets->n = live->nnets;
	nets->bridges = vk_calloc((size_t)live->nnets + 1,
				  sizeof(*nets->bridges));
	nets->unmanaged = vk_calloc((size_t)live->nnets + 1,
				    sizeof(*nets->unmanaged));
	nets->fds = vk_calloc((size_t)live->nnets + 1, sizeof(*nets->fds));
	nets->macs = vk_calloc((size_t)live->nnets + 1, sizeof(*nets->macs));
	for (i = 0; i < live->nnets; i++) {
		const struct vk_net *n = &live->nets[i];

		nets->fds[i] = -1;
		for (j = 0; j < i; j++)
			if (!memcmp(live->nets[j].mac, n->mac, 6))
				return vk_error(VK_EXIT_DOCUMENT, "%s: two "
						"interfaces have this MAC "
						"address", who(n));
		if (vk_qemu_net_is_tap(n) &&
		    check_one(c, n, &nets->bridges[i],
			      &nets->unmanaged[i]) < 0)
			return -1;
	}
	return 0;
}

/* The MAC as a number: the byte locked in RUN/.macs. */
static unsigned long long mac_offset(const unsigned char mac[6])
{
	unsigned long long v = 0;
	int i;

	for (i = 0; i < 6; i++)
		v = v << 8 | mac[i];
	return v;
}

void vk_qemu_nets_locks(const struct vk_conn *c,
			const struct vk_domain_def *live,
			struct vk_argv *locks)
{
	char *path = vk_asprintf("%s/.macs", c->paths.run);
	char mac[VK_MAC_STRLEN + 1];
	int i, fd;

	if (live->nnets) {
		fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
		if (fd >= 0)
			close(fd);
	}
	for (i = 0; i < live->nnets; i++) {
		vk_mac_format(live->nets[i].mac, mac);
		vk_argv_addf(locks, "MAC address %s", mac);
		vk_argv_addf(locks, "%llu", mac_offset(live->nets[i].mac));
		vk_argv_add(locks, path);
	}
	free(path);
}

/* ---- making the devices ---- */

/* Run the ethernet interface's script with the tap's name. */
static int run_script(const struct vk_net *n, const char *tap)
{
	bool dflt;
	char *s = script_path(n, &dflt);
	const char *argv[] = {s, tap, NULL};
	int rc = 0;

	/* No <script> and no default one: the tap stays up, as it is. */
	if (!dflt || access(s, F_OK) == 0) {
		rc = vk_run(argv, NULL, NULL);
		if (rc < 0)
			vk_error_prefix("script for tap '%s'", tap);
	}
	free(s);
	return rc;
}

/* A tap for N (on BRIDGE when not NULL), up, its name in N's target. */
static int make_tap(struct vk_net *n, const char *bridge, bool unmanaged,
		    int *fd)
{
	unsigned char host[6];
	char *made = NULL;
	bool virtio = n->model && !strcmp(n->model, "virtio");

	*fd = vk_tap_open(n->target ? n->target : "vnet%d", virtio, &made);
	if (*fd < 0)
		goto fail;
	free(n->target);
	n->target = made;
	/* The host side's MAC: the guest's with 0xfe first, never the
	 * lowest of a bridge's ports. */
	memcpy(host, n->mac, 6);
	host[0] = 0xfe;
	if (vk_if_set_mac(made, host) < 0 ||
	    (bridge && vk_bridge_add_port(bridge, made) < 0) ||
	    (unmanaged && vk_bridge_port_unmanaged(made, n->mac) < 0) ||
	    vk_if_set_up(made, true) < 0 ||
	    (n->type == VK_NET_ETHERNET && run_script(n, made) < 0))
		goto fail;
	return 0;
fail:
	vk_error_prefix("%s", who(n));
	return -1;
}

static int make_macvtap(struct vk_net *n, const char *dir, int *fd,
			struct vk_qemu_nets *nets)
{
	char *made;

	if (vk_macvtap_create(n->source, n->target, n->mode, n->mac,
			      &made) < 0) {
		vk_error_prefix("%s", who(n));
		return -1;
	}
	memcpy(nets->macs[nets->macvtaps.n], n->mac, 6);
	vk_argv_add(&nets->macvtaps, made);
	free(n->target);
	n->target = made;
	*fd = vk_macvtap_open(made, dir);
	if (*fd < 0) {
		vk_error_prefix("%s", who(n));
		return -1;
	}
	return 0;
}

int vk_qemu_nets_prepare(struct vk_domain_def *live, const char *dir,
			 struct vk_qemu_nets *nets)
{
	int i, rc;

	for (i = 0; i < live->nnets; i++) {
		struct vk_net *n = &live->nets[i];
		int *fd = &nets->fds[nets->nfds];

		if (!vk_qemu_net_is_tap(n))
			continue;
		nets->nfds++;
		rc = n->type == VK_NET_DIRECT
			     ? make_macvtap(n, dir, fd, nets)
			     : make_tap(n, nets->bridges[i],
						nets->unmanaged[i], fd);
		if (rc < 0) {
			vk_qemu_nets_release(nets, true);
			return -1;
		}
	}
	return 0;
}

void vk_qemu_nets_links(const struct vk_domain_def *def,
			struct vk_sup_conf *sc)
{
	char id[128];
	int i;

	for (i = 0; i < def->nnets; i++) {
		if (def->nets[i].o.link != 0)
			continue;
		vk_qemu_net_id(&def->nets[i], i, id, sizeof(id));
		vk_argv_add(&sc->linkdown, id);
	}
}

void vk_qemu_nets_pass(const struct vk_qemu_nets *nets,
		       struct vk_sup_conf *sc)
{
	int k;

	for (k = 0; k < nets->nfds; k++)
		vk_argv_addf(&sc->netfds, "%d %d", nets->fds[k],
			     VK_QEMU_NET_FD0 + k);
	for (k = 0; k < nets->macvtaps.n; k++)
		vk_argv_add(&sc->macvtaps, nets->macvtaps.v[k]);
}

void vk_qemu_nets_release(struct vk_qemu_nets *nets, bool undo)
{
	int i, code = vk_error_code();
	char *msg = code ? vk_strdup(vk_error_message()) : NULL;

	for (i = 0; i < nets->nfds; i++)
		if (nets->fds[i] >= 0)
			close(nets->fds[i]);
	/* With the MAC: once the supervisor deleted one, its name may
	 * be another guest's new link. */
	for (i = 0; undo && i < nets->macvtaps.n; i++)
		vk_macvtap_delete(nets->macvtaps.v[i], nets->macs[i]);
	/* The error that made us undo is the one to report. */
	if (msg)
		vk_error(code, "%s", msg);
	free(msg);
	for (i = 0; nets->bridges && i < nets->n; i++)
		free(nets->bridges[i]);
	free(nets->bridges);
	free(nets->unmanaged);
	free(nets->fds);
	free(nets->macs);
	vk_argv_free(&nets->macvtaps);
	memset(nets, 0, sizeof(*nets));
}

/* ---- left-overs of killed supervisors ---- */

bool vk_qemu_nets_direct(const struct vk_domain_def *def)
{
	int i;

	for (i = 0; i < def->nnets; i++)
		if (def->nets[i].type == VK_NET_DIRECT)
			return true;
	return false;
}

/* Delete the macvtap links of the stale record at P. */
static void sweep_one(const struct vk_qemu_paths *p)
{
	struct vk_qemu_status st;
	int i;

	if (vk_qemu_status_read(p->status, &st) == 0 &&
	    !vk_proc_is(st.sup, st.sup_start) &&
	    !vk_proc_is(st.pid, st.pid_start))
		for (i = 0; i < st.live->nnets; i++)
			if (st.live->nets[i].type == VK_NET_DIRECT &&
			    st.live->nets[i].target)
				vk_macvtap_delete(st.live->nets[i].target,
						  st.live->nets[i].mac);
	vk_qemu_status_clear(&st);
}

void vk_qemu_nets_sweep(const struct vk_conn *c,
			const struct vk_qemu_paths *p, bool all)
{
	char **names;
	int i, n;

	sweep_one(p);
	vk_dir_names(c->paths.run, ".xml", &names, &n);
	for (i = 0; all && i < n; i++) {
		struct vk_qemu_paths o;
		int lock;

		vk_qemu_paths_init(&o, c, names[i]);
		if (strcmp(o.status, p->status) &&
		    (lock = vk_lock(o.lock, VK_LOCK_TRY, "domain")) >= 0) {
			sweep_one(&o);
			vk_unlock(lock);
		}
		vk_qemu_paths_clear(&o);
	}
	vk_names_free(names, n);
	vk_error_clear();
}
