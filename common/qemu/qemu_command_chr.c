/* The QEMU 7.2 command line: serial, parallel and console devices
 * (charserialP / serialP, charparallelP / parallelP, charconsoleP /
 * consoleP for a virtio console). */
#include <stdlib.h>
#include <string.h>

#include "qemu_command_priv.h"
#include "util/error.h"

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
	vk_qcmd_need_vserial(c);
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
