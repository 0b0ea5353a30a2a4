/* Network XML: <ip address netmask|prefix> and <dhcp> with its <range>s
 * and <host>s, and the address checks between them. */
#include <stdlib.h>
#include <string.h>

#include "network_priv.h"
#include "conf/domain.h"
#include "util/error.h"
#include "util/inet.h"
#include "util/mac.h"

/* Guests need at least two addresses beside the network's own. */
#define PREFIX_MAX 30

static int attr_ipv4(xmlNodePtr node, const char *name, uint32_t *out)
{
	char *s = NULL;
	int rc = 0;

	if (vk_xml_attr_str(node, name, true, &s) < 0)
		return -1;
	if (vk_ipv4_parse(s, out) < 0)
		rc = vk_xml_error(node, "%s '%s' is not an IPv4 address", name,
				  s);
	free(s);
	return rc;
}

/* A guest may have IP: inside the network, not its network or
 * broadcast address. */
static int check_host_addr(const struct vk_network_def *def,
			   xmlNodePtr node, uint32_t ip)
{
	char a[VK_IPV4_STRLEN + 1], net[VK_CIDR_STRLEN + 1];

	vk_ipv4_format(ip, a);
	vk_ipv4_cidr(vk_network_base(def), def->prefix, net);
	if ((ip & vk_ipv4_mask(def->prefix)) != vk_network_base(def))
		return vk_xml_error(node, "%s is outside the network %s", a,
				    net);
	if (ip == vk_network_base(def) || ip == vk_network_broadcast(def))
		return vk_xml_error(node, "%s is not a host address of the "
				    "network %s", a, net);
	return 0;
}

static int parse_range(struct vk_network_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"start", "end", NULL};
	char a[VK_IPV4_STRLEN + 1], b[VK_IPV4_STRLEN + 1];
	struct vk_net_range r;
	int i;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    attr_ipv4(node, "start", &r.start) < 0 ||
	    attr_ipv4(node, "end", &r.end) < 0 ||
	    check_host_addr(def, node, r.start) < 0 ||
	    check_host_addr(def, node, r.end) < 0)
		return -1;
	vk_ipv4_format(r.start, a);
	vk_ipv4_format(r.end, b);
	if (r.start > r.end)
		return vk_xml_error(node, "start %s is after end %s", a, b);
	if (def->addr >= r.start && def->addr <= r.end) {
		char own[VK_IPV4_STRLEN + 1];

		vk_ipv4_format(def->addr, own);
		return vk_xml_error(node, "%s to %s holds the network's own "
				    "address %s", a, b, own);
	}
	for (i = 0; i < def->nranges; i++)
		if (r.start <= def->ranges[i].end &&
		    def->ranges[i].start <= r.end)
			return vk_xml_error(node, "%s to %s overlaps an "
					    "earlier range", a, b);
	*(struct vk_net_range *)vk_array_add(&def->ranges, &def->nranges,
					     sizeof(r)) = r;
	return 0;
}

static int check_host_unique(const struct vk_network_def *def,
			     xmlNodePtr node, const struct vk_net_host *h)
{
	char s[VK_MAC_STRLEN + 1];
	int i;

	for (i = 0; i < def->nhosts; i++) {
		const struct vk_net_host *o = &def->hosts[i];

		if (h->has_mac && o->has_mac && !memcmp(h->mac, o->mac, 6)) {
			vk_mac_format(h->mac, s);
			return vk_xml_error(node, "mac %s is given twice", s);
		}
		if (h->name && o->name && !strcasecmp(h->name, o->name))
			return vk_xml_error(node, "name '%s' is given twice",
					    h->name);
		if (h->ip == o->ip) {
			vk_ipv4_format(h->ip, s);
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

static int parse_host_attrs(struct vk_network_def *def, xmlNodePtr node,
			    struct vk_net_host *h)
{
	static const char *const attrs[] = {"mac", "name", "ip", NULL};
	char *mac = NULL, own[VK_IPV4_STRLEN + 1];
	int rc = -1;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_str(node, "mac", false, &mac) < 0 ||
	    vk_xml_attr_str(node, "name", false, &h->name) < 0)
		goto out;
	if (mac && vk_mac_parse(mac, h->mac) < 0) {
		vk_xml_error(node, "mac '%s' is not a MAC address", mac);
		goto out;
	}
	h->has_mac = mac != NULL;
	if (h->has_mac && vk_mac_validate(h->mac) < 0) {
		vk_xml_error_wrap(node);
		goto out;
	}
	if (!mac && !h->name) {
		vk_xml_error(node, "needs a mac or a name");
		goto out;
	}
	if (h->name && vk_net_dns_name_check(node, "name", h->name) < 0)
		goto out;
	if (h->name && dnsmasq_word(h->name)) {
		vk_xml_error(node, "name '%s' would be read by dnsmasq as a "
			     "lease time or a keyword, not a host name",
			     h->name);
		goto out;
	}
	if (attr_ipv4(node, "ip", &h->ip) < 0 ||
	    check_host_addr(def, node, h->ip) < 0)
		goto out;
	vk_ipv4_format(def->addr, own);
	if (h->ip == def->addr)
		vk_xml_error(node, "ip %s is the network's own address", own);
	else
		rc = check_host_unique(def, node, h);
out:
	free(mac);
	return rc;
}

static int parse_host(struct vk_network_def *def, xmlNodePtr node)
{
	struct vk_net_host h;

	memset(&h, 0, sizeof(h));
	if (parse_host_attrs(def, node, &h) < 0) {
		free(h.name);
		return -1;
	}
	*(struct vk_net_host *)vk_array_add(&def->hosts, &def->nhosts,
					    sizeof(h)) = h;
	return 0;
}

static int parse_dhcp(struct vk_network_def *def, xmlNodePtr node)
{
	xmlNodePtr child;

	if (vk_xml_check_attrs(node, (const char *const[]){NULL}) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	def->has_dhcp = true;
	vk_xml_foreach(child, node) {
		if (vk_xml_is(child, "range")) {
			if (parse_range(def, child) < 0)
				return -1;
		} else if (vk_xml_is(child, "host")) {
			if (parse_host(def, child) < 0)
				return -1;
		} else {
			return vk_xml_unknown(child);
		}
	}
	if (!def->nranges)
		return vk_xml_error(node, "needs at least one <range>");
	return 0;
}

static int parse_prefix(struct vk_network_def *def, xmlNodePtr node)
{
	bool netmask = vk_xml_has_attr(node, "netmask");
	bool prefix = vk_xml_has_attr(node, "prefix");
	unsigned long long p;
	uint32_t mask;
	char *s = NULL;
	bool set;

	if (netmask == prefix)
		return vk_xml_error(node, netmask ? "netmask and prefix "
				    "exclude each other" : "missing attribute "
				    "'netmask' or 'prefix'");
	def->netmask_form = netmask;
	if (prefix) {
		if (vk_xml_attr_uint(node, "prefix", false, 32, true, &p,
				     &set) < 0)
			return -1;
		def->prefix = (int)p;
	} else {
		if (attr_ipv4(node, "netmask", &mask) < 0)
			return -1;
		def->prefix = vk_ipv4_prefix(mask);
		if (def->prefix < 0) {
			vk_xml_attr_str(node, "netmask", true, &s);
			vk_xml_error(node, "netmask '%s' is not contiguous", s);
			free(s);
			return -1;
		}
	}
	if (def->prefix < 1 || def->prefix > PREFIX_MAX)
		return vk_xml_error(node, "a /%d network is not allowed (the "
				    "prefix must be 1 to %d)", def->prefix,
				    PREFIX_MAX);
	return 0;
}

int vk_net_parse_ip(struct vk_network_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"address", "netmask", "prefix",
					    NULL};
	xmlNodePtr child;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    attr_ipv4(node, "address", &def->addr) < 0 ||
	    parse_prefix(def, node) < 0)
		return -1;
	def->has_ip = true;
	if (check_host_addr(def, node, def->addr) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		if (!vk_xml_is(child, "dhcp"))
			return vk_xml_unknown(child);
		if (def->has_dhcp)
			return vk_xml_duplicate(child);
		if (parse_dhcp(def, child) < 0)
			return -1;
	}
	return 0;
}

uint32_t vk_network_base(const struct vk_network_def *def)
{
	return def->addr & vk_ipv4_mask(def->prefix);
}

uint32_t vk_network_broadcast(const struct vk_network_def *def)
{
	return vk_network_base(def) | ~vk_ipv4_mask(def->prefix);
}

static void attr_addr(struct vk_xw *w, const char *name, uint32_t a)
{
	char s[VK_IPV4_STRLEN + 1];

	vk_ipv4_format(a, s);
	vk_xw_attr(w, name, s);
}

void vk_net_format_ip(struct vk_xw *w, const struct vk_network_def *def)
{
	int i;

	if (!def->has_ip)
		return;
	vk_xw_open(w, "ip");
	attr_addr(w, "address", def->addr);
	if (def->netmask_form)
		attr_addr(w, "netmask", vk_ipv4_mask(def->prefix));
	else
		vk_xw_attrf(w, "prefix", "%d", def->prefix);
	if (def->has_dhcp) {
		vk_xw_open(w, "dhcp");
		for (i = 0; i < def->nranges; i++) {
			vk_xw_open(w, "range");
			attr_addr(w, "start", def->ranges[i].start);
			attr_addr(w, "end", def->ranges[i].end);
			vk_xw_close(w);
		}
		for (i = 0; i < def->nhosts; i++) {
			vk_xw_open(w, "host");
			if (def->hosts[i].has_mac)
				vk_net_format_mac(w, "mac", def->hosts[i].mac);
			vk_xw_attr(w, "name", def->hosts[i].name);
			attr_addr(w, "ip", def->hosts[i].ip);
			vk_xw_close(w);
		}
		vk_xw_close(w);
	}
	vk_xw_close(w);
}
