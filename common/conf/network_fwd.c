/* Network XML: <forward> with <nat>, <interface>, <pf> (and <driver>,
 * <address> kept as given), and the checks of the forward mode against
 * the rest of the document. */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "network_priv.h"
#include "conf/domain.h"
#include "util/error.h"

const char *const vk_net_forward_names[] = {
	"none", "nat", "route", "open", "bridge", "private", "vepa",
	"passthrough", "hostdev", NULL
};

static int parse_nat_address(struct vk_network_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"start", "end", NULL};
	struct vk_inet a, b;

	if (def->has_nat_addr)
		return vk_xml_duplicate(node);
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_net_attr_inet(node, "start", true, AF_INET, &a, NULL) < 0 ||
	    vk_net_attr_inet(node, "end", true, AF_INET, &b, NULL) < 0)
		return -1;
	if (a.v4 > b.v4)
		return vk_xml_error(node, "start is after end");
	def->has_nat_addr = true;
	def->nat_start = a.v4;
	def->nat_end = b.v4;
	return 0;
}

static int parse_nat_port(struct vk_network_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"start", "end", NULL};
	unsigned long long a, b;
	bool set;

	if (def->has_nat_port)
		return vk_xml_duplicate(node);
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_uint(node, "start", false, 65535, true, &a, &set) < 0 ||
	    vk_xml_attr_uint(node, "end", false, 65535, true, &b, &set) < 0)
		return -1;
	if (!a)
		return vk_xml_error(node, "start must be 1 or more");
	if (a > b)
		return vk_xml_error(node, "start %llu is after end %llu", a, b);
	def->has_nat_port = true;
	def->nat_port_start = (unsigned)a;
	def->nat_port_end = (unsigned)b;
	return 0;
}

static int parse_nat(struct vk_network_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"ipv6", NULL};
	xmlNodePtr c;

	if (def->has_nat)
		return vk_xml_duplicate(node);
	if (def->forward != VK_NET_FWD_NAT)
		return vk_xml_error(node, "only forward mode 'nat' takes <nat>");
	def->has_nat = true;
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    vk_xml_attr_yesno(node, "ipv6", &def->nat_ipv6) < 0)
		return -1;
	vk_xml_foreach(c, node) {
		int rc;

		if (vk_xml_is(c, "address"))
			rc = parse_nat_address(def, c);
		else if (vk_xml_is(c, "port"))
			rc = parse_nat_port(def, c);
		else
			rc = vk_xml_unknown(c);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* <interface dev> and <pf dev>: DEV into a new string. */
static int parse_dev(xmlNodePtr node, const char *what, char **out)
{
	static const char *const attrs[] = {"dev", "connections", NULL};

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_str(node, "dev", true, out) < 0)
		return -1;
	if (vk_ifname_check(what, *out) < 0)
		return vk_xml_error_wrap(node);
	return 0;
}

static int parse_forward_child(struct vk_network_def *def, xmlNodePtr c)
{
	char *dev = NULL;
	int i;

	if (vk_xml_is(c, "nat"))
		return parse_nat(def, c);
	if (vk_xml_is(c, "interface")) {
		if (parse_dev(c, "interface", &dev) < 0) {
			free(dev);
			return -1;
		}
		*(char **)vk_array_add(&def->forward_ifs, &def->nforward_ifs,
				       sizeof(char *)) = dev;
		for (i = 0; i + 1 < def->nforward_ifs; i++)
			if (!strcmp(def->forward_ifs[i], dev))
				return vk_xml_error(c, "interface '%s' is "
						    "given twice", dev);
		return 0;
	}
	if (vk_xml_is(c, "pf")) {
		if (def->forward_pf)
			return vk_xml_duplicate(c);
		return parse_dev(c, "pf", &def->forward_pf);
	}
	if (vk_xml_is(c, "driver") || vk_xml_is(c, "address")) {
		/* hostdev pools: kept, checked by the schema */
		*(char **)vk_array_add(&def->forward_kept, &def->nforward_kept,
				       sizeof(char *)) = vk_xml_node_text(c);
		return 0;
	}
	return vk_xml_unknown(c);
}

int vk_net_parse_forward(struct vk_network_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"mode", "dev", "managed", NULL};
	int mode = VK_NET_FWD_NAT;
	xmlNodePtr c;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    vk_xml_attr_enum(node, "mode", vk_net_forward_names, false,
			     &mode) < 0 ||
	    vk_xml_attr_str(node, "dev", false, &def->forward_dev) < 0 ||
	    vk_xml_attr_yesno(node, "managed", &def->forward_managed) < 0)
		return -1;
	if (mode == VK_NET_FWD_NONE)
		return vk_xml_error(node, "mode 'none' is written as no "
				    "<forward> at all");
	def->forward = mode;
	if (def->forward_dev && vk_ifname_check("forward device",
						def->forward_dev) < 0)
		return vk_xml_error_wrap(node);
	vk_xml_foreach(c, node)
		if (parse_forward_child(def, c) < 0)
			return -1;
	if (def->forward_managed >= 0 && mode != VK_NET_FWD_HOSTDEV)
		return vk_xml_error(node, "managed is for mode 'hostdev' only");
	if (def->nforward_kept && mode != VK_NET_FWD_HOSTDEV)
		return vk_xml_error(node, "<driver> and <address> are for mode "
				    "'hostdev' only");
	if (mode == VK_NET_FWD_OPEN && def->forward_dev)
		return vk_xml_error(node, "mode 'open' takes no dev");
	if (vk_network_own_bridge(def) && def->nforward_ifs > 1)
		return vk_xml_error(node, "mode '%s' takes one <interface> at "
				    "most", vk_net_forward_names[mode]);
	if (def->forward_dev && def->nforward_ifs &&
	    strcmp(def->forward_dev, def->forward_ifs[0]))
		return vk_xml_error(node, "dev '%s' is not the first "
				    "<interface> '%s'", def->forward_dev,
				    def->forward_ifs[0]);
	return 0;
}

bool vk_network_own_bridge(const struct vk_network_def *def)
{
	return def->forward <= VK_NET_FWD_OPEN;
}

bool vk_network_forwards(const struct vk_network_def *def)
{
	return def->forward == VK_NET_FWD_NAT ||
	       def->forward == VK_NET_FWD_ROUTE ||
	       def->forward == VK_NET_FWD_OPEN;
}

/* In the modes that use an existing bridge or the host's interfaces,
 * the elements that describe a bridge of virtkit's have no place. */
static int check_foreign(const struct vk_network_def *def, xmlNodePtr root,
			 xmlNodePtr bridge)
{
	const char *mode = vk_net_forward_names[def->forward];
	const char *what = def->nips ? "<ip>" : def->nroutes ? "<route>" :
			   def->has_dns ? "<dns>" : def->domain ? "<domain>" :
			   def->has_mac ? "<mac>" : def->mtu ? "<mtu>" :
			   def->has_dnsmasq ? "<dnsmasq:options>" : NULL;
	bool has_ifs = def->nforward_ifs || def->forward_pf ||
		       def->forward_dev || def->nforward_kept;

	if (what)
		return vk_xml_error(root, "forward mode '%s' takes no %s", mode,
				    what);
	if (bridge && (vk_xml_has_attr(bridge, "stp") ||
		       vk_xml_has_attr(bridge, "delay") ||
		       vk_xml_has_attr(bridge, "macTableManager")))
		return vk_xml_error(bridge, "stp, delay and macTableManager "
				    "are for a bridge of virtkit's, not with "
				    "forward mode '%s'", mode);
	if (def->forward == VK_NET_FWD_BRIDGE && def->bridge && has_ifs)
		return vk_xml_error(root, "forward mode 'bridge' takes a "
				    "<bridge name> or interfaces, not both");
	if (def->forward == VK_NET_FWD_BRIDGE && !def->bridge && !has_ifs)
		return vk_xml_error(root, "forward mode 'bridge' needs a "
				    "<bridge name> or a <forward dev>");
	if (def->forward != VK_NET_FWD_BRIDGE && bridge)
		return vk_xml_error(bridge, "forward mode '%s' takes no "
				    "<bridge>", mode);
	if (def->forward != VK_NET_FWD_BRIDGE && !has_ifs)
		return vk_xml_error(root, "forward mode '%s' needs interfaces "
				    "(<forward dev>, <interface>, <pf> or "
				    "<address>)", mode);
	return 0;
}

int vk_net_check_forward(const struct vk_network_def *def, xmlNodePtr root,
			 xmlNodePtr forward, xmlNodePtr bridge)
{
	if (!vk_network_own_bridge(def))
		return check_foreign(def, root, bridge);
	if ((def->forward == VK_NET_FWD_NAT ||
	     def->forward == VK_NET_FWD_ROUTE) && !def->nips)
		return vk_xml_error(forward, "mode '%s' needs an <ip> address",
				    vk_net_forward_names[def->forward]);
	if (def->forward == VK_NET_FWD_NAT && !vk_network_ip(def, AF_INET) &&
	    def->nat_ipv6 != 1)
		return vk_xml_error(forward, "mode 'nat' needs an IPv4 <ip> "
				    "(or <nat ipv6='yes'>)");
	return 0;
}

void vk_net_format_forward(struct vk_xw *w, const struct vk_network_def *def)
{
	static const char *const noyes[] = {"no", "yes"};
	int i;

	if (def->forward == VK_NET_FWD_NONE)
		return;
	vk_xw_open(w, "forward");
	vk_xw_attr(w, "mode", vk_net_forward_names[def->forward]);
	vk_xw_attr(w, "dev", def->forward_dev);
	if (def->forward_managed >= 0)
		vk_xw_attr(w, "managed", noyes[def->forward_managed]);
	if (def->has_nat) {
		vk_xw_open(w, "nat");
		if (def->nat_ipv6 >= 0)
			vk_xw_attr(w, "ipv6", noyes[def->nat_ipv6]);
		if (def->has_nat_addr) {
			struct vk_inet a = {AF_INET, def->nat_start, {0}};
			struct vk_inet b = {AF_INET, def->nat_end, {0}};
			char s[VK_INET_STRLEN + 1];

			vk_xw_open(w, "address");
			vk_inet_format(&a, s);
			vk_xw_attr(w, "start", s);
			vk_inet_format(&b, s);
			vk_xw_attr(w, "end", s);
			vk_xw_close(w);
		}
		if (def->has_nat_port) {
			vk_xw_open(w, "port");
			vk_xw_attrf(w, "start", "%u", def->nat_port_start);
			vk_xw_attrf(w, "end", "%u", def->nat_port_end);
			vk_xw_close(w);
		}
		vk_xw_close(w);
	}
	if (def->forward_pf) {
		vk_xw_open(w, "pf");
		vk_xw_attr(w, "dev", def->forward_pf);
		vk_xw_close(w);
	}
	for (i = 0; i < def->nforward_ifs; i++) {
		vk_xw_open(w, "interface");
		vk_xw_attr(w, "dev", def->forward_ifs[i]);
		vk_xw_close(w);
	}
	for (i = 0; i < def->nforward_kept; i++)
		vk_xw_raw(w, def->forward_kept[i]);
	vk_xw_close(w);
}

/* The first kept element named NAME (with its '<'), or NULL. */
static const char *kept_named(const struct vk_network_def *def,
			      const char *name)
{
	size_t len = strlen(name);
	int i;

	for (i = 0; i < def->nkept; i++)
		if (!strncmp(def->kept[i] + 1, name, len) &&
		    strchr(" />", def->kept[i][len + 1]))
			return def->kept[i];
	return NULL;
}

static int refuse(const char *what, const char *why)
{
	return vk_error(VK_EXIT_FAILED, "%s: not supported (%s)", what, why);
}

/* An empty <portgroup .../> only names itself; one holding bandwidth,
 * a virtualport or a vlan would shape its guests. */
static bool portgroup_full(const struct vk_network_def *def)
{
	int i;

	for (i = 0; i < def->nkept; i++)
		if (!strncmp(def->kept[i], "<portgroup", 10) &&
		    strchr(def->kept[i], '\n'))
			return true;
	return false;
}

int vk_network_unsupported(const struct vk_network_def *def)
{
	int i, n4 = 0;

	if (def->forward >= VK_NET_FWD_PRIVATE ||
	    (def->forward == VK_NET_FWD_BRIDGE && !def->bridge))
		return refuse(vk_net_forward_names[def->forward][0] == 'b' ?
			      "forward mode 'bridge' with interfaces" :
			      def->forward == VK_NET_FWD_HOSTDEV ?
			      "forward mode 'hostdev'" :
			      "forward mode with macvtap interfaces",
			      "macvtap and hostdev pools are not "
			      "implemented");
	if (kept_named(def, "bandwidth"))
		return refuse("<bandwidth>", "tc shaping of networks is not "
			      "implemented");
	if (kept_named(def, "virtualport"))
		return refuse("<virtualport>", "Open vSwitch and 802.1Qbh "
			      "switches are not implemented");
	if (kept_named(def, "vlan"))
		return refuse("<vlan>", "VLAN tagging needs Open vSwitch or "
			      "SR-IOV");
	if (kept_named(def, "port"))
		return refuse("<port isolated>", "port isolation is not "
			      "implemented");
	if (portgroup_full(def))
		return refuse("<portgroup> with settings", "bandwidth, "
			      "virtualport and vlan are not implemented");
	if (def->zone)
		return refuse("<bridge zone>", "virtkit does not use "
			      "firewalld");
	if (def->has_nat && def->nat_ipv6 == 1)
		return refuse("<nat ipv6='yes'>", "IPv6 masquerading is not "
			      "implemented");
	for (i = 0; i < def->nips; i++)
		if (def->ips[i].family == AF_INET && ++n4 > 1)
			return refuse("a second IPv4 <ip>", "one IPv4 address "
				      "per bridge is implemented");
	if (def->domain_register == 1)
		return refuse("<domain register='yes'>", "registering with "
			      "systemd-resolved is not implemented");
	return 0;
}
