/* The QEMU 7.2 command line: interfaces.  The Nth <interface> is one
 * backend and one front end:
 *   -netdev BACKEND,id=hostnetN
 *   -device MODEL,netdev=hostnetN,id=netN,mac=MAC[,tx=bh|timer]
 *           [,bootindex=ORDER][,bus=pci.0,addr=0xSLOT.0xFUNCTION]
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
#include <stdlib.h>
#include <string.h>

#include "qemu_command_priv.h"
#include "util/error.h"
#include "util/mac.h"

static const char *net_model(const char *model)
{
	static const char *const models[] = {
		"rtl8139", "e1000", "e1000e", "virtio-net-pci", "ne2k_pci",
		"pcnet", "i82551", "i82557b", "i82559er", NULL
	};
	int i;

	/* libvirt's default for PC guests. */
	if (!model)
		return "rtl8139";
	if (!strcmp(model, "virtio"))
		return "virtio-net-pci";
	for (i = 0; models[i]; i++)
		if (!strcmp(model, models[i]))
			return models[i];
	return NULL;
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

/* mcast, server and client: QEMU's socket backend takes IPv4 only. */
static int backend_socket(struct vk_qcmd *c, const struct vk_net *n,
			  struct vk_buf *b)
{
	static const char *const opt[] = {
		[VK_NET_MCAST] = "mcast", [VK_NET_SERVER] = "listen",
		[VK_NET_CLIENT] = "connect",
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
	return 0;
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
};

/* ---- front end ---- */

/* <driver name= txmode=>: options of virtio-net-pci only.  vhost is a
 * tap backend's option (vhost=on, and QEMU without privileges would
 * need a /dev/vhost-net descriptor): not offered. */
static int add_driver(const struct vk_net *n, const char *model,
		      struct vk_buf *b)
{
	static const char *const tx[] = {
		[VK_TXMODE_IOTHREAD] = "bh", [VK_TXMODE_TIMER] = "timer",
	};

	if (n->driver_name < 0 && n->txmode < 0)
		return 0;
	if (strcmp(model, "virtio-net-pci"))
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
	return 0;
}

static int add_net(struct vk_qcmd *c, const struct vk_net *n, int i)
{
	struct vk_buf b = VK_BUF_INIT;
	char mac[VK_MAC_STRLEN + 1];
	const char *model = net_model(n->model);

	if (backends[n->type](c, n, &b) < 0) {
		vk_buf_free(&b);
		return -1;
	}
	if (!model || n->has_vport) {
		vk_buf_free(&b);
		return model ? vk_qcmd_refuse("interface virtualport") :
		       vk_qcmd_refuse("interface model '%s'", n->model);
	}
	vk_buf_addf(&b, ",id=hostnet%d", i);
	vk_qcmd_push(c, "-netdev", &b);
	vk_mac_format(n->mac, mac);
	vk_buf_addf(&b, "%s,netdev=hostnet%d,id=net%d,mac=%s", model, i, i,
		    mac);
	if (add_driver(n, model, &b) < 0) {
		vk_buf_free(&b);
		return -1;
	}
	if (n->boot_order)
		vk_buf_addf(&b, ",bootindex=%u", n->boot_order);
	if (vk_qcmd_pci_addr(c, &n->addr, "interface", &b) < 0) {
		vk_buf_free(&b);
		return -1;
	}
	vk_qcmd_push(c, "-device", &b);
	return 0;
}

int vk_qcmd_nets(struct vk_qcmd *c)
{
	int i;

	for (i = 0; i < c->def->nnets; i++)
		if (add_net(c, &c->def->nets[i], i) < 0)
			return -1;
	return 0;
}
