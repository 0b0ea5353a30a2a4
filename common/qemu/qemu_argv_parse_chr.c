/* A QEMU command line to a domain: character devices.  virtkit's form,
 * a -chardev backend (charserialP, charparallelP, charconsoleP) with an
 * isa-serial, isa-parallel or virtconsole front end, and the older
 * -serial/-parallel DEVICE forms (pty, null, stdio, vc, file:PATH,
 * pipe:PATH, tcp:HOST:PORT, telnet:HOST:PORT, unix:PATH, /dev/X, none).
 * The QMP monitors (-chardev with -mon mode=control) and the console
 * log (logfile=) belong to virtkit's supervisor and are passed over. */
#include <limits.h>
#include <stdio.h>
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

	unsigned long long reconnect = 0;

	if (vk_qa_get_bool(p, "server", &server) < 0 ||
	    vk_qa_get_bool(p, "wait", &wait) < 0 ||
	    vk_qa_get_bool(p, "telnet", &telnet) < 0 ||
	    vk_qa_get_uint(p, "reconnect", UINT_MAX, &reconnect) < 0)
		return -1;
	if (reconnect) {
		c->reconnect = 1;
		c->reconnect_timeout = (unsigned)reconnect;
	}
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

static int udp_backend(struct vk_qa_props *p, struct vk_chr *c)
{
	const char *host = vk_qa_get(p, "host"), *port = vk_qa_get(p, "port");
	const char *lhost = vk_qa_get(p, "localaddr");
	const char *lport = vk_qa_get(p, "localport");

	if (!port || !*port)
		return vk_qa_err(p->opt, "udp: no port=");
	c->type = VK_CHR_UDP;
	c->host = host ? vk_strdup(host) : NULL;
	c->service = vk_strdup(port);
	c->bind_host = lhost ? vk_strdup(lhost) : NULL;
	c->bind_service = lport ? vk_strdup(lport) : NULL;
	return 0;
}

/* qemu-vdagent: clipboard= and mouse= (libvirt's mouse mode client is
 * mouse=on). */
static int vdagent_backend(struct vk_qa_props *p, struct vk_chr *c)
{
	int clip = -1, mouse = -1;

	vk_qa_get(p, "name");
	if (vk_qa_get_bool(p, "clipboard", &clip) < 0 ||
	    vk_qa_get_bool(p, "mouse", &mouse) < 0)
		return -1;
	c->type = VK_CHR_VDAGENT;
	c->vda_clipboard = clip < 0 ? 0 : clip ? 1 : 2;
	c->vda_mouse = mouse < 0 ? 0 : mouse ? 1 : 2;
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
	if (!be)
		return vk_qa_err(p->opt, "no chardev backend");
	if (!strcmp(be, "socket"))
		return socket_backend(p, c);
	if (!strcmp(be, "udp"))
		return udp_backend(p, c);
	if (!strcmp(be, "spicevmc")) {
		c->type = VK_CHR_SPICEVMC;
		be = vk_qa_get(p, "name");
		if (!be || (strcmp(be, "vdagent") && strcmp(be, "smartcard")))
			return vk_qa_err(p->opt, "spicevmc name '%s': not "
					 "vdagent or smartcard", be ? be : "");
		return 0;
	}
	if (!strcmp(be, "qemu-vdagent"))
		return vdagent_backend(p, c);
	if (!strcmp(be, "pty"))
		c->type = VK_CHR_PTY;
	else if (!strcmp(be, "null"))
		c->type = VK_CHR_NULL;
	else if (!strcmp(be, "stdio"))
		c->type = VK_CHR_STDIO;
	else if (!strcmp(be, "vc"))
		c->type = VK_CHR_VC;
	else if (!strcmp(be, "file") || !strcmp(be, "pipe") ||
		 !strcmp(be, "serial") || !strcmp(be, "tty") ||
		 !strcmp(be, "parallel"))
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
	if (c->type == VK_CHR_FILE) {
		int append = -1;

		if (vk_qa_get_bool(p, "append", &append) < 0)
			return -1;
		c->append = append < 0 ? 0 : append ? 1 : 2;
	}
	return 0;
}

/* ---- front ends ---- */

static const char *const chr_drivers[] = {
	"isa-serial", "isa-parallel", "virtconsole", "virtserialport",
	"ccid-card-emulated", "ccid-card-passthru", NULL
};

bool vk_qa_is_chr_driver(const char *drv)
{
	return vk_qa_index(chr_drivers, drv) >= 0;
}

static bool port_used(const struct vk_domain_def *def, int kind, int port)
{
	int i;

	for (i = 0; i < def->nchrs; i++)
		if (def->chrs[i].kind == kind && def->chrs[i].port == port)
			return true;
	return false;
}

/* The N of an id "PREFIXN", else the next free port of KIND. */
static int id_port(struct vk_qa *q, struct vk_qa_props *p, const char *prefix,
		   int kind)
{
	const char *id = vk_qa_get(p, "id");
	unsigned long long n;
	int *port = &q->free_port[kind];

	if (id && !strncmp(id, prefix, strlen(prefix)) &&
	    vk_qa_uint(id + strlen(prefix), 65535, &n) == 0)
		return (int)n;
	while (port_used(q->def, kind, *port))
		(*port)++;
	return *port;
}

/* bus=virtio-serialC.0[,nr=N]: a virtio-serial address when given. */
static int vserial_addr(struct vk_qa_props *p, struct vk_dev_addr *a)
{
	const char *bus = vk_qa_get(p, "bus");
	unsigned long long c = 0, nr = 0;
	const char *dot;

	if (!bus || strncmp(bus, "virtio-serial", 13) ||
	    !(dot = strchr(bus, '.')) || strcmp(dot, ".0"))
		return vk_qa_err(p->opt, "bus '%s': not virtio-serialC.0",
				 bus ? bus : "");
	if (dot > bus + 13) {
		char *num = vk_strndup(bus + 13, (size_t)(dot - bus - 13));
		int rc = vk_qa_uint(num, 31, &c);

		free(num);
		if (rc < 0)
			return vk_qa_err(p->opt, "bad bus '%s'", bus);
	}
	if (vk_qa_get_uint(p, "nr", 31, &nr) < 0)
		return -1;
	if (!vk_qa_has(p, "nr") && c)
		return vk_qa_err(p->opt, "bus '%s' without nr=", bus);
	if (vk_qa_has(p, "nr")) {
		a->type = VK_ADDR_VSERIAL;
		a->controller = (unsigned)c;
		a->port = (unsigned)nr;
	}
	return 0;
}

/* The log of virtkit's supervisor marks the console's chardev. */
static void note_log(struct vk_qa *q, struct vk_qa_backend *be, int i)
{
	if (vk_qa_has(&be->props, "logfile"))
		q->log_chr = i;
}

static int dev_port(struct vk_qa *q, struct vk_qa_props *p, const char *drv,
		    struct vk_qa_backend *be)
{
	unsigned long long index = 0;
	int kind, port;
	struct vk_chr *c;
	struct vk_dev_addr a = {0};
	const char *name = NULL;

	if (!strcmp(drv, "virtconsole") || !strcmp(drv, "virtserialport")) {
		bool con = drv[4] == 'c';

		kind = con ? VK_CHR_CONSOLE : VK_CHR_CHANNEL;
		port = id_port(q, p, con ? "console" : "channel", kind);
		name = vk_qa_get(p, "name");
		if (vserial_addr(p, &a) < 0)
			return -1;
	} else {
		kind = strcmp(drv, "isa-serial") ? VK_CHR_PARALLEL :
		       VK_CHR_SERIAL;
		vk_qa_get(p, "id");
		if (vk_qa_get_uint(p, "index", 3, &index) < 0)
			return -1;
		port = (int)index;
	}
	if (kind != VK_CHR_CHANNEL && port_used(q->def, kind, port))
		return vk_qa_err(p->opt, "%s port %d is used twice",
				 vk_chr_kind_names[kind], port);
	c = vk_qa_new_chr(q, kind);
	note_log(q, be, q->def->nchrs - 1);
	c->port = kind == VK_CHR_CHANNEL ? 0 : port;
	c->addr = a;
	if (kind == VK_CHR_CHANNEL) {
		free(c->target_type);
		c->target_type = vk_strdup("virtio");
		c->target_name = name ? vk_strdup(name) : NULL;
	}
	if (chardev(&be->props, c) < 0)
		return -1;
	return vk_qa_check_used(&be->props, NULL);
}

/* ccid-card-emulated, ccid-card-passthru on bus=ccidC.0 */
static int dev_smartcard(struct vk_qa *q, struct vk_qa_props *p,
			 const char *drv, struct vk_qa_backend *be)
{
	const char *bus = vk_qa_get(p, "bus"), *mode;
	struct vk_smartcard *sc;
	unsigned long long c;
	char key[16], *num;
	int i, rc, n = q->def->nsmartcards;

	vk_qa_get(p, "id");
	if (!bus || strncmp(bus, "ccid", 4) || !strchr(bus, '.') ||
	    strcmp(strchr(bus, '.'), ".0"))
		return vk_qa_err(p->opt, "bus '%s': not ccidC.0",
				 bus ? bus : "");
	num = vk_strndup(bus + 4, (size_t)(strchr(bus, '.') - bus - 4));
	rc = vk_qa_uint(num, 31, &c);
	free(num);
	if (rc < 0)
		return vk_qa_err(p->opt, "bad bus '%s'", bus);
	sc = vk_array_add(&q->def->smartcards, &q->def->nsmartcards,
			  sizeof(*sc));
	if (c != (unsigned long long)n) {
		sc->addr.type = VK_ADDR_CCID;
		sc->addr.controller = (unsigned)c;
	}
	if (be) {
		sc->mode = VK_SC_PASSTHROUGH;
		sc->chr.kind = VK_CHR_SMARTCARD;
		return chardev(&be->props, &sc->chr) < 0 ? -1 :
		       vk_qa_check_used(&be->props, NULL);
	}
	(void)drv;
	mode = vk_qa_get(p, "backend");
	if (mode && !strcmp(mode, "nss-emulated")) {
		sc->mode = VK_SC_HOST;
		return 0;
	}
	if (!mode || strcmp(mode, "certificates"))
		return vk_qa_err(p->opt, "backend '%s': not nss-emulated or "
				 "certificates", mode ? mode : "");
	sc->mode = VK_SC_HOST_CERTS;
	for (i = 0; i < VK_SC_NCERTS; i++) {
		const char *v;

		snprintf(key, sizeof(key), "cert%d", i + 1);
		v = vk_qa_get(p, key);
		if (!v || !*v)
			return vk_qa_err(p->opt, "no %s=", key);
		sc->certs[i] = vk_strdup(v);
	}
	mode = vk_qa_get(p, "db");
	sc->database = mode ? vk_strdup(mode) : NULL;
	return 0;
}

int vk_qa_dev_chr(struct vk_qa *q, struct vk_qa_props *p, const char *drv)
{
	struct vk_qa_backend *be = NULL;

	if (!strcmp(drv, "ccid-card-emulated"))
		return dev_smartcard(q, p, drv, NULL);
	be = vk_qa_backend(q, p->opt, VK_QA_CHARDEV,
			   vk_qa_get(p, "chardev"));
	if (!be)
		return -1;
	if (!strcmp(drv, "ccid-card-passthru"))
		return dev_smartcard(q, p, drv, be);
	return dev_port(q, p, drv, be);
}

/* guestfwd=tcp:ADDR:PORT-chardev:ID of a user network backend P: a
 * guestfwd channel. */
int vk_qa_guestfwd(struct vk_qa *q, struct vk_qa_props *p, const char *v)
{
	const char *dash = strstr(v, "-chardev:"), *colon;
	unsigned long long port;
	struct vk_qa_backend *be;
	struct vk_chr *c;
	char *addr;

	if (strncmp(v, "tcp:", 4) || !dash)
		return vk_qa_err(p->opt, "guestfwd '%s': not "
				 "tcp:ADDR:PORT-chardev:ID", v);
	addr = vk_strndup(v + 4, (size_t)(dash - v - 4));
	colon = strrchr(addr, ':');
	if (!colon || colon == addr || vk_qa_uint(colon + 1, 65535, &port)) {
		free(addr);
		return vk_qa_err(p->opt, "guestfwd '%s': not "
				 "tcp:ADDR:PORT-chardev:ID", v);
	}
	addr[colon - addr] = '\0';
	be = vk_qa_backend(q, p->opt, VK_QA_CHARDEV, dash + 9);
	if (!be) {
		free(addr);
		return -1;
	}
	c = vk_qa_new_chr(q, VK_CHR_CHANNEL);
	free(c->target_type);
	c->target_type = vk_strdup("guestfwd");
	c->target_address = addr;
	c->port = (int)port;
	if (chardev(&be->props, c) < 0)
		return -1;
	return vk_qa_check_used(&be->props, NULL);
}

/* A console beside the serial port the log is on, when that is not the
 * lowest serial port (the log goes to the first serial console's). */
int vk_qa_chr_finish(struct vk_qa *q)
{
	struct vk_chr *log, *con;
	int i;

	if (q->log_chr < 0 || q->def->chrs[q->log_chr].kind != VK_CHR_SERIAL)
		return 0;
	log = &q->def->chrs[q->log_chr];
	for (i = 0; i < q->def->nchrs; i++)
		if (q->def->chrs[i].kind == VK_CHR_SERIAL &&
		    q->def->chrs[i].port < log->port)
			break;
	if (i == q->def->nchrs)
		return 0;
	con = vk_qa_new_chr(q, VK_CHR_CONSOLE);
	vk_chr_clear(con);
	vk_chr_copy(con, &q->def->chrs[q->log_chr]);
	con->kind = VK_CHR_CONSOLE;
	free(con->target_type);
	con->target_type = vk_strdup("serial");
	return 0;
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
	colon = addr ? strrchr(addr, ':') : NULL;
	if (!colon || !colon[1]) {
		vk_qa_err(o, "'%s': not HOST:PORT", addr ? addr : s);
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
	if (!c->path || !*c->path || (server && !nowait)) {
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
