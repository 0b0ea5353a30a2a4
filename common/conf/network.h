/* Network XML (libvirt 9.x's format) <-> C.
 *
 *   <network ipv6='yes' trustGuestRxFilters='no'
 *            xmlns:dnsmasq='http://libvirt.org/schemas/network/dnsmasq/1.0'>
 *     <name>default</name>  <uuid>...</uuid>  <metadata>...</metadata>
 *     <forward mode='nat|route|open|bridge|private|vepa|passthrough|hostdev'
 *              dev='eth0' managed='yes'>          (absent: isolated)
 *       <nat ipv6='yes'><address start end/><port start end/></nat>
 *       <interface dev/>... <pf dev/> <driver/> <address type='pci'/>...
 *     </forward>
 *     <bridge name='vkbr0' stp='on' delay='0' macTableManager zone/>
 *     <mtu size='9000'/>  <mac address='52:54:00:..'/>
 *     <domain name='example.lan' localOnly='yes' register='yes'/>
 *     <dns enable forwardPlainNames> <forwarder domain addr/>...
 *       <txt name value/>... <srv service protocol domain target port
 *       priority weight/>... <host ip><hostname>..</hostname>...</host>...
 *     </dns>
 *     <virtualport/> <bandwidth/> <vlan/> <port/>      (kept as given)
 *     <ip family='ipv4|ipv6' address netmask|prefix localPtr>...
 *       <tftp root/>
 *       <dhcp>
 *         <range start end><lease expiry unit/></range>...
 *         <host mac|id name ip><lease expiry unit/></host>...
 *         <bootp file server/>
 *       </dhcp>
 *     </ip>
 *     <route family address prefix|netmask gateway metric/>...
 *     <portgroup name default trustGuestRxFilters>..</portgroup>... (kept)
 *     <dnsmasq:options><dnsmasq:option value/>...</dnsmasq:options>
 *   </network>
 *
 * Parsing is strict: unknown elements and attributes, bad values and
 * inconsistent addresses are refused with "FILE:LINE: <elem>: what"
 * (VK_EXIT_DOCUMENT).  What virtkit cannot do yet is kept and refused
 * by net-start (vk_network_unsupported). */
#ifndef VK_CONF_NETWORK_H
#define VK_CONF_NETWORK_H

#include <stdbool.h>
#include <stdint.h>
#include <libxml/tree.h>

#include "../util/inet.h"

enum vk_net_forward {
	VK_NET_FWD_NONE,	/* isolated: no <forward> */
	VK_NET_FWD_NAT,
	VK_NET_FWD_ROUTE,
	VK_NET_FWD_OPEN,
	VK_NET_FWD_BRIDGE,
	VK_NET_FWD_PRIVATE,
	VK_NET_FWD_VEPA,
	VK_NET_FWD_PASSTHROUGH,
	VK_NET_FWD_HOSTDEV,
};

/* "none", "nat", "route", "open", "bridge", ... */
extern const char *const vk_net_forward_names[];

/* Longest interface name the kernel takes (IFNAMSIZ - 1). */
#define VK_IFNAME_MAX 15

/* A DHCP lease time: EXPIRY in UNIT (an index of vk_net_lease_units:
 * seconds, minutes, hours); 0 is forever. */
struct vk_net_lease {
	bool set;
	unsigned long long expiry;
	int unit;
};

extern const char *const vk_net_lease_units[];
/* L in seconds. */
unsigned long long vk_net_lease_seconds(const struct vk_net_lease *l);

struct vk_net_range {
	struct vk_inet start, end;
	struct vk_net_lease lease;
};

struct vk_net_host {
	bool has_mac;
	unsigned char mac[6];
	char *id;			/* DHCPv6 DUID, or NULL */
	char *name;			/* or NULL */
	struct vk_inet ip;
	struct vk_net_lease lease;
};

/* One <ip>: the host's address on the bridge, with its DHCP service. */
struct vk_net_ip {
	int family;			/* AF_INET or AF_INET6 */
	bool family_given;		/* family= was written */
	struct vk_inet addr;
	int prefix;
	bool netmask_form;		/* netmask= (else prefix=) */
	int local_ptr;			/* -1 unset, 0 no, 1 yes */
	char *tftp_root;		/* or NULL */
	bool has_dhcp;
	struct vk_net_range *ranges;
	int nranges;
	struct vk_net_host *hosts;
	int nhosts;
	char *bootp_file, *bootp_server;	/* or NULL */
	int line;			/* in the document */
};

struct vk_net_route {
	int family;
	bool family_given;
	struct vk_inet addr, gateway;
	int prefix;
	bool netmask_form;
	bool has_metric;
	unsigned metric;
};

struct vk_net_forwarder {
	char *domain;			/* or NULL */
	bool has_addr;
	struct vk_inet addr;
};

struct vk_net_txt {
	char *name, *value;
};

struct vk_net_srv {
	char *service, *protocol;
	char *domain, *target;		/* or NULL */
	int port, priority, weight;	/* -1: not given */
};

struct vk_net_dns_host {
	struct vk_inet ip;
	char **names;
	int nnames;
};

struct vk_net_dns {
	int enable;			/* -1 unset, 0 no, 1 yes */
	int forward_plain;		/* forwardPlainNames, the same */
	struct vk_net_forwarder *forwarders;
	int nforwarders;
	struct vk_net_txt *txts;
	int ntxts;
	struct vk_net_srv *srvs;
	int nsrvs;
	struct vk_net_dns_host *hosts;
	int nhosts;
};

struct vk_network_def {
	char *name;
	unsigned char uuid[16];
	bool uuid_generated;		/* the document had no <uuid> */
	int ipv6;			/* ipv6='yes|no'; -1 unset */
	int trust_rx;			/* trustGuestRxFilters, the same */
	char *metadata;			/* kept as given, or NULL */

	char *bridge;			/* NULL until one is chosen */
	bool stp;			/* default on */
	unsigned delay;			/* forward delay, seconds */
	bool has_bridge_extra;		/* stp/delay were written */
	int mac_table;			/* 0 kernel (default), 1 libvirt */
	bool mac_table_given;
	char *zone;			/* firewalld zone, or NULL */
	unsigned mtu;			/* 0: not given */
	bool has_mac;
	unsigned char mac[6];

	int forward;			/* enum vk_net_forward */
	char *forward_dev;		/* or NULL: any interface */
	int forward_managed;		/* hostdev managed=; -1 unset */
	bool has_nat;			/* <nat> was given */
	int nat_ipv6;			/* <nat ipv6=>; -1 unset */
	bool has_nat_addr;
	uint32_t nat_start, nat_end;	/* IPv4 */
	bool has_nat_port;
	unsigned nat_port_start, nat_port_end;
	char **forward_ifs;		/* <interface dev> */
	int nforward_ifs;
	char *forward_pf;		/* <pf dev>, or NULL */
	char **forward_kept;		/* <driver>, <address>: as given */
	int nforward_kept;

	char *domain;			/* DNS domain, or NULL */
	int domain_local;		/* localOnly; -1 unset */
	int domain_register;		/* register; -1 unset */
	bool has_dns;
	struct vk_net_dns dns;

	struct vk_net_ip *ips;
	int nips;
	struct vk_net_route *routes;
	int nroutes;

	char **kept;			/* virtualport bandwidth vlan port
					   portgroup..., canonical text */
	int nkept;
	char **dnsmasq_opts;		/* <dnsmasq:option value> */
	int ndnsmasq_opts;
	bool has_dnsmasq;
};

#define VK_NET_PARSE_NO_SCHEMA 0x1	/* skip RelaxNG (trusted copies) */

/* Parse DOC (root <network>).  Returns the definition (free with
 * vk_network_free) or NULL with a VK_EXIT_DOCUMENT error.  A missing
 * <uuid> is generated. */
struct vk_network_def *vk_network_parse(xmlDocPtr doc, unsigned flags);
struct vk_network_def *vk_network_parse_file(const char *path,
					     unsigned flags);
/* NODE as a document of its own (embedded in a runtime record). */
struct vk_network_def *vk_network_parse_node(xmlNodePtr node,
					     unsigned flags);

/* The canonical XML (caller frees). */
char *vk_network_format(const struct vk_network_def *def);
void vk_network_free(struct vk_network_def *def);

/* DEF's first <ip> of FAMILY (AF_INET, AF_INET6), or NULL. */
const struct vk_net_ip *vk_network_ip(const struct vk_network_def *def,
				      int family);
/* The network address and IPv4 broadcast address of IP. */
uint32_t vk_network_base(const struct vk_net_ip *ip);
uint32_t vk_network_broadcast(const struct vk_net_ip *ip);
/* Whether DEF's forward mode gets a bridge of virtkit's (nat, route,
 * open, isolated), rather than an existing bridge or macvtap. */
bool vk_network_own_bridge(const struct vk_network_def *def);
/* Whether DEF routes between its bridge and the host's other interfaces
 * (nat, route, open): net-start turns IPv4 forwarding on. */
bool vk_network_forwards(const struct vk_network_def *def);
/* 0 when net-start can do all of DEF here, else -1 with "X: not
 * supported (reason)" recorded (VK_EXIT_FAILED). */
int vk_network_unsupported(const struct vk_network_def *def);

/* 0 when NAME may name a bridge or tap: 1 to VK_IFNAME_MAX characters
 * from [A-Za-z0-9_.-], not "." or "..".  Else -1, error recorded
 * (VK_EXIT_DOCUMENT) naming WHAT ("bridge", ...). */
int vk_ifname_check(const char *what, const char *name);

#endif
