/* Network XML: <ip family address netmask|prefix localPtr> (IPv4 and
 * IPv6), its <tftp> and <dhcp> with <range>s, <host>s, <lease>s and
 * <bootp>, the <route>s, and the address checks between them. */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "network_priv.h"
#include "conf/domain.h"
#include "util/error.h"
#include "util/mac.h"

/* Guests need at least two addresses beside the network's own. */
#define PREFIX_MAX4 30
#define PREFIX_MAX6 126

const char *const vk_net_lease_units[] = {"seconds", "minutes", "hours",
					  NULL};
static const unsigned long long lease_scale[] = {1, 60, 3600};

/* dnsmasq's shortest lease; it reads lease times as 32-bit seconds. */
#define LEASE_MIN 120
#define LEASE_MAX 0xffffffffULL

static const char *const families[] = {"ipv4", "ipv6", NULL};

static int family_of(int index)
{
	return index ? AF_INET6 : AF_INET;
}

static const char *family_name(int family)
{
	return family == AF_INET6 ? "IPv6" : "IPv4";
}

int vk_net_attr_inet(xmlNodePtr node, const char *name, bool required,
		     int family, struct vk_inet *out, bool *set)
{
	char *s = NULL;
	int rc = 0;

	if (set)
		*set = false;
	if (vk_xml_attr_str(node, name, required, &s) < 0)
		return -1;
	if (!s)
		return 0;
	if (vk_inet_parse(s, out) < 0)
		rc = vk_xml_error(node, "%s '%s' is not an IP address", name,
				  s);
	else if (family && out->family != family)
		rc = vk_xml_error(node, "%s '%s' is not an %s address", name,
				  s, family_name(family));
	else if (set)
		*set = true;
	free(s);
	return rc;
}

/* A guest may have A: inside IP's network, not its IPv4 network or
 * broadcast address. */
static int check_host_addr(const struct vk_net_ip *ip, xmlNodePtr node,
			   const struct vk_inet *a)
{
	char s[VK_INET_STRLEN + 1], net[VK_INET_CIDR_STRLEN + 1];
	struct vk_inet base, bcast;

	vk_inet_format(a, s);
	vk_inet_cidr(&ip->addr, ip->prefix, net);
	if (!vk_inet_same_net(a, &ip->addr, ip->prefix))
		return vk_xml_error(node, "%s is outside the network %s", s,
				    net);
	if (a->family != AF_INET)
		return 0;
	vk_inet_host_bits(a, ip->prefix, false, &base);
	vk_inet_host_bits(a, ip->prefix, true, &bcast);
	if (!vk_inet_cmp(a, &base) || !vk_inet_cmp(a, &bcast))
		return vk_xml_error(node, "%s is not a host address of the "
				    "network %s", s, net);
	return 0;
}

static int parse_lease(xmlNodePtr node, struct vk_net_lease *l)
{
	static const char *const attrs[] = {"expiry", "unit", NULL};
	unsigned long long v;
	bool set;
	int unit = 1;

	if (l->set)
		return vk_xml_duplicate(node);
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_enum(node, "unit", vk_net_lease_units, false,
			     &unit) < 0 ||
	    vk_xml_attr_uint(node, "expiry", false, LEASE_MAX, true, &v,
			     &set) < 0)
		return -1;
	if (v && v * lease_scale[unit] < LEASE_MIN)
		return vk_xml_error(node, "expiry %llu %s is shorter than "
				    "dnsmasq's least lease, %d seconds (0 is "
				    "forever)", v, vk_net_lease_units[unit],
				    LEASE_MIN);
	if (v * lease_scale[unit] > LEASE_MAX)
		return vk_xml_error(node, "expiry %llu %s is longer than %llu "
				    "seconds (0 is forever)", v,
				    vk_net_lease_units[unit], LEASE_MAX);
	l->set = true;
	l->expiry = v;
	l->unit = unit;
	return 0;
}

/* <lease> children of a <range> or <host>. */
static int parse_lease_children(xmlNodePtr node, struct vk_net_lease *l)
{
	xmlNodePtr c;

	if (vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(c, node) {
		if (!vk_xml_is(c, "lease"))
			return vk_xml_unknown(c);
		if (parse_lease(c, l) < 0)
			return -1;
	}
	return 0;
}

unsigned long long vk_net_lease_seconds(const struct vk_net_lease *l)
{
	return l->expiry * lease_scale[l->unit];
}

static int parse_range(struct vk_net_ip *ip, xmlNodePtr node)
{
	static const char *const attrs[] = {"start", "end", NULL};
	char a[VK_INET_STRLEN + 1], b[VK_INET_STRLEN + 1];
	struct vk_net_range r;
	int i;

	memset(&r, 0, sizeof(r));
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_net_attr_inet(node, "start", true, ip->family, &r.start,
			     NULL) < 0 ||
	    vk_net_attr_inet(node, "end", true, ip->family, &r.end,
			     NULL) < 0 ||
	    check_host_addr(ip, node, &r.start) < 0 ||
	    check_host_addr(ip, node, &r.end) < 0 ||
	    parse_lease_children(node, &r.lease) < 0)
		return -1;
	vk_inet_format(&r.start, a);
	vk_inet_format(&r.end, b);
	if (vk_inet_cmp(&r.start, &r.end) > 0)
		return vk_xml_error(node, "start %s is after end %s", a, b);
	if (vk_inet_cmp(&ip->addr, &r.start) >= 0 &&
	    vk_inet_cmp(&ip->addr, &r.end) <= 0) {
		char own[VK_INET_STRLEN + 1];

		vk_inet_format(&ip->addr, own);
		return vk_xml_error(node, "%s to %s holds the network's own "
				    "address %s", a, b, own);
	}
	for (i = 0; i < ip->nranges; i++)
		if (vk_inet_cmp(&r.start, &ip->ranges[i].end) <= 0 &&
		    vk_inet_cmp(&ip->ranges[i].start, &r.end) <= 0)
			return vk_xml_error(node, "%s to %s overlaps an "
					    "earlier range", a, b);
	*(struct vk_net_range *)vk_array_add(&ip->ranges, &ip->nranges,
					     sizeof(r)) = r;
	return 0;
}

static int check_host_unique(const struct vk_net_ip *ip, xmlNodePtr node,
			     const struct vk_net_host *h)
{
	char s[VK_INET_STRLEN + 1];
	int i;

	for (i = 0; i < ip->nhosts; i++) {
		const struct vk_net_host *o = &ip->hosts[i];

		if (h->has_mac && o->has_mac && !memcmp(h->mac, o->mac, 6)) {
			vk_mac_format(h->mac, s);
			return vk_xml_error(node, "mac %s is given twice", s);
		}
		if (h->id && o->id && !strcasecmp(h->id, o->id))
			return vk_xml_error(node, "id %s is given twice",
					    h->id);
		if (h->name && o->name && !strcasecmp(h->name, o->name))
			return vk_xml_error(node, "name '%s' is given twice",
					    h->name);
		if (!vk_inet_cmp(&h->ip, &o->ip)) {
			vk_inet_format(&h->ip, s);
			return vk_xml_error(node, "ip %s is given twice", s);
		}
	}
	return 0;
}

/* Whether dnsmasq reads NAME in a dhcp-host line as something else
 * than a host name: a lease time ("3600", "45m", "2h") or one of its
 * words ("infinite", "ignore", which would make it ignore the host). */
static bool dnsmasq_word(const char *name)
{
	size_t len = strlen(name), i;

	if (!strcmp(name, "infinite") || !strcmp(name, "ignore"))
		return true;
	if (len > 1 && strchr("wWdDhHmMsS", name[len - 1]))
		len--;
	for (i = 0; i < len; i++)
		if (name[i] < '0' || name[i] > '9')
			return false;
	return len > 0;
}

/* A DHCP unique identifier: 1 to 130 hex bytes, ':'-separated. */
static bool duid_ok(const char *s)
{
	int bytes = 0, digits = 0;

	for (;; s++) {
		if ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f') ||
		    (*s >= 'A' && *s <= 'F')) {
			if (++digits > 2)
				return false;
			continue;
		}
		if (!digits || (*s && *s != ':'))
			return false;
		bytes++;
		digits = 0;
		if (!*s)
			return bytes <= 130;
	}
}

static int host_ids(const struct vk_net_ip *ip, xmlNodePtr node,
		    struct vk_net_host *h, const char *mac)
{
	if (mac && ip->family == AF_INET6)
		return vk_xml_error(node, "an IPv6 host is named by its id "
				    "(DUID) or name, not by mac");
	if (mac && h->id)
		return vk_xml_error(node, "mac and id exclude each other");
	if (mac && vk_mac_parse(mac, h->mac) < 0)
		return vk_xml_error(node, "mac '%s' is not a MAC address",
				    mac);
	h->has_mac = mac != NULL;
	if (h->has_mac && vk_mac_validate(h->mac) < 0)
		return vk_xml_error_wrap(node);
	if (h->id && !duid_ok(h->id))
		return vk_xml_error(node, "id '%s' is not a DUID (hex bytes "
				    "separated by ':')", h->id);
	if (!mac && !h->id && !h->name)
		return vk_xml_error(node, "needs a mac, an id or a name");
	if (h->name && vk_net_dns_name_check(node, "name", h->name) < 0)
		return -1;
	if (h->name && dnsmasq_word(h->name))
		return vk_xml_error(node, "name '%s' would be read by dnsmasq "
				    "as a lease time or a keyword, not a host "
				    "name", h->name);
	return 0;
}

static int parse_host_attrs(struct vk_net_ip *ip, xmlNodePtr node,
			    struct vk_net_host *h)
{
	static const char *const attrs[] = {"mac", "id", "name", "ip", NULL};
	char *mac = NULL, own[VK_INET_STRLEN + 1];
	int rc = -1;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_attr_str(node, "mac", false, &mac) < 0 ||
	    vk_xml_attr_str(node, "id", false, &h->id) < 0 ||
	    vk_xml_attr_str(node, "name", false, &h->name) < 0 ||
	    host_ids(ip, node, h, mac) < 0 ||
	    vk_net_attr_inet(node, "ip", true, ip->family, &h->ip,
			     NULL) < 0 ||
	    check_host_addr(ip, node, &h->ip) < 0 ||
	    parse_lease_children(node, &h->lease) < 0)
		goto out;
	vk_inet_format(&ip->addr, own);
	if (!vk_inet_cmp(&h->ip, &ip->addr))
		vk_xml_error(node, "ip %s is the network's own address", own);
	else
		rc = check_host_unique(ip, node, h);
out:
	free(mac);
	return rc;
}

static int parse_host(struct vk_net_ip *ip, xmlNodePtr node)
{
	struct vk_net_host h;

	memset(&h, 0, sizeof(h));
	if (parse_host_attrs(ip, node, &h) < 0) {
		free(h.id);
		free(h.name);
		return -1;
	}
	*(struct vk_net_host *)vk_array_add(&ip->hosts, &ip->nhosts,
					    sizeof(h)) = h;
	return 0;
}

static int parse_bootp(struct vk_net_ip *ip, xmlNodePtr node)
{
	static const char *const attrs[] = {"file", "server", NULL};

	if (ip->family != AF_INET)
		return vk_xml_error(node, "BOOTP is for IPv4 only");
	if (ip->bootp_file)
		return vk_xml_duplicate(node);
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_str(node, "file", true, &ip->bootp_file) < 0 ||
	    vk_xml_attr_str(node, "server", false, &ip->bootp_server) < 0)
		return -1;
	if (strpbrk(ip->bootp_file, ",\n") ||
	    (ip->bootp_server && strpbrk(ip->bootp_server, ",\n")))
		return vk_xml_error(node, "file and server may not hold ',' "
				    "or a line break");
	return 0;
}

static int parse_dhcp(struct vk_net_ip *ip, xmlNodePtr node)
{
	xmlNodePtr child;

	if (vk_xml_check_attrs(node, (const char *const[]){NULL}) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	ip->has_dhcp = true;
	vk_xml_foreach(child, node) {
		int rc;

		if (vk_xml_is(child, "range"))
			rc = parse_range(ip, child);
		else if (vk_xml_is(child, "host"))
			rc = parse_host(ip, child);
		else if (vk_xml_is(child, "bootp"))
			rc = parse_bootp(ip, child);
		else
			rc = vk_xml_unknown(child);
		if (rc < 0)
			return -1;
	}
	if (!ip->nranges && !ip->nhosts)
		return vk_xml_error(node, "needs a <range> or a <host>");
	return 0;
}

static int parse_tftp(struct vk_net_ip *ip, xmlNodePtr node)
{
	static const char *const attrs[] = {"root", NULL};

	if (ip->family != AF_INET)
		return vk_xml_error(node, "TFTP is for IPv4 only");
	if (ip->tftp_root)
		return vk_xml_duplicate(node);
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_str(node, "root", true, &ip->tftp_root) < 0)
		return -1;
	if (ip->tftp_root[0] != '/' || strchr(ip->tftp_root, '\n'))
		return vk_xml_error(node, "root '%s' is not an absolute path",
				    ip->tftp_root);
	return 0;
}

/* family=, then netmask= (IPv4) or prefix= into *FAMILY, *PREFIX and
 * *NETMASK_FORM; MAX is the longest prefix taken (0: the family's). */
static int parse_prefix(xmlNodePtr node, int *family, bool *given,
			int *prefix, bool *netmask_form, int max)
{
	bool netmask = vk_xml_has_attr(node, "netmask");
	bool has_prefix = vk_xml_has_attr(node, "prefix");
	unsigned long long p;
	struct vk_inet mask;
	int fam = 0;
	bool set;

	*given = vk_xml_has_attr(node, "family");
	if (vk_xml_attr_enum(node, "family", families, false, &fam) < 0)
		return -1;
	*family = family_of(fam);
	if (netmask && has_prefix)
		return vk_xml_error(node, "netmask and prefix exclude each "
				    "other");
	if (netmask && *family == AF_INET6)
		return vk_xml_error(node, "an IPv6 address takes prefix, not "
				    "netmask");
	if (!netmask && !has_prefix)
		return vk_xml_error(node, "missing attribute 'netmask' or "
				    "'prefix'");
	*netmask_form = netmask;
	if (has_prefix) {
		if (vk_xml_attr_uint(node, "prefix", false,
				     *family == AF_INET ? 32 : 128, true, &p,
				     &set) < 0)
			return -1;
		*prefix = (int)p;
	} else {
		if (vk_net_attr_inet(node, "netmask", true, AF_INET, &mask,
				     NULL) < 0)
			return -1;
		*prefix = vk_ipv4_prefix(mask.v4);
		if (*prefix < 0) {
			char m[VK_INET_STRLEN + 1];

			vk_inet_format(&mask, m);
			return vk_xml_error(node, "netmask '%s' is not "
					    "contiguous", m);
		}
	}
	if (!max)
		max = *family == AF_INET ? PREFIX_MAX4 : PREFIX_MAX6;
	if (*prefix < 1 || *prefix > max)
		return vk_xml_error(node, "a /%d network is not allowed (the "
				    "prefix must be 1 to %d)", *prefix, max);
	return 0;
}

static int parse_ip_attrs(struct vk_net_ip *ip, xmlNodePtr node)
{
	static const char *const attrs[] = {"family", "address", "netmask",
					    "prefix", "localPtr", NULL};

	char *a = vk_xml_attr(node, "address");
	bool v6_unnamed = a && strchr(a, ':') && !vk_xml_has_attr(node,
								  "family");

	free(a);
	ip->local_ptr = -1;
	ip->line = (int)xmlGetLineNo(node);
	if (v6_unnamed)
		return vk_xml_error(node, "an IPv6 address needs "
				    "family='ipv6'");
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    parse_prefix(node, &ip->family, &ip->family_given, &ip->prefix,
			 &ip->netmask_form, 0) < 0 ||
	    vk_net_attr_inet(node, "address", true, 0, &ip->addr, NULL) < 0 ||
	    vk_xml_attr_yesno(node, "localPtr", &ip->local_ptr) < 0)
		return -1;
	if (ip->addr.family != ip->family)
		return vk_xml_error(node, "address is %s, but the family is "
				    "%s", family_name(ip->addr.family),
				    family_name(ip->family));
	/* A reverse zone ends on a label: 8 bits (IPv4), 4 (IPv6). */
	if (ip->local_ptr == 1 &&
	    ip->prefix % (ip->family == AF_INET ? 8 : 4))
		return vk_xml_error(node, "localPtr needs a prefix that is a "
				    "multiple of %d", ip->family == AF_INET ?
				    8 : 4);
	return check_host_addr(ip, node, &ip->addr);
}

/* libvirt's limits: DHCP and TFTP on one <ip> of each family. */
static int check_ip_others(const struct vk_network_def *def,
			   const struct vk_net_ip *ip, xmlNodePtr node)
{
	char a[VK_INET_CIDR_STRLEN + 1];
	int i;

	for (i = 0; i < def->nips; i++) {
		const struct vk_net_ip *o = &def->ips[i];

		if (o->family != ip->family)
			continue;
		if (vk_inet_same_net(&o->addr, &ip->addr,
				     o->prefix < ip->prefix ? o->prefix :
				     ip->prefix)) {
			vk_inet_cidr(&ip->addr, ip->prefix, a);
			return vk_xml_error(node, "%s overlaps an earlier "
					    "<ip>", a);
		}
		if (o->has_dhcp && ip->has_dhcp)
			return vk_xml_error(node, "only one %s <ip> may have "
					    "<dhcp>", family_name(ip->family));
		if (o->tftp_root && ip->tftp_root)
			return vk_xml_error(node, "only one IPv4 <ip> may "
					    "have <tftp>");
	}
	return 0;
}

static int parse_ip(struct vk_network_def *def, struct vk_net_ip *ip,
		    xmlNodePtr node)
{
	xmlNodePtr child;

	if (parse_ip_attrs(ip, node) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		if (vk_xml_is(child, "dhcp")) {
			if (ip->has_dhcp)
				return vk_xml_duplicate(child);
			if (parse_dhcp(ip, child) < 0)
				return -1;
		} else if (vk_xml_is(child, "tftp")) {
			if (parse_tftp(ip, child) < 0)
				return -1;
		} else {
			return vk_xml_unknown(child);
		}
	}
	if (ip->bootp_file && !ip->tftp_root && !ip->bootp_server)
		return vk_xml_error(node, "<bootp file='%s'> needs <tftp> or "
				    "a server", ip->bootp_file);
	return check_ip_others(def, ip, node);
}

static void free_ip(struct vk_net_ip *ip)
{
	int i;

	free(ip->tftp_root);
	free(ip->ranges);
	for (i = 0; i < ip->nhosts; i++) {
		free(ip->hosts[i].id);
		free(ip->hosts[i].name);
	}
	free(ip->hosts);
	free(ip->bootp_file);
	free(ip->bootp_server);
}

int vk_net_parse_ip(struct vk_network_def *def, xmlNodePtr node)
{
	struct vk_net_ip ip;

	memset(&ip, 0, sizeof(ip));
	if (parse_ip(def, &ip, node) < 0) {
		free_ip(&ip);
		return -1;
	}
	*(struct vk_net_ip *)vk_array_add(&def->ips, &def->nips,
					  sizeof(ip)) = ip;
	return 0;
}

void vk_net_free_ips(struct vk_network_def *def)
{
	int i;

	for (i = 0; i < def->nips; i++)
		free_ip(&def->ips[i]);
	free(def->ips);
	free(def->routes);
}

/* ---- <route> ---- */

int vk_net_parse_route(struct vk_network_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"family", "address", "netmask",
					    "prefix", "gateway", "metric",
					    NULL};
	struct vk_net_route r;
	unsigned long long metric;
	struct vk_inet base;
	int i;

	memset(&r, 0, sizeof(r));
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    parse_prefix(node, &r.family, &r.family_given, &r.prefix,
			 &r.netmask_form, 128) < 0 ||
	    vk_net_attr_inet(node, "address", true, r.family, &r.addr,
			     NULL) < 0 ||
	    vk_net_attr_inet(node, "gateway", true, r.family, &r.gateway,
			     NULL) < 0 ||
	    vk_xml_attr_uint(node, "metric", false, 0xffffffffULL, false,
			     &metric, &r.has_metric) < 0)
		return -1;
	r.metric = (unsigned)metric;
	if (r.has_metric && !metric)
		return vk_xml_error(node, "metric must be 1 or more");
	vk_inet_host_bits(&r.addr, r.prefix, false, &base);
	if (vk_inet_cmp(&base, &r.addr))
		return vk_xml_error(node, "address has bits set after the "
				    "prefix");
	for (i = 0; i < def->nips; i++)
		if (vk_inet_same_net(&r.gateway, &def->ips[i].addr,
				     def->ips[i].prefix))
			break;
	if (i == def->nips)
		return vk_xml_error(node, "the gateway is in none of the "
				    "networks of the <ip>s");
	*(struct vk_net_route *)vk_array_add(&def->routes, &def->nroutes,
					     sizeof(r)) = r;
	return 0;
}

/* ---- lookups ---- */

const struct vk_net_ip *vk_network_ip(const struct vk_network_def *def,
				      int family)
{
	int i;

	for (i = 0; i < def->nips; i++)
		if (def->ips[i].family == family)
			return &def->ips[i];
	return NULL;
}

uint32_t vk_network_base(const struct vk_net_ip *ip)
{
	return ip->addr.v4 & vk_ipv4_mask(ip->prefix);
}

uint32_t vk_network_broadcast(const struct vk_net_ip *ip)
{
	return vk_network_base(ip) | ~vk_ipv4_mask(ip->prefix);
}

/* ---- writer ---- */

static void attr_inet(struct vk_xw *w, const char *name,
		      const struct vk_inet *a)
{
	char s[VK_INET_STRLEN + 1];

	vk_inet_format(a, s);
	vk_xw_attr(w, name, s);
}

static void format_prefix(struct vk_xw *w, int family, int prefix,
			  bool netmask_form)
{
	struct vk_inet mask = {AF_INET, vk_ipv4_mask(prefix), {0}};

	if (family == AF_INET && netmask_form)
		attr_inet(w, "netmask", &mask);
	else
		vk_xw_attrf(w, "prefix", "%d", prefix);
}

static void format_lease(struct vk_xw *w, const struct vk_net_lease *l)
{
	if (!l->set)
		return;
	vk_xw_open(w, "lease");
	vk_xw_attrf(w, "expiry", "%llu", l->expiry);
	vk_xw_attr(w, "unit", vk_net_lease_units[l->unit]);
	vk_xw_close(w);
}

static void format_dhcp(struct vk_xw *w, const struct vk_net_ip *ip)
{
	int i;

	vk_xw_open(w, "dhcp");
	for (i = 0; i < ip->nranges; i++) {
		vk_xw_open(w, "range");
		attr_inet(w, "start", &ip->ranges[i].start);
		attr_inet(w, "end", &ip->ranges[i].end);
		format_lease(w, &ip->ranges[i].lease);
		vk_xw_close(w);
	}
	for (i = 0; i < ip->nhosts; i++) {
		const struct vk_net_host *h = &ip->hosts[i];

		vk_xw_open(w, "host");
		if (h->has_mac)
			vk_net_format_mac(w, "mac", h->mac);
		vk_xw_attr(w, "id", h->id);
		vk_xw_attr(w, "name", h->name);
		attr_inet(w, "ip", &h->ip);
		format_lease(w, &h->lease);
		vk_xw_close(w);
	}
	if (ip->bootp_file) {
		vk_xw_open(w, "bootp");
		vk_xw_attr(w, "file", ip->bootp_file);
		vk_xw_attr(w, "server", ip->bootp_server);
		vk_xw_close(w);
	}
	vk_xw_close(w);
}

static const char *const noyes[] = {"no", "yes"};

void vk_net_format_ip(struct vk_xw *w, const struct vk_network_def *def)
{
	int i;

	for (i = 0; i < def->nips; i++) {
		const struct vk_net_ip *ip = &def->ips[i];

		vk_xw_open(w, "ip");
		if (ip->family == AF_INET6)
			vk_xw_attr(w, "family", "ipv6");
		attr_inet(w, "address", &ip->addr);
		format_prefix(w, ip->family, ip->prefix, ip->netmask_form);
		if (ip->local_ptr >= 0)
			vk_xw_attr(w, "localPtr", noyes[ip->local_ptr]);
		if (ip->tftp_root) {
			vk_xw_open(w, "tftp");
			vk_xw_attr(w, "root", ip->tftp_root);
			vk_xw_close(w);
		}
		if (ip->has_dhcp)
			format_dhcp(w, ip);
		vk_xw_close(w);
	}
	for (i = 0; i < def->nroutes; i++) {
		const struct vk_net_route *r = &def->routes[i];

		vk_xw_open(w, "route");
		if (r->family == AF_INET6)
			vk_xw_attr(w, "family", "ipv6");
		attr_inet(w, "address", &r->addr);
		format_prefix(w, r->family, r->prefix, r->netmask_form);
		attr_inet(w, "gateway", &r->gateway);
		if (r->has_metric)
			vk_xw_attrf(w, "metric", "%u", r->metric);
		vk_xw_close(w);
	}
}
