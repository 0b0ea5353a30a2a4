/* The QEMU 7.2 command line for a domain: the devices (disks, interfaces,
 * input, graphics, serial/parallel/console, balloon).  Each disk is a
 * "-drive if=none" backend plus a "-device" front end; controllers
 * (qemu-xhci, ahci, virtio-scsi-pci, virtio-serial-pci) are added once,
 * before their first device.
 *
 * QEMU ids:  drive-TARGET / disk-TARGET for a disk, hostnetN / netN for
 * the Nth interface, inputN, charserialP / serialP, charparallelP /
 * parallelP, charconsoleP / consoleP (virtio console), usb, ahci0, scsi0,
 * virtio-serial0, balloon0, video0. */
#include <stdlib.h>
#include <string.h>

#include "qemu_command_priv.h"
#include "util/error.h"
#include "util/mac.h"

/* ---- controllers ---- */

static void need_usb(struct vk_qcmd *c)
{
	if (!c->usb)
		vk_argv_add2(c->a, "-device", "qemu-xhci,id=usb");
	c->usb = true;
}

static void need_ahci(struct vk_qcmd *c)
{
	if (!c->ahci)
		vk_argv_add2(c->a, "-device", "ahci,id=ahci0");
	c->ahci = true;
}

static void need_scsi(struct vk_qcmd *c)
{
	if (!c->scsi)
		vk_argv_add2(c->a, "-device", "virtio-scsi-pci,id=scsi0");
	c->scsi = true;
}

static void need_vserial(struct vk_qcmd *c)
{
	if (!c->vserial)
		vk_argv_add2(c->a, "-device",
			     "virtio-serial-pci,id=virtio-serial0");
	c->vserial = true;
}

/* ---- disks ---- */

/* The unit a target name gives: hda 0, hdb 1, ..., hdz 25, hdaa 26;
 * -1 when the name has no such suffix. */
static int target_index(const char *t)
{
	static const char *const prefixes[] = {
		"hd", "sd", "vd", "xvd", "fd", "ubd", NULL
	};
	const char *s = NULL;
	int i, idx = 0;

	for (i = 0; prefixes[i] && !s; i++)
		if (!strncmp(t, prefixes[i], strlen(prefixes[i])))
			s = t + strlen(prefixes[i]);
	if (!s || !*s)
		return -1;
	for (; *s; s++) {
		if (*s < 'a' || *s > 'z' || idx > 100000)
			return -1;
		idx = idx * 26 + (*s - 'a' + 1);
	}
	return idx - 1;
}

/* How many units each bus has, for the buses that address by unit. */
static int bus_units(int bus)
{
	switch (bus) {
	case VK_BUS_IDE: return 4;
	case VK_BUS_SATA: return 6;
	case VK_BUS_SCSI: return 256;
	case VK_BUS_FDC: return 2;
	default: return 0;
	}
}

static const char *bus_example(int bus)
{
	switch (bus) {
	case VK_BUS_IDE: return "hda";
	case VK_BUS_FDC: return "fda";
	default: return "sda";
	}
}

static const char *disk_model(const struct vk_disk *d)
{
	bool cd = d->device == VK_DISK_CDROM;

	if (d->device == VK_DISK_FLOPPY)
		return d->bus == VK_BUS_FDC ? "floppy" : NULL;
	switch (d->bus) {
	case VK_BUS_IDE:
	case VK_BUS_SATA:
		return cd ? "ide-cd" : "ide-hd";
	case VK_BUS_SCSI:
		return cd ? "scsi-cd" : "scsi-hd";
	case VK_BUS_VIRTIO:
		return cd ? NULL : "virtio-blk-pci";
	case VK_BUS_USB:
		return cd ? NULL : "usb-storage";
	default:
		return NULL;
	}
}

static const char *disk_format(const struct vk_disk *d)
{
	static const char *const formats[] = {
		"raw", "qcow2", "qcow", "qed", "vmdk", "vpc", "vdi", "vhdx",
		"cloop", "dmg", "bochs", "parallels", NULL
	};
	int i;

	if (!d->driver_type || !strcmp(d->driver_type, "iso"))
		return "raw";
	for (i = 0; formats[i]; i++)
		if (!strcmp(d->driver_type, formats[i]))
			return formats[i];
	return NULL;
}

static bool qemu_id_ok(const char *s)
{
	return !s[strspn(s, "abcdefghijklmnopqrstuvwxyz"
			 "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")];
}

/* Everything about disk I that can be refused, and its unit. */
static int check_disk(struct vk_qcmd *c, int i, int *unit)
{
	const struct vk_disk *d = &c->def->disks[i];
	const char *t = d->target;
	int j;

	if (d->bus == VK_BUS_XEN)
		return vk_qcmd_refuse("disk '%s': bus 'xen'", t);
	if (!disk_model(d))
		return vk_qcmd_refuse("disk '%s': %s on bus '%s'", t,
				      vk_disk_device_names[d->device],
				      vk_disk_bus_names[d->bus]);
	if (!c->x86 && (d->bus == VK_BUS_IDE || d->bus == VK_BUS_FDC))
		return vk_qcmd_refuse("disk '%s': bus '%s' on arch '%s'", t,
				      vk_disk_bus_names[d->bus],
				      c->def->os.arch);
	if (!qemu_id_ok(t))
		return vk_qcmd_refuse_why("QEMU ids take letters, digits, "
					  "'-', '.' and '_'",
					  "disk target '%s'", t);
	if (d->driver_name && strcmp(d->driver_name, "qemu"))
		return vk_qcmd_refuse("disk '%s': driver '%s'", t,
				      d->driver_name);
	if (!disk_format(d))
		return vk_qcmd_refuse("disk '%s': format '%s'", t,
				      d->driver_type);
	if (d->serial && d->bus == VK_BUS_FDC)
		return vk_qcmd_refuse("disk '%s': <serial> on bus 'fdc'", t);
	if (d->source && d->source[0] != '/')
		return vk_error(VK_EXIT_DOCUMENT, "disk '%s': source '%s' is "
				"not an absolute path", t, d->source);
	*unit = -1;
	if (!bus_units(d->bus))
		return 0;
	*unit = target_index(t);
	if (*unit < 0)
		return vk_error(VK_EXIT_DOCUMENT, "disk '%s': the target "
				"name gives no unit on bus '%s' (name it "
				"like %s: the letters give the unit)", t,
				vk_disk_bus_names[d->bus],
				bus_example(d->bus));
	if (*unit >= bus_units(d->bus))
		return vk_error(VK_EXIT_DOCUMENT, "disk '%s': unit %d on bus "
				"'%s' is out of range (0 to %d)", t, *unit,
				vk_disk_bus_names[d->bus],
				bus_units(d->bus) - 1);
	for (j = 0; j < i; j++)
		if (c->def->disks[j].bus == d->bus &&
		    target_index(c->def->disks[j].target) == *unit)
			return vk_error(VK_EXIT_DOCUMENT, "disk '%s': unit %d "
					"on bus '%s' is already used by disk "
					"'%s'", t, *unit,
					vk_disk_bus_names[d->bus],
					c->def->disks[j].target);
	return 0;
}

static void add_drive(struct vk_qcmd *c, const struct vk_disk *d)
{
	static const char *const cache[] = {
		[VK_CACHE_NONE] = "none", [VK_CACHE_WRITETHROUGH] =
		"writethrough", [VK_CACHE_WRITEBACK] = "writeback",
	};
	struct vk_buf b = VK_BUF_INIT;

	if (d->source) {
		vk_buf_add(&b, "file=");
		vk_qcmd_esc(&b, d->source);
		vk_qcmd_kv(&b, "format", disk_format(d));
		vk_buf_addc(&b, ',');
	}
	vk_buf_add(&b, "if=none");
	vk_buf_add(&b, ",id=drive-");
	vk_qcmd_esc(&b, d->target);
	if (d->readonly || d->device == VK_DISK_CDROM)
		vk_buf_add(&b, ",readonly=on");
	if (d->cache > VK_CACHE_DEFAULT)
		vk_qcmd_kv(&b, "cache", cache[d->cache]);
	vk_qcmd_push(c, "-drive", &b);
}

static void add_disk_device(struct vk_qcmd *c, const struct vk_disk *d,
			    int unit)
{
	struct vk_buf b = VK_BUF_INIT;

	vk_buf_add(&b, disk_model(d));
	switch (d->bus) {
	case VK_BUS_IDE:
		vk_buf_addf(&b, ",bus=ide.%d,unit=%d", unit / 2, unit % 2);
		break;
	case VK_BUS_SATA:
		vk_buf_addf(&b, ",bus=ahci0.%d", unit);
		break;
	case VK_BUS_SCSI:
		vk_buf_addf(&b, ",bus=scsi0.0,scsi-id=%d,lun=0", unit);
		break;
	case VK_BUS_USB:
		vk_buf_add(&b, ",bus=usb.0");
		break;
	case VK_BUS_FDC:
		vk_buf_addf(&b, ",unit=%d", unit);
		break;
	}
	vk_buf_add(&b, ",drive=drive-");
	vk_qcmd_esc(&b, d->target);
	vk_buf_add(&b, ",id=disk-");
	vk_qcmd_esc(&b, d->target);
	vk_qcmd_kv(&b, "serial", d->serial);
	if (d->shareable)
		vk_buf_add(&b, ",share-rw=on");
	if (d->boot_order && d->bus != VK_BUS_FDC)
		vk_buf_addf(&b, ",bootindex=%u", d->boot_order);
	vk_qcmd_push(c, "-device", &b);
	/* The floppy drives' boot order belongs to their controller. */
	if (d->boot_order && d->bus == VK_BUS_FDC) {
		vk_argv_add(c->a, "-global");
		vk_argv_addf(c->a, "isa-fdc.bootindex%c=%u", 'A' + unit,
			     d->boot_order);
	}
}

int vk_qcmd_disks(struct vk_qcmd *c)
{
	int i, unit = -1;

	for (i = 0; i < c->def->ndisks; i++) {
		const struct vk_disk *d = &c->def->disks[i];

		if (check_disk(c, i, &unit) < 0)
			return -1;
		if (d->bus == VK_BUS_SATA)
			need_ahci(c);
		else if (d->bus == VK_BUS_SCSI)
			need_scsi(c);
		else if (d->bus == VK_BUS_USB)
			need_usb(c);
		add_drive(c, d);
		add_disk_device(c, d, unit);
	}
	return 0;
}

/* ---- interfaces ---- */

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

int vk_qcmd_nets(struct vk_qcmd *c)
{
	int i;

	for (i = 0; i < c->def->nnets; i++) {
		const struct vk_net *n = &c->def->nets[i];
		char mac[VK_MAC_STRLEN + 1];
		const char *model = net_model(n->model);

		/* The others need a tap the supervisor creates. */
		if (n->type != VK_NET_USER)
			return vk_error(VK_EXIT_DOCUMENT, "interface type "
					"'%s': not supported by the qemu "
					"driver yet",
					vk_net_type_names[n->type]);
		if (!model)
			return vk_qcmd_refuse("interface model '%s'",
					      n->model);
		vk_mac_format(n->mac, mac);
		vk_argv_add(c->a, "-netdev");
		vk_argv_addf(c->a, "user,id=hostnet%d", i);
		vk_argv_add(c->a, "-device");
		vk_argv_addf(c->a, "%s,netdev=hostnet%d,id=net%d,mac=%s",
			     model, i, i, mac);
	}
	return 0;
}

/* ---- input ---- */

int vk_qcmd_inputs(struct vk_qcmd *c)
{
	int i;

	for (i = 0; i < c->def->ninputs; i++) {
		const struct vk_input *in = &c->def->inputs[i];

		if (in->bus == VK_INPUT_BUS_XEN)
			return vk_qcmd_refuse("input bus 'xen'");
		if (in->bus != VK_INPUT_BUS_USB) {
			/* The PC's PS/2 mouse is always there. */
			if (!c->x86 || in->type != VK_INPUT_MOUSE)
				return vk_qcmd_refuse("input %s on bus "
					"'ps2'", vk_input_type_names[in->type]);
			continue;
		}
		need_usb(c);
		vk_argv_add(c->a, "-device");
		vk_argv_addf(c->a, "%s,bus=usb.0,id=input%d",
			     in->type == VK_INPUT_TABLET ? "usb-tablet" :
			     "usb-mouse", i);
	}
	return 0;
}

/* ---- graphics ---- */

static int add_vnc(struct vk_qcmd *c, const struct vk_graphics *g)
{
	const char *listen = g->listen ? g->listen : "127.0.0.1";
	struct vk_buf b = VK_BUF_INIT;
	bool v6 = strchr(listen, ':') != NULL;

	if (g->autoport != 1 && g->port >= 0 &&
	    (g->port < 5900 || g->port > 65535))
		return vk_error(VK_EXIT_DOCUMENT, "graphics vnc port %d: not "
				"a VNC port (5900 to 65535)", g->port);
	if (v6)
		vk_buf_addc(&b, '[');
	vk_qcmd_esc(&b, listen);
	if (v6)
		vk_buf_addc(&b, ']');
	/* Autoport: the first free display from 0 (the supervisor asks
	 * QEMU which one it took). */
	if (g->autoport == 1 || g->port < 0)
		vk_buf_add(&b, ":0,to=100");
	else
		vk_buf_addf(&b, ":%d", g->port - 5900);
	/* The password itself is set over QMP. */
	if (g->passwd)
		vk_buf_add(&b, ",password=on");
	vk_qcmd_push(c, "-vnc", &b);
	if (g->keymap)
		vk_argv_add2(c->a, "-k", g->keymap);
	return 0;
}

static int check_sdl(const struct vk_graphics *g)
{
	/* They would be QEMU's environment, which is not ours to set. */
	if (g->display)
		return vk_qcmd_refuse_why("QEMU uses the environment's "
					  "DISPLAY", "graphics sdl display");
	if (g->xauth)
		return vk_qcmd_refuse_why("QEMU uses the environment's "
					  "XAUTHORITY", "graphics sdl xauth");
	if (g->keymap)
		return vk_qcmd_refuse("graphics sdl keymap");
	return 0;
}

int vk_qcmd_display(struct vk_qcmd *c)
{
	const struct vk_graphics *vnc = NULL, *sdl = NULL;
	int i;

	for (i = 0; i < c->def->ngraphics; i++) {
		const struct vk_graphics *g = &c->def->graphics[i];
		const struct vk_graphics **slot = g->type == VK_GFX_VNC ?
						  &vnc : &sdl;

		if (*slot)
			return vk_qcmd_refuse("a second graphics %s",
					      vk_gfx_type_names[g->type]);
		*slot = g;
	}
	if (sdl && check_sdl(sdl) < 0)
		return -1;
	vk_argv_add2(c->a, "-display", sdl ? "sdl" : "none");
	if (sdl && sdl->fullscreen == 1)
		vk_argv_add(c->a, "-full-screen");
	return vnc ? add_vnc(c, vnc) : 0;
}

int vk_qcmd_video(struct vk_qcmd *c)
{
	if (c->def->ngraphics)
		vk_argv_add2(c->a, "-device", "VGA,id=video0");
	return 0;
}

/* ---- serial, parallel, console ---- */

static bool serial_console(const struct vk_chr *chr)
{
	return chr->kind == VK_CHR_CONSOLE &&
	       (!chr->target_type || !strcmp(chr->target_type, "serial"));
}

/* The chr that console I duplicates (a <serial> on its port, else an
 * earlier serial console on it), or -1: then it is a serial port of its
 * own. */
static int console_alias(const struct vk_domain_def *def, int i)
{
	int j;

	for (j = 0; j < def->nchrs; j++)
		if (def->chrs[j].kind == VK_CHR_SERIAL &&
		    def->chrs[j].port == def->chrs[i].port)
			return j;
	for (j = 0; j < i; j++)
		if (serial_console(&def->chrs[j]) &&
		    def->chrs[j].port == def->chrs[i].port)
			return j;
	return -1;
}

char *vk_qemu_chr_id(const struct vk_domain_def *def, int i)
{
	const struct vk_chr *chr = &def->chrs[i];
	const char *kind = chr->kind == VK_CHR_PARALLEL ? "parallel" :
			   chr->kind == VK_CHR_SERIAL || serial_console(chr) ?
			   "serial" : "console";

	return vk_asprintf("char%s%d", kind, chr->port);
}

/* The chr whose chardev gets the console log: the first serial port,
 * else the first virtio console; -1 when none. */
static int log_chr(const struct vk_domain_def *def)
{
	int i;

	for (i = 0; i < def->nchrs; i++)
		if (def->chrs[i].kind == VK_CHR_SERIAL ||
		    (serial_console(&def->chrs[i]) &&
		     console_alias(def, i) < 0))
			return i;
	for (i = 0; i < def->nchrs; i++)
		if (def->chrs[i].kind == VK_CHR_CONSOLE)
			return i;
	return -1;
}

static int add_chardev(struct vk_qcmd *c, int i, bool log)
{
	const struct vk_chr *chr = &c->def->chrs[i];
	struct vk_buf b = VK_BUF_INIT;
	char *id = vk_qemu_chr_id(c->def, i);
	const char *kind = vk_chr_kind_names[chr->kind];

	switch (chr->type) {
	case VK_CHR_PTY:
	case VK_CHR_NULL:
	case VK_CHR_FILE:
		vk_buf_addf(&b, "%s,id=%s", vk_chr_type_names[chr->type], id);
		if (chr->type == VK_CHR_FILE)
			vk_qcmd_kv(&b, "path", chr->path);
		break;
	case VK_CHR_UNIX:
	case VK_CHR_TCP:
		vk_buf_addf(&b, "socket,id=%s", id);
		vk_qcmd_kv(&b, "path", chr->type == VK_CHR_UNIX ? chr->path :
			   NULL);
		vk_qcmd_kv(&b, "host", chr->host);
		vk_qcmd_kv(&b, "port", chr->service);
		vk_buf_add(&b, chr->bind ? ",server=on,wait=off" :
			   ",server=off");
		if (chr->type == VK_CHR_TCP && chr->protocol == VK_TCP_TELNET)
			vk_buf_add(&b, ",telnet=on");
		break;
	default:
		/* QEMU runs with no terminal: its stdio is the log. */
		free(id);
		return vk_qcmd_refuse_why("QEMU has no terminal; use pty",
					  "%s type '%s'", kind,
					  vk_chr_type_names[chr->type]);
	}
	if (log && c->st->console_log) {
		vk_qcmd_kv(&b, "logfile", c->st->console_log);
		vk_buf_add(&b, ",logappend=on");
	}
	vk_qcmd_push(c, "-chardev", &b);
	free(id);
	return 0;
}

/* An ISA serial or parallel port for chrs[i]. */
static int add_isa_port(struct vk_qcmd *c, int i, bool log)
{
	const struct vk_chr *chr = &c->def->chrs[i];
	bool par = chr->kind == VK_CHR_PARALLEL;
	const char *what = par ? "parallel" : "serial";
	int max = par ? 2 : 3;

	if (!c->x86)
		return vk_qcmd_refuse("%s port on arch '%s'", what,
				      c->def->os.arch);
	if (chr->port > max)
		return vk_qcmd_refuse_why(par ? "the PC has ports 0 to 2" :
					  "the PC has ports 0 to 3",
					  "%s port %d", what, chr->port);
	if (add_chardev(c, i, log) < 0)
		return -1;
	vk_argv_add(c->a, "-device");
	vk_argv_addf(c->a, "isa-%s,chardev=char%s%d,id=%s%d,index=%d", what,
		     what, chr->port, what, chr->port, chr->port);
	return 0;
}

static int add_console(struct vk_qcmd *c, int i, bool log)
{
	const struct vk_chr *chr = &c->def->chrs[i], *dup;
	int j;

	if (serial_console(chr)) {
		j = console_alias(c->def, i);
		if (j < 0)
			return add_isa_port(c, i, log);
		dup = &c->def->chrs[j];
		if (dup->type != chr->type)
			return vk_error(VK_EXIT_DOCUMENT, "console on serial "
					"port %d: type '%s' differs from the "
					"serial port's type '%s'", chr->port,
					vk_chr_type_names[chr->type],
					vk_chr_type_names[dup->type]);
		return 0;
	}
	if (strcmp(chr->target_type, "virtio"))
		return vk_qcmd_refuse("console target type '%s'",
				      chr->target_type);
	need_vserial(c);
	if (add_chardev(c, i, log) < 0)
		return -1;
	vk_argv_add(c->a, "-device");
	vk_argv_addf(c->a, "virtconsole,chardev=charconsole%d,id=console%d,"
		     "bus=virtio-serial0.0", chr->port, chr->port);
	return 0;
}

int vk_qcmd_chrs(struct vk_qcmd *c)
{
	int i, log = log_chr(c->def);

	for (i = 0; i < c->def->nchrs; i++) {
		int rc = c->def->chrs[i].kind == VK_CHR_CONSOLE ?
			 add_console(c, i, i == log) :
			 add_isa_port(c, i, i == log);

		if (rc < 0)
			return -1;
	}
	return 0;
}

/* ---- memory balloon ---- */

int vk_qcmd_balloon(struct vk_qcmd *c)
{
	/* Absent means virtio, as libvirt adds one to every QEMU guest. */
	if (c->def->balloon == VK_BALLOON_XEN)
		return vk_qcmd_refuse("memballoon model 'xen'");
	if (c->def->balloon != VK_BALLOON_NONE)
		vk_argv_add2(c->a, "-device", "virtio-balloon-pci,id=balloon0");
	return 0;
}
