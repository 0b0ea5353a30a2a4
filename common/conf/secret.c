#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "../util/uuid.h"
#include "secret.h"
#include "xml.h"

const char *const vk_secret_usage_names[] = {
	"none", "volume", "ceph", "iscsi", "tls", "vtpm", NULL
};

static const char *const usage_elems[VK_SECRET_USAGE_LAST] = {
	[VK_SECRET_USAGE_VOLUME] = "volume",
	[VK_SECRET_USAGE_CEPH] = "name",
	[VK_SECRET_USAGE_ISCSI] = "target",
	[VK_SECRET_USAGE_TLS] = "name",
	[VK_SECRET_USAGE_VTPM] = "name",
};

const char *vk_secret_usage_elem(int usage)
{
	return usage > VK_SECRET_USAGE_NONE && usage < VK_SECRET_USAGE_LAST ?
	       usage_elems[usage] : NULL;
}

/* The usage id in NODE, the one child of <usage>: a volume's absolute
 * path, or an object name (no '/', no newline), as libvirt's schema
 * has them. */
static int parse_usage_id(struct vk_secret_def *def, xmlNodePtr node)
{
	const char *want = usage_elems[def->usage];
	char *id;

	if (!vk_xml_is(node, "volume") && !vk_xml_is(node, "target") &&
	    !vk_xml_is(node, "name"))
		return vk_xml_unknown(node);
	if (!vk_xml_is(node, want))
		return vk_xml_child_error(node, "a %s usage takes <%s>, not "
					  "<%s>",
					  vk_secret_usage_names[def->usage],
					  want, (const char *)node->name);
	if (def->usage_id)
		return vk_xml_duplicate(node);
	if (vk_xml_text_nonempty(node, &id) < 0)
		return -1;
	def->usage_id = id;
	if (def->usage == VK_SECRET_USAGE_VOLUME && id[0] != '/')
		return vk_xml_error(node, "'%s' is not an absolute path", id);
	if (def->usage != VK_SECRET_USAGE_VOLUME && strpbrk(id, "/\n"))
		return vk_xml_error(node, "'%s' holds a '/' or a newline",
				    id);
	return 0;
}

static int parse_usage(struct vk_secret_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"type", NULL};
	xmlNodePtr c;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    vk_xml_attr_enum(node, "type", vk_secret_usage_names + 1, true,
			     &def->usage) < 0)
		return -1;
	def->usage++;	/* "none" is no <usage>, not one to write */
	vk_xml_foreach(c, node)
		if (parse_usage_id(def, c) < 0)
			return -1;
	if (!def->usage_id)
		return vk_xml_error(node, "a %s usage needs <%s>",
				    vk_secret_usage_names[def->usage],
				    usage_elems[def->usage]);
	return 0;
}

static int parse_root(struct vk_secret_def *def, xmlNodePtr root)
{
	static const char *const attrs[] = {"ephemeral", "private", NULL};
	bool seen_uuid = false, seen_desc = false, seen_usage = false;
	int eph = 0, priv = 0;
	xmlNodePtr c;

	if (root->ns)
		return vk_xml_error(root, "namespace '%s' is not allowed here",
				    root->ns->href);
	if (!vk_xml_is(root, "secret"))
		return vk_xml_error(root, "the root element must be <secret>");
	if (vk_xml_check_attrs(root, attrs) < 0 ||
	    vk_xml_attr_yesno(root, "ephemeral", &eph) < 0 ||
	    vk_xml_attr_yesno(root, "private", &priv) < 0 ||
	    vk_xml_check_no_text(root) < 0)
		return -1;
	def->ephemeral = eph;
	def->private = priv;
	vk_xml_foreach(c, root) {
		if (vk_xml_is(c, "uuid")) {
			if (seen_uuid)
				return vk_xml_duplicate(c);
			seen_uuid = true;
			if (vk_xml_text_uuid(c, def->uuid) < 0)
				return -1;
		} else if (vk_xml_is(c, "description")) {
			if (seen_desc)
				return vk_xml_duplicate(c);
			seen_desc = true;
			if (vk_xml_plain_text(c, false, &def->description) < 0)
				return -1;
		} else if (vk_xml_is(c, "usage")) {
			if (seen_usage)
				return vk_xml_duplicate(c);
			seen_usage = true;
			if (parse_usage(def, c) < 0)
				return -1;
		} else {
			return vk_xml_unknown(c);
		}
	}
	def->uuid_generated = !seen_uuid;
	return 0;
}

struct vk_secret_def *vk_secret_parse(xmlDocPtr doc, unsigned flags)
{
	struct vk_secret_def *def = vk_calloc(1, sizeof(*def));
	xmlNodePtr root = xmlDocGetRootElement(doc);

	if (!root) {
		vk_error(VK_EXIT_DOCUMENT, "%s: document is empty",
			 doc->URL ? (const char *)doc->URL : "document");
		goto fail;
	}
	if (parse_root(def, root) < 0)
		goto fail;
	if (!(flags & VK_SECRET_PARSE_NO_SCHEMA) &&
	    vk_xml_validate(doc, "secret") < 0)
		goto fail;
	if (def->uuid_generated && vk_uuid_generate(def->uuid) < 0)
		goto fail;
	return def;
fail:
	vk_secret_def_free(def);
	return NULL;
}

struct vk_secret_def *vk_secret_parse_string(const char *xml, size_t len,
					     const char *name, unsigned flags)
{
	struct vk_secret_def *def;
	xmlDocPtr doc = vk_xml_parse(xml, len, name);

	if (!doc)
		return NULL;
	def = vk_secret_parse(doc, flags);
	xmlFreeDoc(doc);
	return def;
}

struct vk_secret_def *vk_secret_parse_file(const char *path, unsigned flags)
{
	struct vk_secret_def *def;
	xmlDocPtr doc = vk_xml_parse_file(path);

	if (!doc)
		return NULL;
	def = vk_secret_parse(doc, flags);
	xmlFreeDoc(doc);
	return def;
}

char *vk_secret_format(const struct vk_secret_def *def)
{
	char uuid[VK_UUID_STRLEN + 1];
	struct vk_xw w;

	memset(&w, 0, sizeof(w));
	vk_uuid_format(def->uuid, uuid);
	vk_xw_open(&w, "secret");
	vk_xw_attr(&w, "ephemeral", def->ephemeral ? "yes" : "no");
	vk_xw_attr(&w, "private", def->private ? "yes" : "no");
	vk_xw_elem(&w, "uuid", uuid);
	vk_xw_elem(&w, "description", def->description);
	if (def->usage != VK_SECRET_USAGE_NONE) {
		vk_xw_open(&w, "usage");
		vk_xw_attr(&w, "type", vk_secret_usage_names[def->usage]);
		vk_xw_elem(&w, usage_elems[def->usage], def->usage_id);
		vk_xw_close(&w);
	}
	vk_xw_close(&w);
	return vk_xw_finish(&w);
}

void vk_secret_def_free(struct vk_secret_def *def)
{
	if (!def)
		return;
	free(def->description);
	free(def->usage_id);
	free(def);
}
