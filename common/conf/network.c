/* Network XML: the document root, <bridge>, <mac>, <forward>, <domain>;
 * the canonical writer.  <ip> and <dhcp> are in network_ip.c. */
#include <stdlib.h>
#include <string.h>

#include "network.h"
#include "network_priv.h"
#include "xml.h"
#include "util/error.h"
#include "util/mac.h"
#include "util/name.h"
#include "util/uuid.h"

const char *const vk_net_forward_names[] = {"none", "nat", "route", NULL};

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
	static const char *const attrs[] = {"name", "stp", "delay", NULL};
	static const char *const onoff[] = {"off", "on", NULL};
	unsigned long long delay = 0;
	bool set;
	int stp = 1, i;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_str(node, "name", false, &def->bridge) < 0 ||
	    vk_xml_attr_enum(node, "stp", onoff, false, &stp) < 0 ||
	    vk_xml_attr_uint(node, "delay", false, 600, false, &delay,
			     &set) < 0)
		return -1;
	def->stp = stp;
	def->delay = (unsigned)delay;
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

static int parse_forward(struct vk_network_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"mode", "dev", NULL};
	static const char *const modes[] = {"", "nat", "route", NULL};
	int mode = VK_NET_FWD_NAT;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_enum(node, "mode", modes, false, &mode) < 0 ||
	    vk_xml_attr_str(node, "dev", false, &def->forward_dev) < 0)
		return -1;
	if (mode == VK_NET_FWD_NONE)
		return vk_xml_error(node, "mode must not be empty");
	def->forward = mode;
	if (def->forward_dev && vk_ifname_check("forward device",
						def->forward_dev) < 0)
		return vk_xml_error_wrap(node);
	return 0;
}

static int parse_domain(struct vk_network_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"name", NULL};

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_str(node, "name", true, &def->domain) < 0)
		return -1;
	return vk_net_dns_name_check(node, "domain name", def->domain);
}

typedef int (*elem_parser)(struct vk_network_def *def, xmlNodePtr node);

static const struct {
	const char *name;
	elem_parser parse;
} parsers[] = {
	{"name", parse_name},
	{"uuid", parse_uuid},
	{"bridge", parse_bridge},
	{"mac", parse_mac},
	{"forward", parse_forward},
	{"domain", parse_domain},
	{"ip", vk_net_parse_ip},
};

#define NPARSERS (sizeof(parsers) / sizeof(*parsers))

static int parse_children(struct vk_network_def *def, xmlNodePtr root,
			  xmlNodePtr *where)
{
	xmlNodePtr child;
	size_t i;

	vk_xml_foreach(child, root) {
		for (i = 0; i < NPARSERS; i++)
			if (vk_xml_is(child, parsers[i].name))
				break;
		if (i == NPARSERS)
			return vk_xml_unknown(child);
		if (where[i])
			return vk_xml_duplicate(child);
		where[i] = child;
		if (parsers[i].parse(def, child) < 0)
			return -1;
	}
	return 0;
}

/* The checks that need the whole document. */
static int finish(struct vk_network_def *def, xmlNodePtr root,
		  xmlNodePtr *where)
{
	xmlNodePtr forward = where[4];

	if (!def->name)
		return vk_xml_error(root, "missing element <name>");
	if (def->forward != VK_NET_FWD_NONE && !def->has_ip)
		return vk_xml_error(forward, "mode '%s' needs an <ip> address",
				    vk_net_forward_names[def->forward]);
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
	if (root->ns) {
		vk_xml_error(root, "namespace '%s' is not allowed here",
			     root->ns->href);
		goto fail;
	}
	if (!vk_xml_is(root, "network")) {
		vk_xml_error(root, "the root element must be <network>");
		goto fail;
	}
	if (vk_xml_check_attrs(root, (const char *const[]){NULL}) < 0 ||
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

char *vk_network_format(const struct vk_network_def *def)
{
	char uuid[VK_UUID_STRLEN + 1];
	struct vk_xw w;

	memset(&w, 0, sizeof(w));
	vk_xw_open(&w, "network");
	vk_xw_elem(&w, "name", def->name);
	vk_uuid_format(def->uuid, uuid);
	vk_xw_elem(&w, "uuid", uuid);
	if (def->forward != VK_NET_FWD_NONE) {
		vk_xw_open(&w, "forward");
		vk_xw_attr(&w, "mode", vk_net_forward_names[def->forward]);
		vk_xw_attr(&w, "dev", def->forward_dev);
		vk_xw_close(&w);
	}
	vk_xw_open(&w, "bridge");
	vk_xw_attr(&w, "name", def->bridge);
	vk_xw_attr(&w, "stp", def->stp ? "on" : "off");
	vk_xw_attrf(&w, "delay", "%u", def->delay);
	vk_xw_close(&w);
	if (def->has_mac) {
		vk_xw_open(&w, "mac");
		vk_net_format_mac(&w, "address", def->mac);
		vk_xw_close(&w);
	}
	if (def->domain) {
		vk_xw_open(&w, "domain");
		vk_xw_attr(&w, "name", def->domain);
		vk_xw_close(&w);
	}
	vk_net_format_ip(&w, def);
	vk_xw_close(&w);
	return vk_xw_finish(&w);
}

void vk_network_free(struct vk_network_def *def)
{
	int i;

	if (!def)
		return;
	free(def->name);
	free(def->bridge);
	free(def->forward_dev);
	free(def->domain);
	free(def->ranges);
	for (i = 0; i < def->nhosts; i++)
		free(def->hosts[i].name);
	free(def->hosts);
	free(def);
}
