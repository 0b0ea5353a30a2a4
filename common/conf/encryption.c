#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "../util/uuid.h"
#include "domain.h"
#include "encryption.h"

const char *const vk_encryption_format_names[] = {
	"default", "qcow", "luks", "luks2", NULL
};
const char *const vk_encryption_engine_names[] = {"qemu", "librbd", NULL};

void vk_encryption_init(struct vk_encryption *e)
{
	memset(e, 0, sizeof(*e));
	e->format = -1;
	e->engine = -1;
}

/* <secret type='passphrase' uuid=|usage=/> */
static int parse_secret(struct vk_encryption *e, xmlNodePtr node)
{
	static const char *const attrs[] = {"type", "uuid", "usage", NULL};
	static const char *const types[] = {"passphrase", NULL};
	char *uuid = NULL;
	int type, rc = 0;

	if (e->has_secret)
		return vk_xml_duplicate(node);
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_enum(node, "type", types, true, &type) < 0 ||
	    vk_xml_attr_str(node, "usage", false, &e->secret_usage) < 0 ||
	    vk_xml_attr_str(node, "uuid", !e->secret_usage, &uuid) < 0)
		return -1;
	if (uuid && e->secret_usage)
		rc = vk_xml_error(node, "uuid= and usage= name the secret "
				  "twice: give one");
	else if (uuid && vk_uuid_parse(uuid, e->secret_uuid) < 0)
		rc = vk_xml_error(node, "'%s' is not a valid UUID", uuid);
	free(uuid);
	e->has_secret = true;
	return rc;
}

int vk_encryption_parse(struct vk_encryption *e, xmlNodePtr node)
{
	static const char *const attrs[] = {"format", "engine", NULL};
	static const char *const names[] = {"secret", "cipher", "ivgen", NULL};
	unsigned seen = 0;
	xmlNodePtr child;
	int i;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    vk_xml_attr_enum(node, "format", vk_encryption_format_names,
			     true, &e->format) < 0 ||
	    vk_xml_attr_enum(node, "engine", vk_encryption_engine_names,
			     false, &e->engine) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		i = vk_dom_child_index(child, names, &seen);
		if (i < 0)
			return -1;
		if (i == 0 && parse_secret(e, child) < 0)
			return -1;
		if (i > 0 && vk_disk_keep(&e->kept, &e->nkept, child) < 0)
			return -1;
	}
	if (e->format == VK_ENC_QCOW && !e->has_secret)
		return vk_xml_error(node, "format 'qcow' needs a <secret "
				    "type='passphrase'>");
	return 0;
}

void vk_encryption_format(struct vk_xw *w, const struct vk_encryption *e)
{
	char uuid[VK_UUID_STRLEN + 1];

	if (e->format < 0)
		return;
	vk_xw_open(w, "encryption");
	vk_xw_attr(w, "format", vk_encryption_format_names[e->format]);
	if (e->engine >= 0)
		vk_xw_attr(w, "engine", vk_encryption_engine_names[e->engine]);
	if (e->has_secret) {
		vk_xw_open(w, "secret");
		vk_xw_attr(w, "type", "passphrase");
		if (e->secret_usage) {
			vk_xw_attr(w, "usage", e->secret_usage);
		} else {
			vk_uuid_format(e->secret_uuid, uuid);
			vk_xw_attr(w, "uuid", uuid);
		}
		vk_xw_close(w);
	}
	vk_disk_format_kept(w, e->kept, e->nkept, NULL);
	vk_xw_close(w);
}

void vk_encryption_clear(struct vk_encryption *e)
{
	free(e->secret_usage);
	vk_kept_array_free(e->kept, e->nkept);
	vk_encryption_init(e);
}

void vk_encryption_copy(struct vk_encryption *dst,
			const struct vk_encryption *src)
{
	*dst = *src;
	dst->secret_usage = vk_strdup(src->secret_usage);
	dst->kept = vk_kept_array_dup(src->kept, src->nkept);
}
