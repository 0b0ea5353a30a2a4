/* A QEMU command line to a domain: character devices.  virtkit's form,
 * a -chardev backend (charserialP, charparallelP, charconsoleP) with an
 * isa-serial, isa-parallel or virtconsole front end, and the older
 * -serial/-parallel DEVICE forms (pty, null, stdio, vc, file:PATH,
 * pipe:PATH, tcp:HOST:PORT, telnet:HOST:PORT, unix:PATH, /dev/X, none).
 * The QMP monitors (-chardev with -mon mode=control) and the console
 * log (logfile=) belong to virtkit's supervisor and are passed over. */
#include <stdlib.h>
#include <string.h>

#include "qemu_argv_parse_priv.h"
#include "util/error.h"

/* ---- backends ---- */

static int socket_backend(struct vk_qa_props *p, struct vk_chr *c)
{
	const char *path = vk_qa_get(p, "path");
	const char *host = vk_qa_get(p, "host");
	const char *port = vk_qa_get(p, "port");
	int server = 0, wait = 1, telnet = 0;

	if (vk_qa_get_bool(p, "server", &server) < 0 ||
	    vk_qa_get_bool(p, "wait", &wait) < 0 ||
	    vk_qa_get_bool(p, "telnet", &telnet) < 0)
		return -1;
	if (server && wait)
		return vk_qa_err(p->opt, "a server that waits for its client: "
				 "not supported (give wait=off)");
	c->bind = server;
	if (path && !host && !port && !telnet) {
		c->type = VK_CHR_UNIX;
		c->path = vk_strdup(path);
		return 0;
	}
	if (path || !port)
		return vk_qa_err(p->opt, "socket: neither path= nor port=");
	c->type = VK_CHR_TCP;
	c->host = host ? vk_strdup(host) : NULL;
	c->service = vk_strdup(port);
	c->protocol = telnet ? VK_TCP_TELNET : VK_TCP_RAW;
	return 0;
}

/* A -chardev list (backend= and id= used) into C. */
static int chardev(struct vk_qa_props *p, struct vk_chr *c)
{
	const char *be = vk_qa_get(p, "backend");
	const char *path;

	/* virtkit's console log. */
	vk_qa_get(p, "logfile");
	vk_qa_get(p, "logappend");
	if (!strcmp(be, "socket"))
		return socket_backend(p, c);
	if (!strcmp(be, "pty"))
		c->type = VK_CHR_PTY;
	else if (!strcmp(be, "null"))
		c->type = VK_CHR_NULL;
	else if (!strcmp(be, "stdio"))
		c->type = VK_CHR_STDIO;
	else if (!strcmp(be, "vc"))
		c->type = VK_CHR_VC;
	else if (!strcmp(be, "file") || !strcmp(be, "pipe") ||
		 !strcmp(be, "serial") || !strcmp(be, "tty"))
		c->type = be[0] == 'f' ? VK_CHR_FILE : be[0] == 'p' ?
			  VK_CHR_PIPE : VK_CHR_DEV;
	else
		return vk_qa_err(p->opt, "chardev backend '%s': not "
				 "supported", be);
	if (c->type != VK_CHR_FILE && c->type != VK_CHR_PIPE &&
	    c->type != VK_CHR_DEV)
		return 0;
	path = vk_qa_get(p, "path");
	if (!path || !*path)
		return vk_qa_err(p->opt, "chardev '%s': no path=", be);
	c->path = vk_strdup(path);
	return 0;
}

/* ---- front ends ---- */

static const char *const chr_drivers[] = {
	"isa-serial", "isa-parallel", "virtconsole", NULL
};

bool vk_qa_is_chr_driver(const char *drv)
{
	int i;

	for (i = 0; chr_drivers[i]; i++)
		if (!strcmp(chr_drivers[i], drv))
			return true;
	return false;
}

static bool port_used(const struct vk_domain_def *def, int kind, int port)
{
	int i;

	for (i = 0; i < def->nchrs; i++)
		if (def->chrs[i].kind == kind && def->chrs[i].port == port)
			return true;
	return false;
}

/* The port of a virtconsole: its id "consoleP", else the next free. */
static int console_port(struct vk_qa *q, struct vk_qa_props *p)
{
	const char *id = vk_qa_get(p, "id");
	unsigned long long n;
	int port = 0;

	if (id && !strncmp(id, "console", 7) &&
	    vk_qa_uint(id + 7, 65535, &n) == 0)
		return (int)n;
	while (port_used(q->def, VK_CHR_CONSOLE, port))
		port++;
	return port;
}

int vk_qa_dev_chr(struct vk_qa *q, struct vk_qa_props *p, const char *drv)
{
	struct vk_qa_backend *be;
	unsigned long long index = 0;
	int kind, port;
	struct vk_chr *c;

	be = vk_qa_backend(q, p->opt, VK_QA_CHARDEV,
			   vk_qa_get(p, "chardev"));
	if (!be)
		return -1;
	if (!strcmp(drv, "virtconsole")) {
		kind = VK_CHR_CONSOLE;
		port = console_port(q, p);
		if (vk_qa_expect(p, "bus", "virtio-serial0.0") < 0)
			return -1;
	} else {
		kind = strcmp(drv, "isa-serial") ? VK_CHR_PARALLEL :
		       VK_CHR_SERIAL;
		vk_qa_get(p, "id");
		if (vk_qa_get_uint(p, "index", 3, &index) < 0)
			return -1;
		port = (int)index;
	}
	if (port_used(q->def, kind, port))
		return vk_qa_err(p->opt, "%s port %d is used twice",
				 vk_chr_kind_names[kind], port);
	c = vk_qa_new_chr(q, kind);
	c->port = port;
	if (chardev(&be->props, c) < 0)
		return -1;
	return vk_qa_check_used(&be->props, NULL);
}

/* ---- -serial, -parallel ---- */

/* "HOST:PORT[,server][,nowait][,nodelay]" after tcp: or telnet: */
static int old_inet(const struct vk_qa_opt *o, const char *s,
		    struct vk_chr *c)
{
	struct vk_qa_props p;
	const char *addr, *colon;
	int server = 0, nowait = 0, nodelay = 0, rc = -1;

	if (vk_qa_props_parse(o, s, "addr", &p) < 0)
		goto out;
	addr = vk_qa_get(&p, "addr");
	if (vk_qa_get_bool(&p, "server", &server) < 0 ||
	    vk_qa_get_bool(&p, "nowait", &nowait) < 0 ||
	    vk_qa_get_bool(&p, "nodelay", &nodelay) < 0 ||
	    vk_qa_check_used(&p, NULL) < 0)
		goto out;
	colon = strrchr(addr, ':');
	if (!colon || !colon[1]) {
		vk_qa_err(o, "'%s': not HOST:PORT", addr);
		goto out;
	}
	if (server && !nowait) {
		vk_qa_err(o, "a server that waits for its client: not "
			  "supported (give nowait)");
		goto out;
	}
	c->type = VK_CHR_TCP;
	c->bind = server;
	c->host = colon > addr ? vk_strndup(addr, (size_t)(colon - addr)) :
		  NULL;
	c->service = vk_strdup(colon + 1);
	rc = 0;
out:
	vk_qa_props_free(&p);
	return rc;
}

static int old_unix(const struct vk_qa_opt *o, const char *s,
		    struct vk_chr *c)
{
	struct vk_qa_props p;
	int server = 0, nowait = 0, rc = -1;

	if (vk_qa_props_parse(o, s, "path", &p) < 0 ||
	    vk_qa_get_bool(&p, "server", &server) < 0 ||
	    vk_qa_get_bool(&p, "nowait", &nowait) < 0)
		goto out;
	c->type = VK_CHR_UNIX;
	c->path = vk_strdup(vk_qa_get(&p, "path"));
	c->bind = server;
	if (vk_qa_check_used(&p, NULL) < 0)
		goto out;
	if (!*c->path || (server && !nowait)) {
		vk_qa_err(o, "'%s': no path, or a server that waits", s);
		goto out;
	}
	rc = 0;
out:
	vk_qa_props_free(&p);
	return rc;
}

static int old_device(const struct vk_qa_opt *o, const char *v,
		      struct vk_chr *c)
{
	static const struct { const char *name; int type; } plain[] = {
		{"pty", VK_CHR_PTY}, {"null", VK_CHR_NULL},
		{"stdio", VK_CHR_STDIO}, {"vc", VK_CHR_VC}, {NULL, 0}
	};
	int i;

	for (i = 0; plain[i].name; i++)
		if (!strcmp(v, plain[i].name)) {
			c->type = plain[i].type;
			return 0;
		}
	if (!strncmp(v, "file:", 5) || !strncmp(v, "pipe:", 5)) {
		if (!v[5])
			return vk_qa_err(o, "'%s': no path", v);
		c->type = v[0] == 'f' ? VK_CHR_FILE : VK_CHR_PIPE;
		c->path = vk_strdup(v + 5);
		return 0;
	}
	if (!strncmp(v, "/dev/", 5)) {
		c->type = VK_CHR_DEV;
		c->path = vk_strdup(v);
		return 0;
	}
	if (!strncmp(v, "tcp:", 4))
		return old_inet(o, v + 4, c);
	if (!strncmp(v, "telnet:", 7)) {
		if (old_inet(o, v + 7, c) < 0)
			return -1;
		c->protocol = VK_TCP_TELNET;
		return 0;
	}
	if (!strncmp(v, "unix:", 5))
		return old_unix(o, v + 5, c);
	return vk_qa_err(o, "'%s': not supported", v);
}

int vk_qa_serial(struct vk_qa *q, const struct vk_qa_opt *o)
{
	bool par = !strcmp(o->name, "parallel");
	int *count = par ? &q->nparallel : &q->nserial;
	struct vk_chr *c;

	/* Each -serial takes the next port, "none" included. */
	(*count)++;
	if (!strcmp(o->value, "none"))
		return 0;
	if (port_used(q->def, par ? VK_CHR_PARALLEL : VK_CHR_SERIAL,
		      *count - 1))
		return vk_qa_err(o, "port %d is used twice", *count - 1);
	c = vk_qa_new_chr(q, par ? VK_CHR_PARALLEL : VK_CHR_SERIAL);
	c->port = *count - 1;
	return old_device(o, o->value, c);
}

/* -mon chardev=ID,mode=control: a monitor, a run-time thing. */
int vk_qa_mon(struct vk_qa *q, const struct vk_qa_opt *o)
{
	struct vk_qa_props p;
	const char *mode;
	int rc = -1;

	if (vk_qa_props_parse(o, o->value, "chardev", &p) < 0)
		goto out;
	mode = vk_qa_get(&p, "mode");
	vk_qa_get(&p, "pretty");
	if (mode && strcmp(mode, "control") && strcmp(mode, "readline")) {
		vk_qa_err(o, "mode '%s': not control or readline", mode);
		goto out;
	}
	if (!vk_qa_backend(q, o, VK_QA_CHARDEV, vk_qa_get(&p, "chardev")) ||
	    vk_qa_check_used(&p, NULL) < 0)
		goto out;
	rc = 0;
out:
	vk_qa_props_free(&p);
	return rc;
}
