/* The QEMU 7.2 command line: interfaces.  The Nth <interface> is one
 * backend and one front end:
 *   -netdev BACKEND,id=hostnetN[,sndbuf=BYTES]
 *   -device MODEL,netdev=hostnetN,id=netN,mac=MAC[,tx=bh|timer]
 *           [virtio switches: ioeventfd= event_idx= rss= hash=
 *            iommu_platform= ats= packed= page-per-vq= rx_queue_size=
 *            tx_queue_size= csum= gso= host_tso4= ... guest_ufo=]
 *           [,host_mtu=MTU][,romfile=FILE][,rombar=0|1]
 *           [,acpi-index=N][,bootindex=ORDER]
 *           [,bus=pci.0,addr=0xSLOT.0xFUNCTION]
 * (a user alias ua-X gives the ids ua-X and hostua-X, as libvirt does;
 * <link state='down'> is set over QMP before the guest runs: the
 * supervisor's set_link, vk_qemu_nets_links in qemu_net.c)
 * with BACKEND, one function per interface type:
 *   user                       user
 *   mcast ADDR PORT            socket,mcast=ADDR:PORT
 *   server [ADDR] PORT         socket,listen=[ADDR]:PORT
 *   client ADDR PORT           socket,connect=ADDR:PORT
 *   network, bridge, ethernet  tap,fd=FD
 *   direct                     tap,fd=FD   (a macvtap's device)
 * QEMU runs without privileges, so vm-start makes the tap (or macvtap)
 * and hands QEMU its descriptor at the fixed number FD
 * (vk_qemu_net_fd; qemu_net.c does the host side). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qemu_command_priv.h"
#include "util/error.h"
#include "util/mac.h"

/* QEMU 7.2's network devices for <model type>: PCI ones, and usb-net. */
void vk_qcmd_rom(struct vk_buf *b, const struct vk_rom *rom)
{
	if (rom->enabled == 0)
		vk_buf_add(b, ",romfile=");
	else if (rom->file)
		vk_qcmd_kv(b, "romfile", rom->file);
	if (rom->bar >= 0)
		vk_buf_addf(b, ",rombar=%d", rom->bar);
}

static const char *net_model(const char *model)
{
	static const char *const models[] = {
		"rtl8139", "e1000", "e1000-82544gc", "e1000-82545em", "e1000e",
		"virtio-net-pci", "ne2k_pci", "pcnet", "vmxnet3", "tulip",
		"i82550", "i82551", "i82557a", "i82557b", "i82557c", "i82558a",
		"i82558b", "i82559a", "i82559b", "i82559c", "i82559er",
		"i82562", "i82801", "usb-net", NULL
	};
	int i;

	/* libvirt's default for PC guests. */
	if (!model)
		return "rtl8139";
	if (!strcmp(model, "virtio"))
		return "virtio-net-pci";
	if (!strcmp(model, "virtio-transitional"))
		return "virtio-net-pci-transitional";
	if (!strcmp(model, "virtio-non-transitional"))
		return "virtio-net-pci-non-transitional";
	for (i = 0; models[i]; i++)
		if (!strcmp(model, models[i]))
			return models[i];
	return NULL;
}

static bool is_virtio(const char *qemu_model)
{
	return !strncmp(qemu_model, "virtio-net-pci", 14);
}

/* ---- backends, one per type ---- */

bool vk_qemu_net_is_tap(const struct vk_net *n)
{
	return n->type == VK_NET_NETWORK || n->type == VK_NET_BRIDGE ||
	       n->type == VK_NET_ETHERNET || n->type == VK_NET_DIRECT;
}

int vk_qemu_net_fd(const struct vk_domain_def *def, int i)
{
	int j, k = 0;

	if (!vk_qemu_net_is_tap(&def->nets[i]))
		return -1;
	for (j = 0; j < i; j++)
		k += vk_qemu_net_is_tap(&def->nets[j]);
	return VK_QEMU_NET_FD0 + k;
}

static int backend_tap(struct vk_qcmd *c, const struct vk_net *n,
		       struct vk_buf *b)
{
	/* A script runs for ethernet taps (vm-start runs it as root). */
	if (n->script && n->type != VK_NET_ETHERNET)
		return vk_qcmd_refuse_why("the qemu driver runs a script for "
					  "type='ethernet' only",
					  "interface type '%s' with <script>",
					  vk_net_type_names[n->type]);
	vk_buf_addf(b, "tap,fd=%d", vk_qemu_net_fd(c->def,
						   (int)(n - c->def->nets)));
	return 0;
}

static int backend_user(struct vk_qcmd *c, const struct vk_net *n,
			struct vk_buf *b)
{
	(void)c;
	if (n->target)
		return vk_qcmd_refuse_why("a user-mode interface has no "
					  "host device", "interface type "
					  "'user' with <target dev='%s'>",
					  n->target);
	vk_buf_add(b, "user");
	return 0;
}

/* mcast, server, client and udp: QEMU's socket backend takes IPv4
 * only. */
static int backend_socket(struct vk_qcmd *c, const struct vk_net *n,
			  struct vk_buf *b)
{
	static const char *const opt[] = {
		[VK_NET_MCAST] = "mcast", [VK_NET_SERVER] = "listen",
		[VK_NET_CLIENT] = "connect", [VK_NET_UDP] = "udp",
	};

	(void)c;
	if (n->address && strchr(n->address, ':'))
		return vk_qcmd_refuse_why("QEMU's socket backend takes IPv4 "
					  "addresses and host names only",
					  "interface type '%s' address '%s'",
					  vk_net_type_names[n->type],
					  n->address);
	vk_buf_addf(b, "socket,%s=", opt[n->type]);
	if (n->address)
		vk_qcmd_esc(b, n->address);
	vk_buf_addf(b, ":%d", n->port);
	if (n->o.local_address)
		vk_buf_addf(b, ",localaddr=%s:%d", n->o.local_address,
			    n->o.local_port);
	return 0;
}

/* The types the qemu driver cannot run here. */
static int backend_refused(struct vk_qcmd *c, const struct vk_net *n,
			   struct vk_buf *b)
{
	static const char *const why[VK_NET_LAST] = {
		[VK_NET_VHOSTUSER] = "a vhost-user backend needs a switch "
			"process and guest memory shared with it, which "
			"virtkit does not set up",
		[VK_NET_HOSTDEV] = "it needs VFIO: a host PCI network "
			"function bound to vfio-pci and an IOMMU",
		[VK_NET_VDPA] = "it needs a vhost-vdpa device, which this "
			"host does not provide to virtkit",
		[VK_NET_NULL] = "a null interface is a VMware ESX one",
		[VK_NET_VDS] = "a VMware distributed switch port is an ESX "
			"one",
	};

	(void)c;
	(void)b;
	return vk_qcmd_refuse_why(why[n->type], "interface type '%s'",
				  vk_net_type_names[n->type]);
}

static int (*const backends[])(struct vk_qcmd *, const struct vk_net *,
			       struct vk_buf *) = {
	[VK_NET_NETWORK] = backend_tap,
	[VK_NET_BRIDGE] = backend_tap,
	[VK_NET_USER] = backend_user,
	[VK_NET_ETHERNET] = backend_tap,
	[VK_NET_DIRECT] = backend_tap,
	[VK_NET_MCAST] = backend_socket,
	[VK_NET_SERVER] = backend_socket,
	[VK_NET_CLIENT] = backend_socket,
	[VK_NET_UDP] = backend_socket,
	[VK_NET_VHOSTUSER] = backend_refused,
	[VK_NET_HOSTDEV] = backend_refused,
	[VK_NET_VDPA] = backend_refused,
	[VK_NET_NULL] = backend_refused,
	[VK_NET_VDS] = backend_refused,
};

/* Why each kept child of <interface> is refused. */
static const char *const kept_why[] = {
	[VK_NKEPT_VLAN] = "VLAN tags need Open vSwitch or a VLAN-filtering "
		"bridge, which virtkit does not configure",
	[VK_NKEPT_VPORT] = "only 802.1Qbg on a direct interface is set up "
		"by virtkit; Open vSwitch, MidoNet and 802.1Qbh ports are not",
	[VK_NKEPT_BANDWIDTH] = "virtkit does not shape traffic (tc) on the "
		"guest's tap",
	[VK_NKEPT_IP] = "addresses and routes for the guest side are an LXC "
		"feature; QEMU cannot set them in the guest",
	[VK_NKEPT_BACKENDDOM] = "a backend domain is a Xen feature",
	[VK_NKEPT_GUEST] = "the guest-side device name is an LXC feature",
	[VK_NKEPT_FILTERREF] = "virtkit has no network filter (nwfilter) "
		"driver",
};

/* The options the qemu driver refuses, whatever the type. */
static int refuse_opts(const struct vk_net *n)
{
	const struct vk_net_opts *o = &n->o;
	int i;

	for (i = 0; i < o->nkept; i++)
		if (o->kept[i].slot != VK_NKEPT_SOURCE)
			return vk_qcmd_refuse_why(kept_why[o->kept[i].slot],
						  "interface <%s>",
						  o->kept[i].name);
	if (o->portgroup)
		return vk_qcmd_refuse_why("virtkit networks have no port "
					  "groups", "interface portgroup '%s'",
					  o->portgroup);
	if (o->trust_rx == 1)
		return vk_qcmd_refuse_why("virtkit does not follow the "
					  "guest's receive filters on the "
					  "host", "interface "
					  "trustGuestRxFilters='yes'");
	if (o->target_managed == 0)
		return vk_qcmd_refuse_why("virtkit makes the tap itself",
					  "interface <target managed='no'>");
	if (o->backend_tap || o->backend_vhost)
		return vk_qcmd_refuse_why("vm-start opens /dev/net/tun and "
					  "hands QEMU the tap; other device "
					  "files are not used",
					  "interface <backend>");
	if (o->has_coalesce)
		return vk_qcmd_refuse_why("coalescing is set on the tap with "
					  "ethtool, which virtkit does not do",
					  "interface <coalesce>");
	if (o->teaming >= 0)
		return vk_qcmd_refuse_why("failover pairs a virtio interface "
					  "with a VFIO host device, which "
					  "virtkit does not assign",
					  "interface <teaming>");
	if (o->port_isolated == 1)
		return vk_qcmd_refuse_why("virtkit does not isolate bridge "
					  "ports", "interface <port "
					  "isolated='yes'>");
	if (o->downscript)
		return vk_qcmd_refuse_why("virtkit runs no script when the "
					  "guest stops", "interface "
					  "<downscript>");
	if (o->loadparm)
		return vk_qcmd_refuse_why("loadparm is for s390 guests",
					  "interface <boot loadparm>");
	if (o->queues > 1)
		return vk_qcmd_refuse_why("vm-start opens one tap queue per "
					  "interface", "interface <driver "
					  "queues='%u'>", o->queues);
	if (o->has_sndbuf && !vk_qemu_net_is_tap(n))
		return vk_qcmd_refuse_why("sndbuf is a tap option",
					  "interface type '%s' with <tune>",
					  vk_net_type_names[n->type]);
	return 0;
}

/* ---- front end ---- */

/* virtio-net-pci's properties for <driver>'s switches, <host> and
 * <guest>, in the order of the enums. */
static const char *const drv_props[VK_NDRV_LAST] = {
	"ioeventfd", "event_idx", "rss", "hash", "iommu_platform", "ats",
	"packed", "page-per-vq",
};
static const char *const host_props[VK_NHOST_LAST] = {
	"csum", "gso", "host_tso4", "host_tso6", "host_ecn", "host_ufo",
	"mrg_rxbuf",
};
static const char *const guest_props[VK_NGUEST_LAST] = {
	"guest_csum", "guest_tso4", "guest_tso6", "guest_ecn", "guest_ufo",
};

static bool virtio_opts(const struct vk_net *n)
{
	const struct vk_net_opts *o = &n->o;
	int i;

	for (i = 0; i < VK_NDRV_LAST; i++)
		if (o->drv[i] >= 0)
			return true;
	for (i = 0; i < VK_NHOST_LAST; i++)
		if (o->host[i] >= 0)
			return true;
	for (i = 0; i < VK_NGUEST_LAST; i++)
		if (o->guest[i] >= 0)
			return true;
	return o->rx_queue_size || o->tx_queue_size || o->queues;
}

static void props(struct vk_buf *b, const char *const *names,
		  const int *v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (v[i] >= 0)
			vk_buf_addf(b, ",%s=%s", names[i], v[i] ? "on" : "off");
}

static void add_virtio_opts(const struct vk_net *n, struct vk_buf *b)
{
	const struct vk_net_opts *o = &n->o;

	props(b, drv_props, o->drv, VK_NDRV_LAST);
	if (o->rx_queue_size)
		vk_buf_addf(b, ",rx_queue_size=%u", o->rx_queue_size);
	if (o->tx_queue_size)
		vk_buf_addf(b, ",tx_queue_size=%u", o->tx_queue_size);
	props(b, host_props, o->host, VK_NHOST_LAST);
	props(b, guest_props, o->guest, VK_NGUEST_LAST);
}

/* <driver name= txmode=>: options of virtio-net-pci only.  vhost is a
 * tap backend's option (vhost=on, and QEMU without privileges would
 * need a /dev/vhost-net descriptor): not offered. */
static int add_driver(const struct vk_net *n, const char *model,
		      struct vk_buf *b)
{
	static const char *const tx[] = {
		[VK_TXMODE_IOTHREAD] = "bh", [VK_TXMODE_TIMER] = "timer",
	};

	if (n->driver_name < 0 && n->txmode < 0 && !virtio_opts(n))
		return 0;
	if (!is_virtio(model))
		return vk_qcmd_refuse_why("only the virtio model has driver "
					  "options", "interface <driver> with "
					  "model '%s'", n->model ? n->model :
					  "rtl8139");
	if (n->driver_name == VK_NET_DRIVER_VHOST &&
	    vk_qemu_net_is_tap(n))
		return vk_qcmd_refuse_why("virtkit hands QEMU no "
					  "/dev/vhost-net descriptor",
					  "interface type '%s' with driver "
					  "name 'vhost'",
					  vk_net_type_names[n->type]);
	if (n->driver_name == VK_NET_DRIVER_VHOST)
		return vk_qcmd_refuse_why("vhost needs a tap backend",
					  "interface type '%s' with driver "
					  "name 'vhost'",
					  vk_net_type_names[n->type]);
	if (n->txmode >= 0)
		vk_buf_addf(b, ",tx=%s", tx[n->txmode]);
	add_virtio_opts(n, b);
	return 0;
}

/* <mtu>, <rom>, <acpi>: front-end properties. */
static int add_front_opts(const struct vk_net *n, const char *model,
			  struct vk_buf *b)
{
	const struct vk_net_opts *o = &n->o;

	if (o->mtu && !is_virtio(model))
		return vk_qcmd_refuse_why("only virtio-net tells the guest "
					  "an MTU", "interface <mtu> with "
					  "model '%s'", n->model ? n->model :
					  "rtl8139");
	if (o->mtu)
		vk_buf_addf(b, ",host_mtu=%u", o->mtu);
	vk_qcmd_rom(b, &o->rom);
	if (o->acpi_index)
		vk_buf_addf(b, ",acpi-index=%u", o->acpi_index);
	return 0;
}

void vk_qemu_net_id(const struct vk_net *n, int i, char *id, size_t size)
{
	if (vk_dom_alias_is_user(n->alias))
		snprintf(id, size, "%s", n->alias);
	else
		snprintf(id, size, "net%d", i);
}

static int add_net(struct vk_qcmd *c, const struct vk_net *n, int i)
{
	struct vk_buf b = VK_BUF_INIT;
	char mac[VK_MAC_STRLEN + 1];
	char id[128];
	const char *model = net_model(n->model);

	if (refuse_opts(n) < 0 || backends[n->type](c, n, &b) < 0) {
		vk_buf_free(&b);
		return -1;
	}
	if (!model || n->has_vport) {
		vk_buf_free(&b);
		if (model)
			return vk_qcmd_refuse("interface virtualport");
		if (!strcmp(n->model, "igb"))
			return vk_qcmd_refuse_why("QEMU 7.2 has no igb device "
						  "(it came in QEMU 8.0)",
						  "interface model 'igb'");
		return vk_qcmd_refuse("interface model '%s'", n->model);
	}
	if (!strcmp(model, "usb-net")) {
		if (n->addr.type != VK_ADDR_NONE || n->o.acpi_index ||
		    n->o.rom.file || n->o.rom.bar >= 0) {
			vk_buf_free(&b);
			return vk_qcmd_refuse_why("usb-net is a USB device",
						  "interface model 'usb-net' "
						  "with a PCI address, <rom> "
						  "or <acpi>");
		}
		vk_qcmd_need_usb(c);
	}
	vk_qemu_net_id(n, i, id, sizeof(id));
	if (n->o.has_sndbuf)
		vk_buf_addf(&b, ",sndbuf=%llu", n->o.sndbuf);
	vk_buf_addf(&b, ",id=host%s", id);
	vk_qcmd_push(c, "-netdev", &b);
	vk_mac_format(n->mac, mac);
	vk_buf_addf(&b, "%s,netdev=host%s,id=%s,mac=%s", model, id, id, mac);
	if (add_driver(n, model, &b) < 0 ||
	    add_front_opts(n, model, &b) < 0) {
		vk_buf_free(&b);
		return -1;
	}
	if (n->boot_order)
		vk_buf_addf(&b, ",bootindex=%u", n->boot_order);
	return vk_qcmd_push_pci(c, &n->addr, "interface", &b);
}

int vk_qcmd_nets(struct vk_qcmd *c)
{
	int i;

	for (i = 0; i < c->def->nnets; i++)
		if (add_net(c, &c->def->nets[i], i) < 0)
			return -1;
	return 0;
}
