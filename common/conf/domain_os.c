#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "domain_platform.h"

const char *const vk_boot_dev_names[] = {
	"fd", "hd", "cdrom", "network", NULL
};
static const char *const os_type_names[] = {
	"hvm", "linux", "xen", "exe", NULL
};

/* ---- <os> ---- */

/* The container os children (type exe): kept as given, in order. */
static const char *const init_names[] = {
	"init", "initarg", "initenv", "initdir", "inituser", "initgroup",
	NULL
};

static int parse_os_type(struct vk_os *os, xmlNodePtr node)
{
	static const char *const attrs[] = {"arch", "machine", NULL};
	int type;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_text_enum(node, os_type_names, &type) < 0)
		return -1;
	os->type = vk_strdup(os_type_names[type]);
	if (vk_xml_attr_str(node, "arch", false, &os->arch) < 0)
		return -1;
	return vk_xml_attr_str(node, "machine", false, &os->machine);
}

static int parse_boot(struct vk_os *os, xmlNodePtr node)
{
	static const char *const attrs[] = {"dev", NULL};
	int dev, i;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_enum(node, "dev", vk_boot_dev_names, true, &dev) < 0)
		return -1;
	if (os->nboot == VK_MAX_BOOT)
		return vk_xml_error(node, "more than %d boot devices",
				    VK_MAX_BOOT);
	for (i = 0; i < os->nboot; i++)
		if (os->boot[i] == dev)
			return vk_xml_error(node, "boot device '%s' is "
					    "listed twice",
					    vk_boot_dev_names[dev]);
	os->boot[os->nboot++] = dev;
	return 0;
}

static int parse_smbios(struct vk_os *os, xmlNodePtr node)
{
	static const char *const attrs[] = {"mode", NULL};

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0)
		return -1;
	return vk_xml_attr_enum(node, "mode", vk_smbios_mode_names, true,
				&os->smbios);
}

static int parse_bootmenu(struct vk_os *os, xmlNodePtr node)
{
	static const char *const attrs[] = {"enable", "timeout", NULL};
	unsigned long long v;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0)
		return -1;
	if (!vk_xml_has_attr(node, "enable"))
		return vk_xml_error(node, "missing attribute 'enable'");
	if (vk_xml_attr_yesno(node, "enable", &os->bootmenu) < 0 ||
	    vk_xml_attr_uint(node, "timeout", false, 65535, false, &v,
			     &os->has_bootmenu_timeout) < 0)
		return -1;
	os->bootmenu_timeout = (unsigned)v;
	return 0;
}

/* <bios useserial='yes|no' rebootTimeout='-1..65535'/> */
static int parse_bios(struct vk_os *os, xmlNodePtr node)
{
	static const char *const attrs[] = {
		"useserial", "rebootTimeout", NULL
	};
	char *t = vk_xml_attr(node, "rebootTimeout");
	long long v = 0;
	int yes = -1, rc = 0;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_yesno(node, "useserial", &yes) < 0)
		rc = -1;
	else if (t && (vk_xml_parse_int(t, &v) < 0 || v < -1 || v > 65535))
		rc = vk_xml_error(node, "rebootTimeout '%s' is not a number "
				  "from -1 to 65535", t);
	free(t);
	if (rc < 0)
		return -1;
	os->has_bios = true;
	os->bios_useserial = yes < 0 ? VK_TRI_ABSENT :
			     yes ? VK_TRI_YES : VK_TRI_NO;
	os->has_reboot_timeout = t != NULL;
	os->reboot_timeout = (int)v;
	return 0;
}

/* <acpi><table type='slic'>PATH</table></acpi> */
static int parse_acpi(struct vk_os *os, xmlNodePtr node)
{
	static const char *const attrs[] = {"type", NULL};
	static const char *const types[] = {"slic", NULL};
	xmlNodePtr t;
	int type;
	char *path;

	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(t, node) {
		if (!vk_xml_is(t, "table"))
			return vk_xml_unknown(t);
		if (os->acpi_slic)
			return vk_xml_child_error(t, "more than one table of "
						  "type 'slic'");
		if (vk_xml_check_attrs(t, attrs) < 0 ||
		    vk_xml_attr_enum(t, "type", types, true, &type) < 0 ||
		    vk_xml_text(t, true, &path) < 0)
			return -1;
		if (!*path) {
			free(path);
			return vk_xml_error(t, "empty path");
		}
		os->acpi_slic = path;
	}
	if (!os->acpi_slic)
		return vk_xml_error(node, "missing element <table>");
	return 0;
}

/* The <os> children that hold one path or text each. */
static char **os_text_slot(struct vk_os *os, xmlNodePtr node)
{
	if (vk_xml_is(node, "kernel"))
		return &os->kernel;
	if (vk_xml_is(node, "initrd"))
		return &os->initrd;
	if (vk_xml_is(node, "cmdline"))
		return &os->cmdline;
	if (vk_xml_is(node, "dtb"))
		return &os->dtb;
	if (vk_xml_is(node, "root"))
		return &os->root;
	return NULL;
}

static bool is_init(xmlNodePtr node)
{
	int i;

	for (i = 0; init_names[i]; i++)
		if (vk_xml_is(node, init_names[i]))
			return true;
	return false;
}

static int parse_once(struct vk_os *os, xmlNodePtr child, bool given,
		      int (*fn)(struct vk_os *, xmlNodePtr))
{
	if (given)
		return vk_xml_duplicate(child);
	return fn(os, child);
}

static int parse_os_child(struct vk_os *os, xmlNodePtr child)
{
	char **slot = os_text_slot(os, child);
	int rc;

	if (vk_xml_is(child, "type"))
		return parse_once(os, child, os->type, parse_os_type);
	if (vk_xml_is(child, "boot"))
		return parse_boot(os, child);
	if (vk_xml_is(child, "bootmenu"))
		return parse_once(os, child, os->bootmenu >= 0,
				  parse_bootmenu);
	if (vk_xml_is(child, "smbios"))
		return parse_once(os, child, os->smbios >= 0, parse_smbios);
	if (vk_xml_is(child, "bios"))
		return parse_once(os, child, os->has_bios, parse_bios);
	if (vk_xml_is(child, "acpi"))
		return parse_once(os, child, os->acpi_slic, parse_acpi);
	if (is_init(child))
		return vk_dom_keep(&os->kept, &os->nkept, child);
	rc = vk_dom_parse_os_firmware(os, child);
	if (rc)
		return rc < 0 ? -1 : 0;
	if (!slot)
		return vk_xml_unknown(child);
	if (*slot)
		return vk_xml_duplicate(child);
	if (vk_xml_is(child, "cmdline"))
		return vk_xml_plain_text(child, false, slot);
	return vk_xml_text_nonempty(child, slot);
}

int vk_dom_parse_os(struct vk_domain_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"firmware", NULL};
	struct vk_os *os = &def->os;
	xmlNodePtr child;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    vk_dom_fw_enum(node, "firmware", vk_os_firmware_names,
			   &os->firmware) < 0)
		return -1;
	vk_xml_foreach(child, node)
		if (parse_os_child(os, child) < 0)
			return -1;
	if (!os->type)
		return vk_xml_error(node, "missing element <type>");
	return vk_dom_os_fw_check(os, node);
}

static void format_os_tail(struct vk_xw *w, const struct vk_os *os)
{
	int i;

	if (os->acpi_slic) {
		vk_xw_open(w, "acpi");
		vk_xw_open(w, "table");
		vk_xw_attr(w, "type", "slic");
		vk_xw_text(w, os->acpi_slic);
		vk_xw_close(w);
		vk_xw_close(w);
	}
	for (i = 0; i < os->nboot; i++) {
		vk_xw_open(w, "boot");
		vk_xw_attr(w, "dev", vk_boot_dev_names[os->boot[i]]);
		vk_xw_close(w);
	}
	if (os->bootmenu >= 0) {
		vk_xw_open(w, "bootmenu");
		vk_xw_attr(w, "enable", os->bootmenu ? "yes" : "no");
		if (os->has_bootmenu_timeout)
			vk_xw_attrf(w, "timeout", "%u", os->bootmenu_timeout);
		vk_xw_close(w);
	}
	if (os->smbios >= 0) {
		vk_xw_open(w, "smbios");
		vk_xw_attr(w, "mode", vk_smbios_mode_names[os->smbios]);
		vk_xw_close(w);
	}
	if (os->has_bios) {
		vk_xw_open(w, "bios");
		if (os->bios_useserial)
			vk_xw_attr(w, "useserial", os->bios_useserial ==
				   VK_TRI_YES ? "yes" : "no");
		if (os->has_reboot_timeout)
			vk_xw_attrf(w, "rebootTimeout", "%d",
				    os->reboot_timeout);
		vk_xw_close(w);
	}
}

/* libvirt's order: type, firmware, init*, loader, nvram, kernel, initrd,
 * cmdline, dtb, root, acpi, boot, bootmenu, smbios, bios. */
void vk_dom_format_os(struct vk_xw *w, const struct vk_domain_def *def)
{
	const struct vk_os *os = &def->os;
	int i;

	vk_xw_open(w, "os");
	if (os->firmware)
		vk_xw_attr(w, "firmware", vk_os_firmware_names[os->firmware]);
	vk_xw_open(w, "type");
	vk_xw_attr(w, "arch", os->arch);
	vk_xw_attr(w, "machine", os->machine);
	vk_xw_text(w, os->type ? os->type : "");
	vk_xw_close(w);
	vk_dom_format_fw_features(w, os);
	for (i = 0; i < os->nkept; i++)
		vk_xw_raw(w, os->kept[i].xml);
	vk_dom_format_loader_nvram(w, os);
	vk_xw_elem(w, "kernel", os->kernel);
	vk_xw_elem(w, "initrd", os->initrd);
	vk_xw_elem(w, "cmdline", os->cmdline);
	vk_xw_elem(w, "dtb", os->dtb);
	vk_xw_elem(w, "root", os->root);
	format_os_tail(w, os);
	vk_xw_close(w);
}

void vk_os_clear(struct vk_os *os)
{
	int i;

	free(os->type);
	free(os->arch);
	free(os->machine);
	free(os->loader);
	free(os->nvram);
	free(os->nvram_template);
	free(os->kernel);
	free(os->initrd);
	free(os->cmdline);
	free(os->dtb);
	free(os->root);
	free(os->acpi_slic);
	for (i = 0; i < os->nkept; i++) {
		free(os->kept[i].name);
		free(os->kept[i].xml);
	}
	free(os->kept);
	memset(os, 0, sizeof(*os));
	os->bootmenu = -1;
	os->smbios = -1;
}

void vk_os_copy(struct vk_os *dst, const struct vk_os *src)
{
	int i;

	*dst = *src;
	dst->type = vk_strdup(src->type);
	dst->arch = vk_strdup(src->arch);
	dst->machine = vk_strdup(src->machine);
	dst->loader = vk_strdup(src->loader);
	dst->nvram = vk_strdup(src->nvram);
	dst->nvram_template = vk_strdup(src->nvram_template);
	dst->kernel = vk_strdup(src->kernel);
	dst->initrd = vk_strdup(src->initrd);
	dst->cmdline = vk_strdup(src->cmdline);
	dst->dtb = vk_strdup(src->dtb);
	dst->root = vk_strdup(src->root);
	dst->acpi_slic = vk_strdup(src->acpi_slic);
	dst->kept = src->nkept ? vk_calloc((size_t)src->nkept,
					   sizeof(*dst->kept)) : NULL;
	for (i = 0; i < src->nkept; i++) {
		dst->kept[i].name = vk_strdup(src->kept[i].name);
		dst->kept[i].xml = vk_strdup(src->kept[i].xml);
		dst->kept[i].line = src->kept[i].line;
	}
}

/* ---- <bootloader> <bootloader_args> ---- */

int vk_dom_parse_bootloader(struct vk_domain_def *def, xmlNodePtr node)
{
	if (vk_xml_is(node, "bootloader_args"))
		return vk_xml_plain_text(node, false, &def->bootloader_args);
	return vk_xml_text_nonempty(node, &def->bootloader);
}

void vk_dom_format_bootloader(struct vk_xw *w,
			      const struct vk_domain_def *def)
{
	vk_xw_elem(w, "bootloader", def->bootloader);
	vk_xw_elem(w, "bootloader_args", def->bootloader_args);
}
