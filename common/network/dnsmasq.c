#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "dnsmasq.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/file.h"
#include "util/inet.h"
#include "util/mac.h"
#include "util/proc.h"

void vk_dnsmasq_files_init(struct vk_dnsmasq_files *f, const char *run,
			   const char *config, const char *name)
{
	f->conf = vk_asprintf("%s/%s.dnsmasq.conf", run, name);
	f->pid = vk_asprintf("%s/%s.pid", run, name);
	f->leases = vk_asprintf("%s/%s.leases", config, name);
}

void vk_dnsmasq_files_clear(struct vk_dnsmasq_files *f)
{
	free(f->conf);
	free(f->pid);
	free(f->leases);
	memset(f, 0, sizeof(*f));
}

static void add_ip(struct vk_buf *b, uint32_t a)
{
	char s[VK_IPV4_STRLEN + 1];

	vk_ipv4_format(a, s);
	vk_buf_add(b, s);
}

static void add_hosts(struct vk_buf *b, const struct vk_net_ip *def)
{
	char mac[VK_MAC_STRLEN + 1];
	int i;

	for (i = 0; i < def->nhosts; i++) {
		const struct vk_net_host *h = &def->hosts[i];

		vk_buf_add(b, "dhcp-host=");
		if (h->has_mac) {
			vk_mac_format(h->mac, mac);
			vk_buf_addf(b, "%s,", mac);
		}
		add_ip(b, h->ip.v4);
		if (h->name)
			vk_buf_addf(b, ",%s", h->name);
		vk_buf_addc(b, '\n');
	}
}

/* DNS names of the named hosts, from the start (before any lease); a
 * plain name gets the network's domain too.  Read with the
 * configuration, before dnsmasq drops its privileges. */
static void add_records(struct vk_buf *b, const struct vk_network_def *def,
			const struct vk_net_ip *ip)
{
	int i;

	for (i = 0; i < ip->nhosts; i++) {
		const char *name = ip->hosts[i].name;

		if (!name)
			continue;
		vk_buf_add(b, "host-record=");
		if (def->domain && !strchr(name, '.'))
			vk_buf_addf(b, "%s.%s,", name, def->domain);
		vk_buf_addf(b, "%s,", name);
		add_ip(b, ip->hosts[i].ip.v4);
		vk_buf_addc(b, '\n');
	}
}

char *vk_dnsmasq_config(const struct vk_network_def *def,
			const struct vk_dnsmasq_files *f)
{
	const struct vk_net_ip *ip = vk_network_ip(def, AF_INET);
	struct vk_buf b = VK_BUF_INIT;
	unsigned long leases = 0;
	int i;

	vk_buf_addf(&b, "# virtkit: dnsmasq of network '%s'; net-start "
		    "writes this file again each time\n", def->name);
	/* Only this bridge, only this file: no /etc/dnsmasq.conf (the
	 * command line names this one), no /etc/hosts. */
	vk_buf_add(&b, "strict-order\nbind-interfaces\nexcept-interface=lo\n");
	vk_buf_addf(&b, "interface=%s\nlisten-address=", def->bridge);
	add_ip(&b, ip->addr.v4);
	vk_buf_addf(&b, "\npid-file=%s\nno-hosts\n", f->pid);
	/* Upstream servers come from /etc/resolv.conf, read at start;
	 * names of the network's own domain never leave it. */
	vk_buf_add(&b, "resolv-file=/etc/resolv.conf\nno-poll\n"
		   "domain-needed\n");
	if (def->domain)
		vk_buf_addf(&b, "domain=%s\nlocal=/%s/\nexpand-hosts\n",
			    def->domain, def->domain);
	add_records(&b, def, ip);
	if (!ip->has_dhcp)
		return vk_buf_steal(&b);
	for (i = 0; i < ip->nranges; i++) {
		vk_buf_add(&b, "dhcp-range=");
		add_ip(&b, ip->ranges[i].start.v4);
		vk_buf_addc(&b, ',');
		add_ip(&b, ip->ranges[i].end.v4);
		vk_buf_addc(&b, ',');
		add_ip(&b, vk_ipv4_mask(ip->prefix));
		vk_buf_addc(&b, '\n');
		leases += ip->ranges[i].end.v4 - ip->ranges[i].start.v4 + 1;
	}
	vk_buf_addf(&b, "dhcp-no-override\ndhcp-authoritative\n"
		    "dhcp-lease-max=%lu\ndhcp-leasefile=%s\n",
		    leases + (unsigned long)ip->nhosts, f->leases);
	add_hosts(&b, ip);
	return vk_buf_steal(&b);
}

static void remove_files(const struct vk_dnsmasq_files *f)
{
	vk_file_remove(f->conf);
	vk_file_remove(f->pid);
}

static int write_text(const char *path, char *text)
{
	int rc = vk_file_replace(path, text, strlen(text), 0644);

	free(text);
	return rc;
}

/* The pid dnsmasq wrote (it has, by the time its parent exits). */
static pid_t read_pid(const char *path)
{
	char *s = vk_file_read(path, 64, NULL);
	long v = s ? strtol(s, NULL, 10) : 0;

	free(s);
	return v > 0 ? (pid_t)v : 0;
}

int vk_dnsmasq_start(const struct vk_network_def *def,
		     const struct vk_dnsmasq_files *f, pid_t *pid,
		     unsigned long long *start)
{
	char *confarg = vk_asprintf("--conf-file=%s", f->conf);
	const char *argv[] = {"dnsmasq", confarg, NULL};
	int rc = -1;

	*pid = 0;
	*start = 0;
	vk_file_remove(f->pid);
	if (write_text(f->conf, vk_dnsmasq_config(def, f)) < 0)
		goto out;
	if (vk_run(argv, NULL, NULL) < 0) {
		vk_error_prefix("cannot start dnsmasq on bridge '%s'",
				def->bridge);
		goto out;
	}
	*pid = read_pid(f->pid);
	*start = *pid ? vk_proc_starttime(*pid) : 0;
	if (!*start) {
		vk_error(VK_EXIT_FAILED, "dnsmasq on bridge '%s' started but "
			 "left no running process in %s", def->bridge, f->pid);
		*pid = 0;
		goto out;
	}
	rc = 0;
out:
	if (rc < 0)
		remove_files(f);
	free(confarg);
	return rc;
}

int vk_dnsmasq_stop(pid_t pid, unsigned long long start,
		    const struct vk_dnsmasq_files *f)
{
	struct timespec pause = {0, 10 * 1000 * 1000};
	int i;

	if (pid > 0 && vk_proc_is(pid, start)) {
		kill(pid, SIGTERM);
		for (i = 0; i < 300 && vk_proc_is(pid, start); i++)
			nanosleep(&pause, NULL);
		if (vk_proc_is(pid, start)) {
			kill(pid, SIGKILL);
			for (i = 0; i < 100 && vk_proc_is(pid, start); i++)
				nanosleep(&pause, NULL);
		}
		if (vk_proc_is(pid, start))
			return vk_error(VK_EXIT_FAILED, "dnsmasq (pid %d) does "
					"not stop", (int)pid);
	}
	remove_files(f);
	return 0;
}
