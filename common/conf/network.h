/* Network XML (libvirt's format of the 0.4/0.5 generation) <-> C.
 *
 *   <network>
 *     <name>default</name>  <uuid>...</uuid>
 *     <bridge name='vkbr0' stp='on' delay='0'/>
 *     <mac address='52:54:00:..'/>
 *     <forward mode='nat|route' dev='eth0'/>   (absent: isolated)
 *     <domain name='example.lan'/>
 *     <ip address='192.168.122.1' netmask='255.255.255.0' | prefix='24'>
 *       <dhcp>
 *         <range start='..' end='..'/>...
 *         <host mac='..' name='..' ip='..'/>...
 *       </dhcp>
 *     </ip>
 *   </network>
 *
 * Parsing is strict: unknown elements and attributes, bad values and
 * inconsistent addresses are refused with "FILE:LINE: <elem>: what"
 * (VK_EXIT_DOCUMENT). */
#ifndef VK_CONF_NETWORK_H
#define VK_CONF_NETWORK_H

#include <stdbool.h>
#include <stdint.h>
#include <libxml/tree.h>

enum vk_net_forward {
	VK_NET_FWD_NONE,	/* isolated: no <forward> */
	VK_NET_FWD_NAT,
	VK_NET_FWD_ROUTE,
};

/* "none", "nat", "route" */
extern const char *const vk_net_forward_names[];

/* Longest interface name the kernel takes (IFNAMSIZ - 1). */
#define VK_IFNAME_MAX 15

struct vk_net_range {
	uint32_t start, end;		/* inclusive, host byte order */
};

struct vk_net_host {
	bool has_mac;
	unsigned char mac[6];
	char *name;			/* or NULL */
	uint32_t ip;
};

struct vk_network_def {
	char *name;
	unsigned char uuid[16];
	bool uuid_generated;		/* the document had no <uuid> */

	char *bridge;			/* NULL until one is chosen */
	bool stp;			/* default on */
	unsigned delay;			/* forward delay, seconds */
	bool has_mac;
	unsigned char mac[6];

	int forward;			/* enum vk_net_forward */
	char *forward_dev;		/* or NULL: any interface */

	char *domain;			/* DNS domain, or NULL */

	bool has_ip;
	uint32_t addr;			/* the host's address */
	int prefix;
	bool netmask_form;		/* netmask= (else prefix=) */
	bool has_dhcp;
	struct vk_net_range *ranges;
	int nranges;
	struct vk_net_host *hosts;
	int nhosts;
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

/* The network address and broadcast address of DEF's <ip>. */
uint32_t vk_network_base(const struct vk_network_def *def);
uint32_t vk_network_broadcast(const struct vk_network_def *def);

/* 0 when NAME may name a bridge or tap: 1 to VK_IFNAME_MAX characters
 * from [A-Za-z0-9_.-], not "." or "..".  Else -1, error recorded
 * (VK_EXIT_DOCUMENT) naming WHAT ("bridge", ...). */
int vk_ifname_check(const char *what, const char *name);

#endif
