#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "../util/name.h"
#include "../util/uuid.h"
#include "domain.h"
#include "pool.h"
#include "pool_priv.h"
#include "volume.h"

const char *const vk_pool_type_names[] = {
	"dir", "fs", "netfs", "logical", "disk", "iscsi", NULL
};

static const char *const fs_formats[] = {
	"auto", "ext2", "ext3", "ext4", "ufs", "iso9660", "udf", "gfs",
	"gfs2", "vfat", "hfs+", "xfs", NULL
};
static const char *const netfs_formats[] = {"auto", "nfs", NULL};
/* lvm2 is the only format LVM writes today; libvirt keeps "unknown". */
static const char *const logical_formats[] = {"lvm2", "unknown", NULL};
static const char *const disk_formats[] = {
	"dos", "dvh", "gpt", "mac", "bsd", "pc98", "sun", NULL
};

/* What each type's <source> takes: SRC_X allowed, REQ_X required. */
enum {
	SRC_DEVICE = 0x1, SRC_DIR = 0x2, SRC_HOST = 0x4, SRC_FORMAT = 0x8,
	SRC_NAME = 0x10, SRC_ONE_DEVICE = 0x20, SRC_INITIATOR = 0x40,
	SRC_AUTH = 0x80, SRC_PROTOCOL = 0x100, SRC_VENDOR = 0x200,
	SRC_PRODUCT = 0x400,
	SRC_ANY = SRC_VENDOR | SRC_PRODUCT,	/* every type */
};

static const struct {
	unsigned allowed;
	unsigned required;
	const char *const *formats;
	const char *const *vol_formats;
} types[VK_POOL_LAST] = {
	[VK_POOL_DIR] = {0, 0, NULL, vk_vol_file_formats},
	[VK_POOL_FS] = {SRC_DEVICE | SRC_FORMAT | SRC_ONE_DEVICE, SRC_DEVICE,
			fs_formats, vk_vol_file_formats},
	[VK_POOL_NETFS] = {SRC_HOST | SRC_DIR | SRC_FORMAT | SRC_PROTOCOL,
			   SRC_HOST | SRC_DIR, netfs_formats,
			   vk_vol_file_formats},
	[VK_POOL_LOGICAL] = {SRC_DEVICE | SRC_NAME | SRC_FORMAT, 0,
			     logical_formats, NULL},
	[VK_POOL_DISK] = {SRC_DEVICE | SRC_FORMAT | SRC_ONE_DEVICE,
			  SRC_DEVICE, disk_formats, vk_vol_part_formats},
	[VK_POOL_ISCSI] = {SRC_HOST | SRC_DEVICE | SRC_ONE_DEVICE |
			   SRC_INITIATOR | SRC_AUTH,
			   SRC_HOST | SRC_DEVICE, NULL, NULL},
};

const char *const *vk_pool_formats(int type)
{
	return types[type].formats;
}

const char *const *vk_pool_vol_formats(int type)
{
	return types[type].vol_formats;
}

/* ---- source ---- */

static int parse_free_extent(struct vk_pool_device *dev, xmlNodePtr node)
{
	static const char *const attrs[] = {"start", "end", NULL};
	struct vk_extent *e = vk_array_add(&dev->free, &dev->nfree,
					   sizeof(*e));

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_uint(node, "start", false, ~0ULL, true, &e->start,
			     NULL) < 0 ||
	    vk_xml_attr_uint(node, "end", false, ~0ULL, true, &e->end,
			     NULL) < 0)
		return -1;
	if (e->end < e->start)
		return vk_xml_error(node, "end %llu is before start %llu",
				    e->end, e->start);
	return 0;
}

static int parse_device(struct vk_pool_def *def, xmlNodePtr node,
			unsigned flags)
{
	static const char *const attrs[] = {"path", NULL};
	struct vk_pool_device *dev;
	xmlNodePtr c;
	int i;

	dev = vk_array_add(&def->source.devices, &def->source.ndevices,
			   sizeof(*dev));
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    vk_xml_attr_str(node, "path", true, &dev->path) < 0)
		return -1;
	if (def->type != VK_POOL_ISCSI && dev->path[0] != '/')
		return vk_xml_error(node, "path '%s' is not absolute",
				    dev->path);
	for (i = 0; i < def->source.ndevices - 1; i++)
		if (!strcmp(def->source.devices[i].path, dev->path))
			return vk_xml_error(node, "device '%s' is listed "
					    "twice", dev->path);
	vk_xml_foreach(c, node) {
		if (!vk_xml_is(c, "freeExtent"))
			return vk_xml_unknown(c);
		if (parse_free_extent(dev, c) < 0)
			return -1;
	}
	if (!(flags & VK_POOL_PARSE_LIVE)) {
		free(dev->free);
		dev->free = NULL;
		dev->nfree = 0;
	}
	return 0;
}

static int parse_dir(struct vk_pool_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"path", NULL};
	char *path = NULL;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_str(node, "path", true, &path) < 0)
		return -1;
	if (path[0] != '/') {
		vk_xml_error(node, "path '%s' is not absolute", path);
		free(path);
		return -1;
	}
	return vk_xml_set_once(node, &def->source.dir, path);
}

/* Whether NAME holds only ASCII letters, digits and the characters of
 * EXTRA, and does not start with '-'. */
static bool plain_name(const char *name, const char *extra)
{
	const char *p;

	for (p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr(extra, *p)))
			return false;
	return name[0] != '-';
}

/* A host name or an IPv4 or IPv6 address: it goes on the command lines
 * of mount and iscsiadm, where a leading '-' would be an option. */
static int check_host_name(xmlNodePtr node, const char *name)
{
	if (!plain_name(name, ".-:_") || name[0] == '.')
		return vk_xml_error(node, "'%s' is not a host name or an IP "
				    "address", name);
	return 0;
}

static int parse_host(struct vk_pool_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"name", "port", NULL};
	unsigned long long port = 0;
	char *name = NULL;
	bool set;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_str(node, "name", true, &name) < 0 ||
	    vk_xml_set_once(node, &def->source.host, name) < 0 ||
	    check_host_name(node, name) < 0 ||
	    vk_xml_attr_uint(node, "port", false, 65535, false, &port,
			     &set) < 0)
		return -1;
	if (set && !port)
		return vk_xml_error(node, "port 0 is not a port");
	def->source.port = (int)port;
	return 0;
}

static int parse_format(struct vk_pool_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"type", NULL};
	const char *const *fmts = types[def->type].formats;
	char *type = NULL;
	int i;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_str(node, "type", true, &type) < 0)
		return -1;
	for (i = 0; fmts[i] && strcmp(fmts[i], type); i++)
		;
	if (!fmts[i]) {
		vk_xml_error(node, "unknown format '%s' for a %s pool", type,
			     vk_pool_type_names[def->type]);
		free(type);
		return -1;
	}
	return vk_xml_set_once(node, &def->source.format, type);
}

static int parse_source_name(struct vk_pool_def *def, xmlNodePtr node)
{
	char *name;

	if (vk_xml_plain_text(node, true, &name) < 0)
		return -1;
	if (vk_name_check("volume group", name) < 0) {
		free(name);
		return vk_xml_error_wrap(node);
	}
	return vk_xml_set_once(node, &def->source.name, name);
}

/* Which SRC_ bit element C is, or 0. */
static unsigned source_part(xmlNodePtr c)
{
	if (vk_xml_is(c, "device"))
		return SRC_DEVICE;
	if (vk_xml_is(c, "dir") || vk_xml_is(c, "directory"))
		return SRC_DIR;
	if (vk_xml_is(c, "host"))
		return SRC_HOST;
	if (vk_xml_is(c, "format"))
		return SRC_FORMAT;
	if (vk_xml_is(c, "name"))
		return SRC_NAME;
	if (vk_xml_is(c, "initiator"))
		return SRC_INITIATOR;
	if (vk_xml_is(c, "auth"))
		return SRC_AUTH;
	if (vk_xml_is(c, "protocol"))
		return SRC_PROTOCOL;
	if (vk_xml_is(c, "vendor"))
		return SRC_VENDOR;
	if (vk_xml_is(c, "product"))
		return SRC_PRODUCT;
	return 0;
}

static int parse_source(struct vk_pool_def *def, xmlNodePtr node,
			unsigned flags, unsigned *seen)
{
	unsigned allowed = types[def->type].allowed | SRC_ANY, part;
	xmlNodePtr c;
	int rc;

	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(c, node) {
		part = source_part(c);
		if (!part)
			return vk_xml_unknown(c);
		if (!(allowed & part))
			return vk_xml_child_error(c, "a %s pool takes no <%s>",
						  vk_pool_type_names[def->type],
						  (const char *)c->name);
		if (part == SRC_DEVICE && (*seen & SRC_DEVICE) &&
		    (allowed & SRC_ONE_DEVICE))
			return vk_xml_child_error(
				c, "a %s pool takes one <device>",
				vk_pool_type_names[def->type]);
		*seen |= part;
		switch (part) {
		case SRC_DEVICE:
			rc = parse_device(def, c, flags);
			break;
		case SRC_DIR:
			rc = parse_dir(def, c);
			break;
		case SRC_HOST:
			rc = parse_host(def, c);
			break;
		case SRC_FORMAT:
			rc = parse_format(def, c);
			break;
		case SRC_INITIATOR:
			rc = vk_pool_parse_initiator(def, c);
			break;
		case SRC_AUTH:
			rc = vk_pool_parse_auth(def, c);
			break;
		case SRC_PROTOCOL:
			rc = vk_pool_parse_protocol(def, c);
			break;
		case SRC_VENDOR:
			rc = vk_pool_parse_named(c, &def->source.vendor);
			break;
		case SRC_PRODUCT:
			rc = vk_pool_parse_named(c, &def->source.product);
			break;
		default:
			rc = parse_source_name(def, c);
			break;
		}
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* A volume group name as LVM takes it (letters, digits, '+', '_', '.',
 * '-', not starting with '-'): it goes on the LVM tools' command
 * lines, where a leading '-' would be an option. */
static int check_vg_name(xmlNodePtr node, const char *name)
{
	if (!plain_name(name, "+_.-"))
		return vk_xml_error(node, "volume group name '%s' may hold "
				    "only letters, digits, '+', '_', '.' and "
				    "'-' (not first)", name);
	return 0;
}

/* ---- target ---- */

/* The absolute path P in place without empty or "." components and
 * without a trailing slash: one spelling per directory (the overlap
 * checks compare them). */
static void clean_path(char *p)
{
	char *r = p, *w = p;

	while (*r) {
		if (r[0] == '/' && (r[1] == '/' || r[1] == '\0')) {
			r++;
		} else if (r[0] == '/' && r[1] == '.' &&
			   (r[2] == '/' || r[2] == '\0')) {
			r += 2;
		} else {
			do
				*w++ = *r++;
			while (*r && *r != '/');
		}
	}
	if (w == p)
		*w++ = '/';
	*w = '\0';
}

static int parse_target(struct vk_pool_def *def, xmlNodePtr node)
{
	bool perms = false;
	xmlNodePtr c;
	char *p;

	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(c, node) {
		if (vk_xml_is(c, "path")) {
			if (vk_xml_text_nonempty(c, &p) < 0)
				return -1;
			if (p[0] != '/') {
				vk_xml_error(c, "'%s' is not an absolute "
					     "path", p);
				free(p);
				return -1;
			}
			clean_path(p);
			if (vk_xml_set_once(c, &def->target.path, p) < 0)
				return -1;
		} else if (vk_xml_is(c, "permissions")) {
			if (perms)
				return vk_xml_duplicate(c);
			perms = true;
			if (vk_perms_parse(&def->target.perms, c) < 0)
				return -1;
		} else {
			return vk_xml_unknown(c);
		}
	}
	if (!def->target.path)
		return vk_xml_error(node, "missing element <path>");
	return 0;
}

/* ---- root ---- */

static const char *const root_names[] = {
	"name", "uuid", "allocation", "capacity", "available", "source",
	"target", "features", "refresh", NULL
};

static int parse_child(struct vk_pool_def *def, xmlNodePtr c, int i,
		       unsigned flags, unsigned *src_seen)
{
	unsigned long long *sizes[] = {
		&def->allocation, &def->capacity, &def->available
	};
	unsigned long long v;

	switch (i) {
	case 0:
		if (vk_xml_plain_text(c, true, &def->name) < 0)
			return -1;
		if (vk_name_check("pool", def->name) < 0)
			return vk_xml_error_wrap(c);
		return 0;
	case 1:
		return vk_xml_text_uuid(c, def->uuid);
	case 2: case 3: case 4:
		if (vk_size_node(c, &v) < 0)
			return -1;
		if (flags & VK_POOL_PARSE_LIVE)
			*sizes[i - 2] = v;
		return 0;
	case 5:
		return parse_source(def, c, flags, src_seen);
	case 6:
		return parse_target(def, c);
	case 7:
		return vk_pool_parse_features(def, c);
	default:
		return vk_pool_parse_refresh(def, c);
	}
}

static int parse_root(struct vk_pool_def *def, xmlNodePtr root,
		      unsigned flags)
{
	static const char *const attrs[] = {"type", NULL};
	bool seen[9] = {false};
	unsigned src_seen = 0, missing;
	xmlNodePtr c;
	int i;

	if (root->ns)
		return vk_xml_error(root, "namespace '%s' is not allowed here",
				    root->ns->href);
	if (!vk_xml_is(root, "pool"))
		return vk_xml_error(root, "the root element must be <pool>");
	if (vk_xml_check_attrs(root, attrs) < 0 ||
	    vk_xml_attr_enum(root, "type", vk_pool_type_names, true,
			     &def->type) < 0 ||
	    vk_xml_check_no_text(root) < 0)
		return -1;
	vk_xml_foreach(c, root) {
		if (vk_pool_is_mount_opts(c)) {
			if (def->type != VK_POOL_FS &&
			    def->type != VK_POOL_NETFS)
				return vk_xml_child_error(
					c, "a %s pool takes no <%s:%s>",
					vk_pool_type_names[def->type],
					c->ns->prefix ?
					(const char *)c->ns->prefix : "fs",
					(const char *)c->name);
			if (vk_pool_parse_mount_opts(def, c) < 0)
				return -1;
			continue;
		}
		for (i = 0; root_names[i] && !vk_xml_is(c, root_names[i]); i++)
			;
		if (!root_names[i])
			return vk_xml_unknown(c);
		if (seen[i])
			return vk_xml_duplicate(c);
		seen[i] = true;
		if (parse_child(def, c, i, flags, &src_seen) < 0)
			return -1;
	}
	/* A logical pool may leave out its name (the volume group's) and
	 * its target (/dev/GROUP), as libvirt allows. */
	if (!def->name && def->type == VK_POOL_LOGICAL && def->source.name) {
		def->name = vk_strdup(def->source.name);
		if (vk_name_check("pool", def->name) < 0)
			return vk_xml_error_wrap(root);
	}
	if (!def->name)
		return vk_xml_error(root, "missing element <name>");
	if (!seen[6] && def->type != VK_POOL_LOGICAL)
		return vk_xml_error(root, "missing element <target>");
	if (def->type == VK_POOL_LOGICAL &&
	    check_vg_name(root, def->source.name ? def->source.name :
			  def->name) < 0)
		return -1;
	missing = types[def->type].required & ~src_seen;
	if (missing)
		return vk_xml_error(root, "a %s pool needs <source><%s>",
				    vk_pool_type_names[def->type],
				    missing & SRC_HOST ? "host" :
				    missing & SRC_DEVICE ? "device" : "dir");
	def->uuid_generated = !seen[1];
	return 0;
}

/* Defaults written out by the canonical form. */
static void fill_defaults(struct vk_pool_def *def)
{
	if (!def->source.format && types[def->type].formats)
		def->source.format = vk_strdup(types[def->type].formats[0]);
	if (def->type == VK_POOL_LOGICAL && !def->source.name)
		def->source.name = vk_strdup(def->name);
	if (def->type == VK_POOL_LOGICAL && !def->target.path)
		def->target.path = vk_asprintf("/dev/%s", def->source.name);
}

static struct vk_pool_def *new_def(void)
{
	struct vk_pool_def *def = vk_calloc(1, sizeof(*def));

	vk_perms_init(&def->target.perms);
	def->cow = -1;
	return def;
}

struct vk_pool_def *vk_pool_parse(xmlDocPtr doc, unsigned flags)
{
	struct vk_pool_def *def = new_def();
	xmlNodePtr root = xmlDocGetRootElement(doc);

	if (!root) {
		vk_error(VK_EXIT_DOCUMENT, "%s: document is empty",
			 doc->URL ? (const char *)doc->URL : "document");
		goto fail;
	}
	if (parse_root(def, root, flags) < 0)
		goto fail;
	if (!(flags & VK_POOL_PARSE_NO_SCHEMA) &&
	    vk_xml_validate(doc, "pool") < 0)
		goto fail;
	if (def->uuid_generated && vk_uuid_generate(def->uuid) < 0)
		goto fail;
	fill_defaults(def);
	return def;
fail:
	vk_pool_free(def);
	return NULL;
}

struct vk_pool_def *vk_pool_parse_string(const char *xml, size_t len,
					 const char *name, unsigned flags)
{
	struct vk_pool_def *def;
	xmlDocPtr doc = vk_xml_parse(xml, len, name);

	if (!doc)
		return NULL;
	def = vk_pool_parse(doc, flags);
	xmlFreeDoc(doc);
	return def;
}

struct vk_pool_def *vk_pool_parse_file(const char *path, unsigned flags)
{
	struct vk_pool_def *def;
	xmlDocPtr doc = vk_xml_parse_file(path);

	if (!doc)
		return NULL;
	def = vk_pool_parse(doc, flags);
	xmlFreeDoc(doc);
	return def;
}

/* ---- format ---- */

static void format_source(struct vk_xw *w, const struct vk_pool_def *def,
			  unsigned flags)
{
	const struct vk_pool_source *s = &def->source;
	int i, j;

	if (!s->ndevices && !s->dir && !s->host && !s->format && !s->name &&
	    !s->initiator && !s->auth.type && !s->nfs_ver && !s->vendor &&
	    !s->product)
		return;
	vk_xw_open(w, "source");
	for (i = 0; i < s->ndevices; i++) {
		vk_xw_open(w, "device");
		vk_xw_attr(w, "path", s->devices[i].path);
		for (j = 0; (flags & VK_POOL_FMT_LIVE) &&
			    j < s->devices[i].nfree; j++) {
			vk_xw_open(w, "freeExtent");
			vk_xw_attrf(w, "start", "%llu",
				    s->devices[i].free[j].start);
			vk_xw_attrf(w, "end", "%llu",
				    s->devices[i].free[j].end);
			vk_xw_close(w);
		}
		vk_xw_close(w);
	}
	if (s->dir) {
		vk_xw_open(w, "dir");
		vk_xw_attr(w, "path", s->dir);
		vk_xw_close(w);
	}
	if (s->host) {
		vk_xw_open(w, "host");
		vk_xw_attr(w, "name", s->host);
		if (s->port)
			vk_xw_attrf(w, "port", "%d", s->port);
		vk_xw_close(w);
	}
	if (s->format) {
		vk_xw_open(w, "format");
		vk_xw_attr(w, "type", s->format);
		vk_xw_close(w);
	}
	vk_xw_elem(w, "name", s->name);
	vk_pool_format_source_opts(w, def);
	vk_xw_close(w);
}

char *vk_pool_format(const struct vk_pool_def *def, unsigned flags)
{
	char uuid[VK_UUID_STRLEN + 1];
	struct vk_xw w;

	memset(&w, 0, sizeof(w));
	vk_uuid_format(def->uuid, uuid);
	vk_xw_open(&w, "pool");
	vk_xw_attr(&w, "type", vk_pool_type_names[def->type]);
	if (def->nmount_opts)
		vk_xw_attr(&w, "xmlns:fs", VK_POOL_FS_NS);
	vk_xw_elem(&w, "name", def->name);
	vk_xw_elem(&w, "uuid", uuid);
	if (flags & VK_POOL_FMT_LIVE) {
		vk_xw_elemf(&w, "allocation", "%llu", def->allocation);
		vk_xw_elemf(&w, "capacity", "%llu", def->capacity);
		vk_xw_elemf(&w, "available", "%llu", def->available);
	}
	vk_pool_format_features(&w, def);
	format_source(&w, def, flags);
	vk_xw_open(&w, "target");
	vk_xw_elem(&w, "path", def->target.path);
	vk_perms_format(&w, &def->target.perms);
	vk_xw_close(&w);
	vk_pool_format_tail(&w, def);
	vk_xw_close(&w);
	return vk_xw_finish(&w);
}

/* ---- free and copy ---- */

void vk_pool_free(struct vk_pool_def *def)
{
	int i;

	if (!def)
		return;
	free(def->name);
	for (i = 0; i < def->source.ndevices; i++) {
		free(def->source.devices[i].path);
		free(def->source.devices[i].free);
	}
	free(def->source.devices);
	free(def->source.dir);
	free(def->source.host);
	free(def->source.format);
	free(def->source.name);
	free(def->target.path);
	vk_perms_clear(&def->target.perms);
	vk_pool_opts_free(def);
	free(def);
}

struct vk_pool_def *vk_pool_copy(const struct vk_pool_def *def)
{
	struct vk_pool_def *c = vk_malloc(sizeof(*c));
	const struct vk_pool_device *d;
	int i;

	*c = *def;
	c->name = vk_strdup(def->name);
	c->source.devices = NULL;
	if (def->source.ndevices)
		c->source.devices = vk_calloc((size_t)def->source.ndevices,
					      sizeof(*d));
	for (i = 0; i < def->source.ndevices; i++) {
		d = &def->source.devices[i];
		c->source.devices[i].path = vk_strdup(d->path);
		c->source.devices[i].nfree = d->nfree;
		c->source.devices[i].free = NULL;
		if (d->nfree) {
			c->source.devices[i].free =
				vk_malloc((size_t)d->nfree * sizeof(*d->free));
			memcpy(c->source.devices[i].free, d->free,
			       (size_t)d->nfree * sizeof(*d->free));
		}
	}
	c->source.dir = vk_strdup(def->source.dir);
	c->source.host = vk_strdup(def->source.host);
	c->source.format = vk_strdup(def->source.format);
	c->source.name = vk_strdup(def->source.name);
	c->target.path = vk_strdup(def->target.path);
	vk_perms_copy(&c->target.perms, &def->target.perms);
	vk_pool_opts_copy(c, def);
	return c;
}
