/* The QEMU 7.2 command line: serial, parallel, console and channel
 * devices and smartcards.
 *
 * Option forms (xml-convert reads them back):
 *   -chardev BACKEND,id=ID[,...]      one per device, ID from
 *                                     vk_qemu_chr_id: charserialP,
 *                                     charparallelP, charconsoleP (virtio
 *                                     console), charchannelN (Nth
 *                                     <channel>), charsmartcardN
 *     pty | null | vc | stdio (one: the domain log) | file,path= |
 *     pipe,path= | serial,path= (a host
 *     tty, <serial type='dev'>) | parallel,path= (<parallel
 *     type='dev'>) | socket,path=|host=,port=,server=on,wait=off|
 *     server=off[,telnet=on] | udp,host=,port=[,localaddr=][,localport=]
 *     | spicevmc,name=vdagent|smartcard | spiceport,name=CHANNEL |
 *     qemu-vdagent,name=vdagent[,clipboard=on|off][,mouse=on|off]
 *     file: [,append=on|off]; unix and tcp clients: [,reconnect=SECONDS];
 *     any: [,logfile=PATH[,logappend=on|off]] (<log>; else the domain's
 *     console log for the first serial or console)
 *   -device isa-serial,chardev=charserialP,id=serialP,index=P
 *   -device isa-parallel,chardev=charparallelP,id=parallelP,index=P
 *   -device virtconsole,chardev=charconsoleP,id=consoleP,
 *     bus=virtio-serialC.0[,nr=N]
 *   -device virtserialport,chardev=charchannelN,id=channelN,
 *     bus=virtio-serialC.0[,nr=N][,name=NAME]
 *     (C and N from a virtio-serial <address>, else controller 0)
 *   guestfwd channels: ",guestfwd=tcp:ADDR:PORT-chardev:charchannelN"
 *     added to the first "-netdev user,..." on the line
 *   -device usb-ccid,id=ccidC (once per controller, vk_qcmd_need_ctrl)
 *   -device ccid-card-emulated,backend=nss-emulated|certificates
 *     [,cert1=,cert2=,cert3=][,db=],id=smartcardN,bus=ccidC.0
 *   -device ccid-card-passthru,chardev=charsmartcardN,id=smartcardN,bus=ccidC.0
 *     (C from a ccid <address>, else the lowest controller no other
 *     smartcard has: QEMU's reader has one slot)
 */
#include <stdlib.h>
#include <string.h>

#include "qemu_command_priv.h"
#include "util/error.h"

/* ---- ids ---- */

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

/* Which channel chrs[i] is (0 for the first <channel>). */
static int channel_index(const struct vk_domain_def *def, int i)
{
	int j, n = 0;

	for (j = 0; j < i; j++)
		n += def->chrs[j].kind == VK_CHR_CHANNEL;
	return n;
}

char *vk_qemu_chr_id(const struct vk_domain_def *def, int i)
{
	const struct vk_chr *chr = &def->chrs[i];
	const char *kind = chr->kind == VK_CHR_PARALLEL ? "parallel" :
			   chr->kind == VK_CHR_SERIAL || serial_console(chr) ?
			   "serial" : "console";

	if (chr->kind == VK_CHR_CHANNEL)
		return vk_asprintf("charchannel%d", channel_index(def, i));
	return vk_asprintf("char%s%d", kind, chr->port);
}

/* The chr whose chardev gets the console log: the serial port the first
 * serial <console> is on, else the serial port with the lowest number,
 * else the first virtio console; -1 when none. */
static int log_chr(const struct vk_domain_def *def)
{
	int i, j, best = -1;

	for (i = 0; i < def->nchrs; i++) {
		if (!serial_console(&def->chrs[i]))
			continue;
		j = console_alias(def, i);
		return j < 0 ? i : j;
	}
	for (i = 0; i < def->nchrs; i++)
		if (def->chrs[i].kind == VK_CHR_SERIAL &&
		    (best < 0 || def->chrs[i].port < def->chrs[best].port))
			best = i;
	if (best >= 0)
		return best;
	for (i = 0; i < def->nchrs; i++)
		if (def->chrs[i].kind == VK_CHR_CONSOLE)
			return i;
	return -1;
}

/* ---- the host side ---- */

static bool has_spice(const struct vk_domain_def *def)
{
	int i;

	for (i = 0; i < def->ngraphics; i++)
		if (def->graphics[i].type == VK_GFX_SPICE)
			return true;
	return false;
}

static int socket_backend(struct vk_buf *b, const struct vk_chr *chr,
			  const char *id)
{
	const char *proto = vk_chr_tcp_proto_names[chr->protocol];

	if (chr->type == VK_CHR_TCP && chr->protocol >= VK_TCP_TELNETS)
		return vk_qcmd_refuse_why("QEMU needs an x509 certificate "
					  "directory for it, which the domain "
					  "format cannot name",
					  "%s protocol '%s'",
					  vk_chr_kind_names[chr->kind], proto);
	if (chr->type == VK_CHR_UNIX && !chr->path)
		return vk_qcmd_refuse_why("vm-start makes its socket in the "
					  "domain's runtime directory; give a "
					  "path for a line of one's own",
					  "%s type 'unix' with no source path",
					  vk_chr_kind_names[chr->kind]);
	vk_buf_addf(b, "socket,id=%s", id);
	vk_qcmd_kv(b, "path", chr->type == VK_CHR_UNIX ? chr->path : NULL);
	vk_qcmd_kv(b, "host", chr->host);
	vk_qcmd_kv(b, "port", chr->service);
	vk_buf_add(b, chr->bind ? ",server=on,wait=off" : ",server=off");
	if (chr->type == VK_CHR_TCP && chr->protocol == VK_TCP_TELNET)
		vk_buf_add(b, ",telnet=on");
	if (chr->reconnect == 1)
		vk_buf_addf(b, ",reconnect=%u", chr->reconnect_timeout);
	return 0;
}

/* Whether a -chardev stdio is on C's line already. */
static bool stdio_used(const struct vk_qcmd *c)
{
	int k;

	for (k = 0; k + 1 < c->a->n; k++)
		if (!strcmp(c->a->v[k], "-chardev") &&
		    !strncmp(c->a->v[k + 1], "stdio,", 6))
			return true;
	return false;
}

/* The -chardev value for CHR into B. */
static int backend(struct vk_qcmd *c, struct vk_buf *b,
		   const struct vk_chr *chr, const char *id)
{
	const char *kind = vk_chr_kind_names[chr->kind];

	switch (chr->type) {
	case VK_CHR_PTY:
	case VK_CHR_NULL:
	case VK_CHR_VC:
	case VK_CHR_FILE:
	case VK_CHR_PIPE:
		vk_buf_addf(b, "%s,id=%s", vk_chr_type_names[chr->type], id);
		/* A pty's path is the one QEMU gave last time (live XML,
		 * a restart's definition): QEMU 7.2 ignores path=, later
		 * versions would make a link at it. */
		if (chr->type != VK_CHR_PTY)
			vk_qcmd_kv(b, "path", chr->path);
		if (chr->type == VK_CHR_FILE && chr->append)
			vk_buf_add(b, chr->append == 1 ? ",append=on" :
				   ",append=off");
		return 0;
	case VK_CHR_DEV:
		/* A host parallel port for <parallel>, else a host tty. */
		vk_buf_addf(b, "%s,id=%s", chr->kind == VK_CHR_PARALLEL ?
			    "parallel" : "serial", id);
		vk_qcmd_kv(b, "path", chr->path);
		return 0;
	case VK_CHR_UNIX:
	case VK_CHR_TCP:
		return socket_backend(b, chr, id);
	case VK_CHR_UDP:
		vk_buf_addf(b, "udp,id=%s", id);
		vk_qcmd_kv(b, "host", chr->host);
		vk_qcmd_kv(b, "port", chr->service);
		vk_qcmd_kv(b, "localaddr", chr->bind_host);
		vk_qcmd_kv(b, "localport", chr->bind_service);
		return 0;
	case VK_CHR_SPICEVMC:
		if (!has_spice(c->def))
			return vk_qcmd_refuse_why("it needs a <graphics "
						  "type='spice'>",
						  "%s type 'spicevmc'", kind);
		vk_buf_addf(b, "spicevmc,id=%s,name=%s", id,
			    chr->kind == VK_CHR_SMARTCARD ? "smartcard" :
			    "vdagent");
		return 0;
	case VK_CHR_SPICEPORT:
		if (!has_spice(c->def))
			return vk_qcmd_refuse_why("it needs a <graphics "
						  "type='spice'>",
						  "%s type 'spiceport'", kind);
		vk_buf_addf(b, "spiceport,id=%s", id);
		vk_qcmd_kv(b, "name", chr->spice_channel);
		return 0;
	case VK_CHR_VDAGENT:
		vk_buf_addf(b, "qemu-vdagent,id=%s,name=vdagent", id);
		if (chr->vda_clipboard)
			vk_buf_add(b, chr->vda_clipboard == 1 ?
				   ",clipboard=on" : ",clipboard=off");
		/* libvirt: mouse mode client is QEMU's mouse=on */
		if (chr->vda_mouse)
			vk_buf_add(b, chr->vda_mouse == 1 ? ",mouse=on" :
				   ",mouse=off");
		return 0;
	case VK_CHR_STDIO:
		/* The domain's log file: QEMU's standard output is the
		 * log, its standard input /dev/null (no input). */
		if (stdio_used(c))
			return vk_qcmd_refuse_why("QEMU has one standard output",
						  "a second %s of type "
						  "'stdio'", kind);
		vk_buf_addf(b, "stdio,id=%s", id);
		return 0;
	default:
		return vk_qcmd_refuse("%s type '%s'", kind,
				      vk_chr_type_names[chr->type]);
	}
}

static int add_chardev(struct vk_qcmd *c, const struct vk_chr *chr,
		       const char *id, bool log)
{
	struct vk_buf b = VK_BUF_INIT;

	if (backend(c, &b, chr, id) < 0) {
		vk_buf_free(&b);
		return -1;
	}
	if (chr->log_file) {
		vk_qcmd_kv(&b, "logfile", chr->log_file);
		if (chr->log_append)
			vk_buf_add(&b, chr->log_append == 1 ?
				   ",logappend=on" : ",logappend=off");
	} else if (log && c->st->console_log) {
		vk_qcmd_kv(&b, "logfile", c->st->console_log);
		vk_buf_add(&b, ",logappend=on");
	}
	vk_qcmd_push(c, "-chardev", &b);
	return 0;
}

int vk_qcmd_chardev(struct vk_qcmd *c, const struct vk_chr *chr,
		    const char *id)
{
	return add_chardev(c, chr, id, false);
}

static int add_chr_chardev(struct vk_qcmd *c, int i, bool log)
{
	char *id = vk_qemu_chr_id(c->def, i);
	int rc = add_chardev(c, &c->def->chrs[i], id, log);

	free(id);
	return rc;
}

/* ---- serial, parallel, console ---- */

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
	if (add_chr_chardev(c, i, log) < 0)
		return -1;
	vk_argv_add(c->a, "-device");
	vk_argv_addf(c->a, "isa-%s,chardev=char%s%d,id=%s%d,index=%d", what,
		     what, chr->port, what, chr->port, chr->port);
	return 0;
}

/* The QEMU device of a <serial>'s target type and model: isa-serial
 * (the default), pci-serial or usb-serial; NULL for the others. */
static const char *serial_device(const struct vk_chr *chr)
{
	static const char *const devs[] = {
		"isa-serial", "pci-serial", "usb-serial", NULL
	};
	const char *t = chr->target_type, *m = chr->target_model;
	int k;

	for (k = 0; devs[k]; k++)
		if ((!t || !strcmp(t, devs[k])) && (!m || !strcmp(m, devs[k])))
			return devs[k];
	return NULL;
}

/* A serial port on the ISA bus, or a PCI or USB serial card. */
static int add_serial(struct vk_qcmd *c, int i, bool log)
{
	const struct vk_chr *chr = &c->def->chrs[i];
	const char *dev = serial_device(chr);
	bool usb;

	if (!dev)
		return vk_qcmd_refuse_why("virtkit places serial ports on the "
					  "ISA, PCI or USB bus of a PC",
					  "serial target type '%s' model '%s'",
					  chr->target_type ? chr->target_type :
					  "isa-serial", chr->target_model ?
					  chr->target_model : "isa-serial");
	if (!strcmp(dev, "isa-serial"))
		return add_isa_port(c, i, log);
	usb = !strcmp(dev, "usb-serial");
	if (add_chr_chardev(c, i, log) < 0)
		return -1;
	if (usb)
		vk_qcmd_need_usb(c);
	vk_argv_add(c->a, "-device");
	vk_argv_addf(c->a, "%s,chardev=charserial%d,id=serial%d%s", dev,
		     chr->port, chr->port, usb ? ",bus=usb.0" : "");
	return 0;
}

/* ",bus=virtio-serialC.0[,nr=N]" for a virtio console or channel. */
static int add_vserial_bus(struct vk_qcmd *c, struct vk_buf *b,
			   const struct vk_chr *chr)
{
	const struct vk_dev_addr *a = &chr->addr;
	const char *kind = vk_chr_kind_names[chr->kind];

	if (a->type != VK_ADDR_VSERIAL) {
		vk_qcmd_need_vserial(c);
		vk_buf_add(b, ",bus=virtio-serial0.0");
		return 0;
	}
	if (a->bus)
		return vk_qcmd_refuse_why("a virtio-serial controller has one "
					  "bus, 0", "%s virtio-serial bus %u",
					  kind, a->bus);
	if (!a->port && chr->kind == VK_CHR_CHANNEL)
		return vk_qcmd_refuse_why("QEMU keeps port 0 for a virtio "
					  "console", "channel virtio-serial "
					  "port 0");
	if (vk_qcmd_need_ctrl(c, VK_CTRL_VSERIAL, a->controller, kind) < 0)
		return -1;
	vk_buf_addf(b, ",bus=virtio-serial%u.0,nr=%u", a->controller, a->port);
	return 0;
}

/* A virtconsole (virtio console) or virtserialport (virtio channel) for
 * chrs[i]: the controller, the chardev, the port. */
static int add_virtio_port(struct vk_qcmd *c, int i, bool log)
{
	const struct vk_chr *chr = &c->def->chrs[i];
	bool con = chr->kind == VK_CHR_CONSOLE;
	int n = con ? chr->port : channel_index(c->def, i);
	struct vk_buf b = VK_BUF_INIT;

	vk_buf_addf(&b, con ? "virtconsole,chardev=charconsole%d,id=console%d"
		    : "virtserialport,chardev=charchannel%d,id=channel%d",
		    n, n);
	if (add_vserial_bus(c, &b, chr) < 0 ||
	    add_chr_chardev(c, i, log) < 0) {
		vk_buf_free(&b);
		return -1;
	}
	vk_qcmd_kv(&b, "name", chr->target_name);
	vk_qcmd_push(c, "-device", &b);
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
	return add_virtio_port(c, i, log);
}

/* ---- channels ---- */

/* Add ",guestfwd=..." for channel I to the first user-mode -netdev:
 * QEMU's user network answers the guest's connections to the address
 * and port, so a forward without one would never be reached. */
static int add_guestfwd(struct vk_qcmd *c, int i, int n)
{
	const struct vk_chr *chr = &c->def->chrs[i];
	int k;

	for (k = 0; k + 1 < c->a->n; k++) {
		char *old = c->a->v[k + 1];

		if (strcmp(c->a->v[k], "-netdev") || strncmp(old, "user,", 5))
			continue;
		c->a->v[k + 1] = vk_asprintf("%s,guestfwd=tcp:%s:%d-chardev:"
					     "charchannel%d", old,
					     chr->target_address, chr->port,
					     n);
		free(old);
		return 0;
	}
	return vk_qcmd_refuse_why("it needs an <interface type='user'>, "
				  "whose network forwards it",
				  "channel target type 'guestfwd'");
}

static int add_channel(struct vk_qcmd *c, int i)
{
	if (strcmp(c->def->chrs[i].target_type, "guestfwd"))
		return add_virtio_port(c, i, false);
	if (add_chr_chardev(c, i, false) < 0)
		return -1;
	return add_guestfwd(c, i, channel_index(c->def, i));
}

int vk_qcmd_chrs(struct vk_qcmd *c)
{
	int i, rc, log = log_chr(c->def);

	for (i = 0; i < c->def->nchrs; i++) {
		switch (c->def->chrs[i].kind) {
		case VK_CHR_CONSOLE:
			rc = add_console(c, i, i == log);
			break;
		case VK_CHR_CHANNEL:
			rc = add_channel(c, i);
			break;
		case VK_CHR_SERIAL:
			rc = add_serial(c, i, i == log);
			break;
		default:
			rc = add_isa_port(c, i, i == log);
			break;
		}
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* ---- smartcards ---- */

char *vk_qemu_smartcard_chr_id(int i)
{
	return vk_asprintf("charsmartcard%d", i);
}

/* The ccid controller of smartcard I: its address, else the lowest one
 * that no other smartcard names or was given (QEMU's usb-ccid reader
 * has one slot, 0: the parser keeps addresses apart). */
static unsigned ccid_controller(const struct vk_domain_def *def, int i)
{
	bool used[VK_QCMD_MAX_CTRL + 2] = {false};
	unsigned n = 0;
	int j;

	if (def->smartcards[i].addr.type == VK_ADDR_CCID)
		return def->smartcards[i].addr.controller;
	for (j = 0; j < def->nsmartcards; j++) {
		const struct vk_dev_addr *a = &def->smartcards[j].addr;

		if (a->type == VK_ADDR_CCID &&
		    a->controller <= VK_QCMD_MAX_CTRL)
			used[a->controller] = true;
	}
	for (j = 0; j <= i; j++) {
		if (def->smartcards[j].addr.type == VK_ADDR_CCID)
			continue;
		while (n <= VK_QCMD_MAX_CTRL && used[n])
			n++;
		used[n] = true;
	}
	return n;
}

static int add_smartcard(struct vk_qcmd *c, int i)
{
	static const char *const cert_keys[VK_SC_NCERTS] = {
		"cert1", "cert2", "cert3"
	};
	const struct vk_smartcard *sc = &c->def->smartcards[i];
	struct vk_buf b = VK_BUF_INIT;
	unsigned ctrl = ccid_controller(c->def, i);
	char *id;
	int k;

	if (sc->addr.type == VK_ADDR_CCID && sc->addr.slot)
		return vk_qcmd_refuse_why("QEMU's CCID reader has one slot, "
					  "0: one smartcard per ccid "
					  "controller", "smartcard %d on ccid "
					  "%u:%u", i + 1, sc->addr.controller,
					  sc->addr.slot);
	if (vk_qcmd_need_ctrl(c, VK_CTRL_CCID, ctrl, "smartcard") < 0)
		return -1;
	switch (sc->mode) {
	case VK_SC_HOST:
		vk_buf_add(&b, "ccid-card-emulated,backend=nss-emulated");
		break;
	case VK_SC_HOST_CERTS:
		vk_buf_add(&b, "ccid-card-emulated,backend=certificates");
		for (k = 0; k < VK_SC_NCERTS; k++)
			vk_qcmd_kv(&b, cert_keys[k], sc->certs[k]);
		vk_qcmd_kv(&b, "db", sc->database);
		break;
	default:
		id = vk_qemu_smartcard_chr_id(i);
		k = add_chardev(c, &sc->chr, id, false);
		vk_buf_addf(&b, "ccid-card-passthru,chardev=%s", id);
		free(id);
		if (k < 0) {
			vk_buf_free(&b);
			return -1;
		}
		break;
	}
	vk_buf_addf(&b, ",id=smartcard%d,bus=ccid%u.0", i, ctrl);
	vk_qcmd_push(c, "-device", &b);
	return 0;
}

int vk_qcmd_smartcards(struct vk_qcmd *c)
{
	int i;

	for (i = 0; i < c->def->nsmartcards; i++)
		if (add_smartcard(c, i) < 0)
			return -1;
	return 0;
}
