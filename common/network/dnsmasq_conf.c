/* The dnsmasq configuration of a network: DNS (records, forwarders,
 * local zones), DHCP for IPv4 and IPv6 with router advertisements,
 * TFTP and BOOTP, then the <dnsmasq:option> lines as they were given.
 * dnsmasq reads only this file (no /etc/dnsmasq.conf, no /etc/hosts). */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "dnsmasq.h"
#include "util/buf.h"
#include "util/mac.h"

/* dnsmasq's cap on the leases of one IPv6 range we count. */
#define V6_RANGE_LEASES 65536UL

static void add_inet(struct vk_buf *b, const struct vk_inet *a)
{
	char s[VK_INET_STRLEN + 1];

	vk_inet_format(a, s);
	vk_buf_add(b, s);
}

/* ",SECONDS" or ",infinite" when L is set. */
static void add_lease(struct vk_buf *b, const struct vk_net_lease *l)
{
	if (!l->set)
		return;
	if (l->expiry)
		vk_buf_addf(b, ",%llu", vk_net_lease_seconds(l));
	else
		vk_buf_add(b, ",infinite");
}

/* The reverse zone of IP's network ("1.168.192.in-addr.arpa"); the
 * parser makes the prefix a multiple of 8 (IPv4) or 4 (IPv6). */
static void add_ptr_zone(struct vk_buf *b, const struct vk_net_ip *ip)
{
	int i;

	if (ip->family == AF_INET) {
		for (i = ip->prefix / 8 - 1; i >= 0; i--)
			vk_buf_addf(b, "%u.", (ip->addr.v4 >> (24 - 8 * i)) &
				    0xff);
		vk_buf_add(b, "in-addr.arpa");
		return;
	}
	for (i = ip->prefix / 4 - 1; i >= 0; i--)
		vk_buf_addf(b, "%x.", (ip->addr.v6[i / 2] >>
				       (i % 2 ? 0 : 4)) & 0xf);
	vk_buf_add(b, "ip6.arpa");
}

/* NAME, and NAME.DOMAIN for a plain name, as host-record names. */
static void add_names(struct vk_buf *b, const struct vk_network_def *def,
		      const char *name)
{
	if (def->domain && !strchr(name, '.'))
		vk_buf_addf(b, "%s.%s,", name, def->domain);
	vk_buf_addf(b, "%s,", name);
}

/* Names for the DHCP hosts, from the start (before any lease), and the
 * <dns><host> records. */
static void add_host_records(struct vk_buf *b,
			     const struct vk_network_def *def)
{
	const struct vk_net_dns *dns = &def->dns;
	int i, j;

	for (i = 0; i < def->nips; i++)
		for (j = 0; j < def->ips[i].nhosts; j++) {
			const struct vk_net_host *h = &def->ips[i].hosts[j];

			if (!h->name)
				continue;
			vk_buf_add(b, "host-record=");
			add_names(b, def, h->name);
			add_inet(b, &h->ip);
			vk_buf_addc(b, '\n');
		}
	for (i = 0; i < dns->nhosts; i++) {
		vk_buf_add(b, "host-record=");
		for (j = 0; j < dns->hosts[i].nnames; j++)
			add_names(b, def, dns->hosts[i].names[j]);
		add_inet(b, &dns->hosts[i].ip);
		vk_buf_addc(b, '\n');
	}
}

/* A TXT value in dnsmasq's quotes, '"' and '\' escaped. */
static void add_quoted(struct vk_buf *b, const char *s)
{
	vk_buf_addc(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			vk_buf_addc(b, '\\');
		vk_buf_addc(b, *s);
	}
	vk_buf_addc(b, '"');
}

static void add_records(struct vk_buf *b, const struct vk_network_def *def)
{
	const struct vk_net_dns *dns = &def->dns;
	int i;

	add_host_records(b, def);
	for (i = 0; i < dns->nsrvs; i++) {
		const struct vk_net_srv *s = &dns->srvs[i];

		vk_buf_addf(b, "srv-host=_%s._%s", s->service, s->protocol);
		if (s->domain)
			vk_buf_addf(b, ".%s", s->domain);
		if (s->target)
			vk_buf_addf(b, ",%s", s->target);
		if (s->target && s->port >= 0)
			vk_buf_addf(b, ",%d", s->port);
		if (s->target && s->port >= 0 && s->priority >= 0)
			vk_buf_addf(b, ",%d", s->priority);
		if (s->target && s->port >= 0 && s->priority >= 0 &&
		    s->weight >= 0)
			vk_buf_addf(b, ",%d", s->weight);
		vk_buf_addc(b, '\n');
	}
	for (i = 0; i < dns->ntxts; i++) {
		vk_buf_addf(b, "txt-record=%s,", dns->txts[i].name);
		add_quoted(b, dns->txts[i].value);
		vk_buf_addc(b, '\n');
	}
}

/* Upstream servers: /etc/resolv.conf (read at start) unless a
 * forwarder without a domain replaces it. */
static void add_dns(struct vk_buf *b, const struct vk_network_def *def)
{
	const struct vk_net_dns *dns = &def->dns;
	bool own_servers = false;
	int i;

	for (i = 0; i < dns->nforwarders; i++)
		if (!dns->forwarders[i].domain)
			own_servers = true;
	vk_buf_add(b, own_servers ? "no-resolv\n" :
		   "resolv-file=/etc/resolv.conf\nno-poll\n");
	for (i = 0; i < dns->nforwarders; i++) {
		const struct vk_net_forwarder *f = &dns->forwarders[i];

		vk_buf_add(b, "server=");
		if (f->domain)
			vk_buf_addf(b, "/%s/", f->domain);
		if (f->has_addr)
			add_inet(b, &f->addr);
		vk_buf_addc(b, '\n');
	}
	if (dns->forward_plain == 0)
		vk_buf_add(b, "domain-needed\nlocal=//\n");
	if (def->domain) {
		vk_buf_addf(b, "domain=%s\nexpand-hosts\n", def->domain);
		if (def->domain_local == 1)
			vk_buf_addf(b, "local=/%s/\n", def->domain);
	}
	for (i = 0; i < def->nips; i++)
		if (def->ips[i].local_ptr == 1) {
			vk_buf_add(b, "local=/");
			add_ptr_zone(b, &def->ips[i]);
			vk_buf_add(b, "/\n");
		}
	add_records(b, def);
}

/* The dhcp-range lines of IP; the leases they hold into *LEASES. */
static void add_ranges(struct vk_buf *b, const struct vk_net_ip *ip,
		       unsigned long *leases)
{
	struct vk_inet base, mask = {AF_INET, vk_ipv4_mask(ip->prefix), {0}};
	int i;

	vk_inet_host_bits(&ip->addr, ip->prefix, false, &base);
	if (!ip->has_dhcp) {
		/* IPv6 without DHCP: router advertisements for SLAAC. */
		vk_buf_add(b, "dhcp-range=");
		add_inet(b, &base);
		vk_buf_addf(b, ",ra-only,%d\n", ip->prefix);
		return;
	}
	for (i = 0; i < ip->nranges || (!i && !ip->nranges); i++) {
		vk_buf_add(b, "dhcp-range=");
		if (ip->nranges) {
			add_inet(b, &ip->ranges[i].start);
			vk_buf_addc(b, ',');
			add_inet(b, &ip->ranges[i].end);
		} else {
			add_inet(b, &base);
			vk_buf_add(b, ",static");
		}
		vk_buf_addc(b, ',');
		if (ip->family == AF_INET)
			add_inet(b, &mask);
		else
			vk_buf_addf(b, "%d", ip->prefix);
		if (ip->nranges)
			add_lease(b, &ip->ranges[i].lease);
		vk_buf_addc(b, '\n');
		if (!ip->nranges)
			break;
		if (ip->family == AF_INET)
			*leases += ip->ranges[i].end.v4 -
				   ip->ranges[i].start.v4 + 1;
		else
			*leases += V6_RANGE_LEASES;
	}
	*leases += (unsigned long)ip->nhosts;
}

static void add_dhcp_hosts(struct vk_buf *b, const struct vk_net_ip *ip)
{
	char mac[VK_MAC_STRLEN + 1];
	int i;

	for (i = 0; i < ip->nhosts; i++) {
		const struct vk_net_host *h = &ip->hosts[i];

		vk_buf_add(b, "dhcp-host=");
		if (h->has_mac) {
			vk_mac_format(h->mac, mac);
			vk_buf_addf(b, "%s,", mac);
		}
		if (h->id)
			vk_buf_addf(b, "id:%s,", h->id);
		if (ip->family == AF_INET6)
			vk_buf_addc(b, '[');
		add_inet(b, &h->ip);
		if (ip->family == AF_INET6)
			vk_buf_addc(b, ']');
		if (h->name)
			vk_buf_addf(b, ",%s", h->name);
		add_lease(b, &h->lease);
		vk_buf_addc(b, '\n');
	}
}

static void add_dhcp(struct vk_buf *b, const struct vk_network_def *def,
		     const struct vk_dnsmasq_files *f)
{
	unsigned long leases = 0;
	bool dhcp = false, ra = false;
	int i;

	for (i = 0; i < def->nips; i++) {
		const struct vk_net_ip *ip = &def->ips[i];

		if (ip->has_dhcp || ip->family == AF_INET6)
			add_ranges(b, ip, &leases);
		dhcp |= ip->has_dhcp;
		ra |= ip->family == AF_INET6;
	}
	if (ra)
		vk_buf_add(b, "enable-ra\n");
	if (dhcp)
		vk_buf_addf(b, "dhcp-no-override\ndhcp-authoritative\n"
			    "dhcp-lease-max=%lu\ndhcp-leasefile=%s\n", leases,
			    f->leases);
	for (i = 0; i < def->nips; i++) {
		const struct vk_net_ip *ip = &def->ips[i];

		add_dhcp_hosts(b, ip);
		if (ip->tftp_root)
			vk_buf_addf(b, "enable-tftp\ntftp-root=%s\n",
				    ip->tftp_root);
		if (ip->bootp_file)
			vk_buf_addf(b, "dhcp-boot=%s%s%s\n", ip->bootp_file,
				    ip->bootp_server ? ",," : "",
				    ip->bootp_server ? ip->bootp_server : "");
	}
}

char *vk_dnsmasq_config(const struct vk_network_def *def,
			const struct vk_dnsmasq_files *f)
{
	struct vk_buf b = VK_BUF_INIT;
	int i;

	vk_buf_addf(&b, "# virtkit: dnsmasq of network '%s'; net-start "
		    "writes this file again each time\n", def->name);
	vk_buf_add(&b, "strict-order\nbind-interfaces\nexcept-interface=lo\n");
	vk_buf_addf(&b, "interface=%s\n", def->bridge);
	for (i = 0; i < def->nips; i++) {
		vk_buf_add(&b, "listen-address=");
		add_inet(&b, &def->ips[i].addr);
		vk_buf_addc(&b, '\n');
	}
	vk_buf_addf(&b, "pid-file=%s\nno-hosts\n", f->pid);
	if (def->has_dns && def->dns.enable == 0)
		vk_buf_add(&b, "port=0\n");
	else
		add_dns(&b, def);
	add_dhcp(&b, def, f);
	for (i = 0; i < def->ndnsmasq_opts; i++)
		vk_buf_addf(&b, "%s\n", def->dnsmasq_opts[i]);
	return vk_buf_steal(&b);
}
