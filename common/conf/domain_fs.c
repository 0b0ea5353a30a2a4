/* <filesystem>: a host directory (or an OpenVZ template) given to the
 * guest. */
#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "domain.h"

const char *const vk_fs_type_names[] = {"mount", "template", NULL};
const char *const vk_fs_access_names[] = {
	"passthrough", "mapped", "squash", NULL
};
const char *const vk_fs_driver_names[] = {
	"path", "handle", "loop", "nbd", "ploop", NULL
};
static const char *const wrpolicy_names[] = {"immediate", NULL};

/* <driver type= wrpolicy=>: a 9p filesystem's (virtio-fs ones are kept
 * whole, domain_kept.c). */
static int parse_fs_driver(struct vk_fs *fs, xmlNodePtr node)
{
	static const char *const attrs[] = {"type", "wrpolicy", NULL};
	int wr = -1;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_enum(node, "type", vk_fs_driver_names, false,
			     &fs->driver) < 0 ||
	    vk_xml_attr_enum(node, "wrpolicy", wrpolicy_names, false,
			     &wr) < 0)
		return -1;
	fs->wr_immediate = wr == 0;
	return 0;
}

static int parse_fs_source(struct vk_fs *fs, xmlNodePtr node)
{
	const char *attr = fs->type == VK_FS_TEMPLATE ? "name" : "dir";
	const char *const attrs[] = {attr, NULL};

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0)
		return -1;
	return vk_xml_attr_str(node, attr, true, &fs->source);
}

static int parse_fs_target(struct vk_fs *fs, xmlNodePtr node)
{
	static const char *const attrs[] = {"dir", NULL};

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0)
		return -1;
	return vk_xml_attr_str(node, "dir", true, &fs->target);
}

static int parse_fs_child(struct vk_fs *fs, xmlNodePtr child, int which)
{
	switch (which) {
	case 0: return parse_fs_source(fs, child);
	case 1: return parse_fs_target(fs, child);
	case 3: return parse_fs_driver(fs, child);
	case 2:
		if (vk_xml_check_attrs(child, NULL) < 0 ||
		    vk_xml_check_empty(child) < 0)
			return -1;
		fs->readonly = true;
		return 0;
	default:
		return vk_dom_parse_address(child, VK_ADDR_MASK(VK_ADDR_PCI),
					    &fs->addr);
	}
}

static int parse_fs_body(struct vk_domain_def *def, struct vk_fs *fs,
			 xmlNodePtr node)
{
	static const char *const attrs[] = {"type", "accessmode", NULL};
	static const char *const children[] = {
		"source", "target", "readonly", "driver", "address", NULL
	};
	unsigned seen = 0;
	xmlNodePtr child;
	int i;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    vk_xml_attr_enum(node, "type", vk_fs_type_names, false,
			     &fs->type) < 0 ||
	    vk_xml_attr_enum(node, "accessmode", vk_fs_access_names, false,
			     &fs->accessmode) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		i = vk_dom_child_index(child, children, &seen);
		if (i < 0)
			return -1;
		if (parse_fs_child(fs, child, i) < 0)
			return -1;
	}
	if (!fs->source)
		return vk_xml_error(node, "missing element <source>");
	if (!fs->target)
		return vk_xml_error(node, "missing element <target>");
	for (i = 0; i < def->nfss; i++)
		if (!strcmp(def->fss[i].target, fs->target))
			return vk_xml_error(node, "target dir '%s' is already "
					    "used by another filesystem",
					    fs->target);
	return 0;
}

int vk_dom_parse_fs(struct vk_domain_def *def, xmlNodePtr node)
{
	struct vk_fs fs;

	memset(&fs, 0, sizeof(fs));
	fs.type = VK_FS_MOUNT;
	fs.accessmode = VK_FS_PASSTHROUGH;
	fs.driver = -1;
	if (parse_fs_body(def, &fs, node) < 0) {
		vk_fs_clear(&fs);
		return -1;
	}
	*(struct vk_fs *)vk_array_add(&def->fss, &def->nfss, sizeof(fs)) = fs;
	return 0;
}

void vk_dom_format_fs(struct vk_xw *w, const struct vk_fs *fs)
{
	vk_xw_open(w, "filesystem");
	vk_xw_attr(w, "type", vk_fs_type_names[fs->type]);
	vk_xw_attr(w, "accessmode", vk_fs_access_names[fs->accessmode]);
	if (fs->driver >= 0 || fs->wr_immediate) {
		vk_xw_open(w, "driver");
		if (fs->driver >= 0)
			vk_xw_attr(w, "type", vk_fs_driver_names[fs->driver]);
		if (fs->wr_immediate)
			vk_xw_attr(w, "wrpolicy", "immediate");
		vk_xw_close(w);
	}
	vk_xw_open(w, "source");
	vk_xw_attr(w, fs->type == VK_FS_TEMPLATE ? "name" : "dir", fs->source);
	vk_xw_close(w);
	vk_xw_open(w, "target");
	vk_xw_attr(w, "dir", fs->target);
	vk_xw_close(w);
	if (fs->readonly)
		vk_xw_empty(w, "readonly");
	vk_dom_format_address(w, &fs->addr);
	vk_xw_close(w);
}

void vk_fs_clear(struct vk_fs *fs)
{
	free(fs->source);
	free(fs->target);
	memset(fs, 0, sizeof(*fs));
}

void vk_fs_copy(struct vk_fs *dst, const struct vk_fs *src)
{
	*dst = *src;
	dst->source = vk_strdup(src->source);
	dst->target = vk_strdup(src->target);
}
