/* Network XML: the document root, <bridge>, <mtu>, <mac>, <domain>,
 * the elements kept as given and <dnsmasq:options>; the canonical
 * writer.  <forward> is in network_fwd.c, <dns> in network_dns.c, <ip>
 * and <route> in network_ip.c. */
#include <stdlib.h>
#include <string.h>

#include "network.h"
#include "network_priv.h"
#include "xml.h"
#include "conf/domain.h"
#include "util/error.h"
#include "util/mac.h"
#include "util/name.h"
#include "util/uuid.h"

/* Bridge names taken by guest taps (vnetN) and Xen's vifs. */
static const char *const reserved_prefixes[] = {"vnet", "vif", NULL};

int vk_ifname_check(const char *what, const char *name)
{
	size_t len = strlen(name), i;

	if (!len || len > VK_IFNAME_MAX)
		return vk_error(VK_EXIT_DOCUMENT, "%s name '%s' must have 1 to "
				"%d characters", what, name, VK_IFNAME_MAX);
	for (i = 0; i < len; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-' ||
		      c == '.'))
			return vk_error(VK_EXIT_DOCUMENT, "%s name '%s' may "
					"hold only letters, digits, '_', '-' "
					"and '.'", what, name);
	}
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return vk_error(VK_EXIT_DOCUMENT, "%s name '%s' is not "
				"allowed", what, name);
	return 0;
}

int vk_net_dns_name_check(xmlNodePtr node, const char *what, const char *s)
{
	size_t len = strlen(s), label = 0, i;

	if (!len || len > 253)
		return vk_xml_error(node, "%s '%s' must have 1 to 253 "
				    "characters", what, s);
	for (i = 0; i <= len; i++) {
		char c = s[i];

		if (c == '.' || !c) {
			if (!label || s[i - 1] == '-')
				return vk_xml_error(node, "%s '%s' is not a "
						    "valid DNS name", what, s);
			label = 0;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || (c == '-' && label)) ||
		    ++label > 63)
			return vk_xml_error(node, "%s '%s' is not a valid DNS "
					    "name", what, s);
	}
	return 0;
}

/* ---- elements ---- */

static int parse_name(struct vk_network_def *def, xmlNodePtr node)
{
	if (vk_xml_plain_text(node, true, &def->name) < 0)
		return -1;
	if (vk_name_check("network", def->name) < 0)
		return vk_xml_error_wrap(node);
	return 0;
}

static int parse_uuid(struct vk_network_def *def, xmlNodePtr node)
{
	def->uuid_generated = false;
	return vk_xml_text_uuid(node, def->uuid);
}

static int parse_bridge(struct vk_network_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"name", "stp", "delay",
					    "macTableManager", "zone", NULL};
	static const char *const onoff[] = {"off", "on", NULL};
	static const char *const managers[] = {"kernel", "libvirt", NULL};
	unsigned long long delay = 0;
	bool set;
	int stp = 1, i;

	def->mac_table_given = vk_xml_has_attr(node, "macTableManager");
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_str(node, "name", false, &def->bridge) < 0 ||
	    vk_xml_attr_enum(node, "stp", onoff, false, &stp) < 0 ||
	    vk_xml_attr_uint(node, "delay", false, 600, false, &delay,
			     &set) < 0 ||
	    vk_xml_attr_enum(node, "macTableManager", managers, false,
			     &def->mac_table) < 0 ||
	    vk_xml_attr_str(node, "zone", false, &def->zone) < 0)
		return -1;
	def->stp = stp;
	def->delay = (unsigned)delay;
	if (def->zone && vk_ifname_check("zone", def->zone) < 0)
		return vk_xml_error_wrap(node);
	if (!def->bridge)
		return 0;
	if (vk_ifname_check("bridge", def->bridge) < 0)
		return vk_xml_error_wrap(node);
	for (i = 0; reserved_prefixes[i]; i++)
		if (!strncmp(def->bridge, reserved_prefixes[i],
			     strlen(reserved_prefixes[i])))
			return vk_xml_error(node, "bridge name '%s' uses the "
					    "prefix '%s', reserved for guest "
					    "interfaces", def->bridge,
					    reserved_prefixes[i]);
	return 0;
}

/* 68 is IPv4's least MTU; 65535 the most a Linux bridge takes. */
static int parse_mtu(struct vk_network_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"size", NULL};
	unsigned long long v;
	bool set;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_uint(node, "size", false, 65535, true, &v, &set) < 0)
		return -1;
	if (v < 68)
		return vk_xml_error(node, "size %llu is below 68, the least "
				    "MTU of IPv4", v);
	def->mtu = (unsigned)v;
	return 0;
}

static int parse_mac(struct vk_network_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"address", NULL};
	char *s = NULL;
	int rc = -1;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_str(node, "address", true, &s) < 0)
		return -1;
	if (vk_mac_parse(s, def->mac) < 0)
		vk_xml_error(node, "'%s' is not a MAC address", s);
	else if (vk_mac_validate(def->mac) < 0)
		vk_xml_error_wrap(node);
	else
		rc = 0;
	def->has_mac = true;
	free(s);
	return rc;
}

static int parse_domain(struct vk_network_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"name", "localOnly", "register",
					    NULL};

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_str(node, "name", true, &def->domain) < 0 ||
	    vk_xml_attr_yesno(node, "localOnly", &def->domain_local) < 0 ||
	    vk_xml_attr_yesno(node, "register", &def->domain_register) < 0)
		return -1;
	return vk_net_dns_name_check(node, "domain name", def->domain);
}

/* <metadata>: each child in an application's namespace, kept as given
 * (its content is the schema's to check). */
static int parse_metadata(struct vk_network_def *def, xmlNodePtr node)
{
	xmlNodePtr c;

	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(c, node)
		if (!c->ns || !c->ns->href || !*c->ns->href)
			return vk_xml_child_error(c, "<%s> needs a namespace",
						  (const char *)c->name);
	def->metadata = vk_xml_node_text(node);
	return 0;
}

/* <virtualport>, <bandwidth>, <vlan>, <port>, <portgroup>: kept as
 * given, checked by the schema; net-start refuses what it cannot do
 * with them (vk_network_unsupported). */
static int parse_kept(struct vk_network_def *def, xmlNodePtr node)
{
	*(char **)vk_array_add(&def->kept, &def->nkept, sizeof(char *)) =
		vk_xml_node_text(node);
	return 0;
}

#define DNSMASQ_NS "http://libvirt.org/schemas/network/dnsmasq/1.0"

static bool in_dnsmasq_ns(xmlNodePtr node, const char *name)
{
	return node->type == XML_ELEMENT_NODE && node->ns &&
	       !strcmp((const char *)node->ns->href, DNSMASQ_NS) &&
	       !strcmp((const char *)node->name, name);
}

/* <dnsmasq:options><dnsmasq:option value='...'/>...: lines added to
 * dnsmasq's configuration as they are. */
static int parse_dnsmasq(struct vk_network_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"value", NULL};
	xmlNodePtr c;
	char *v = NULL;

	if (def->has_dnsmasq)
		return vk_xml_duplicate(node);
	def->has_dnsmasq = true;
	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	for (c = node->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!in_dnsmasq_ns(c, "option"))
			return vk_xml_unknown(c);
		if (vk_xml_check_attrs(c, attrs) < 0 ||
		    vk_xml_check_empty(c) < 0 ||
		    vk_xml_attr_str(c, "value", true, &v) < 0)
			return -1;
		*(char **)vk_array_add(&def->dnsmasq_opts, &def->ndnsmasq_opts,
				       sizeof(char *)) = v;
		if (strpbrk(v, "\n\r"))
			return vk_xml_error(c, "value may not hold a line "
					    "break");
	}
	return 0;
}

typedef int (*elem_parser)(struct vk_network_def *def, xmlNodePtr node);

/* The children of <network>; ONCE: may appear once. */
static const struct {
	const char *name;
	elem_parser parse;
	bool once;
} parsers[] = {
	{"name", parse_name, true},
	{"uuid", parse_uuid, true},
	{"metadata", parse_metadata, true},
	{"bridge", parse_bridge, true},
	{"mtu", parse_mtu, true},
	{"mac", parse_mac, true},
	{"forward", vk_net_parse_forward, true},
	{"domain", parse_domain, true},
	{"dns", vk_net_parse_dns, true},
	{"ip", vk_net_parse_ip, false},
	{"route", vk_net_parse_route, false},
	{"virtualport", parse_kept, true},
	{"bandwidth", parse_kept, true},
	{"vlan", parse_kept, true},
	{"port", parse_kept, true},
	{"portgroup", parse_kept, false},
};

#define NPARSERS (sizeof(parsers) / sizeof(*parsers))
#define P_BRIDGE 3
#define P_FORWARD 6
#define P_ROUTE 10

/* <ip> before <route>: a route's gateway is checked against the <ip>s,
 * so each pass takes the children it names. */
static int parse_pass(struct vk_network_def *def, xmlNodePtr root,
		      xmlNodePtr *where, bool routes)
{
	xmlNodePtr child;
	size_t i;

	vk_xml_foreach(child, root) {
		if (in_dnsmasq_ns(child, "options")) {
			if (!routes && parse_dnsmasq(def, child) < 0)
				return -1;
			continue;
		}
		for (i = 0; i < NPARSERS; i++)
			if (vk_xml_is(child, parsers[i].name))
				break;
		if (i == NPARSERS)
			return vk_xml_unknown(child);
		if (routes != (i == P_ROUTE))
			continue;
		if (where[i] && parsers[i].once)
			return vk_xml_duplicate(child);
		where[i] = child;
		if (parsers[i].parse(def, child) < 0)
			return -1;
	}
	return 0;
}

static int parse_children(struct vk_network_def *def, xmlNodePtr root,
			  xmlNodePtr *where)
{
	if (parse_pass(def, root, where, false) < 0)
		return -1;
	return parse_pass(def, root, where, true);
}

/* The checks that need the whole document. */
static int finish(struct vk_network_def *def, xmlNodePtr root,
		  xmlNodePtr *where)
{
	if (!def->name)
		return vk_xml_error(root, "missing element <name>");
	if (vk_net_check_forward(def, root, where[P_FORWARD],
				 where[P_BRIDGE]) < 0)
		return -1;
	if (def->uuid_generated && vk_uuid_generate(def->uuid) < 0)
		return -1;
	return 0;
}

struct vk_network_def *vk_network_parse_node(xmlNodePtr root,
					     unsigned flags)
{
	struct vk_network_def *def = vk_calloc(1, sizeof(*def));
	xmlNodePtr where[NPARSERS] = {NULL};

	(void)flags;
	def->stp = true;
	def->uuid_generated = true;
	def->ipv6 = def->trust_rx = def->forward_managed = -1;
	def->nat_ipv6 = def->domain_local = def->domain_register = -1;
	def->dns.enable = def->dns.forward_plain = -1;
	if (root->ns) {
		vk_xml_error(root, "namespace '%s' is not allowed here",
			     root->ns->href);
		goto fail;
	}
	if (!vk_xml_is(root, "network")) {
		vk_xml_error(root, "the root element must be <network>");
		goto fail;
	}
	/* connections= is output only: libvirt ignores it on input. */
	if (vk_xml_check_attrs(root, (const char *const[]){"connections",
			       "ipv6", "trustGuestRxFilters", NULL}) < 0 ||
	    vk_xml_attr_yesno(root, "ipv6", &def->ipv6) < 0 ||
	    vk_xml_attr_yesno(root, "trustGuestRxFilters",
			      &def->trust_rx) < 0 ||
	    vk_xml_check_no_text(root) < 0 ||
	    parse_children(def, root, where) < 0 ||
	    finish(def, root, where) < 0)
		goto fail;
	return def;
fail:
	vk_network_free(def);
	return NULL;
}

struct vk_network_def *vk_network_parse(xmlDocPtr doc, unsigned flags)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);
	struct vk_network_def *def;

	if (!root) {
		vk_error(VK_EXIT_DOCUMENT, "%s: document is empty",
			 doc->URL ? (const char *)doc->URL : "document");
		return NULL;
	}
	def = vk_network_parse_node(root, flags);
	if (def && !(flags & VK_NET_PARSE_NO_SCHEMA) &&
	    vk_xml_validate(doc, "network") < 0) {
		vk_network_free(def);
		return NULL;
	}
	return def;
}

struct vk_network_def *vk_network_parse_file(const char *path,
					     unsigned flags)
{
	struct vk_network_def *def;
	xmlDocPtr doc = vk_xml_parse_file(path);

	if (!doc)
		return NULL;
	def = vk_network_parse(doc, flags);
	xmlFreeDoc(doc);
	return def;
}

/* ---- writer ---- */

void vk_net_format_mac(struct vk_xw *w, const char *attr,
		       const unsigned char mac[6])
{
	char s[VK_MAC_STRLEN + 1];

	vk_mac_format(mac, s);
	vk_xw_attr(w, attr, s);
}

/* Kept elements written before the <ip>s (libvirt's order), then
 * those after the routes. */
static bool kept_late(const char *xml)
{
	return !strncmp(xml, "<virtualport", 12) ||
	       !strncmp(xml, "<portgroup", 10);
}

static void format_kept(struct vk_xw *w, const struct vk_network_def *def,
			bool late)
{
	int i;

	for (i = 0; i < def->nkept; i++)
		if (kept_late(def->kept[i]) == late)
			vk_xw_raw(w, def->kept[i]);
}

static void format_bridge(struct vk_xw *w, const struct vk_network_def *def)
{
	static const char *const managers[] = {"kernel", "libvirt"};

	if (!def->bridge && !vk_network_own_bridge(def) && !def->zone)
		return;
	vk_xw_open(w, "bridge");
	vk_xw_attr(w, "name", def->bridge);
	vk_xw_attr(w, "zone", def->zone);
	if (vk_network_own_bridge(def)) {
		vk_xw_attr(w, "stp", def->stp ? "on" : "off");
		vk_xw_attrf(w, "delay", "%u", def->delay);
	}
	if (def->mac_table_given)
		vk_xw_attr(w, "macTableManager", managers[def->mac_table]);
	vk_xw_close(w);
}

static void format_domain(struct vk_xw *w, const struct vk_network_def *def)
{
	static const char *const noyes[] = {"no", "yes"};

	if (!def->domain)
		return;
	vk_xw_open(w, "domain");
	vk_xw_attr(w, "name", def->domain);
	if (def->domain_local >= 0)
		vk_xw_attr(w, "localOnly", noyes[def->domain_local]);
	if (def->domain_register >= 0)
		vk_xw_attr(w, "register", noyes[def->domain_register]);
	vk_xw_close(w);
}

static void format_dnsmasq(struct vk_xw *w, const struct vk_network_def *def)
{
	int i;

	if (!def->has_dnsmasq)
		return;
	if (!def->ndnsmasq_opts) {
		vk_xw_empty(w, "dnsmasq:options");
		return;
	}
	vk_xw_open(w, "dnsmasq:options");
	for (i = 0; i < def->ndnsmasq_opts; i++) {
		vk_xw_open(w, "dnsmasq:option");
		vk_xw_attr(w, "value", def->dnsmasq_opts[i]);
		vk_xw_close(w);
	}
	vk_xw_close(w);
}

char *vk_network_format(const struct vk_network_def *def)
{
	static const char *const noyes[] = {"no", "yes"};
	char uuid[VK_UUID_STRLEN + 1];
	struct vk_xw w;

	memset(&w, 0, sizeof(w));
	vk_xw_open(&w, "network");
	if (def->has_dnsmasq)
		vk_xw_attr(&w, "xmlns:dnsmasq", DNSMASQ_NS);
	if (def->ipv6 >= 0)
		vk_xw_attr(&w, "ipv6", noyes[def->ipv6]);
	if (def->trust_rx >= 0)
		vk_xw_attr(&w, "trustGuestRxFilters", noyes[def->trust_rx]);
	vk_xw_elem(&w, "name", def->name);
	vk_uuid_format(def->uuid, uuid);
	vk_xw_elem(&w, "uuid", uuid);
	if (def->metadata)
		vk_xw_raw(&w, def->metadata);
	vk_net_format_forward(&w, def);
	format_bridge(&w, def);
	if (def->mtu) {
		vk_xw_open(&w, "mtu");
		vk_xw_attrf(&w, "size", "%u", def->mtu);
		vk_xw_close(&w);
	}
	if (def->has_mac) {
		vk_xw_open(&w, "mac");
		vk_net_format_mac(&w, "address", def->mac);
		vk_xw_close(&w);
	}
	format_domain(&w, def);
	vk_net_format_dns(&w, def);
	format_kept(&w, def, false);
	vk_net_format_ip(&w, def);
	format_kept(&w, def, true);
	format_dnsmasq(&w, def);
	vk_xw_close(&w);
	return vk_xw_finish(&w);
}

static void free_strings(char **a, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(a[i]);
	free(a);
}

void vk_network_free(struct vk_network_def *def)
{
	if (!def)
		return;
	free(def->name);
	free(def->metadata);
	free(def->bridge);
	free(def->zone);
	free(def->forward_dev);
	free_strings(def->forward_ifs, def->nforward_ifs);
	free(def->forward_pf);
	free_strings(def->forward_kept, def->nforward_kept);
	free(def->domain);
	vk_net_free_dns(&def->dns);
	vk_net_free_ips(def);
	free_strings(def->kept, def->nkept);
	free_strings(def->dnsmasq_opts, def->ndnsmasq_opts);
	free(def);
}
