#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/error.h"
#include "../util/name.h"
#include "domain.h"
#include "volume.h"
#include "volume_priv.h"

const char *const vk_vol_file_formats[] = {
	"raw", "bochs", "cloop", "cow", "dmg", "iso", "qcow", "qcow2",
	"vmdk", "vpc", NULL
};

const char *const vk_vol_type_names[] = {
	"file", "block", "dir", "network", "netdir", NULL
};

const char *const vk_vol_part_formats[] = {
	"none", "linux", "fat16", "fat32", "linux-swap", "linux-lvm",
	"linux-raid", "extended", NULL
};

/* ---- sizes ---- */

static const struct {
	const char *suffix;
	unsigned long long mult;
} units[] = {
	{"", 1}, {"b", 1}, {"byte", 1}, {"bytes", 1},
	{"k", 1ULL << 10}, {"kib", 1ULL << 10}, {"kb", 1000ULL},
	{"m", 1ULL << 20}, {"mib", 1ULL << 20}, {"mb", 1000000ULL},
	{"g", 1ULL << 30}, {"gib", 1ULL << 30}, {"gb", 1000000000ULL},
	{"t", 1ULL << 40}, {"tib", 1ULL << 40}, {"tb", 1000000000000ULL},
	{"p", 1ULL << 50}, {"pib", 1ULL << 50}, {"pb", 1000000000000000ULL},
	{"e", 1ULL << 60}, {"eib", 1ULL << 60},
	{"eb", 1000000000000000000ULL},
};

static int unit_mult(const char *u, unsigned long long *mult)
{
	size_t i;

	for (i = 0; i < sizeof(units) / sizeof(*units); i++)
		if (!strcasecmp(u, units[i].suffix)) {
			*mult = units[i].mult;
			return 0;
		}
	return -1;
}

int vk_size_parse(const char *s, const char *unit, const char *what,
		  unsigned long long *out)
{
	unsigned long long v = 0, mult;
	const char *p = s;
	char *u;

	while (isspace((unsigned char)*p))
		p++;
	if (!isdigit((unsigned char)*p))
		return vk_error(VK_EXIT_USAGE, "%s '%s' is not a size", what,
				s);
	for (; isdigit((unsigned char)*p); p++) {
		if (v > (~0ULL - 9) / 10)
			return vk_error(VK_EXIT_USAGE, "%s '%s' is too large",
					what, s);
		v = v * 10 + (unsigned long long)(*p - '0');
	}
	while (isspace((unsigned char)*p))
		p++;
	u = vk_strdup(unit ? unit : p);
	while (*u && isspace((unsigned char)u[strlen(u) - 1]))
		u[strlen(u) - 1] = '\0';
	if ((unit && *p) || unit_mult(u, &mult) < 0) {
		vk_error(VK_EXIT_USAGE, "%s '%s%s%s': unknown unit (K, M, G, "
			 "T, P, E, KiB.., KB.. or bytes)", what, s,
			 unit ? " " : "", unit ? unit : "");
		free(u);
		return -1;
	}
	free(u);
	if (v && mult > ~0ULL / v)
		return vk_error(VK_EXIT_USAGE, "%s '%s' is too large", what, s);
	*out = v * mult;
	return 0;
}

int vk_size_node(xmlNodePtr node, unsigned long long *out)
{
	static const char *const attrs[] = {"unit", NULL};
	char *text = NULL, *unit = NULL;
	int rc = -1;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_attr_str(node, "unit", false, &unit) < 0 ||
	    vk_xml_text(node, true, &text) < 0)
		goto out;
	if (vk_size_parse(text, unit, "size", out) < 0) {
		vk_xml_error_wrap(node);
		goto out;
	}
	rc = 0;
out:
	free(text);
	free(unit);
	return rc;
}

/* ---- permissions ---- */

void vk_perms_init(struct vk_perms *p)
{
	memset(p, 0, sizeof(*p));
	p->mode = -1;
	p->owner = -1;
	p->group = -1;
}

void vk_perms_clear(struct vk_perms *p)
{
	free(p->label);
	vk_perms_init(p);
}

void vk_perms_copy(struct vk_perms *dst, const struct vk_perms *src)
{
	*dst = *src;
	dst->label = vk_strdup(src->label);
}

/* A uid or gid; -1 is libvirt's "unset" (what it writes for a pool
 * whose owner it was not told). */
static int parse_id(xmlNodePtr node, bool *seen, long long *out)
{
	unsigned long long v;
	char *text = NULL;

	if (*seen)
		return vk_xml_duplicate(node);
	*seen = true;
	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_text(node, true, &text) < 0)
		return -1;
	if (!strcmp(text, "-1")) {
		free(text);
		*out = -1;
		return 0;
	}
	free(text);
	if (vk_xml_text_uint(node, 0xfffffffeULL, &v) < 0)
		return -1;
	*out = (long long)v;
	return 0;
}

static int parse_mode(xmlNodePtr node, int *out)
{
	char *text, *end;
	long v;
	int rc = 0;

	if (*out != -1)
		return vk_xml_duplicate(node);
	if (vk_xml_plain_text(node, true, &text) < 0)
		return -1;
	errno = 0;
	v = strtol(text, &end, 8);
	if (!*text || *end || errno || v < 0 || v > 07777 || *text == '-' ||
	    *text == '+')
		rc = vk_xml_error(node, "'%s' is not an octal mode (0 to "
				  "7777)", text);
	else
		*out = (int)v;
	free(text);
	return rc;
}

int vk_perms_parse(struct vk_perms *p, xmlNodePtr node)
{
	xmlNodePtr c;
	char *label;
	bool owner = false, group = false;

	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(c, node) {
		if (vk_xml_is(c, "mode")) {
			if (parse_mode(c, &p->mode) < 0)
				return -1;
		} else if (vk_xml_is(c, "owner")) {
			if (parse_id(c, &owner, &p->owner) < 0)
				return -1;
		} else if (vk_xml_is(c, "group")) {
			if (parse_id(c, &group, &p->group) < 0)
				return -1;
		} else if (vk_xml_is(c, "label")) {
			if (vk_xml_text_nonempty(c, &label) < 0 ||
			    vk_xml_set_once(c, &p->label, label) < 0)
				return -1;
		} else {
			return vk_xml_unknown(c);
		}
	}
	return 0;
}

void vk_perms_format(struct vk_xw *w, const struct vk_perms *p)
{
	if (p->mode < 0 && p->owner < 0 && p->group < 0 && !p->label)
		return;
	vk_xw_open(w, "permissions");
	if (p->mode >= 0)
		vk_xw_elemf(w, "mode", "%04o", (unsigned)p->mode);
	if (p->owner >= 0)
		vk_xw_elemf(w, "owner", "%lld", p->owner);
	if (p->group >= 0)
		vk_xw_elemf(w, "group", "%lld", p->group);
	vk_xw_elem(w, "label", p->label);
	vk_xw_close(w);
}

/* ---- volume ---- */

/* <extent start end> inside <device path=PATH> (libvirt's form), or
 * <extent path start end> (PATH NULL; virtkit's older form). */
static int parse_extent(struct vk_vol_def *def, xmlNodePtr node,
			const char *path)
{
	static const char *const attrs[] = {"path", "start", "end", NULL};
	struct vk_vol_extent *e;

	e = vk_array_add(&def->extents, &def->nextents, sizeof(*e));
	if (path && vk_xml_has_attr(node, "path"))
		return vk_xml_error(node, "unknown attribute 'path'");
	if (path)
		e->path = vk_strdup(path);
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    (!path && vk_xml_attr_str(node, "path", true, &e->path) < 0) ||
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

static int parse_vol_device(struct vk_vol_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"path", NULL};
	char *path = NULL;
	xmlNodePtr c;
	int rc = 0;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    vk_xml_attr_str(node, "path", true, &path) < 0)
		return -1;
	vk_xml_foreach(c, node) {
		if (!vk_xml_is(c, "extent")) {
			rc = vk_xml_unknown(c);
			break;
		}
		if ((rc = parse_extent(def, c, path)) < 0)
			break;
	}
	free(path);
	return rc;
}

static int parse_vol_source(struct vk_vol_def *def, xmlNodePtr node)
{
	xmlNodePtr c;

	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(c, node) {
		if (vk_xml_is(c, "extent")) {
			if (parse_extent(def, c, NULL) < 0)
				return -1;
		} else if (vk_xml_is(c, "device")) {
			if (parse_vol_device(def, c) < 0)
				return -1;
		} else {
			return vk_xml_unknown(c);
		}
	}
	return 0;
}

bool vk_vol_in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (!strcmp(*list, s))
			return true;
	return false;
}

/* <format type=..> checked against the formats of POOL_TYPE. */
static int parse_vol_format(struct vk_vol_def *def, xmlNodePtr node,
			    int pool_type)
{
	static const char *const attrs[] = {"type", NULL};
	const char *const *fmts;
	char *type = NULL;

	if (def->target.format)
		return vk_xml_duplicate(node);
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_str(node, "type", true, &type) < 0)
		return -1;
	if (pool_type >= 0) {
		fmts = vk_pool_vol_formats(pool_type);
		if (!fmts) {
			vk_xml_error(node, "volumes of a %s pool take no "
				     "format", vk_pool_type_names[pool_type]);
			free(type);
			return -1;
		}
		if (!vk_vol_in_list(fmts, type)) {
			vk_xml_error(node, "unknown format '%s' for a volume "
				     "of a %s pool", type,
				     vk_pool_type_names[pool_type]);
			free(type);
			return -1;
		}
	} else if (!vk_vol_in_list(vk_vol_file_formats, type) &&
		   !vk_vol_in_list(vk_vol_part_formats, type)) {
		vk_xml_error(node, "unknown volume format '%s'", type);
		free(type);
		return -1;
	}
	def->target.format = type;
	return 0;
}

static int parse_vol_target(struct vk_vol_def *def, xmlNodePtr node,
			    int pool_type)
{
	xmlNodePtr c;
	bool perms = false;

	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(c, node) {
		if (vk_xml_is(c, "path")) {
			if (vk_vol_parse_abs_path(c, &def->target.path) < 0)
				return -1;
		} else if (vk_xml_is(c, "format")) {
			if (parse_vol_format(def, c, pool_type) < 0)
				return -1;
		} else if (vk_xml_is(c, "permissions")) {
			if (perms)
				return vk_xml_duplicate(c);
			perms = true;
			if (vk_perms_parse(&def->target.perms, c) < 0)
				return -1;
		} else if (vk_xml_is(c, "encryption")) {
			if (def->target.encryption)
				return vk_xml_duplicate(c);
			def->target.encryption =
				vk_malloc(sizeof(*def->target.encryption));
			vk_encryption_init(def->target.encryption);
			if (vk_encryption_parse(def->target.encryption, c) < 0)
				return -1;
		} else if (vk_vol_target_part(c)) {
			if (vk_vol_parse_target_part(def, c) < 0)
				return -1;
		} else {
			return vk_xml_unknown(c);
		}
	}
	return 0;
}

static int parse_vol_children(struct vk_vol_def *def, xmlNodePtr root,
			      int pool_type, unsigned flags)
{
	static const char *const names[] = {
		"name", "key", "source", "allocation", "capacity", "target",
		"backingStore", "physical", NULL
	};
	bool seen[8] = {false};
	unsigned long long ignored;
	xmlNodePtr c;
	int i, rc;

	vk_xml_foreach(c, root) {
		for (i = 0; names[i] && !vk_xml_is(c, names[i]); i++)
			;
		if (!names[i])
			return vk_xml_unknown(c);
		if (seen[i])
			return vk_xml_duplicate(c);
		seen[i] = true;
		switch (i) {
		case 0:
			rc = vk_xml_plain_text(c, true, &def->name);
			if (!rc && vk_name_check("volume", def->name) < 0)
				rc = vk_xml_error_wrap(c);
			break;
		case 1:
			rc = vk_xml_text_nonempty(c, &def->key);
			break;
		case 2:
			rc = parse_vol_source(def, c);
			break;
		case 3:
			rc = vk_size_node(c, &def->allocation);
			def->allocation_set = true;
			break;
		case 4:
			rc = vk_size_node(c, &def->capacity);
			def->capacity_set = true;
			break;
		case 5:
			rc = parse_vol_target(def, c, pool_type);
			break;
		case 6:
			rc = vk_vol_parse_backing(def, c);
			break;
		default:
			/* <physical>: output only (a file's size), ignored */
			rc = vk_size_node(c, &ignored);
			break;
		}
		if (rc < 0)
			return -1;
	}
	if (!def->name)
		return vk_xml_error(root, "missing element <name>");
	/* An overlay takes its backing image's capacity by default. */
	if (!seen[4] && !seen[6] && !(flags & VK_VOL_PARSE_NO_CAPACITY))
		return vk_xml_error(root, "missing element <capacity>");
	return 0;
}

struct vk_vol_def *vk_vol_parse(xmlDocPtr doc, int pool_type,
				unsigned flags)
{
	struct vk_vol_def *def = vk_calloc(1, sizeof(*def));
	xmlNodePtr root = xmlDocGetRootElement(doc);

	vk_perms_init(&def->target.perms);
	if (!root) {
		vk_error(VK_EXIT_DOCUMENT, "%s: document is empty",
			 doc->URL ? (const char *)doc->URL : "document");
		goto fail;
	}
	if (root->ns) {
		vk_xml_error(root, "namespace '%s' is not allowed here",
			     root->ns->href);
		goto fail;
	}
	if (!vk_xml_is(root, "volume")) {
		vk_xml_error(root, "the root element must be <volume>");
		goto fail;
	}
	{
		static const char *const attrs[] = {"type", NULL};

		if (vk_xml_check_attrs(root, attrs) < 0 ||
		    vk_xml_attr_enum(root, "type", vk_vol_type_names, false,
				     &def->type) < 0)
			goto fail;
		def->type_set = vk_xml_has_attr(root, "type");
	}
	if (vk_xml_check_no_text(root) < 0 ||
	    parse_vol_children(def, root, pool_type, flags) < 0)
		goto fail;
	if (!(flags & VK_VOL_PARSE_NO_SCHEMA) &&
	    vk_xml_validate(doc, "volume") < 0)
		goto fail;
	return def;
fail:
	vk_vol_free(def);
	return NULL;
}

struct vk_vol_def *vk_vol_parse_string(const char *xml, size_t len,
				       const char *name, int pool_type,
				       unsigned flags)
{
	struct vk_vol_def *def;
	xmlDocPtr doc = vk_xml_parse(xml, len, name);

	if (!doc)
		return NULL;
	def = vk_vol_parse(doc, pool_type, flags);
	xmlFreeDoc(doc);
	return def;
}

struct vk_vol_def *vk_vol_parse_file(const char *path, int pool_type,
				     unsigned flags)
{
	struct vk_vol_def *def;
	xmlDocPtr doc = vk_xml_parse_file(path);

	if (!doc)
		return NULL;
	def = vk_vol_parse(doc, pool_type, flags);
	xmlFreeDoc(doc);
	return def;
}

char *vk_vol_format(const struct vk_vol_def *def)
{
	struct vk_xw w;
	int i;

	memset(&w, 0, sizeof(w));
	vk_xw_open(&w, "volume");
	if (def->type_set)
		vk_xw_attr(&w, "type", vk_vol_type_names[def->type]);
	vk_xw_elem(&w, "name", def->name);
	vk_xw_elem(&w, "key", def->key);
	/* libvirt's form: the extents grouped under their <device>. */
	if (def->nextents) {
		vk_xw_open(&w, "source");
		for (i = 0; i < def->nextents; i++) {
			if (!i || strcmp(def->extents[i].path,
					 def->extents[i - 1].path)) {
				if (i)
					vk_xw_close(&w);
				vk_xw_open(&w, "device");
				vk_xw_attr(&w, "path", def->extents[i].path);
			}
			vk_xw_open(&w, "extent");
			vk_xw_attrf(&w, "start", "%llu",
				    def->extents[i].start);
			vk_xw_attrf(&w, "end", "%llu", def->extents[i].end);
			vk_xw_close(&w);
		}
		vk_xw_close(&w);
		vk_xw_close(&w);
	}
	/* A request without <allocation> means "allocate it all": keep
	 * that apart from an allocation of 0.  A live volume (one with a
	 * path) always shows its allocation. */
	if (def->allocation_set || def->target.path)
		vk_xw_elemf(&w, "allocation", "%llu", def->allocation);
	if (def->capacity_set || !def->backing.path || def->target.path)
		vk_xw_elemf(&w, "capacity", "%llu", def->capacity);
	/* <target> always, as libvirt writes it (its schema wants one). */
	{
		vk_xw_open(&w, "target");
		vk_xw_elem(&w, "path", def->target.path);
		if (def->target.format) {
			vk_xw_open(&w, "format");
			vk_xw_attr(&w, "type", def->target.format);
			vk_xw_close(&w);
		}
		vk_perms_format(&w, &def->target.perms);
		vk_vol_format_target_parts(&w, def);
		if (def->target.encryption)
			vk_encryption_format(&w, def->target.encryption);
		vk_xw_close(&w);
	}
	vk_vol_format_backing(&w, def);
	vk_xw_close(&w);
	return vk_xw_finish(&w);
}

void vk_vol_free(struct vk_vol_def *def)
{
	int i;

	if (!def)
		return;
	free(def->name);
	free(def->key);
	for (i = 0; i < def->nextents; i++)
		free(def->extents[i].path);
	free(def->extents);
	free(def->target.path);
	free(def->target.format);
	vk_perms_clear(&def->target.perms);
	if (def->target.encryption)
		vk_encryption_clear(def->target.encryption);
	free(def->target.encryption);
	vk_vol_parts_free(def);
	free(def);
}

struct vk_vol_def *vk_vol_copy(const struct vk_vol_def *def)
{
	struct vk_vol_def *c = vk_malloc(sizeof(*c));
	int i;

	*c = *def;
	c->name = vk_strdup(def->name);
	c->key = vk_strdup(def->key);
	c->extents = NULL;
	if (def->nextents) {
		c->extents = vk_calloc((size_t)def->nextents,
				       sizeof(*c->extents));
		for (i = 0; i < def->nextents; i++) {
			c->extents[i] = def->extents[i];
			c->extents[i].path = vk_strdup(def->extents[i].path);
		}
	}
	c->target.path = vk_strdup(def->target.path);
	c->target.format = vk_strdup(def->target.format);
	vk_perms_copy(&c->target.perms, &def->target.perms);
	if (def->target.encryption) {
		c->target.encryption =
			vk_malloc(sizeof(*c->target.encryption));
		vk_encryption_copy(c->target.encryption,
				   def->target.encryption);
	}
	vk_vol_parts_copy(c, def);
	return c;
}
