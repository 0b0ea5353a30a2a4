/* <interface>: the types network, bridge, user, ethernet, direct
 * (macvtap), mcast, server, client and udp, with <mac>, <source>,
 * <virtualport> (802.1Qbg modelled, direct only; the other types kept),
 * <script>, <target>, <model>, <boot>, <alias> and <address>.  The
 * types vhostuser, hostdev, vdpa, null and vds are read with their
 * <source> kept as given.  The other children (<driver>, <link>,
 * <mtu>, ...) are in domain_net_opts.c. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "../util/mac.h"
#include "../util/name.h"
#include "../util/uuid.h"
#include "domain.h"

const char *const vk_net_type_names[] = {
	"network", "bridge", "user", "ethernet", "direct", "mcast", "server",
	"client", "udp", "vhostuser", "hostdev", "vdpa", "null", "vds", NULL
};
const char *const vk_net_direct_mode_names[] = {
	"vepa", "bridge", "private", "passthrough", NULL
};
const char *const vk_net_driver_names[] = {"qemu", "vhost", "vfio", NULL};
const char *const vk_net_txmode_names[] = {"iothread", "timer", NULL};

#define MAX_PORT 65535

static bool is_socket(int type)
{
	return type == VK_NET_MCAST || type == VK_NET_SERVER ||
	       type == VK_NET_CLIENT || type == VK_NET_UDP;
}

/* Types whose <source> is kept as given (the qemu driver refuses them). */
static bool source_kept(int type)
{
	return type == VK_NET_VHOSTUSER || type == VK_NET_HOSTDEV ||
	       type == VK_NET_VDPA || type == VK_NET_VDS;
}

static int not_here(const struct vk_net *net, xmlNodePtr node)
{
	return vk_xml_error(node, "not allowed in an interface of type '%s'",
			    vk_net_type_names[net->type]);
}

static int parse_mac(struct vk_net *net, xmlNodePtr node)
{
	static const char *const attrs[] = {"address", "type", "check", NULL};
	static const char *const types[] = {"generated", "static", NULL};
	char *addr;
	int rc = 0;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_enum(node, "type", types, false,
			     &net->o.mac_type) < 0 ||
	    vk_xml_attr_yesno(node, "check", &net->o.mac_check) < 0)
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

/* ---- <source> ---- */

/* <source network=> (or the older name=), portgroup=, portid=; the
 * bridge= a running guest's network gave it (live XML). */
static int parse_source_network(struct vk_net *net, xmlNodePtr node)
{
	static const char *const attrs[] = {
		"network", "name", "portgroup", "portid", "bridge", NULL
	};
	struct vk_net_opts *o = &net->o;
	char *id;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_attr_str(node, "portgroup", false, &o->portgroup) < 0 ||
	    vk_xml_attr_str(node, "bridge", false, &o->live_bridge) < 0)
		return -1;
	if (o->live_bridge && !vk_dom_device_name_ok(o->live_bridge))
		return vk_xml_error(node, "bridge '%s' is not a device name",
				    o->live_bridge);
	if (o->portgroup && vk_name_check("portgroup", o->portgroup) < 0)
		return vk_xml_error_wrap(node);
	id = vk_xml_attr(node, "portid");
	if (id) {
		o->has_portid = true;
		if (vk_uuid_parse(id, o->portid) < 0) {
			vk_xml_error(node, "portid '%s' is not a valid UUID",
				     id);
			free(id);
			return -1;
		}
		free(id);
	}
	if (vk_xml_has_attr(node, "network") && vk_xml_has_attr(node, "name"))
		return vk_xml_error(node, "give network or name, not both");
	if (vk_xml_attr_str(node, vk_xml_has_attr(node, "name") ?
			    "name" : "network", true, &net->source) < 0)
		return -1;
	/* What net-define takes as a name. */
	if (vk_name_check("network", net->source) < 0)
		return vk_xml_error_wrap(node);
	return 0;
}

static int parse_source_direct(struct vk_net *net, xmlNodePtr node)
{
	static const char *const attrs[] = {"dev", "mode", NULL};

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_attr_enum(node, "mode", vk_net_direct_mode_names, false,
			     &net->mode) < 0 ||
	    vk_xml_attr_str(node, "dev", true, &net->source) < 0)
		return -1;
	if (!vk_dom_device_name_ok(net->source))
		return vk_xml_error(node, "dev '%s' is not a device name",
				    net->source);
	return 0;
}

/* A host name: letters, digits, '-' and '.'. */
static bool host_name_ok(const char *s)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyz"
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.";

	return *s && *s != '-' && *s != '.' && !s[strspn(s, ok)];
}

/* mcast: an IPv4 multicast group; server: an IP address to listen on;
 * client: an IP address or a host name. */
static int check_socket_address(const struct vk_net *net, xmlNodePtr node)
{
	unsigned char a[16];
	const char *s = net->address;
	bool v4 = inet_pton(AF_INET, s, a) == 1;
	bool v6 = !v4 && inet_pton(AF_INET6, s, a) == 1;

	if (net->type == VK_NET_MCAST) {
		if (!v4 || (a[0] & 0xf0) != 0xe0)
			return vk_xml_error(node, "address '%s' is not an IPv4 "
					    "multicast address (224.0.0.0 to "
					    "239.255.255.255)", s);
		return 0;
	}
	if (net->type == VK_NET_UDP && !v4)
		return vk_xml_error(node, "address '%s' is not an IPv4 "
				    "address", s);
	if (v4 || v6 || (net->type == VK_NET_CLIENT && host_name_ok(s)))
		return 0;
	return vk_xml_error(node, "address '%s' is not an IP address%s", s,
			    net->type == VK_NET_CLIENT ? " or host name" : "");
}

/* udp: <source ...><local address port/></source>. */
static int parse_udp_local(struct vk_net *net, xmlNodePtr src)
{
	static const char *const names[] = {"local", NULL};
	static const char *const attrs[] = {"address", "port", NULL};
	unsigned long long port;
	unsigned seen = 0;
	xmlNodePtr child;
	unsigned char a[16];

	vk_xml_foreach(child, src) {
		if (net->type != VK_NET_UDP)
			return vk_xml_unknown(child);
		if (vk_dom_child_index(child, names, &seen) < 0 ||
		    vk_xml_check_attrs(child, attrs) < 0 ||
		    vk_xml_check_empty(child) < 0 ||
		    vk_xml_attr_str(child, "address", true,
				    &net->o.local_address) < 0 ||
		    vk_xml_attr_uint(child, "port", false, MAX_PORT, true,
				     &port, NULL) < 0)
			return -1;
		if (inet_pton(AF_INET, net->o.local_address, a) != 1)
			return vk_xml_error(child, "address '%s' is not an "
					    "IPv4 address",
					    net->o.local_address);
		net->o.local_port = (int)port;
	}
	if (net->type == VK_NET_UDP && !seen)
		return vk_xml_error(src, "type 'udp' needs <local address='IP' "
				    "port='PORT'/>");
	return 0;
}

static int parse_source_socket(struct vk_net *net, xmlNodePtr node)
{
	static const char *const attrs[] = {"address", "port", NULL};
	unsigned long long port;

	if (vk_xml_check_no_text(node) < 0 || parse_udp_local(net, node) < 0)
		return -1;
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_attr_str(node, "address", net->type != VK_NET_SERVER,
			    &net->address) < 0 ||
	    vk_xml_attr_uint(node, "port", false, MAX_PORT, true, &port,
			     NULL) < 0)
		return -1;
	if (!port)
		return vk_xml_error(node, "port must be at least 1");
	net->port = (int)port;
	return net->address ? check_socket_address(net, node) : 0;
}

static int parse_source(struct vk_net *net, xmlNodePtr node)
{
	static const char *const br_attrs[] = {"bridge", NULL};

	if (source_kept(net->type))
		return vk_net_keep(net, node, VK_NKEPT_SOURCE);
	if (is_socket(net->type))
		return parse_source_socket(net, node);
	if (vk_xml_check_empty(node) < 0)
		return -1;
	switch (net->type) {
	case VK_NET_NETWORK:
		return parse_source_network(net, node);
	case VK_NET_BRIDGE:
		if (vk_xml_check_attrs(node, br_attrs) < 0 ||
		    vk_xml_attr_str(node, "bridge", true, &net->source) < 0)
			return -1;
		if (!vk_dom_device_name_ok(net->source))
			return vk_xml_error(node, "bridge '%s' is not a device "
					    "name", net->source);
		return 0;
	case VK_NET_DIRECT:
		return parse_source_direct(net, node);
	default:
		return not_here(net, node);
	}
}

/* ---- <virtualport> ---- */

static int parse_vport_params(struct vk_virtualport *vp, xmlNodePtr node)
{
	static const char *const attrs[] = {
		"managerid", "typeid", "typeidversion", "instanceid", NULL
	};
	unsigned long long mid, tid, tver;
	char *inst;
	int rc = 0;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_uint(node, "managerid", true, 255, true, &mid,
			     NULL) < 0 ||
	    vk_xml_attr_uint(node, "typeid", true, 0xffffff, true, &tid,
			     NULL) < 0 ||
	    vk_xml_attr_uint(node, "typeidversion", true, 255, true, &tver,
			     NULL) < 0)
		return -1;
	if (!mid)
		return vk_xml_error(node, "managerid 0 is reserved");
	vp->managerid = (unsigned)mid;
	vp->typeid = (unsigned)tid;
	vp->typeidversion = (unsigned)tver;
	inst = vk_xml_attr(node, "instanceid");
	if (!inst)
		return vk_uuid_generate(vp->instanceid);
	if (vk_uuid_parse(inst, vp->instanceid) < 0)
		rc = vk_xml_error(node, "instanceid '%s' is not a valid UUID",
				  inst);
	free(inst);
	return rc;
}

static int parse_virtualport(struct vk_net *net, xmlNodePtr node)
{
	static const char *const attrs[] = {"type", NULL};
	static const char *const types[] = {
		"802.1Qbg", "802.1Qbh", "openvswitch", "midonet", NULL
	};
	/* The types each interface type takes (libvirt's rule); a network
	 * interface takes any, or none (merged with the network's). */
	static const unsigned allowed[VK_NET_LAST] = {
		[VK_NET_NETWORK] = 0xf, [VK_NET_BRIDGE] = 0xc,
		[VK_NET_DIRECT] = 0x3, [VK_NET_HOSTDEV] = 0x2,
	};
	xmlNodePtr child, params = NULL;
	int type = -1;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    vk_xml_attr_enum(node, "type", types, net->type != VK_NET_NETWORK,
			     &type) < 0)
		return -1;
	if (!allowed[net->type] || (type >= 0 &&
				    !(allowed[net->type] & (1u << type))))
		return vk_xml_error(node, "type '%s' is not allowed in an "
				    "interface of type '%s'",
				    type >= 0 ? types[type] : "(none)",
				    vk_net_type_names[net->type]);
	if (type != 0 || net->type != VK_NET_DIRECT)
		return vk_net_keep(net, node, VK_NKEPT_VPORT);
	vk_xml_foreach(child, node) {
		if (!vk_xml_is(child, "parameters"))
			return vk_xml_unknown(child);
		if (params)
			return vk_xml_duplicate(child);
		params = child;
	}
	if (!params)
		return vk_xml_error(node, "missing element <parameters>");
	net->has_vport = true;
	return parse_vport_params(&net->vport, params);
}

/* ---- the other children ---- */

static int parse_boot(struct vk_net *net, xmlNodePtr node)
{
	return vk_dom_parse_boot_order(node, &net->boot_order);
}

/* <target dev=>, <model type=>, <script path=>: one required value. */
static int parse_value(xmlNodePtr node, const char *attr, char **slot)
{
	const char *const attrs[] = {attr, NULL};

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0)
		return -1;
	return vk_xml_attr_str(node, attr, true, slot);
}

static int parse_target(struct vk_net *net, xmlNodePtr node)
{
	static const char *const attrs[] = {"dev", "managed", NULL};

	/* No host device stands behind these. */
	if (is_socket(net->type))
		return not_here(net, node);
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_str(node, "dev", true, &net->target) < 0 ||
	    vk_xml_attr_yesno(node, "managed", &net->o.target_managed) < 0)
		return -1;
	if (!vk_dom_device_name_ok(net->target))
		return vk_xml_error(node, "dev '%s' is not a device name",
				    net->target);
	return 0;
}

static int parse_script(struct vk_net *net, xmlNodePtr node)
{
	if (net->type != VK_NET_BRIDGE && net->type != VK_NET_ETHERNET)
		return not_here(net, node);
	return parse_value(node, "path", &net->script);
}

static int parse_model(struct vk_net *net, xmlNodePtr node)
{
	if (parse_value(node, "type", &net->model) < 0)
		return -1;
	/* A NIC model is a device name of the hypervisor (ne2k_pci). */
	if (!vk_dom_device_name_ok(net->model))
		return vk_xml_error(node, "type '%s' is not a model name "
				    "(letters, digits, '_', '.', '-', ':')",
				    net->model);
	return 0;
}

static int parse_address(struct vk_net *net, xmlNodePtr node)
{
	return vk_dom_parse_address(node, VK_ADDR_MASK(VK_ADDR_PCI),
				    &net->addr);
}

static int parse_alias(struct vk_net *net, xmlNodePtr node)
{
	return vk_dom_parse_alias(node, &net->alias);
}

static const struct {
	const char *name;
	int (*parse)(struct vk_net *net, xmlNodePtr node);
} net_children[] = {
	{"mac", parse_mac},
	{"source", parse_source},
	{"target", parse_target},
	{"model", parse_model},
	{"script", parse_script},
	{"boot", parse_boot},
	{"virtualport", parse_virtualport},
	{"alias", parse_alias},
	{"address", parse_address},
};

#define NNET_CHILDREN (sizeof(net_children) / sizeof(*net_children))

/* What each type needs once every child is read. */
static int check_net(const struct vk_net *net, xmlNodePtr node)
{
	static const char *const need[] = {
		[VK_NET_NETWORK] = "<source network='NAME'/>",
		[VK_NET_BRIDGE] = "<source bridge='NAME'/>",
		[VK_NET_DIRECT] = "<source dev='DEVICE'/>",
		[VK_NET_MCAST] = "<source address='GROUP' port='PORT'/>",
		[VK_NET_SERVER] = "<source port='PORT'/>",
		[VK_NET_CLIENT] = "<source address='HOST' port='PORT'/>",
		[VK_NET_UDP] = "<source address='IP' port='PORT'>",
		[VK_NET_VHOSTUSER] = "<source type='unix' path='PATH'/>",
		[VK_NET_HOSTDEV] = "<source><address .../></source>",
		[VK_NET_VDPA] = "<source dev='PATH'/>",
		[VK_NET_VDS] = "<source switchid='UUID' .../>",
	};
	bool has = net->source || net->port || (source_kept(net->type) &&
						  net->o.nkept);

	if (net->type < (int)(sizeof(need) / sizeof(*need)) &&
	    need[net->type] && !has)
		return vk_xml_error(node, "type '%s' needs %s",
				    vk_net_type_names[net->type],
				    need[net->type]);
	return 0;
}

/* A boot order is unique among the interfaces (disks and hostdevs are
 * checked once all are read: vk_dom_net_finish). */
static int check_boot(const struct vk_domain_def *def,
		      const struct vk_net *net, xmlNodePtr node)
{
	int i;

	for (i = 0; net->boot_order && i < def->nnets; i++)
		if (def->nets[i].boot_order == net->boot_order)
			return vk_xml_error(node, "boot order %u is already "
					    "used by another interface",
					    net->boot_order);
	return 0;
}

static int parse_net_body(struct vk_domain_def *def, struct vk_net *net,
			  xmlNodePtr node)
{
	static const char *const attrs[] = {
		"type", "trustGuestRxFilters", "managed", NULL
	};
	bool seen[NNET_CHILDREN] = {false};
	unsigned seen_opts = 0;
	xmlNodePtr child;
	size_t i;
	int rc;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    vk_xml_attr_enum(node, "type", vk_net_type_names, true,
			     &net->type) < 0 ||
	    vk_xml_attr_yesno(node, "trustGuestRxFilters",
			      &net->o.trust_rx) < 0 ||
	    vk_xml_attr_yesno(node, "managed", &net->o.managed) < 0)
		return -1;
	if (net->o.managed >= 0 && net->type != VK_NET_HOSTDEV)
		return vk_xml_error(node, "managed= goes with type 'hostdev' "
				    "only");
	vk_xml_foreach(child, node) {
		for (i = 0; i < NNET_CHILDREN; i++)
			if (vk_xml_is(child, net_children[i].name))
				break;
		if (i == NNET_CHILDREN) {
			rc = vk_net_parse_opt(net, child, &seen_opts);
			if (rc < 0)
				return -1;
			if (!rc)
				return vk_xml_unknown(child);
			continue;
		}
		if (seen[i])
			return vk_xml_duplicate(child);
		seen[i] = true;
		if (net_children[i].parse(net, child) < 0)
			return -1;
	}
	if (check_net(net, node) < 0 || check_boot(def, net, node) < 0)
		return -1;
	if (seen[0])
		return 0;
	return vk_mac_generate(def->virt_type == VK_VIRT_XEN ?
			       VK_MAC_PREFIX_XEN : VK_MAC_PREFIX_QEMU,
			       net->mac);
}

int vk_dom_parse_net(struct vk_domain_def *def, xmlNodePtr node)
{
	struct vk_net net;

	memset(&net, 0, sizeof(net));
	vk_net_opts_init(&net.o);
	net.driver_name = -1;
	net.txmode = -1;
	if (parse_net_body(def, &net, node) < 0) {
		vk_net_clear(&net);
		return -1;
	}
	*(struct vk_net *)vk_array_add(&def->nets, &def->nnets,
				       sizeof(net)) = net;
	return 0;
}

/* ---- whole-document checks ---- */

/* The Nth <interface> under ROOT's <devices>. */
static xmlNodePtr nth_interface(xmlNodePtr root, int n)
{
	xmlNodePtr dev, child;

	vk_xml_foreach(dev, root) {
		if (!vk_xml_is(dev, "devices"))
			continue;
		vk_xml_foreach(child, dev)
			if (vk_xml_is(child, "interface") && !n--)
				return child;
	}
	return root;
}

/* The doc reserves these prefixes for the names the host generates:
 * a config that gives one is ignored. */
static bool reserved_target(const char *target)
{
	return target && (!strncmp(target, "vnet", 4) ||
			  !strncmp(target, "vif", 3));
}

int vk_dom_net_finish(struct vk_domain_def *def, xmlNodePtr root,
		      unsigned flags)
{
	int i;

	for (i = 0; i < def->nnets; i++) {
		struct vk_net *net = &def->nets[i];
		unsigned order = net->boot_order;
		bool used;

		/* Used by another device: this one aside for the look. */
		net->boot_order = 0;
		used = vk_dom_boot_order_used(def, order);
		net->boot_order = order;
		if (used)
			return vk_xml_error(nth_interface(root, i), "boot "
					    "order %u is already used by "
					    "another device", order);
		if ((flags & VK_PARSE_INACTIVE) &&
		    reserved_target(net->target)) {
			free(net->target);
			net->target = NULL;
		}
	}
	return 0;
}

/* ---- format ---- */

static void one_attr(struct vk_xw *w, const char *elem, const char *attr,
		     const char *value)
{
	if (!value)
		return;
	vk_xw_open(w, elem);
	vk_xw_attr(w, attr, value);
	vk_xw_close(w);
}

static void format_source_network(struct vk_xw *w, const struct vk_net *net,
				  unsigned flags)
{
	const struct vk_net_opts *o = &net->o;
	char uuid[VK_UUID_STRLEN + 1];
	bool live = !(flags & VK_FMT_INACTIVE);

	vk_xw_open(w, "source");
	vk_xw_attr(w, "network", net->source);
	vk_xw_attr(w, "portgroup", o->portgroup);
	if (o->has_portid) {
		vk_uuid_format(o->portid, uuid);
		vk_xw_attr(w, "portid", uuid);
	}
	if (live)
		vk_xw_attr(w, "bridge", o->live_bridge);
	vk_xw_close(w);
}

static void format_source(struct vk_xw *w, const struct vk_net *net,
			  unsigned flags)
{
	if (source_kept(net->type)) {
		vk_net_format_kept(w, net, VK_NKEPT_SOURCE);
	} else if (is_socket(net->type)) {
		vk_xw_open(w, "source");
		vk_xw_attr(w, "address", net->address);
		vk_xw_attrf(w, "port", "%d", net->port);
		if (net->o.local_address) {
			vk_xw_open(w, "local");
			vk_xw_attr(w, "address", net->o.local_address);
			vk_xw_attrf(w, "port", "%d", net->o.local_port);
			vk_xw_close(w);
		}
		vk_xw_close(w);
	} else if (net->type == VK_NET_NETWORK) {
		format_source_network(w, net, flags);
	} else if (net->type == VK_NET_DIRECT) {
		vk_xw_open(w, "source");
		vk_xw_attr(w, "dev", net->source);
		vk_xw_attr(w, "mode", vk_net_direct_mode_names[net->mode]);
		vk_xw_close(w);
	} else {
		one_attr(w, "source", "bridge", net->source);
	}
}

static void format_virtualport(struct vk_xw *w, const struct vk_net *net)
{
	const struct vk_virtualport *vp = &net->vport;
	char uuid[VK_UUID_STRLEN + 1];

	vk_net_format_kept(w, net, VK_NKEPT_VPORT);
	if (!net->has_vport)
		return;
	vk_uuid_format(vp->instanceid, uuid);
	vk_xw_open(w, "virtualport");
	vk_xw_attr(w, "type", "802.1Qbg");
	vk_xw_open(w, "parameters");
	vk_xw_attrf(w, "managerid", "%u", vp->managerid);
	vk_xw_attrf(w, "typeid", "%u", vp->typeid);
	vk_xw_attrf(w, "typeidversion", "%u", vp->typeidversion);
	vk_xw_attr(w, "instanceid", uuid);
	vk_xw_close(w);
	vk_xw_close(w);
}

static void format_boot(struct vk_xw *w, const struct vk_net *net)
{
	if (net->boot_order) {
		vk_xw_open(w, "boot");
		vk_xw_attrf(w, "order", "%u", net->boot_order);
		vk_xw_close(w);
	}
}

void vk_dom_format_net(struct vk_xw *w, const struct vk_net *net,
		       unsigned flags)
{
	char mac[VK_MAC_STRLEN + 1];

	const struct vk_net_opts *o = &net->o;

	vk_xw_open(w, "interface");
	vk_xw_attr(w, "type", vk_net_type_names[net->type]);
	if (o->trust_rx >= 0)
		vk_xw_attr(w, "trustGuestRxFilters", o->trust_rx ? "yes" : "no");
	if (o->managed >= 0)
		vk_xw_attr(w, "managed", o->managed ? "yes" : "no");
	vk_mac_format(net->mac, mac);
	vk_xw_open(w, "mac");
	vk_xw_attr(w, "address", mac);
	if (o->mac_type >= 0)
		vk_xw_attr(w, "type", o->mac_type ? "static" : "generated");
	if (o->mac_check >= 0)
		vk_xw_attr(w, "check", o->mac_check ? "yes" : "no");
	vk_xw_close(w);
	format_source(w, net, flags);
	vk_net_format_kept(w, net, VK_NKEPT_VLAN);
	format_virtualport(w, net);
	vk_net_format_kept(w, net, VK_NKEPT_BANDWIDTH);
	vk_net_format_port(w, net);
	vk_net_format_kept(w, net, VK_NKEPT_IP);
	one_attr(w, "script", "path", net->script);
	one_attr(w, "downscript", "path", o->downscript);
	vk_net_format_kept(w, net, VK_NKEPT_BACKENDDOM);
	if (net->target) {
		vk_xw_open(w, "target");
		vk_xw_attr(w, "dev", net->target);
		if (o->target_managed >= 0)
			vk_xw_attr(w, "managed",
				   o->target_managed ? "yes" : "no");
		vk_xw_close(w);
	}
	vk_net_format_kept(w, net, VK_NKEPT_GUEST);
	one_attr(w, "model", "type", net->model);
	vk_net_format_driver(w, net);
	vk_net_format_after_driver(w, net);
	format_boot(w, net);
	vk_dom_format_alias(w, net->alias, flags);
	vk_net_format_rom_acpi(w, net);
	vk_dom_format_address(w, &net->addr);
	vk_xw_close(w);
}

void vk_net_clear(struct vk_net *net)
{
	free(net->source);
	free(net->target);
	free(net->model);
	free(net->script);
	free(net->address);
	free(net->alias);
	vk_net_opts_clear(&net->o);
	memset(net, 0, sizeof(*net));
}

void vk_net_copy(struct vk_net *dst, const struct vk_net *src)
{
	*dst = *src;
	dst->source = vk_strdup(src->source);
	dst->target = vk_strdup(src->target);
	dst->model = vk_strdup(src->model);
	dst->script = vk_strdup(src->script);
	dst->address = vk_strdup(src->address);
	dst->alias = vk_strdup(src->alias);
	vk_net_opts_copy(&dst->o, &src->o);
}
