/* net-start and net-stop: make a network's bridge, address, dnsmasq,
 * firewall rules and IP forwarding, recording each as it is made, and
 * remove exactly what the record says. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <stdio.h>
#include <unistd.h>

#include "network_priv.h"
#include "bridge.h"
#include "dnsmasq.h"
#include "util/error.h"
#include "util/file.h"
#include "util/inet.h"
#include "util/lock.h"
#include "util/proc.h"

/* The forwarding switches of IPv4 and IPv6 (V6). */
static const char *fwd_path(bool v6)
{
	return v6 ? "/proc/sys/net/ipv6/conf/all/forwarding" :
		    "/proc/sys/net/ipv4/ip_forward";
}

static int read_ip_forward(bool v6, int *on)
{
	char *s = vk_file_read(fwd_path(v6), 16, NULL);

	if (!s)
		return -1;
	*on = s[0] != '0';
	free(s);
	return 0;
}

static int write_ip_forward(bool v6, int on)
{
	int fd = open(fwd_path(v6), O_WRONLY | O_CLOEXEC), rc = 0;

	if (fd < 0 || vk_write_all(fd, on ? "1\n" : "0\n", 2) < 0)
		rc = vk_error_errno(VK_EXIT_FAILED, errno, "cannot %s IPv%d "
				    "forwarding (%s)", on ? "enable" :
				    "disable", v6 ? 6 : 4, fwd_path(v6));
	if (fd >= 0)
		close(fd);
	return rc;
}

/* Whether DEF needs the forwarding of IPv4, or of IPv6 (V6). */
static bool needs_forward(const struct vk_network_def *def, bool v6)
{
	return vk_network_forwards(def) &&
	       (!v6 || vk_network_ip(def, AF_INET6));
}

static void files_of(struct vk_netconn *nc, const char *name,
		     struct vk_dnsmasq_files *f)
{
	vk_dnsmasq_files_init(f, nc->paths.run, nc->paths.config, name);
}

/* Another active network that forwards (IPv6 when V6) takes over the
 * duty of turning forwarding off again; 1 when one did, 0 when none, -1
 * on error. */
static int hand_over_forward(struct vk_netconn *nc, const char *name,
			     bool v6)
{
	char **names;
	int n, i, rc = 0;

	vk_dir_names(nc->paths.run, ".xml", &names, &n);
	for (i = 0; i < n && rc == 0; i++) {
		struct vk_net_status st;
		char *path;

		if (!strcmp(names[i], name) ||
		    vk_net_record_read(nc, names[i], &st) < 0)
			continue;
		if (needs_forward(st.def, v6)) {
			if (v6)
				st.ip6_forward_set = true;
			else
				st.ip_forward_set = true;
			path = vk_net_path(nc, true, names[i], ".xml");
			rc = vk_net_status_write(path, &st) < 0 ? -1 : 1;
			free(path);
		}
		vk_net_status_clear(&st);
	}
	vk_names_free(names, n);
	vk_error_clear();
	return rc;
}

/* Turn forwarding (IPv6 when V6) off again if ST turned it on and no
 * other network needs it; *SET cleared once done.  0 or -1. */
static int give_back_forward(struct vk_netconn *nc,
			     const struct vk_net_status *st, bool v6,
			     bool *set)
{
	int h;

	if (!*set)
		return 0;
	h = hand_over_forward(nc, st->def->name, v6);
	if (h < 0 || (h == 0 && write_ip_forward(v6, 0) < 0))
		return -1;
	*set = false;
	return 0;
}

/* Turn forwarding (IPv6 when V6) on when DEF needs it; *SET tells that
 * it was off.  0 or -1. */
static int take_forward(const struct vk_network_def *def, bool v6,
			bool *set)
{
	int on;

	if (!needs_forward(def, v6))
		return 0;
	if (read_ip_forward(v6, &on) < 0 || (!on &&
					    write_ip_forward(v6, 1) < 0))
		return -1;
	*set = !on;
	return 0;
}

/* Undo what ST records, last made first; each part is cleared from ST
 * once it is gone.  0, or -1 with the first failure recorded (ST then
 * holds what is left). */
static int teardown(struct vk_netconn *nc, struct vk_net_status *st)
{
	struct vk_dnsmasq_files f;
	char *first = NULL;
	int code = 0;

#define KEEP_ERROR() do { if (!first) { first = \
	vk_strdup(vk_error_message()); code = vk_error_code(); } } while (0)
	if (give_back_forward(nc, st, false, &st->ip_forward_set) < 0)
		KEEP_ERROR();
	if (give_back_forward(nc, st, true, &st->ip6_forward_set) < 0)
		KEEP_ERROR();
	if (st->fw.backend && vk_fw_remove(&st->fw) < 0)
		KEEP_ERROR();
	if (st->dnsmasq_pid) {
		files_of(nc, st->def->name, &f);
		if (vk_dnsmasq_stop(st->dnsmasq_pid, st->dnsmasq_start, &f) < 0)
			KEEP_ERROR();
		else
			st->dnsmasq_pid = 0;
		vk_dnsmasq_files_clear(&f);
	}
	if (st->bridge && vk_if_exists(st->bridge) &&
	    vk_bridge_delete(st->bridge) < 0) {
		KEEP_ERROR();
	} else {
		free(st->bridge);
		st->bridge = NULL;
	}
#undef KEEP_ERROR
	if (!first)
		return 0;
	vk_error(code, "%s", first);
	free(first);
	return -1;
}

/* Nothing on the host may be in the way of DEF. */
static int check_host(const struct vk_network_def *def)
{
	const struct vk_net_ip *ip = vk_network_ip(def, AF_INET);
	char cidr[VK_INET_CIDR_STRLEN + 1], a[VK_IPV4_STRLEN + 1], *who = NULL;
	uint32_t addr;
	int found;

	if (vk_if_exists(def->bridge))
		return vk_error(VK_EXIT_CONFLICT, "an interface named '%s' "
				"already exists", def->bridge);
	if (def->forward_dev && !vk_if_exists(def->forward_dev))
		return vk_error(VK_EXIT_FAILED, "forward device '%s' does "
				"not exist", def->forward_dev);
	if (!ip)
		return 0;
	found = vk_if_find_ipv4(vk_network_base(ip), ip->prefix, NULL,
				&who, &addr);
	if (found <= 0)
		return found;
	vk_net_cidr(ip, cidr);
	vk_ipv4_format(addr, a);
	vk_error(VK_EXIT_CONFLICT, "%s clashes with address %s on interface "
		 "'%s'", cidr, a, who);
	free(who);
	return -1;
}

/* Static routes through guests of the network (they go with the
 * bridge). */
static int add_routes(const struct vk_network_def *def)
{
	char net[VK_INET_CIDR_STRLEN + 1], gw[VK_INET_STRLEN + 1];
	char metric[16];
	int i;

	for (i = 0; i < def->nroutes; i++) {
		const struct vk_net_route *r = &def->routes[i];
		const char *argv[] = {"ip", "route", "add", net, "via", gw,
				      "dev", def->bridge, NULL, NULL, NULL};

		vk_inet_cidr(&r->addr, r->prefix, net);
		vk_inet_format(&r->gateway, gw);
		if (r->has_metric) {
			snprintf(metric, sizeof(metric), "%u", r->metric);
			argv[8] = "metric";
			argv[9] = metric;
		}
		if (vk_run(argv, NULL, NULL) < 0) {
			vk_error_prefix("cannot add the route to %s via %s",
					net, gw);
			return -1;
		}
	}
	return 0;
}

static int make_bridge(const struct vk_network_def *def,
		       struct vk_net_status *st)
{
	const struct vk_net_ip *ip = vk_network_ip(def, AF_INET);
	bool v6 = vk_network_ip(def, AF_INET6) || def->ipv6 == 1;
	int i;

	if (vk_bridge_create(def->bridge) < 0)
		return -1;
	st->bridge = vk_strdup(def->bridge);
	if (vk_bridge_set_stp(def->bridge, def->stp, def->delay) < 0 ||
	    (def->has_mac && vk_if_set_mac(def->bridge, def->mac) < 0) ||
	    (def->mtu && vk_if_set_mtu(def->bridge, def->mtu) < 0) ||
	    (ip && vk_if_set_ipv4(def->bridge, ip->addr.v4, ip->prefix) < 0) ||
	    vk_if_ipv6_router(def->bridge, v6) < 0)
		return -1;
	for (i = 0; i < def->nips; i++)
		if (def->ips[i].family == AF_INET6 &&
		    vk_if_add_ipv6(def->bridge, def->ips[i].addr.v6,
				   def->ips[i].prefix) < 0)
			return -1;
	if (vk_if_set_up(def->bridge, true) < 0)
		return -1;
	return add_routes(def);
}

/* forward mode='bridge': the host's bridge must be there; virtkit makes
 * nothing (guests' taps join it). */
static int use_host_bridge(const struct vk_network_def *def,
			   struct vk_net_status *st, const char *path)
{
	if (!vk_if_exists(def->bridge))
		return vk_error(VK_EXIT_NOT_FOUND, "host bridge '%s' does not "
				"exist", def->bridge);
	st->complete = true;
	return vk_net_status_write(path, st);
}

/* Make DEF's parts one by one; the record at PATH is written after each,
 * so that even a net-start killed half-way leaves a record of what it
 * made, for net-stop. */
static int make_all(struct vk_netconn *nc, struct vk_net_status *st,
		    const char *path)
{
	const struct vk_network_def *def = st->def;
	struct vk_dnsmasq_files f;
	int rc;

	if (vk_network_unsupported(def) < 0)
		return -1;
	if (!vk_network_own_bridge(def))
		return use_host_bridge(def, st, path);
	if (check_host(def) < 0 || make_bridge(def, st) < 0 ||
	    vk_net_status_write(path, st) < 0)
		return -1;
	if (def->nips) {
		files_of(nc, def->name, &f);
		rc = vk_dnsmasq_start(def, &f, &st->dnsmasq_pid,
				      &st->dnsmasq_start);
		vk_dnsmasq_files_clear(&f);
		if (rc < 0 || vk_net_status_write(path, st) < 0)
			return -1;
	}
	/* mode='open': no firewall rules at all, as libvirt. */
	if (def->forward != VK_NET_FWD_OPEN &&
	    (vk_fw_add(def, &st->fw) < 0 || vk_net_status_write(path, st) < 0))
		return -1;
	if (take_forward(def, false, &st->ip_forward_set) < 0 ||
	    vk_net_status_write(path, st) < 0 ||
	    take_forward(def, true, &st->ip6_forward_set) < 0)
		return -1;
	st->complete = true;
	return vk_net_status_write(path, st);
}

/* Start NAME from its config, or from DEF (taken) for net-create. */
static int start_locked(struct vk_netconn *nc, const char *name,
			struct vk_network_def *def)
{
	struct vk_net_status st, old;
	char *path = vk_net_path(nc, true, name, ".xml"), *why;
	int rc = -1;

	memset(&st, 0, sizeof(st));
	st.def = def;
	if (vk_net_record_read(nc, name, &old) == 0) {
		vk_net_status_clear(&old);
		vk_error(VK_EXIT_CONFLICT, "network '%s' is already active",
			 name);
		goto out;
	}
	if (!st.def)
		st.def = vk_net_config(nc, name);
	if (!st.def || vk_mkdir_p(nc->paths.run, 0700) < 0)
		goto out;
	if (make_all(nc, &st, path) == 0) {
		rc = 0;
		goto out;
	}
	vk_error_prefix("cannot start network '%s'", name);
	why = vk_strdup(vk_error_message());
	rc = vk_error_code();
	if (teardown(nc, &st) < 0) {
		/* What is left stays recorded, for net-stop. */
		vk_net_status_write(path, &st);
		vk_error(rc, "%s (and undoing the start failed: %s)", why,
			 vk_error_message());
	} else {
		vk_file_remove(path);
		vk_error(rc, "%s", why);
	}
	free(why);
	rc = -1;
out:
	vk_net_status_clear(&st);
	free(path);
	return rc;
}

/* Networks start only as root on the system connection. */
static int can_start(const struct vk_netconn *nc, const char *name)
{
	if (nc->fake)
		return vk_error(VK_EXIT_FAILED, "start network: operation not "
				"supported by the test driver");
	if (nc->session)
		return vk_error(VK_EXIT_FAILED, "network '%s' cannot start in "
				"session mode: networks need root (session "
				"guests use user networking)", name);
	return 0;
}

int vk_net_start(struct vk_netconn *nc, const struct vk_network *net)
{
	int lock, rc;

	if (can_start(nc, net->name) < 0)
		return -1;
	if (!net->persistent)
		return vk_error(VK_EXIT_CONFLICT, "network '%s' is already "
				"active", net->name);
	lock = vk_net_lock(nc);
	if (lock < 0)
		return -1;
	rc = start_locked(nc, net->name, NULL);
	vk_unlock(lock);
	return rc;
}

int vk_net_create(struct vk_netconn *nc, struct vk_network_def *def)
{
	char *name = vk_strdup(def->name);
	int lock, rc = -1;

	if (can_start(nc, name) < 0) {
		vk_network_free(def);
		goto out;
	}
	lock = vk_net_lock(nc);
	if (lock < 0 || vk_net_check_new(nc, def, true) < 0) {
		vk_network_free(def);
	} else {
		rc = start_locked(nc, name, def);
	}
	if (lock >= 0)
		vk_unlock(lock);
out:
	free(name);
	return rc;
}

int vk_net_stop(struct vk_netconn *nc, const struct vk_network *net)
{
	struct vk_net_status st;
	char *path = vk_net_path(nc, true, net->name, ".xml");
	int lock = vk_net_lock(nc), rc = -1;

	if (lock < 0)
		goto out;
	if (vk_net_record_read(nc, net->name, &st) < 0) {
		if (vk_error_code() == VK_EXIT_NOT_FOUND)
			vk_error(VK_EXIT_CONFLICT, "network '%s' is not active",
				 net->name);
		goto out;
	}
	if (teardown(nc, &st) == 0) {
		rc = vk_file_remove(path);
	} else {
		/* Keep a record of what is left, for the next net-stop. */
		char *why = vk_strdup(vk_error_message());
		int code = vk_error_code();

		vk_net_status_write(path, &st);
		vk_error(code, "network '%s': %s", net->name, why);
		free(why);
	}
	vk_net_status_clear(&st);
out:
	vk_unlock(lock);
	free(path);
	return rc;
}
