/* The firmware part of <os>: firmware='bios|efi', <firmware><feature>,
 * <loader> and <nvram> (libvirt 9.x: <nvram> holds its path as text, or
 * since 8.5 type='file|block' with a <source>).  Which firmware file
 * a firmware='efi' guest gets is the driver's choice (the qemu driver:
 * common/qemu/qemu_firmware.c). */
#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "domain.h"

const char *const vk_os_firmware_names[] = {"", "bios", "efi", NULL};
const char *const vk_fw_feature_names[] = {
	"enrolled-keys", "secure-boot", NULL
};
const char *const vk_loader_type_names[] = {"", "rom", "pflash", NULL};
const char *const vk_fw_format_names[] = {"", "raw", "qcow2", NULL};
const char *const vk_nvram_type_names[] = {"", "file", "block", NULL};

int vk_dom_fw_enum(xmlNodePtr node, const char *attr,
		   const char *const *names, int *out)
{
	int v = -1;

	if (vk_xml_attr_enum(node, attr, names + 1, false, &v) < 0)
		return -1;
	*out = v + 1;
	return 0;
}

static int yesno_tri(xmlNodePtr node, const char *attr, int *out)
{
	int v = -1;

	if (vk_xml_attr_yesno(node, attr, &v) < 0)
		return -1;
	*out = v < 0 ? VK_TRI_ABSENT : v ? VK_TRI_YES : VK_TRI_NO;
	return 0;
}

/* <firmware><feature enabled='yes|no' name='...'/>...</firmware> */
static int parse_firmware(struct vk_os *os, xmlNodePtr node)
{
	static const char *const attrs[] = {"enabled", "name", NULL};
	xmlNodePtr f;
	int name, i;

	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(f, node) {
		if (!vk_xml_is(f, "feature"))
			return vk_xml_unknown(f);
		if (vk_xml_check_attrs(f, attrs) < 0 ||
		    vk_xml_check_empty(f) < 0 ||
		    vk_xml_attr_enum(f, "name", vk_fw_feature_names, true,
				     &name) < 0)
			return -1;
		if (os->fw_features[name])
			return vk_xml_child_error(f, "feature '%s' is given "
						  "twice",
						  vk_fw_feature_names[name]);
		if (!vk_xml_has_attr(f, "enabled"))
			return vk_xml_error(f, "missing attribute 'enabled'");
		if (yesno_tri(f, "enabled", &i) < 0)
			return -1;
		os->fw_features[name] = i;
	}
	return 0;
}

static int parse_loader(struct vk_os *os, xmlNodePtr node)
{
	static const char *const attrs[] = {
		"readonly", "secure", "type", "format", "stateless", NULL
	};
	char *path;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    yesno_tri(node, "readonly", &os->loader_readonly) < 0 ||
	    yesno_tri(node, "secure", &os->loader_secure) < 0 ||
	    yesno_tri(node, "stateless", &os->loader_stateless) < 0 ||
	    vk_dom_fw_enum(node, "type", vk_loader_type_names,
			   &os->loader_type) < 0 ||
	    vk_dom_fw_enum(node, "format", vk_fw_format_names,
			   &os->loader_format) < 0 ||
	    vk_xml_text(node, true, &path) < 0)
		return -1;
	os->has_loader = true;
	if (*path)
		os->loader = path;
	else
		free(path);
	return 0;
}

/* <nvram type='file|block'><source file=|dev=/></nvram> */
static int parse_nvram_source(struct vk_os *os, xmlNodePtr node)
{
	const char *attr = os->nvram_type == VK_NVRAM_FILE ? "file" : "dev";
	const char *attrs[] = {attr, NULL};
	xmlNodePtr s;

	if (vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(s, node) {
		if (!vk_xml_is(s, "source"))
			return vk_xml_unknown(s);
		if (os->nvram)
			return vk_xml_duplicate(s);
		if (vk_xml_check_attrs(s, attrs) < 0 ||
		    vk_xml_check_empty(s) < 0 ||
		    vk_xml_attr_str(s, attr, true, &os->nvram) < 0)
			return -1;
	}
	if (!os->nvram)
		return vk_xml_error(node, "nvram type '%s' needs a <source %s>",
				    vk_nvram_type_names[os->nvram_type], attr);
	return 0;
}

static int parse_nvram(struct vk_os *os, xmlNodePtr node)
{
	static const char *const attrs[] = {
		"template", "format", "type", NULL
	};
	char *path;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_attr_str(node, "template", false,
			    &os->nvram_template) < 0 ||
	    vk_dom_fw_enum(node, "format", vk_fw_format_names,
			   &os->nvram_format) < 0 ||
	    vk_dom_fw_enum(node, "type", vk_nvram_type_names,
			   &os->nvram_type) < 0)
		return -1;
	os->has_nvram = true;
	if (os->nvram_type)
		return parse_nvram_source(os, node);
	if (vk_xml_text(node, true, &path) < 0)
		return -1;
	if (*path)
		os->nvram = path;
	else
		free(path);
	return 0;
}

int vk_dom_parse_os_firmware(struct vk_os *os, xmlNodePtr child)
{
	bool fw = vk_xml_is(child, "firmware");

	if (vk_xml_is(child, "loader")) {
		if (os->has_loader)
			return vk_xml_duplicate(child);
		return parse_loader(os, child) < 0 ? -1 : 1;
	}
	if (vk_xml_is(child, "nvram")) {
		if (os->has_nvram)
			return vk_xml_duplicate(child);
		return parse_nvram(os, child) < 0 ? -1 : 1;
	}
	if (!fw)
		return 0;
	return parse_firmware(os, child) < 0 ? -1 : 1;
}

int vk_dom_os_fw_check(const struct vk_os *os, xmlNodePtr node)
{
	if (os->loader_format && os->nvram_format &&
	    os->loader_format != os->nvram_format)
		return vk_xml_error(node, "loader format '%s' and nvram format "
				    "'%s' differ",
				    vk_fw_format_names[os->loader_format],
				    vk_fw_format_names[os->nvram_format]);
	if (os->firmware == VK_OS_FW_BIOS &&
	    os->fw_features[VK_FWF_SECURE_BOOT] == VK_TRI_YES)
		return vk_xml_error(node, "firmware 'bios' has no secure boot "
				    "(feature 'secure-boot' needs firmware "
				    "'efi')");
	if (os->loader_stateless == VK_TRI_YES && os->has_nvram)
		return vk_xml_error(node, "a stateless loader takes no "
				    "<nvram>");
	return 0;
}

void vk_dom_format_fw_features(struct vk_xw *w, const struct vk_os *os)
{
	int i;
	bool any = false;

	for (i = 0; i < VK_FWF_LAST; i++)
		any |= os->fw_features[i] != VK_TRI_ABSENT;
	if (!any)
		return;
	vk_xw_open(w, "firmware");
	for (i = 0; i < VK_FWF_LAST; i++) {
		if (!os->fw_features[i])
			continue;
		vk_xw_open(w, "feature");
		vk_xw_attr(w, "enabled", os->fw_features[i] == VK_TRI_YES ?
			   "yes" : "no");
		vk_xw_attr(w, "name", vk_fw_feature_names[i]);
		vk_xw_close(w);
	}
	vk_xw_close(w);
}

static const char *tri(int t)
{
	return t == VK_TRI_YES ? "yes" : t == VK_TRI_NO ? "no" : NULL;
}

void vk_dom_format_loader_nvram(struct vk_xw *w, const struct vk_os *os)
{
	if (os->has_loader) {
		vk_xw_open(w, "loader");
		vk_xw_attr(w, "readonly", tri(os->loader_readonly));
		vk_xw_attr(w, "secure", tri(os->loader_secure));
		if (os->loader_type)
			vk_xw_attr(w, "type",
				   vk_loader_type_names[os->loader_type]);
		if (os->loader_format)
			vk_xw_attr(w, "format",
				   vk_fw_format_names[os->loader_format]);
		vk_xw_attr(w, "stateless", tri(os->loader_stateless));
		if (os->loader)
			vk_xw_text(w, os->loader);
		vk_xw_close(w);
	}
	if (!os->has_nvram)
		return;
	vk_xw_open(w, "nvram");
	if (os->nvram_type)
		vk_xw_attr(w, "type", vk_nvram_type_names[os->nvram_type]);
	vk_xw_attr(w, "template", os->nvram_template);
	if (os->nvram_format)
		vk_xw_attr(w, "format", vk_fw_format_names[os->nvram_format]);
	if (os->nvram_type) {
		vk_xw_open(w, "source");
		vk_xw_attr(w, os->nvram_type == VK_NVRAM_FILE ? "file" : "dev",
			   os->nvram);
		vk_xw_close(w);
	} else if (os->nvram) {
		vk_xw_text(w, os->nvram);
	}
	vk_xw_close(w);
}
