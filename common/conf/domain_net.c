#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "../util/mac.h"
#include "domain.h"

const char *const vk_net_type_names[] = {
	"network", "bridge", "user", "ethernet", NULL
};

static int parse_mac(struct vk_net *net, xmlNodePtr node)
{
	static const char *const attrs[] = {"address", NULL};
	char *addr;
	int rc = 0;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0)
		return -1;
	addr = vk_xml_attr(node, "address");
	if (!addr)
		return vk_xml_error(node, "missing attribute 'address'");
	if (vk_mac_parse(addr, net->mac) < 0)
		rc = vk_xml_error(node, "'%s' is not a valid MAC address",
				  addr);
	else if (vk_mac_validate(net->mac) < 0)
		rc = vk_xml_error_wrap(node);
	free(addr);
	return rc;
}

/* <source network=> (or the older name=) and <source bridge=>. */
static int parse_source(struct vk_net *net, xmlNodePtr node)
{
	static const char *const net_attrs[] = {"network", "name", NULL};
	static const char *const br_attrs[] = {"bridge", NULL};
	const char *attr = "bridge";

	if (net->type != VK_NET_NETWORK && net->type != VK_NET_BRIDGE)
		return vk_xml_error(node, "not allowed in an interface of "
				    "type '%s'", vk_net_type_names[net->type]);
	if (vk_xml_check_attrs(node, net->type == VK_NET_NETWORK ?
			       net_attrs : br_attrs) < 0 ||
	    vk_xml_check_empty(node) < 0)
		return -1;
	if (net->type == VK_NET_NETWORK) {
		if (vk_xml_has_attr(node, "network") &&
		    vk_xml_has_attr(node, "name"))
			return vk_xml_error(node, "give network or name, "
					    "not both");
		attr = vk_xml_has_attr(node, "name") ? "name" : "network";
	}
	return vk_xml_attr_str(node, attr, true, &net->source);
}

static const char *const net_children[] = {
	"mac", "source", "target", "model", "script", NULL
};

/* <target dev=>, <model type=>, <script path=>: one required value. */
static int parse_net_value(struct vk_net *net, xmlNodePtr child, int which)
{
	static const char *const value_attr[] = {"dev", "type", "path"};
	const char *attr = value_attr[which - 2];
	const char *const attrs[] = {attr, NULL};
	char **slot = which == 2 ? &net->target :
		      which == 3 ? &net->model : &net->script;

	if (which == 4 && net->type != VK_NET_BRIDGE &&
	    net->type != VK_NET_ETHERNET)
		return vk_xml_error(child, "not allowed in an interface of "
				    "type '%s'", vk_net_type_names[net->type]);
	if (vk_xml_check_attrs(child, attrs) < 0 ||
	    vk_xml_check_empty(child) < 0 ||
	    vk_xml_attr_str(child, attr, true, slot) < 0)
		return -1;
	if (which == 2 && !vk_dom_device_name_ok(net->target))
		return vk_xml_error(child, "dev '%s' is not a device name",
				    net->target);
	return 0;
}

static int parse_net_child(struct vk_net *net, xmlNodePtr child, int which)
{
	if (which == 0)
		return parse_mac(net, child);
	if (which == 1)
		return parse_source(net, child);
	return parse_net_value(net, child, which);
}

static int parse_net_body(struct vk_domain_def *def, struct vk_net *net,
			  xmlNodePtr node)
{
	static const char *const attrs[] = {"type", NULL};
	unsigned seen = 0;
	xmlNodePtr child;
	int i;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    vk_xml_attr_enum(node, "type", vk_net_type_names, true,
			     &net->type) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		for (i = 0; net_children[i]; i++)
			if (vk_xml_is(child, net_children[i]))
				break;
		if (!net_children[i])
			return vk_xml_unknown(child);
		if (seen & (1u << i))
			return vk_xml_duplicate(child);
		seen |= 1u << i;
		if (parse_net_child(net, child, i) < 0)
			return -1;
	}
	if (net->type == VK_NET_NETWORK && !net->source)
		return vk_xml_error(node, "type 'network' needs "
				    "<source network='NAME'/>");
	if (net->type == VK_NET_BRIDGE && !net->source)
		return vk_xml_error(node, "type 'bridge' needs "
				    "<source bridge='NAME'/>");
	if (seen & 1u)
		return 0;
	return vk_mac_generate(def->virt_type == VK_VIRT_XEN ?
			       VK_MAC_PREFIX_XEN : VK_MAC_PREFIX_QEMU,
			       net->mac);
}

int vk_dom_parse_net(struct vk_domain_def *def, xmlNodePtr node)
{
	struct vk_net net;

	memset(&net, 0, sizeof(net));
	if (parse_net_body(def, &net, node) < 0) {
		vk_net_clear(&net);
		return -1;
	}
	*(struct vk_net *)vk_array_add(&def->nets, &def->nnets,
				       sizeof(net)) = net;
	return 0;
}

static void one_attr(struct vk_xw *w, const char *elem, const char *attr,
		     const char *value)
{
	if (!value)
		return;
	vk_xw_open(w, elem);
	vk_xw_attr(w, attr, value);
	vk_xw_close(w);
}

void vk_dom_format_net(struct vk_xw *w, const struct vk_net *net)
{
	char mac[VK_MAC_STRLEN + 1];

	vk_xw_open(w, "interface");
	vk_xw_attr(w, "type", vk_net_type_names[net->type]);
	vk_mac_format(net->mac, mac);
	one_attr(w, "mac", "address", mac);
	one_attr(w, "source", net->type == VK_NET_BRIDGE ? "bridge" : "network",
		 net->source);
	one_attr(w, "script", "path", net->script);
	one_attr(w, "target", "dev", net->target);
	one_attr(w, "model", "type", net->model);
	vk_xw_close(w);
}

void vk_net_clear(struct vk_net *net)
{
	free(net->source);
	free(net->target);
	free(net->model);
	free(net->script);
	memset(net, 0, sizeof(*net));
}

void vk_net_copy(struct vk_net *dst, const struct vk_net *src)
{
	*dst = *src;
	dst->source = vk_strdup(src->source);
	dst->target = vk_strdup(src->target);
	dst->model = vk_strdup(src->model);
	dst->script = vk_strdup(src->script);
}
