#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "firewall.h"
#include "network_priv.h"
#include "util/argv.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/inet.h"
#include "util/proc.h"

void vk_fw_state_clear(struct vk_fw_state *st)
{
	int i;

	free(st->backend);
	for (i = 0; i < st->nchains; i++)
		free(st->chains[i]);
	memset(st, 0, sizeof(*st));
}

/* The CIDR of DEF's IPv4 network into OUT; an isolated network may
 * have none (its rules then only keep the bridge apart). */
static void cidr4(const struct vk_network_def *def, char *out)
{
	const struct vk_net_ip *ip = vk_network_ip(def, AF_INET);

	if (ip)
		vk_net_cidr(ip, out);
	else
		strcpy(out, "0.0.0.0/0");
}

static bool have_nft(void)
{
	const char *argv[] = {"nft", "--version", NULL};
	const char *force = getenv("VIRTKIT_FIREWALL");

	if (force && !strcmp(force, "iptables"))
		return false;
	return vk_run_status(argv, NULL, NULL, NULL) == 0;
}

/* ---- nftables ---- */

static int nft(const char *script, char **out)
{
	const char *argv[] = {"nft", "--echo", "--handle", "-f", "-", NULL};

	return vk_run(argv, script, out);
}

static bool nft_table_exists(void)
{
	const char *argv[] = {"nft", "list", "table", "ip", VK_FW_TABLE,
			      NULL};

	return vk_run_status(argv, NULL, NULL, NULL) == 0;
}

/* nft's family of chain NAME: the IPv6 forward chain is "fwd6-...". */
static const char *chain_family(const char *name)
{
	return strncmp(name, "fwd6-", 5) ? "ip" : "ip6";
}

/* The forward filter rules of FAMILY ("ip", "ip6") in CHAIN: traffic
 * inside the network, out of each of its <ip> networks and back (IPv4
 * only answers when NAT'ed; IPv6 is routed); anything else to or from
 * the bridge is refused. */
static void nft_forward(struct vk_buf *b, const struct vk_network_def *def,
			const char *fam, const char *chain)
{
	const char *br = def->bridge, *dev = def->forward_dev;
	const char *ipk = strcmp(fam, "ip") ? "ip6" : "ip";
	int af = strcmp(fam, "ip") ? AF_INET6 : AF_INET, i;
	char net[VK_INET_CIDR_STRLEN + 1];

	vk_buf_addf(b, "create chain %s %s %s { type filter hook forward "
		    "priority 0; policy accept; }\n", fam, VK_FW_TABLE, chain);
	for (i = 0; vk_network_forwards(def) && i < def->nips; i++) {
		if (def->ips[i].family != af)
			continue;
		vk_net_cidr(&def->ips[i], net);
		vk_buf_addf(b, "add rule %s %s %s iifname \"%s\" %s saddr %s",
			    fam, VK_FW_TABLE, chain, br, ipk, net);
		if (dev)
			vk_buf_addf(b, " oifname \"%s\"", dev);
		vk_buf_add(b, " accept\n");
		vk_buf_addf(b, "add rule %s %s %s oifname \"%s\" %s daddr %s",
			    fam, VK_FW_TABLE, chain, br, ipk, net);
		if (dev)
			vk_buf_addf(b, " iifname \"%s\"", dev);
		if (def->forward == VK_NET_FWD_NAT && af == AF_INET)
			vk_buf_add(b, " ct state related,established");
		vk_buf_add(b, " accept\n");
	}
	vk_buf_addf(b, "add rule %s %s %s iifname \"%s\" oifname \"%s\" "
		    "accept\n", fam, VK_FW_TABLE, chain, br, br);
	vk_buf_addf(b, "add rule %s %s %s iifname \"%s\" reject\n", fam,
		    VK_FW_TABLE, chain, br);
	vk_buf_addf(b, "add rule %s %s %s oifname \"%s\" reject\n", fam,
		    VK_FW_TABLE, chain, br);
}

/* The NAT target of DEF: masquerade, or SNAT to <nat><address>; with
 * PORTS (for TCP and UDP), mapped into <nat><port>.  IPT: iptables'
 * spelling, else nft's. */
static void nat_target(struct vk_buf *b, const struct vk_network_def *def,
		       bool ports, bool ipt)
{
	char a[VK_IPV4_STRLEN + 1], z[VK_IPV4_STRLEN + 1];

	if (def->has_nat_addr) {
		vk_ipv4_format(def->nat_start, a);
		vk_ipv4_format(def->nat_end, z);
		vk_buf_addf(b, ipt ? "-j SNAT --to-source %s" : "snat to %s",
			    a);
		if (def->nat_end != def->nat_start)
			vk_buf_addf(b, "-%s", z);
		if (ports)
			vk_buf_addf(b, ":%u-%u", def->nat_port_start,
				    def->nat_port_end);
		return;
	}
	vk_buf_add(b, ipt ? "-j MASQUERADE" : "masquerade");
	if (ports)
		vk_buf_addf(b, ipt ? " --to-ports %u-%u" : " to :%u-%u",
			    def->nat_port_start, def->nat_port_end);
}

/* The NAT rules after MATCH (a rule's start, up to its matches): TCP
 * and UDP into the port range first when there is one, then the rest;
 * one a line. */
static void nat_rules(struct vk_buf *b, const struct vk_network_def *def,
		      const char *match, bool ipt)
{
	static const char *const protos[] = {"tcp", "udp"};
	int i;

	for (i = 0; def->has_nat_port && i < 2; i++) {
		vk_buf_addf(b, ipt ? "%s -p %s " : "%s meta l4proto %s ",
			    match, protos[i]);
		nat_target(b, def, true, ipt);
		vk_buf_addc(b, '\n');
	}
	vk_buf_addf(b, "%s ", match);
	nat_target(b, def, false, ipt);
	vk_buf_addc(b, '\n');
}

/* Masquerade what leaves the network, except multicast and broadcast. */
static void nft_nat(struct vk_buf *b, const struct vk_network_def *def,
		    const char *chain)
{
	char net[VK_INET_CIDR_STRLEN + 1];
	struct vk_buf m = VK_BUF_INIT;

	cidr4(def, net);
	vk_buf_addf(b, "create chain ip %s %s { type nat hook postrouting "
		    "priority 100; policy accept; }\n", VK_FW_TABLE, chain);
	vk_buf_addf(b, "add rule ip %s %s ip saddr %s ip daddr 224.0.0.0/24 "
		    "return\n", VK_FW_TABLE, chain, net);
	vk_buf_addf(b, "add rule ip %s %s ip saddr %s ip daddr "
		    "255.255.255.255 return\n", VK_FW_TABLE, chain, net);
	vk_buf_addf(&m, "add rule ip %s %s ip saddr %s ip daddr != %s",
		    VK_FW_TABLE, chain, net, net);
	if (def->forward_dev)
		vk_buf_addf(&m, " oifname \"%s\"", def->forward_dev);
	nat_rules(b, def, m.s, false);
	vk_buf_free(&m);
}

/* The handle nft --echo --handle printed for chain NAME, or 0. */
static unsigned long echoed_handle(const char *out, const char *name)
{
	char *key = vk_asprintf("chain %s %s %s {", chain_family(name),
				VK_FW_TABLE, name);
	const char *line = strstr(out, key), *h, *end;
	unsigned long handle = 0;

	free(key);
	if (!line)
		return 0;
	end = strchr(line, '\n');
	h = strstr(line, "# handle ");
	if (h && (!end || h < end))
		handle = strtoul(h + 9, NULL, 10);
	return handle;
}

static int nft_add(const struct vk_network_def *def, struct vk_fw_state *st)
{
	struct vk_buf b = VK_BUF_INIT;
	char *out = NULL;
	int i, rc;

	st->backend = vk_strdup("nft");
	st->table_made = !nft_table_exists();
	st->chains[st->nchains++] = vk_asprintf("fwd-%s", def->bridge);
	if (def->forward == VK_NET_FWD_NAT)
		st->chains[st->nchains++] = vk_asprintf("nat-%s", def->bridge);
	vk_buf_addf(&b, "add table ip %s\n", VK_FW_TABLE);
	nft_forward(&b, def, "ip", st->chains[0]);
	if (st->nchains > 1)
		nft_nat(&b, def, st->chains[1]);
	if (vk_network_ip(def, AF_INET6)) {
		st->chains[st->nchains] = vk_asprintf("fwd6-%s", def->bridge);
		vk_buf_addf(&b, "add table ip6 %s\n", VK_FW_TABLE);
		nft_forward(&b, def, "ip6", st->chains[st->nchains++]);
	}
	rc = nft(b.s, &out);
	vk_buf_free(&b);
	for (i = 0; rc == 0 && i < st->nchains; i++) {
		st->handles[i] = echoed_handle(out, st->chains[i]);
		if (!st->handles[i])
			rc = vk_error(VK_EXIT_FAILED, "nft did not report the "
				      "handle of chain %s", st->chains[i]);
	}
	free(out);
	return rc;
}

/* Whether chain NAME of our table still has HANDLE. */
static bool nft_chain_is(const char *name, unsigned long handle)
{
	const char *argv[] = {"nft", "--handle", "list", "chain",
			      chain_family(name), VK_FW_TABLE, name, NULL};
	char *out = NULL, want[64];
	bool is;

	if (vk_run_status(argv, NULL, &out, NULL) != 0) {
		free(out);
		return false;
	}
	snprintf(want, sizeof(want), "chain %s { # handle %lu\n", name,
		 handle);
	is = strstr(out, want) != NULL;
	free(out);
	return is;
}

/* Our table of FAMILY goes with its last chain (it is ours alone). */
static int nft_drop_empty(const char *family)
{
	const char *list[] = {"nft", "list", "table", family, VK_FW_TABLE,
			      NULL};
	char *out = NULL, *cmd;
	int rc = 0;

	if (vk_run_status(list, NULL, &out, NULL) == 0 &&
	    !strstr(out, "chain ")) {
		cmd = vk_asprintf("delete table %s %s\n", family, VK_FW_TABLE);
		rc = nft(cmd, NULL);
		free(cmd);
	}
	free(out);
	return rc;
}

static int nft_remove(struct vk_fw_state *st)
{
	struct vk_buf b = VK_BUF_INIT;
	bool v6 = false;
	int i, rc = 0;

	for (i = 0; i < st->nchains; i++) {
		v6 |= !strcmp(chain_family(st->chains[i]), "ip6");
		if (st->handles[i] &&
		    nft_chain_is(st->chains[i], st->handles[i]))
			vk_buf_addf(&b, "delete chain %s %s handle %lu\n",
				    chain_family(st->chains[i]), VK_FW_TABLE,
				    st->handles[i]);
	}
	if (b.len)
		rc = nft(b.s, NULL);
	vk_buf_free(&b);
	if (rc == 0)
		rc = nft_drop_empty("ip");
	if (rc == 0 && v6)
		rc = nft_drop_empty("ip6");
	return rc;
}

/* ---- iptables ---- */

/* Run iptables with ARGS (blank-separated words, no quoting needed:
 * interface names and addresses only). */
static int ipt(const char *args)
{
	struct vk_argv a = VK_ARGV_INIT;
	char *copy = vk_strdup(args), *w, *save = NULL;
	int rc;

	vk_argv_add(&a, "iptables");
	vk_argv_add(&a, "-w");
	for (w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save))
		vk_argv_add(&a, w);
	rc = vk_run((const char *const *)a.v, NULL, NULL);
	vk_argv_free(&a);
	free(copy);
	return rc;
}

/* The iptables commands that make (MAKE) or remove chain I of ST for
 * DEF, one a line; removal ignores errors. */
static void ipt_script(const struct vk_network_def *def,
		       const struct vk_fw_state *st, struct vk_buf *b)
{
	const char *br = def->bridge, *fwd = st->chains[0];
	char net[VK_INET_CIDR_STRLEN + 1];
	struct vk_buf m = VK_BUF_INIT;

	cidr4(def, net);
	vk_buf_addf(b, "-N %s\n", fwd);
	if (def->forward != VK_NET_FWD_NONE) {
		vk_buf_addf(b, "-A %s -i %s -s %s%s%s -j ACCEPT\n", fwd, br,
			    net, def->forward_dev ? " -o " : "",
			    def->forward_dev ? def->forward_dev : "");
		vk_buf_addf(b, "-A %s -o %s -d %s%s%s%s -j ACCEPT\n", fwd, br,
			    net, def->forward_dev ? " -i " : "",
			    def->forward_dev ? def->forward_dev : "",
			    def->forward == VK_NET_FWD_NAT ? " -m conntrack "
			    "--ctstate RELATED,ESTABLISHED" : "");
	}
	vk_buf_addf(b, "-A %s -i %s -o %s -j ACCEPT\n", fwd, br, br);
	vk_buf_addf(b, "-A %s -i %s -j REJECT\n", fwd, br);
	vk_buf_addf(b, "-A %s -o %s -j REJECT\n", fwd, br);
	vk_buf_addf(b, "-I FORWARD -j %s\n", fwd);
	if (st->nchains < 2)
		return;
	vk_buf_addf(b, "-t nat -N %s\n", st->chains[1]);
	vk_buf_addf(b, "-t nat -A %s -s %s -d 224.0.0.0/24 -j RETURN\n",
		    st->chains[1], net);
	vk_buf_addf(b, "-t nat -A %s -s %s -d 255.255.255.255 -j RETURN\n",
		    st->chains[1], net);
	vk_buf_addf(&m, "-t nat -A %s -s %s ! -d %s%s%s", st->chains[1], net,
		    net, def->forward_dev ? " -o " : "",
		    def->forward_dev ? def->forward_dev : "");
	nat_rules(b, def, m.s, true);
	vk_buf_free(&m);
	vk_buf_addf(b, "-t nat -I POSTROUTING -j %s\n", st->chains[1]);
}

static int ipt_remove(struct vk_fw_state *st)
{
	char *cmd;
	int i, rc = 0;

	for (i = 0; i < st->nchains; i++) {
		const char *t = i ? "-t nat " : "";
		const char *hook = i ? "POSTROUTING" : "FORWARD";

		cmd = vk_asprintf("%s-D %s -j %s", t, hook, st->chains[i]);
		while (ipt(cmd) == 0)
			;
		free(cmd);
		cmd = vk_asprintf("%s-F %s", t, st->chains[i]);
		ipt(cmd);
		free(cmd);
		cmd = vk_asprintf("%s-X %s", t, st->chains[i]);
		if (ipt(cmd) < 0 && !strstr(vk_error_message(), "No chain"))
			rc = -1;
		free(cmd);
	}
	if (rc == 0)
		vk_error_clear();
	return rc;
}

static int ipt_add(const struct vk_network_def *def, struct vk_fw_state *st)
{
	struct vk_buf b = VK_BUF_INIT;
	char *line, *save = NULL;
	int rc = 0;

	if (vk_network_ip(def, AF_INET6))
		return vk_error(VK_EXIT_FAILED, "IPv6 firewall rules with "
				"iptables: not supported (ip6tables rules are "
				"not implemented; nftables is needed)");
	st->backend = vk_strdup("iptables");
	st->chains[st->nchains++] = vk_asprintf("VK-FWD-%s", def->bridge);
	if (def->forward == VK_NET_FWD_NAT)
		st->chains[st->nchains++] = vk_asprintf("VK-NAT-%s",
							def->bridge);
	ipt_script(def, st, &b);
	for (line = strtok_r(b.s, "\n", &save); line && rc == 0;
	     line = strtok_r(NULL, "\n", &save))
		rc = ipt(line);
	vk_buf_free(&b);
	return rc;
}

/* ---- both ---- */

int vk_fw_add(const struct vk_network_def *def, struct vk_fw_state *st)
{
	int rc;

	memset(st, 0, sizeof(*st));
	rc = have_nft() ? nft_add(def, st) : ipt_add(def, st);
	if (rc < 0) {
		char *why = vk_strdup(vk_error_message());

		vk_fw_remove(st);
		vk_error(VK_EXIT_FAILED, "cannot add the firewall rules of "
			 "bridge '%s': %s", def->bridge, why);
		free(why);
	}
	return rc;
}

int vk_fw_remove(struct vk_fw_state *st)
{
	int rc = 0;

	if (st->backend && !strcmp(st->backend, "nft"))
		rc = nft_remove(st);
	else if (st->backend)
		rc = ipt_remove(st);
	vk_fw_state_clear(st);
	return rc;
}
