/* A QEMU command line to a domain: -device by driver, interfaces
 * (-netdev with a NIC device, or the older -net nic + -net user/tap),
 * input (-usbdevice, usb-tablet, usb-mouse), graphics (-vnc, -sdl,
 * -display, -full-screen, -k), video and the balloon.
 *
 * The controllers virtkit adds before the first device that needs one
 * (qemu-xhci "usb", ahci "ahci0", virtio-scsi-pci "scsi0",
 * virtio-serial-pci "virtio-serial0") and its pvpanic device are
 * implied by the domain and carry nothing of their own. */
#include <stdlib.h>
#include <string.h>

#include "qemu_argv_parse_priv.h"
#include "qemu_spice.h"
#include "util/error.h"
#include "util/mac.h"

/* ---- interfaces ---- */

static const char *const nic_models[] = {
	"rtl8139", "e1000", "e1000e", "virtio-net-pci", "ne2k_pci", "pcnet",
	"i82551", "i82557b", "i82559er", NULL
};

static bool is_nic(const char *drv)
{
	return vk_qa_index(nic_models, drv) >= 0;
}

/* The MAC: the one given, else the one QEMU gives its Nth NIC. */
static int nic_mac(struct vk_qa *q, struct vk_qa_props *p, const char *key,
		   struct vk_net *n)
{
	const char *mac = vk_qa_get(p, key);

	if (mac && (vk_mac_parse(mac, n->mac) < 0 ||
		    vk_mac_validate(n->mac) < 0))
		return vk_qa_err(p->opt, "bad MAC address '%s'", mac);
	if (!mac)
		memcpy(n->mac, "\x52\x54\x00\x12\x34\x56", 6);
	if (!mac)
		n->mac[5] = (unsigned char)(0x56 + q->nnic);
	q->nnic++;
	return 0;
}

/* socket,listen=[ADDR]:PORT | connect=ADDR:PORT | mcast=ADDR:PORT */
static int net_socket(struct vk_qa_props *p, struct vk_net *n)
{
	static const char *const keys[] = {"listen", "connect", "mcast"};
	static const int types[] = {VK_NET_SERVER, VK_NET_CLIENT,
				    VK_NET_MCAST};
	const char *v = NULL, *colon;
	unsigned long long port;
	int i;

	for (i = 0; i < 3 && !v; i++)
		v = vk_qa_get(p, keys[i]);
	if (!v)
		return vk_qa_err(p->opt, "socket: no listen=, connect= or "
				 "mcast=");
	colon = strrchr(v, ':');
	if (!colon || vk_qa_uint(colon + 1, 65535, &port) < 0 || !port)
		return vk_qa_err(p->opt, "'%s': not ADDRESS:PORT", v);
	n->type = types[i - 1];
	n->port = (int)port;
	n->address = colon > v ? vk_strndup(v, (size_t)(colon - v)) : NULL;
	if (!n->address && n->type != VK_NET_SERVER)
		return vk_qa_err(p->opt, "'%s': no address", v);
	return 0;
}

/* The host side of an interface: a user, socket or tap backend's list. */
static int net_host(struct vk_qa_props *p, const char *type,
		    struct vk_net *n)
{
	const char *ifname, *script;

	if (!strcmp(type, "user")) {
		n->type = VK_NET_USER;
		return 0;
	}
	if (!strcmp(type, "socket"))
		return net_socket(p, n);
	if (strcmp(type, "tap"))
		return vk_qa_err(p->opt, "network backend '%s': not "
				 "supported", type);
	ifname = vk_qa_get(p, "ifname");
	script = vk_qa_get(p, "script");
	/* fd=N: a tap vm-start made (qemu_net.c); the line does not say
	 * from what, so it reads back as a generic ethernet tap. */
	vk_qa_get(p, "fd");
	n->type = VK_NET_ETHERNET;
	if (ifname && !vk_dom_device_name_ok(ifname))
		return vk_qa_err(p->opt, "bad ifname '%s'", ifname);
	n->target = ifname ? vk_strdup(ifname) : NULL;
	n->script = script && strcmp(script, "no") ? vk_strdup(script) :
		    NULL;
	return vk_qa_expect(p, "downscript", "no");
}

static char *nic_model(const char *drv)
{
	return vk_strdup(!strcmp(drv, "virtio-net-pci") ? "virtio" : drv);
}

/* The guestfwd channels of a user backend. */
static int guestfwds(struct vk_qa *q, struct vk_qa_props *p)
{
	int i;

	for (i = 0; i < p->n; i++) {
		if (strcmp(p->v[i].key, "guestfwd"))
			continue;
		p->v[i].used = true;
		if (vk_qa_guestfwd(q, p, p->v[i].val) < 0)
			return -1;
	}
	return 0;
}

static int dev_nic(struct vk_qa *q, struct vk_qa_props *p, const char *drv)
{
	struct vk_qa_backend *be;
	struct vk_net *n;
	const char *type;

	const char *tx;

	be = vk_qa_backend(q, p->opt, VK_QA_NETDEV, vk_qa_get(p, "netdev"));
	if (!be)
		return -1;
	vk_qa_get(p, "id");
	n = vk_qa_new_net(q);
	n->model = nic_model(drv);
	type = vk_qa_get(&be->props, "type");
	if (!type)
		return vk_qa_err(be->props.opt, "no backend type");
	tx = vk_qa_get(p, "tx");
	if (tx && strcmp(tx, "bh") && strcmp(tx, "timer"))
		return vk_qa_err(p->opt, "tx '%s': not bh or timer", tx);
	if (tx)
		n->txmode = strcmp(tx, "bh") ? VK_TXMODE_TIMER :
			    VK_TXMODE_IOTHREAD;
	if (vk_qa_get_bootindex(q, p, &n->boot_order) < 0)
		return -1;
	if (nic_mac(q, p, "mac", n) < 0 || net_host(&be->props, type, n) < 0 ||
	    vk_qa_pci_addr(p, &n->addr) < 0 || guestfwds(q, &be->props) < 0)
		return -1;
	return vk_qa_check_used(&be->props, NULL);
}

/* -net: kept until the end, where NICs meet their host parts by vlan. */
int vk_qa_net(struct vk_qa *q, const struct vk_qa_opt *o)
{
	struct vk_qa_props *p;

	if (!strcmp(o->value, "none"))
		return 0;
	/* Two for each NIC of a domain's at most 4096 devices. */
	if (q->noldnet >= 8192)
		return vk_qa_err(o, "more than 8192 -net parts");
	p = vk_array_add(&q->oldnet, &q->noldnet, sizeof(*p));
	if (vk_qa_props_parse(o, o->value, "type", p) < 0)
		return -1;
	if (!vk_qa_has(p, "type"))
		return vk_qa_err(o, "no type (nic, user, tap)");
	return 0;
}

static const char *vlan_of(struct vk_qa_props *p)
{
	const char *v = vk_qa_get(p, "vlan");

	return v ? v : "0";
}

static int old_nic(struct vk_qa *q, struct vk_qa_props *nic)
{
	const char *vlan = vlan_of(nic), *model = vk_qa_get(nic, "model");
	struct vk_qa_props *host = NULL;
	struct vk_net *n;
	int i;

	for (i = 0; i < q->noldnet; i++) {
		struct vk_qa_props *h = &q->oldnet[i];

		if (strcmp(vk_qa_peek(h, "type"), "nic") &&
		    !strcmp(vlan_of(h), vlan)) {
			if (host)
				return vk_qa_err(h->opt, "a second host part "
						 "on vlan %s", vlan);
			host = h;
		}
	}
	if (!host)
		return vk_qa_err(nic->opt, "no -net user or tap on vlan %s",
				 vlan);
	vk_qa_get(nic, "type");
	vk_qa_get(nic, "name");
	vk_qa_get(host, "name");
	n = vk_qa_new_net(q);
	if (model && (!*model || !vk_dom_device_name_ok(model)))
		return vk_qa_err(nic->opt, "bad model '%s'", model);
	n->model = model ? vk_strdup(model) : NULL;
	if (nic_mac(q, nic, "macaddr", n) < 0 ||
	    net_host(host, vk_qa_get(host, "type"), n) < 0 ||
	    vk_qa_check_used(nic, NULL) < 0)
		return -1;
	return 0;
}

int vk_qa_nets_finish(struct vk_qa *q)
{
	int i, rc = 0;

	for (i = 0; i < q->noldnet && rc == 0; i++)
		if (!strcmp(vk_qa_peek(&q->oldnet[i], "type"), "nic"))
			rc = old_nic(q, &q->oldnet[i]);
	/* A host part a NIC took has its type used. */
	for (i = 0; i < q->noldnet && rc == 0; i++)
		if (!vk_qa_used(&q->oldnet[i], "type"))
			rc = vk_qa_err(q->oldnet[i].opt, "no -net nic on vlan "
				       "%s", vlan_of(&q->oldnet[i]));
	for (i = 0; i < q->noldnet && rc == 0; i++)
		rc = vk_qa_check_used(&q->oldnet[i], NULL);
	for (i = 0; i < q->noldnet; i++)
		vk_qa_props_free(&q->oldnet[i]);
	free(q->oldnet);
	q->oldnet = NULL;
	q->noldnet = 0;
	return rc;
}

/* ---- input ---- */

static void add_input(struct vk_qa *q, int type)
{
	struct vk_input *in = vk_qa_new_input(q);

	in->type = type;
	in->bus = VK_INPUT_BUS_USB;
}

int vk_qa_usbdevice(struct vk_qa *q, const struct vk_qa_opt *o)
{
	if (!strcmp(o->value, "tablet"))
		add_input(q, VK_INPUT_TABLET);
	else if (!strcmp(o->value, "mouse"))
		add_input(q, VK_INPUT_MOUSE);
	else
		return vk_qa_err(o, "USB device '%s': not supported",
				 o->value);
	return 0;
}

/* ---- graphics ---- */

static struct vk_graphics *find_graphics(struct vk_qa *q, int type)
{
	int i;

	for (i = 0; i < q->def->ngraphics; i++)
		if (q->def->graphics[i].type == type)
			return &q->def->graphics[i];
	return NULL;
}

/* "HOST:DISPLAY", "[V6]:DISPLAY" or ":DISPLAY" into G. */
static int vnc_address(const struct vk_qa_opt *o, const char *s,
		       struct vk_graphics *g, bool autoport)
{
	const char *colon = strrchr(s, ':');
	unsigned long long disp;
	size_t hlen;

	/* unix:PATH: a socket instead of a port. */
	if (!strncmp(s, "unix:", 5)) {
		if (s[5] != '/' || autoport)
			return vk_qa_err(o, "'%s': not unix:/PATH", s);
		g->socket = vk_strdup(s + 5);
		g->listen_type = VK_LISTEN_SOCKET;
		return 0;
	}
	if (!colon || vk_qa_uint(colon + 1, 65535 - 5900, &disp) < 0)
		return vk_qa_err(o, "'%s': not HOST:DISPLAY", s);
	hlen = (size_t)(colon - s);
	if (hlen >= 2 && s[0] == '[' && s[hlen - 1] == ']')
		g->listen = vk_strndup(s + 1, hlen - 2);
	else
		g->listen = vk_strndup(s, hlen);
	/* An empty host is every address. */
	g->listen_type = VK_LISTEN_ADDRESS;
	if (!*g->listen) {
		free(g->listen);
		g->listen = vk_strdup("0.0.0.0");
	}
	g->autoport = autoport;
	g->port = autoport ? -1 : (int)(5900 + disp);
	return 0;
}

int vk_qa_vnc(struct vk_qa *q, const struct vk_qa_opt *o)
{
	struct vk_qa_props p;
	struct vk_graphics *g;
	const char *to, *addr;
	int pw = 0, rc = -1;

	if (find_graphics(q, VK_GFX_VNC))
		return vk_qa_err(o, "a second VNC display");
	if (vk_qa_props_parse(o, o->value, "vnc", &p) < 0)
		goto out;
	to = vk_qa_get(&p, "to");
	addr = vk_qa_get(&p, "vnc");
	if (vk_qa_get_bool(&p, "password", &pw) < 0 ||
	    vk_qa_check_used(&p, NULL) < 0)
		goto out;
	if (!addr) {
		vk_qa_err(o, "no display (HOST:DISPLAY first)");
		goto out;
	}
	if (pw) {
		vk_qa_err(o, "password=on: the password is not on the "
			  "command line (give <graphics passwd> instead)");
		goto out;
	}
	g = vk_qa_new_graphics(q, VK_GFX_VNC);
	if (vnc_address(o, addr, g, to != NULL) < 0)
		goto out;
	if (to && g->port != -1) {
		vk_qa_err(o, "to=: only from display 0");
		goto out;
	}
	rc = 0;
out:
	vk_qa_props_free(&p);
	return rc;
}

static int spice_settings(struct vk_qa_props *p, struct vk_graphics *g)
{
	const char *const *opts = vk_qemu_spice_options;
	int i, j;

	for (i = 0; i < VK_QEMU_SPICE_DIRECT; i++) {
		const char *v = vk_qa_get(p, opts[i]);
		const char *const *vals = vk_spice_setting_values[i];

		if (!v)
			continue;
		for (j = 0; vals[j] && strcmp(vals[j], v); j++)
			;
		if (!vals[j])
			return vk_qa_err(p->opt, "%s '%s': not supported",
					 opts[i], v);
		g->settings[i] = j;
	}
	for (i = 0; i < p->n; i++) {
		if (strcmp(p->v[i].key, "plaintext-channel"))
			continue;
		p->v[i].used = true;
		for (j = 0; vk_spice_channel_names[j] &&
		     strcmp(vk_spice_channel_names[j], p->v[i].val); j++)
			;
		if (!vk_spice_channel_names[j])
			return vk_qa_err(p->opt, "channel '%s': not supported",
					 p->v[i].val);
		g->channels[j] = VK_SPICE_INSECURE;
	}
	return 0;
}

/* -spice port=P,addr=A,disable-ticketing=on[,settings][,channels] */
int vk_qa_spice(struct vk_qa *q, const struct vk_qa_opt *o)
{
	struct vk_qa_props p;
	struct vk_graphics *g;
	unsigned long long port = 0;
	const char *addr;
	int open = 0, rc = -1;

	if (find_graphics(q, VK_GFX_SPICE))
		return vk_qa_err(o, "a second SPICE display");
	if (vk_qa_props_parse(o, o->value, NULL, &p) < 0)
		goto out;
	addr = vk_qa_get(&p, "addr");
	if (vk_qa_get_uint(&p, "port", 65535, &port) < 0 ||
	    vk_qa_get_bool(&p, "disable-ticketing", &open) < 0)
		goto out;
	if (!open) {
		vk_qa_err(o, "a password: it is not on the command line "
			  "(give <graphics passwd> instead)");
		goto out;
	}
	if (!port) {
		vk_qa_err(o, "no port=");
		goto out;
	}
	g = vk_qa_new_graphics(q, VK_GFX_SPICE);
	g->port = (int)port;
	g->listen = addr ? vk_strdup(addr) : NULL;
	if (addr)
		g->listen_type = VK_LISTEN_ADDRESS;
	if (spice_settings(&p, g) < 0 || vk_qa_check_used(&p, NULL) < 0)
		goto out;
	rc = 0;
out:
	vk_qa_props_free(&p);
	return rc;
}

static int sdl(struct vk_qa *q, const struct vk_qa_opt *o)
{
	if (find_graphics(q, VK_GFX_SDL))
		return vk_qa_err(o, "a second SDL display");
	vk_qa_new_graphics(q, VK_GFX_SDL);
	return 0;
}

/* -display, -sdl, -full-screen, -k */
int vk_qa_display(struct vk_qa *q, const struct vk_qa_opt *o)
{
	if (!strcmp(o->name, "sdl"))
		return sdl(q, o);
	if (!strcmp(o->name, "full-screen")) {
		q->fullscreen_at = o->index;
		return 0;
	}
	if (!strcmp(o->name, "k")) {
		if (!*o->value || !vk_dom_device_name_ok(o->value))
			return vk_qa_err(o, "bad keymap '%s'", o->value);
		q->keymap = o->value;
		q->keymap_at = o->index;
		return 0;
	}
	if (!strcmp(o->value, "none"))
		return 0;
	if (!strcmp(o->value, "sdl"))
		return sdl(q, o);
	return vk_qa_err(o, "display '%s': not supported", o->value);
}

int vk_qa_display_finish(struct vk_qa *q)
{
	struct vk_graphics *vnc = find_graphics(q, VK_GFX_VNC);
	struct vk_graphics *sdlg = find_graphics(q, VK_GFX_SDL);
	struct vk_qa_opt o = {0, "k", NULL};

	if (q->keymap && !vnc) {
		o.index = q->keymap_at;
		return vk_qa_err(&o, "a keymap without -vnc");
	}
	if (q->keymap)
		vnc->keymap = vk_strdup(q->keymap);
	if (q->fullscreen_at && !sdlg) {
		o.index = q->fullscreen_at;
		o.name = "full-screen";
		return vk_qa_err(&o, "full screen without SDL");
	}
	if (q->fullscreen_at)
		sdlg->fullscreen = 1;
	return 0;
}

/* ---- balloon ---- */

int vk_qa_balloon(struct vk_qa *q, const struct vk_qa_opt *o)
{
	if (!strcmp(o->value, "virtio"))
		q->balloon = true;
	else if (!strcmp(o->value, "none"))
		q->balloon = false;
	else
		return vk_qa_err(o, "balloon '%s': not virtio or none",
				 o->value);
	return 0;
}

/* ---- -device ---- */

/* Devices virtkit adds by itself, with the id it gives them. */
static const char *const implied[][2] = {
	{"pvpanic", NULL}, {NULL, NULL}
};

static int dev_other(struct vk_qa *q, struct vk_qa_props *p, const char *drv)
{
	int i;

	for (i = 0; implied[i][0]; i++)
		if (!strcmp(implied[i][0], drv))
			return implied[i][1] ?
			       vk_qa_expect(p, "id", implied[i][1]) : 0;
	if (!strcmp(drv, "usb-tablet") || !strcmp(drv, "usb-mouse")) {
		vk_qa_get(p, "id");
		if (vk_qa_expect(p, "bus", "usb.0") < 0)
			return -1;
		add_input(q, strcmp(drv, "usb-tablet") ? VK_INPUT_MOUSE :
			  VK_INPUT_TABLET);
		return 0;
	}
	if (!strcmp(drv, "virtio-balloon-pci")) {
		vk_qa_get(p, "id");
		q->balloon = true;
		return vk_qa_pci_addr(p, &q->def->balloon_addr);
	}
	return vk_qa_err(p->opt, "device '%s': not supported", drv);
}

int vk_qa_device(struct vk_qa *q, const struct vk_qa_opt *o)
{
	struct vk_qa_props p;
	const char *drv;
	char *what;
	int rc = -1;

	if (vk_qa_props_parse(o, o->value, "driver", &p) < 0)
		goto out;
	drv = vk_qa_get(&p, "driver");
	if (!drv || !*drv) {
		vk_qa_err(o, "no driver");
		goto out;
	}
	if (vk_qa_is_ctrl_driver(drv))
		rc = vk_qa_dev_ctrl(q, &p, drv);
	else if (strcmp(drv, "pvpanic"))
		q->dev_seen = true;
	if (vk_qa_is_ctrl_driver(drv))
		;
	else if (vk_qa_is_disk_driver(drv))
		rc = vk_qa_dev_disk(q, &p, drv);
	else if (vk_qa_is_chr_driver(drv))
		rc = vk_qa_dev_chr(q, &p, drv);
	else if (is_nic(drv))
		rc = dev_nic(q, &p, drv);
	else if (!strcmp(drv, "vfio-pci") || !strcmp(drv, "usb-host"))
		rc = vk_qa_dev_hostdev(q, &p, drv);
	else if (!strcmp(drv, "virtio-9p-pci"))
		rc = vk_qa_dev_fs(q, &p);
	else if (vk_qa_is_gfx_driver(drv))
		rc = vk_qa_dev_gfx(q, &p, drv);
	else if (!strcmp(drv, "tpm-crb") || !strcmp(drv, "tpm-tis"))
		rc = vk_qa_dev_tpm(q, &p, drv);
	else
		rc = dev_other(q, &p, drv);
	if (rc == 0) {
		what = vk_asprintf("'%s'", drv);
		rc = vk_qa_check_used(&p, what);
		free(what);
	}
out:
	vk_qa_props_free(&p);
	return rc;
}
