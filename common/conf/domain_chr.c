/* <serial> <parallel> <console> <channel>: the character devices.  The
 * host side (type=, <source>, <protocol>) is shared with
 * <smartcard mode='passthrough'> (domain_smartcard.c). */
#include <arpa/inet.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "domain.h"

const char *const vk_chr_kind_names[] = {
	"serial", "parallel", "console", "channel", "smartcard", "rng", NULL
};
const char *const vk_chr_type_names[] = {
	"pty", "file", "null", "stdio", "unix", "tcp", "vc", "dev", "pipe",
	"udp", "spicevmc", "spiceport", "qemu-vdagent", NULL
};
const char *const vk_chr_tcp_proto_names[] = {
	"raw", "telnet", "telnets", "tls", NULL
};
static const char *const console_target_names[] = {
	"serial", "virtio", "xen", NULL
};
static const char *const channel_target_names[] = {
	"guestfwd", "virtio", NULL
};
static const char *const mode_names[] = {"connect", "bind", NULL};
/* libvirt's serial target types and models. */
static const char *const serial_target_names[] = {
	"isa-serial", "usb-serial", "pci-serial", "spapr-vio-serial",
	"system-serial", "sclp-serial", "isa-debug", NULL
};
static const char *const serial_model_names[] = {
	"isa-serial", "usb-serial", "pci-serial", "spapr-vty", "pl011",
	"sclpconsole", "sclplmconsole", "16550a", "isa-debugcon", NULL
};
static const char *const channel_state_names[] = {
	"connected", "disconnected", NULL
};
static const char *const onoff_names[] = {"on", "off", NULL};
static const char *const yesno_names[] = {"yes", "no", NULL};
static const char *const vda_mouse_names[] = {"client", "server", NULL};

#define MAX_PORT 65535
#define SPICE_CHANNEL "com.redhat.spice.0"

/* Bits of the SEEN mask of vk_chr_parse_host. */
#define SEEN_SOURCE 1u		/* <source> (udp: mode='connect') */
#define SEEN_BIND 2u		/* udp: <source mode='bind'> */
#define SEEN_PROTOCOL 4u

/* ---- <source> ---- */

/* An optional attribute of VALUES into *OUT as 1 + its index (0 when
 * absent). */
static int attr_opt(xmlNodePtr node, const char *name,
		    const char *const *values, int *out)
{
	int i = -1;

	if (vk_xml_attr_enum(node, name, values, false, &i) < 0)
		return -1;
	*out = i + 1;
	return 0;
}

/* The children of a <source>: NAMES (each once), each parsed by
 * parse_source_child. */
static int parse_source_child(struct vk_chr *c, xmlNodePtr node, int which)
{
	static const char *const reconnect_attrs[] = {
		"enabled", "timeout", NULL
	};
	static const char *const clipboard_attrs[] = {"copypaste", NULL};
	static const char *const mouse_attrs[] = {"mode", NULL};
	unsigned long long t = 0;
	bool set = false;

	if (vk_xml_check_empty(node) < 0)
		return -1;
	switch (which) {
	case 0:
		if (vk_xml_check_attrs(node, reconnect_attrs) < 0 ||
		    attr_opt(node, "enabled", yesno_names, &c->reconnect) < 0 ||
		    vk_xml_attr_uint(node, "timeout", false, UINT_MAX, false, &t,
				     &set) < 0)
			return -1;
		if (!c->reconnect)
			return vk_xml_error(node, "missing attribute "
					    "'enabled'");
		if (c->reconnect == 1 && !set)
			return vk_xml_error(node, "enabled='yes' needs "
					    "timeout=");
		if (c->bind)
			return vk_xml_error(node, "only a client (mode="
					    "'connect') reconnects");
		c->reconnect_timeout = (unsigned)t;
		return 0;
	case 1:
		return vk_xml_check_attrs(node, clipboard_attrs) < 0 ? -1 :
			attr_opt(node, "copypaste", yesno_names,
				 &c->vda_clipboard);
	default:
		return vk_xml_check_attrs(node, mouse_attrs) < 0 ? -1 :
			attr_opt(node, "mode", vda_mouse_names, &c->vda_mouse);
	}
}

/* unix and tcp: <reconnect>; qemu-vdagent: <clipboard> and <mouse>. */
static int parse_source_children(struct vk_chr *c, xmlNodePtr node)
{
	static const char *const sock[] = {"reconnect", NULL};
	static const char *const vda[] = {"clipboard", "mouse", NULL};
	bool agent = c->type == VK_CHR_VDAGENT;
	unsigned seen = 0;
	xmlNodePtr child;
	int i;

	if (vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		i = vk_dom_child_index(child, agent ? vda : sock, &seen);
		if (i < 0 || parse_source_child(c, child, i + agent) < 0)
			return -1;
	}
	return 0;
}

static int parse_source_path(struct vk_chr *c, xmlNodePtr node)
{
	static const char *const path_attrs[] = {"path", NULL};
	static const char *const file_attrs[] = {"path", "append", NULL};
	char *path = NULL;
	int rc = 0;

	if (vk_xml_check_empty(node) < 0 ||
	    vk_xml_check_attrs(node, c->type == VK_CHR_FILE ? file_attrs :
			       path_attrs) < 0 ||
	    attr_opt(node, "append", onoff_names, &c->append) < 0 ||
	    vk_xml_attr_str(node, "path", false, &path) < 0)
		return -1;
	if (c->path && path && strcmp(c->path, path))
		rc = vk_xml_error(node, "path '%s' does not match tty '%s'",
				  path, c->path);
	if (path) {
		free(c->path);
		c->path = path;
	}
	return rc;
}

/* <source mode= host= service=> of tcp and udp.  A udp device takes a
 * second <source>: mode='bind' is its local end. */
static int parse_source_inet(struct vk_chr *c, xmlNodePtr node,
			     unsigned *seen)
{
	static const char *const attrs[] = {"mode", "host", "service", NULL};
	int mode = 0;
	char **host, **service;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_attr_enum(node, "mode", mode_names, false, &mode) < 0)
		return -1;
	if (c->type == VK_CHR_UDP && mode == 1) {
		if (*seen & SEEN_BIND)
			return vk_xml_error(node, "a second <source "
					    "mode='bind'>");
		*seen |= SEEN_BIND;
		host = &c->bind_host;
		service = &c->bind_service;
	} else {
		if (*seen & SEEN_SOURCE)
			return vk_xml_duplicate(node);
		*seen |= SEEN_SOURCE;
		if (c->type == VK_CHR_TCP)
			c->bind = mode == 1;
		host = &c->host;
		service = &c->service;
	}
	if (vk_xml_attr_str(node, "host", false, host) < 0 ||
	    vk_xml_attr_str(node, "service", false, service) < 0)
		return -1;
	if (c->type == VK_CHR_UDP ? vk_xml_check_empty(node) < 0 :
	    parse_source_children(c, node) < 0)
		return -1;
	/* A name (getaddrinfo's) or a port number. */
	if (*service && strspn(*service, "0123456789") == strlen(*service) &&
	    (strlen(*service) > 5 || atoi(*service) > MAX_PORT))
		return vk_xml_error(node, "service '%s' is not a port number "
				    "(0 to %d)", *service, MAX_PORT);
	return 0;
}

static int parse_source(struct vk_chr *c, xmlNodePtr node, unsigned *seen)
{
	static const char *const unix_attrs[] = {"mode", "path", NULL};
	static const char *const spiceport_attrs[] = {"channel", NULL};
	int mode = 0;

	if (c->type == VK_CHR_TCP || c->type == VK_CHR_UDP)
		return parse_source_inet(c, node, seen);
	if (*seen & SEEN_SOURCE)
		return vk_xml_duplicate(node);
	*seen |= SEEN_SOURCE;
	switch (c->type) {
	case VK_CHR_PTY:
	case VK_CHR_FILE:
	case VK_CHR_DEV:
	case VK_CHR_PIPE:
		return parse_source_path(c, node);
	case VK_CHR_UNIX:
		if (vk_xml_check_attrs(node, unix_attrs) < 0 ||
		    vk_xml_attr_enum(node, "mode", mode_names, false,
				     &mode) < 0)
			return -1;
		c->bind = mode == 1;
		if (vk_xml_attr_str(node, "path", false, &c->path) < 0)
			return -1;
		return parse_source_children(c, node);
	case VK_CHR_SPICEPORT:
		if (vk_xml_check_attrs(node, spiceport_attrs) < 0 ||
		    vk_xml_check_empty(node) < 0)
			return -1;
		return vk_xml_attr_str(node, "channel", true,
				       &c->spice_channel);
	case VK_CHR_VDAGENT:
		if (vk_xml_check_attrs(node, NULL) < 0)
			return -1;
		return parse_source_children(c, node);
	default:
		return vk_xml_error(node, "not allowed with type '%s'",
				    vk_chr_type_names[c->type]);
	}
}

static bool has_source(xmlNodePtr node)
{
	xmlNodePtr child;

	vk_xml_foreach(child, node)
		if (vk_xml_is(child, "source"))
			return true;
	return false;
}

/* ---- the host side: type=, <source>, <protocol> ---- */

static int parse_protocol(struct vk_chr *c, xmlNodePtr node, unsigned *seen)
{
	static const char *const attrs[] = {"type", NULL};

	if (c->type != VK_CHR_TCP)
		return vk_xml_error(node, "only allowed with type 'tcp'");
	if (*seen & SEEN_PROTOCOL)
		return vk_xml_duplicate(node);
	*seen |= SEEN_PROTOCOL;
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0)
		return -1;
	return vk_xml_attr_enum(node, "type", vk_chr_tcp_proto_names, true,
				&c->protocol);
}

int vk_chr_parse_type(struct vk_chr *c, xmlNodePtr node, bool required)
{
	if (vk_xml_attr_enum(node, "type", vk_chr_type_names, required,
			     &c->type) < 0)
		return -1;
	if (c->type == VK_CHR_SPICEVMC && c->kind != VK_CHR_CHANNEL &&
	    c->kind != VK_CHR_SMARTCARD)
		return vk_xml_error(node, "type 'spicevmc' is only allowed "
				    "on <channel> and <smartcard>");
	if (c->type == VK_CHR_VDAGENT && c->kind != VK_CHR_CHANNEL)
		return vk_xml_error(node, "type 'qemu-vdagent' is only "
				    "allowed on <channel>");
	return 0;
}

int vk_chr_parse_host(struct vk_chr *c, xmlNodePtr child, unsigned *seen)
{
	if (vk_xml_is(child, "source"))
		return parse_source(c, child, seen) < 0 ? -1 : 1;
	if (vk_xml_is(child, "protocol"))
		return parse_protocol(c, child, seen) < 0 ? -1 : 1;
	return 0;
}

int vk_chr_check_host(const struct vk_chr *c, xmlNodePtr node)
{
	const char *need = NULL;

	switch (c->type) {
	case VK_CHR_UNIX:
		/* A listening channel's socket is made at start. */
		if (!c->path && !(c->kind == VK_CHR_CHANNEL && c->bind))
			need = "<source path='PATH'/>";
		break;
	case VK_CHR_FILE:
	case VK_CHR_DEV:
	case VK_CHR_PIPE:
		if (!c->path)
			need = "<source path='PATH'/>";
		break;
	case VK_CHR_TCP:
		if (!c->service)
			need = "<source service='PORT'/>";
		else if (!c->bind && !c->host)
			need = "<source host='HOST'/> in connect mode";
		break;
	case VK_CHR_UDP:
		if (!c->service)
			need = "<source mode='connect' service='PORT'/>";
		break;
	case VK_CHR_SPICEPORT:
		if (!c->spice_channel)
			need = "<source channel='NAME'/>";
		break;
	default:
		break;
	}
	if (need)
		return vk_xml_error(node, "type '%s' needs %s",
				    vk_chr_type_names[c->type], need);
	return 0;
}

/* ---- <target> ---- */

static int parse_channel_target(struct vk_chr *c, xmlNodePtr node)
{
	static const char *const attrs[] = {
		"type", "address", "port", "name", "state", NULL
	};
	unsigned long long port;
	struct in_addr ip;
	bool set;
	int t = -1, state = -1;

	/* state= is what a running guest's agent did: libvirt writes it in
	 * live XML and keeps no such thing in a configuration. */
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_enum(node, "type", channel_target_names, true,
			     &t) < 0 ||
	    vk_xml_attr_enum(node, "state", channel_state_names, false,
			     &state) < 0)
		return -1;
	c->target_type = vk_strdup(channel_target_names[t]);
	if (t == 1) {	/* virtio */
		if (vk_xml_has_attr(node, "address") ||
		    vk_xml_has_attr(node, "port"))
			return vk_xml_error(node, "address and port are only "
					    "allowed with type 'guestfwd'");
		return vk_xml_attr_str(node, "name", false, &c->target_name);
	}
	if (vk_xml_has_attr(node, "name"))
		return vk_xml_error(node, "name is only allowed with type "
				    "'virtio'");
	if (c->type == VK_CHR_SPICEVMC)
		return vk_xml_error(node, "type 'spicevmc' needs target type "
				    "'virtio'");
	if (vk_xml_attr_str(node, "address", true, &c->target_address) < 0 ||
	    vk_xml_attr_uint(node, "port", false, MAX_PORT, true, &port,
			     &set) < 0)
		return -1;
	if (inet_pton(AF_INET, c->target_address, &ip) != 1)
		return vk_xml_error(node, "address '%s' is not an IPv4 "
				    "address", c->target_address);
	if (!port)
		return vk_xml_error(node, "port must be between 1 and %d",
				    MAX_PORT);
	c->port = (int)port;
	return 0;
}

/* <target type port> of a serial port, with its optional <model
 * name>. */
static int parse_serial_target(struct vk_chr *c, xmlNodePtr node)
{
	static const char *const attrs[] = {"type", "port", NULL};
	static const char *const model_attrs[] = {"name", NULL};
	unsigned long long port;
	xmlNodePtr child;
	bool set;
	int t = -1, m = -1;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    vk_xml_attr_uint(node, "port", false, MAX_PORT, false, &port,
			     &set) < 0 ||
	    vk_xml_attr_enum(node, "type", serial_target_names, false,
			     &t) < 0)
		return -1;
	if (set)
		c->port = (int)port;
	if (t >= 0)
		c->target_type = vk_strdup(serial_target_names[t]);
	vk_xml_foreach(child, node) {
		if (!vk_xml_is(child, "model"))
			return vk_xml_unknown(child);
		if (m >= 0)
			return vk_xml_duplicate(child);
		if (vk_xml_check_attrs(child, model_attrs) < 0 ||
		    vk_xml_check_empty(child) < 0 ||
		    vk_xml_attr_enum(child, "name", serial_model_names, true,
				     &m) < 0)
			return -1;
		c->target_model = vk_strdup(serial_model_names[m]);
	}
	return 0;
}

static int parse_target(struct vk_chr *c, xmlNodePtr node)
{
	static const char *const attrs[] = {"port", NULL};
	static const char *const console_attrs[] = {"type", "port", NULL};
	unsigned long long port;
	bool set;
	int t = -1;

	if (c->kind == VK_CHR_CHANNEL)
		return parse_channel_target(c, node);
	if (c->kind == VK_CHR_SERIAL)
		return parse_serial_target(c, node);
	if (vk_xml_check_attrs(node, c->kind == VK_CHR_CONSOLE ?
			       console_attrs : attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_uint(node, "port", false, MAX_PORT, false, &port,
			     &set) < 0 ||
	    vk_xml_attr_enum(node, "type", console_target_names, false,
			     &t) < 0)
		return -1;
	if (set)
		c->port = (int)port;
	if (t >= 0)
		c->target_type = vk_strdup(console_target_names[t]);
	return 0;
}

/* ---- the element ---- */

static int parse_chr_attrs(struct vk_chr *c, xmlNodePtr node)
{
	static const char *const attrs[] = {"type", NULL};
	static const char *const console_attrs[] = {"type", "tty", NULL};

	bool old_console;

	if (vk_xml_check_attrs(node, c->kind == VK_CHR_CONSOLE ?
			       console_attrs : attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	/* <console tty='PATH'/> with no type is the old form of a pty. */
	old_console = c->kind == VK_CHR_CONSOLE && vk_xml_has_attr(node, "tty");
	if (vk_chr_parse_type(c, node, !old_console) < 0 ||
	    vk_xml_attr_str(node, "tty", false, &c->path) < 0)
		return -1;
	if (c->path && c->type != VK_CHR_PTY)
		return vk_xml_error(node, "tty is only allowed with type "
				    "'pty'");
	return 0;
}

/* Whether C sits on the virtio-serial bus (and may have an address). */
/* <log file= append=>: what the device writes, copied to a file. */
static int parse_log(struct vk_chr *c, xmlNodePtr node)
{
	static const char *const attrs[] = {"file", "append", NULL};

	if (c->log_file)
		return vk_xml_duplicate(node);
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    attr_opt(node, "append", onoff_names, &c->log_append) < 0)
		return -1;
	return vk_xml_attr_str(node, "file", true, &c->log_file);
}

static bool on_vserial(const struct vk_chr *c)
{
	return c->target_type && !strcmp(c->target_type, "virtio");
}

static int parse_address(struct vk_chr *c, xmlNodePtr node, bool *seen)
{
	if (*seen)
		return vk_xml_duplicate(node);
	*seen = true;
	if (vk_dom_parse_address(node, VK_ADDR_MASK(VK_ADDR_VSERIAL),
				 &c->addr) < 0)
		return -1;
	return 0;
}

static int parse_chr_body(struct vk_chr *c, xmlNodePtr node)
{
	unsigned seen = 0;
	bool target = false, address = false;
	xmlNodePtr child, addr_node = NULL;
	int rc;

	if (parse_chr_attrs(c, node) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		rc = vk_chr_parse_host(c, child, &seen);
		if (rc < 0)
			return -1;
		if (rc)
			continue;
		if (vk_xml_is(child, "target")) {
			if (target)
				return vk_xml_duplicate(child);
			target = true;
			rc = parse_target(c, child);
		} else if (vk_xml_is(child, "log")) {
			rc = parse_log(c, child);
		} else if (vk_xml_is(child, "address")) {
			addr_node = child;
			rc = parse_address(c, child, &address);
		} else {
			return vk_xml_unknown(child);
		}
		if (rc < 0)
			return -1;
	}
	if (c->kind == VK_CHR_CHANNEL && !target)
		return vk_xml_error(node, "missing element <target type=...>");
	if (addr_node && !on_vserial(c))
		return vk_xml_child_error(addr_node, "only a virtio console "
					  "or channel has an address");
	if ((c->type == VK_CHR_SPICEVMC || c->type == VK_CHR_VDAGENT) &&
	    !c->target_name)
		c->target_name = vk_strdup(SPICE_CHANNEL);
	/* A unix channel with no <source> at all (virt-install's guest
	 * agent) listens on a socket made at start, as in libvirt. */
	if (c->kind == VK_CHR_CHANNEL && c->type == VK_CHR_UNIX &&
	    !c->path && !c->bind && !has_source(node))
		c->bind = true;
	return vk_chr_check_host(c, node);
}

static bool same_line(const struct vk_chr *a, const struct vk_chr *b)
{
	if (a->kind != b->kind)
		return false;
	if (a->kind != VK_CHR_CONSOLE)
		return true;
	if (!a->target_type || !b->target_type)
		return a->target_type == b->target_type;
	return !strcmp(a->target_type, b->target_type);
}

/* A port not given is one more than the highest so far of that kind
 * (and, for consoles, target type), which must not pass MAX_PORT; a
 * port given twice is an error. */
static int assign_port(const struct vk_domain_def *def, struct vk_chr *c,
		       xmlNodePtr node)
{
	int i, max = -1;

	for (i = 0; i < def->nchrs; i++) {
		const struct vk_chr *o = &def->chrs[i];

		if (!same_line(o, c))
			continue;
		if (o->port == c->port)
			return vk_xml_error(node, "target port %d is already "
					    "used by another <%s>", c->port,
					    vk_chr_kind_names[c->kind]);
		if (o->port > max)
			max = o->port;
	}
	if (c->port >= 0)
		return 0;
	if (max == MAX_PORT)
		return vk_xml_error(node, "no free target port: %d, the "
				    "highest, is used by another <%s>",
				    MAX_PORT, vk_chr_kind_names[c->kind]);
	c->port = max + 1;
	return 0;
}

static bool same_str(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

/* Channels: a virtio name, a guestfwd address and port, and a
 * virtio-serial address are each used once. */
static int check_channel(const struct vk_domain_def *def,
			 const struct vk_chr *c, xmlNodePtr node)
{
	int i;

	for (i = 0; i < def->nchrs; i++) {
		const struct vk_chr *o = &def->chrs[i];

		if (c->kind == VK_CHR_CHANNEL && o->kind == VK_CHR_CHANNEL &&
		    same_str(o->target_name, c->target_name))
			return vk_xml_error(node, "target name '%s' is already "
					    "used by another <channel>",
					    c->target_name);
		if (c->kind == VK_CHR_CHANNEL && o->kind == VK_CHR_CHANNEL &&
		    same_str(o->target_address, c->target_address) &&
		    o->port == c->port)
			return vk_xml_error(node, "guestfwd %s:%d is already "
					    "used by another <channel>",
					    c->target_address, c->port);
		if (c->addr.type == VK_ADDR_VSERIAL &&
		    o->addr.type == VK_ADDR_VSERIAL &&
		    o->addr.controller == c->addr.controller &&
		    o->addr.bus == c->addr.bus && o->addr.port == c->addr.port)
			return vk_xml_error(node, "virtio-serial address "
					    "%u:%u:%u is already used by "
					    "another <%s>", c->addr.controller,
					    c->addr.bus, c->addr.port,
					    vk_chr_kind_names[o->kind]);
	}
	return 0;
}

int vk_dom_parse_chr(struct vk_domain_def *def, xmlNodePtr node, int kind)
{
	struct vk_chr c;

	memset(&c, 0, sizeof(c));
	c.kind = kind;
	c.type = VK_CHR_PTY;
	c.protocol = VK_TCP_RAW;
	c.port = -1;
	if (parse_chr_body(&c, node) < 0 ||
	    (kind != VK_CHR_CHANNEL && assign_port(def, &c, node) < 0) ||
	    check_channel(def, &c, node) < 0) {
		vk_chr_clear(&c);
		return -1;
	}
	*(struct vk_chr *)vk_array_add(&def->chrs, &def->nchrs,
				       sizeof(c)) = c;
	return 0;
}

/* ---- format ---- */

static void format_reconnect(struct vk_xw *w, const struct vk_chr *c)
{
	if (!c->reconnect)
		return;
	vk_xw_open(w, "reconnect");
	vk_xw_attr(w, "enabled", yesno_names[c->reconnect - 1]);
	if (c->reconnect == 1)
		vk_xw_attrf(w, "timeout", "%u", c->reconnect_timeout);
	vk_xw_close(w);
}

static void format_inet(struct vk_xw *w, const char *mode, const char *host,
			const char *service, const struct vk_chr *c)
{
	vk_xw_open(w, "source");
	vk_xw_attr(w, "mode", mode);
	vk_xw_attr(w, "host", host);
	vk_xw_attr(w, "service", service);
	if (c)
		format_reconnect(w, c);
	vk_xw_close(w);
}

static void format_vdagent(struct vk_xw *w, const struct vk_chr *c)
{
	if (!c->vda_clipboard && !c->vda_mouse)
		return;
	vk_xw_open(w, "source");
	if (c->vda_clipboard) {
		vk_xw_open(w, "clipboard");
		vk_xw_attr(w, "copypaste", yesno_names[c->vda_clipboard - 1]);
		vk_xw_close(w);
	}
	if (c->vda_mouse) {
		vk_xw_open(w, "mouse");
		vk_xw_attr(w, "mode", vda_mouse_names[c->vda_mouse - 1]);
		vk_xw_close(w);
	}
	vk_xw_close(w);
}

static void format_source(struct vk_xw *w, const struct vk_chr *c,
			  unsigned flags)
{
	switch (c->type) {
	case VK_CHR_PTY:
		if (!c->path || (flags & VK_FMT_INACTIVE))
			return;
		/* fall through */
	case VK_CHR_FILE:
	case VK_CHR_DEV:
	case VK_CHR_PIPE:
		vk_xw_open(w, "source");
		vk_xw_attr(w, "path", c->path);
		if (c->append)
			vk_xw_attr(w, "append", onoff_names[c->append - 1]);
		vk_xw_close(w);
		return;
	case VK_CHR_UNIX:
		vk_xw_open(w, "source");
		vk_xw_attr(w, "mode", mode_names[c->bind]);
		vk_xw_attr(w, "path", c->path);
		format_reconnect(w, c);
		vk_xw_close(w);
		return;
	case VK_CHR_TCP:
		format_inet(w, mode_names[c->bind], c->host, c->service, c);
		return;
	case VK_CHR_UDP:
		if (c->bind_host || c->bind_service)
			format_inet(w, "bind", c->bind_host, c->bind_service,
				    NULL);
		format_inet(w, "connect", c->host, c->service, NULL);
		return;
	case VK_CHR_SPICEPORT:
		vk_xw_open(w, "source");
		vk_xw_attr(w, "channel", c->spice_channel);
		vk_xw_close(w);
		return;
	case VK_CHR_VDAGENT:
		format_vdagent(w, c);
		return;
	default:
		return;
	}
}

void vk_chr_format_host(struct vk_xw *w, const struct vk_chr *c,
			unsigned flags)
{
	format_source(w, c, flags);
	if (c->type == VK_CHR_TCP) {
		vk_xw_open(w, "protocol");
		vk_xw_attr(w, "type", vk_chr_tcp_proto_names[c->protocol]);
		vk_xw_close(w);
	}
}

static void format_target(struct vk_xw *w, const struct vk_chr *chr)
{
	vk_xw_open(w, "target");
	vk_xw_attr(w, "type", chr->target_type);
	if (chr->kind == VK_CHR_CHANNEL) {
		vk_xw_attr(w, "address", chr->target_address);
		if (chr->target_address)
			vk_xw_attrf(w, "port", "%d", chr->port);
		vk_xw_attr(w, "name", chr->target_name);
	} else {
		vk_xw_attrf(w, "port", "%d", chr->port);
	}
	if (chr->target_model) {
		vk_xw_open(w, "model");
		vk_xw_attr(w, "name", chr->target_model);
		vk_xw_close(w);
	}
	vk_xw_close(w);
}

void vk_dom_format_chr(struct vk_xw *w, const struct vk_chr *chr,
		       unsigned flags)
{
	bool live = !(flags & VK_FMT_INACTIVE);

	vk_xw_open(w, vk_chr_kind_names[chr->kind]);
	vk_xw_attr(w, "type", vk_chr_type_names[chr->type]);
	if (chr->kind == VK_CHR_CONSOLE && chr->type == VK_CHR_PTY && live)
		vk_xw_attr(w, "tty", chr->path);
	vk_chr_format_host(w, chr, flags);
	if (chr->log_file) {
		vk_xw_open(w, "log");
		vk_xw_attr(w, "file", chr->log_file);
		if (chr->log_append)
			vk_xw_attr(w, "append",
				   onoff_names[chr->log_append - 1]);
		vk_xw_close(w);
	}
	format_target(w, chr);
	vk_dom_format_address(w, &chr->addr);
	vk_xw_close(w);
}

void vk_chr_clear(struct vk_chr *chr)
{
	free(chr->path);
	free(chr->host);
	free(chr->service);
	free(chr->target_type);
	free(chr->bind_host);
	free(chr->bind_service);
	free(chr->target_address);
	free(chr->target_name);
	free(chr->target_model);
	free(chr->log_file);
	free(chr->spice_channel);
	memset(chr, 0, sizeof(*chr));
}

void vk_chr_copy(struct vk_chr *dst, const struct vk_chr *src)
{
	*dst = *src;
	dst->path = vk_strdup(src->path);
	dst->host = vk_strdup(src->host);
	dst->service = vk_strdup(src->service);
	dst->target_type = vk_strdup(src->target_type);
	dst->bind_host = vk_strdup(src->bind_host);
	dst->bind_service = vk_strdup(src->bind_service);
	dst->target_address = vk_strdup(src->target_address);
	dst->target_name = vk_strdup(src->target_name);
	dst->target_model = vk_strdup(src->target_model);
	dst->log_file = vk_strdup(src->log_file);
	dst->spice_channel = vk_strdup(src->spice_channel);
}
