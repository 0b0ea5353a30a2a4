/* The libvirt 9.x parts of <interface> (domain_net_opts.c): switches
 * of <driver> and its <host>/<guest>, <backend>, <link>, <mtu>, <rom>,
 * <coalesce>, <tune>, <teaming>, <acpi>, <port>, <downscript>, the
 * runtime attributes of <source>, and the children kept as they were
 * given (vlan, bandwidth, filterref, ip, route, the virtualport types
 * other than 802.1Qbg, the <source> of vhostuser, hostdev, vdpa and
 * vds interfaces, guest, backenddomain): the qemu driver refuses an
 * interface with any of those at start. */
#ifndef VK_DOMAIN_NET_H
#define VK_DOMAIN_NET_H

#include <stdbool.h>
#include <libxml/tree.h>

#include "xml.h"

/* <driver> switches (on/off), in libvirt's attribute order. */
/* <rom bar file enabled> of a PCI device: an <interface> or a PCI
 * <hostdev>.  bar and enabled: -1 unset, 0, 1; file: NULL unset, ""
 * no ROM. */
struct vk_rom {
	int bar, enabled;
	char *file;
};
/* Parse NODE into *ROM (set to unset first by the caller), write it
 * (nothing when all unset). */
int vk_dom_parse_rom(xmlNodePtr node, struct vk_rom *rom);
void vk_dom_format_rom(struct vk_xw *w, const struct vk_rom *rom);

enum vk_net_drv_sw { VK_NDRV_IOEVENTFD, VK_NDRV_EVENT_IDX, VK_NDRV_RSS,
		     VK_NDRV_RSS_HASH_REPORT, VK_NDRV_IOMMU, VK_NDRV_ATS,
		     VK_NDRV_PACKED, VK_NDRV_PAGE_PER_VQ, VK_NDRV_LAST };
extern const char *const vk_net_drv_sw_names[];
/* <driver><host> switches. */
enum vk_net_host_sw { VK_NHOST_CSUM, VK_NHOST_GSO, VK_NHOST_TSO4,
		      VK_NHOST_TSO6, VK_NHOST_ECN, VK_NHOST_UFO,
		      VK_NHOST_MRG_RXBUF, VK_NHOST_LAST };
extern const char *const vk_net_host_sw_names[];
/* <driver><guest> switches. */
enum vk_net_guest_sw { VK_NGUEST_CSUM, VK_NGUEST_TSO4, VK_NGUEST_TSO6,
		       VK_NGUEST_ECN, VK_NGUEST_UFO, VK_NGUEST_LAST };
extern const char *const vk_net_guest_sw_names[];

enum vk_net_teaming { VK_TEAMING_PERSISTENT, VK_TEAMING_TRANSIENT };
extern const char *const vk_net_teaming_names[];

/* Where a kept child of <interface> goes in the canonical output. */
enum vk_net_kept_slot { VK_NKEPT_SOURCE, VK_NKEPT_VLAN, VK_NKEPT_VPORT,
			VK_NKEPT_BANDWIDTH, VK_NKEPT_IP, VK_NKEPT_BACKENDDOM,
			VK_NKEPT_GUEST, VK_NKEPT_FILTERREF };

struct vk_net_kept {
	int slot;		/* enum vk_net_kept_slot */
	char *name;
	char *xml;		/* vk_xml_node_text */
};

/* Tri-state values below: -1 unset, 0 off/no, 1 on/yes. */
struct vk_net_opts {
	int trust_rx;		/* <interface trustGuestRxFilters> */
	int managed;		/* <interface managed> (hostdev) */
	int mac_type;		/* 0 generated, 1 static, -1 unset */
	int mac_check;
	char *portgroup;	/* network */
	bool has_portid;
	unsigned char portid[16];
	char *live_bridge;	/* network, live: the bridge used */
	char *local_address;	/* udp: <source><local address port> */
	int local_port;
	int target_managed;	/* <target managed> */
	int drv[VK_NDRV_LAST];
	int host[VK_NHOST_LAST];
	int guest[VK_NGUEST_LAST];
	unsigned queues;	/* 0 unset */
	unsigned rx_queue_size, tx_queue_size;	/* 0 unset */
	char *backend_tap, *backend_vhost;
	int link;		/* <link state>: 1 up, 0 down, -1 unset */
	unsigned mtu;		/* 0 unset */
	struct vk_rom rom;
	bool has_coalesce;	/* <coalesce><rx><frames max> */
	unsigned coalesce_rx_frames;
	char *loadparm;		/* <boot loadparm> */
	char *downscript;
	int teaming;		/* enum vk_net_teaming, -1 none */
	char *teaming_persistent;
	unsigned acpi_index;	/* 0 unset */
	int port_isolated;
	bool has_sndbuf;
	unsigned long long sndbuf;	/* bytes */
	int nkept;
	struct vk_net_kept *kept;
};

struct vk_net;

/* Internal to domain_net*.c. */
void vk_net_opts_init(struct vk_net_opts *o);
void vk_net_opts_clear(struct vk_net_opts *o);
void vk_net_opts_copy(struct vk_net_opts *dst, const struct vk_net_opts *src);
/* CHILD of <interface> when it is one of the children above: 1 once
 * parsed, 0 when it is not, -1 on error.  SEEN (zero at first) records
 * the elements that may appear once. */
int vk_net_parse_opt(struct vk_net *net, xmlNodePtr child, unsigned *seen);
/* Keep NODE verbatim in NET at SLOT (enum vk_net_kept_slot). */
int vk_net_keep(struct vk_net *net, xmlNodePtr node, int slot);
void vk_net_format_kept(struct vk_xw *w, const struct vk_net *net, int slot);
void vk_net_format_driver(struct vk_xw *w, const struct vk_net *net);
void vk_net_format_after_driver(struct vk_xw *w, const struct vk_net *net);
void vk_net_format_rom_acpi(struct vk_xw *w, const struct vk_net *net);
void vk_net_format_port(struct vk_xw *w, const struct vk_net *net);

#endif
