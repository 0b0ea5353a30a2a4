#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "domain.h"

const char *const vk_chr_kind_names[] = {
	"serial", "parallel", "console", NULL
};
const char *const vk_chr_type_names[] = {
	"pty", "file", "null", "stdio", "unix", "tcp", NULL
};
const char *const vk_chr_tcp_proto_names[] = {"raw", "telnet", NULL};
static const char *const console_target_names[] = {
	"serial", "virtio", "xen", NULL
};
static const char *const mode_names[] = {"connect", "bind", NULL};

#define MAX_PORT 65535

/* ---- <source> ---- */

static int parse_source_mode(struct vk_chr *c, xmlNodePtr node)
{
	int mode = 0;

	if (vk_xml_attr_enum(node, "mode", mode_names, false, &mode) < 0)
		return -1;
	c->bind = mode == 1;
	return 0;
}

static int parse_source(struct vk_chr *c, xmlNodePtr node)
{
	static const char *const path_attrs[] = {"path", NULL};
	static const char *const unix_attrs[] = {"mode", "path", NULL};
	static const char *const tcp_attrs[] = {
		"mode", "host", "service", NULL
	};
	char *path = NULL;
	int rc;

	if (vk_xml_check_empty(node) < 0)
		return -1;
	switch (c->type) {
	case VK_CHR_PTY:
	case VK_CHR_FILE:
		if (vk_xml_check_attrs(node, path_attrs) < 0 ||
		    vk_xml_attr_str(node, "path", false, &path) < 0)
			return -1;
		if (c->path && path && strcmp(c->path, path))
			rc = vk_xml_error(node, "path '%s' does not match "
					  "tty '%s'", path, c->path);
		else
			rc = 0;
		if (path) {
			free(c->path);
			c->path = path;
		}
		return rc;
	case VK_CHR_UNIX:
		if (vk_xml_check_attrs(node, unix_attrs) < 0)
			return -1;
		return parse_source_mode(c, node) < 0 ? -1 :
		       vk_xml_attr_str(node, "path", false, &c->path);
	case VK_CHR_TCP:
		if (vk_xml_check_attrs(node, tcp_attrs) < 0 ||
		    parse_source_mode(c, node) < 0 ||
		    vk_xml_attr_str(node, "host", false, &c->host) < 0)
			return -1;
		return vk_xml_attr_str(node, "service", false, &c->service);
	default:
		return vk_xml_error(node, "not allowed with type '%s'",
				    vk_chr_type_names[c->type]);
	}
}

/* ---- <protocol> <target> ---- */

static int parse_protocol(struct vk_chr *c, xmlNodePtr node)
{
	static const char *const attrs[] = {"type", NULL};

	if (c->type != VK_CHR_TCP)
		return vk_xml_error(node, "only allowed with type 'tcp'");
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0)
		return -1;
	return vk_xml_attr_enum(node, "type", vk_chr_tcp_proto_names, true,
				&c->protocol);
}

static int parse_target(struct vk_chr *c, xmlNodePtr node)
{
	static const char *const attrs[] = {"port", NULL};
	static const char *const console_attrs[] = {"type", "port", NULL};
	unsigned long long port;
	bool set;
	int t = -1;

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
	if (vk_xml_attr_enum(node, "type", vk_chr_type_names, !old_console,
			     &c->type) < 0 ||
	    vk_xml_attr_str(node, "tty", false, &c->path) < 0)
		return -1;
	if (c->path && c->type != VK_CHR_PTY)
		return vk_xml_error(node, "tty is only allowed with type "
				    "'pty'");
	return 0;
}

static const char *const chr_children[] = {
	"source", "protocol", "target", NULL
};

static int check_source(const struct vk_chr *c, xmlNodePtr node)
{
	const char *need = NULL;

	if ((c->type == VK_CHR_FILE || c->type == VK_CHR_UNIX) && !c->path)
		need = "<source path='PATH'/>";
	else if (c->type == VK_CHR_TCP && !c->service)
		need = "<source service='PORT'/>";
	else if (c->type == VK_CHR_TCP && !c->bind && !c->host)
		need = "<source host='HOST'/> in connect mode";
	if (need)
		return vk_xml_error(node, "type '%s' needs %s",
				    vk_chr_type_names[c->type], need);
	return 0;
}

static int parse_chr_body(struct vk_chr *c, xmlNodePtr node)
{
	unsigned seen = 0;
	xmlNodePtr child;
	int i, rc;

	if (parse_chr_attrs(c, node) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		for (i = 0; chr_children[i]; i++)
			if (vk_xml_is(child, chr_children[i]))
				break;
		if (!chr_children[i])
			return vk_xml_unknown(child);
		if (seen & (1u << i))
			return vk_xml_duplicate(child);
		seen |= 1u << i;
		rc = i == 0 ? parse_source(c, child) :
		     i == 1 ? parse_protocol(c, child) :
			      parse_target(c, child);
		if (rc < 0)
			return -1;
	}
	return check_source(c, node);
}

static bool same_line(const struct vk_chr *a, const struct vk_chr *b)
{
	if (a->kind != b->kind)
		return false;
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

int vk_dom_parse_chr(struct vk_domain_def *def, xmlNodePtr node, int kind)
{
	struct vk_chr c;

	memset(&c, 0, sizeof(c));
	c.kind = kind;
	c.type = VK_CHR_PTY;
	c.protocol = VK_TCP_RAW;
	c.port = -1;
	if (parse_chr_body(&c, node) < 0 || assign_port(def, &c, node) < 0) {
		vk_chr_clear(&c);
		return -1;
	}
	*(struct vk_chr *)vk_array_add(&def->chrs, &def->nchrs,
				       sizeof(c)) = c;
	return 0;
}

/* ---- format ---- */

static void format_source(struct vk_xw *w, const struct vk_chr *c,
			  unsigned flags)
{
	switch (c->type) {
	case VK_CHR_PTY:
		if (!c->path || (flags & VK_FMT_INACTIVE))
			return;
		/* fall through */
	case VK_CHR_FILE:
		vk_xw_open(w, "source");
		vk_xw_attr(w, "path", c->path);
		vk_xw_close(w);
		return;
	case VK_CHR_UNIX:
	case VK_CHR_TCP:
		vk_xw_open(w, "source");
		vk_xw_attr(w, "mode", mode_names[c->bind]);
		vk_xw_attr(w, "path", c->path);
		vk_xw_attr(w, "host", c->host);
		vk_xw_attr(w, "service", c->service);
		vk_xw_close(w);
		return;
	default:
		return;
	}
}

void vk_dom_format_chr(struct vk_xw *w, const struct vk_chr *chr,
		       unsigned flags)
{
	bool live = !(flags & VK_FMT_INACTIVE);

	vk_xw_open(w, vk_chr_kind_names[chr->kind]);
	vk_xw_attr(w, "type", vk_chr_type_names[chr->type]);
	if (chr->kind == VK_CHR_CONSOLE && chr->type == VK_CHR_PTY && live)
		vk_xw_attr(w, "tty", chr->path);
	format_source(w, chr, flags);
	if (chr->type == VK_CHR_TCP) {
		vk_xw_open(w, "protocol");
		vk_xw_attr(w, "type", vk_chr_tcp_proto_names[chr->protocol]);
		vk_xw_close(w);
	}
	vk_xw_open(w, "target");
	vk_xw_attr(w, "type", chr->target_type);
	vk_xw_attrf(w, "port", "%d", chr->port);
	vk_xw_close(w);
	vk_xw_close(w);
}

void vk_chr_clear(struct vk_chr *chr)
{
	free(chr->path);
	free(chr->host);
	free(chr->service);
	free(chr->target_type);
	memset(chr, 0, sizeof(*chr));
}

void vk_chr_copy(struct vk_chr *dst, const struct vk_chr *src)
{
	*dst = *src;
	dst->path = vk_strdup(src->path);
	dst->host = vk_strdup(src->host);
	dst->service = vk_strdup(src->service);
	dst->target_type = vk_strdup(src->target_type);
}
