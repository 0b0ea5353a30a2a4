#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "domain_platform.h"

const char *const vk_boot_dev_names[] = {
	"fd", "hd", "cdrom", "network", NULL
};
const char *const vk_feature_names[] = {
	"pae", "acpi", "apic", "hap", NULL
};
const char *const vk_clock_offset_names[] = {
	"utc", "localtime", "timezone", "variable", NULL
};
static const char *const os_type_names[] = {
	"hvm", "linux", "xen", "exe", NULL
};

/* ---- <os> ---- */

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
	static const char *const attrs[] = {"enable", NULL};

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0)
		return -1;
	if (!vk_xml_has_attr(node, "enable"))
		return vk_xml_error(node, "missing attribute 'enable'");
	return vk_xml_attr_yesno(node, "enable", &os->bootmenu);
}

/* The <os> children that hold one path or text each. */
static char **os_text_slot(struct vk_os *os, xmlNodePtr node)
{
	if (vk_xml_is(node, "loader"))
		return &os->loader;
	if (vk_xml_is(node, "kernel"))
		return &os->kernel;
	if (vk_xml_is(node, "initrd"))
		return &os->initrd;
	if (vk_xml_is(node, "cmdline"))
		return &os->cmdline;
	if (vk_xml_is(node, "root"))
		return &os->root;
	return NULL;
}

static int parse_os_child(struct vk_os *os, xmlNodePtr child)
{
	char **slot = os_text_slot(os, child);

	if (vk_xml_is(child, "type")) {
		if (os->type)
			return vk_xml_duplicate(child);
		return parse_os_type(os, child);
	}
	if (vk_xml_is(child, "boot"))
		return parse_boot(os, child);
	if (vk_xml_is(child, "bootmenu")) {
		if (os->bootmenu >= 0)
			return vk_xml_duplicate(child);
		return parse_bootmenu(os, child);
	}
	if (vk_xml_is(child, "smbios")) {
		if (os->smbios >= 0)
			return vk_xml_duplicate(child);
		return parse_smbios(os, child);
	}
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
	struct vk_os *os = &def->os;
	xmlNodePtr child;

	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(child, node)
		if (parse_os_child(os, child) < 0)
			return -1;
	if (!os->type)
		return vk_xml_error(node, "missing element <type>");
	return 0;
}

void vk_dom_format_os(struct vk_xw *w, const struct vk_domain_def *def)
{
	const struct vk_os *os = &def->os;
	int i;

	vk_xw_open(w, "os");
	vk_xw_open(w, "type");
	vk_xw_attr(w, "arch", os->arch);
	vk_xw_attr(w, "machine", os->machine);
	vk_xw_text(w, os->type ? os->type : "");
	vk_xw_close(w);
	vk_xw_elem(w, "loader", os->loader);
	vk_xw_elem(w, "kernel", os->kernel);
	vk_xw_elem(w, "initrd", os->initrd);
	vk_xw_elem(w, "cmdline", os->cmdline);
	vk_xw_elem(w, "root", os->root);
	for (i = 0; i < os->nboot; i++) {
		vk_xw_open(w, "boot");
		vk_xw_attr(w, "dev", vk_boot_dev_names[os->boot[i]]);
		vk_xw_close(w);
	}
	if (os->bootmenu >= 0) {
		vk_xw_open(w, "bootmenu");
		vk_xw_attr(w, "enable", os->bootmenu ? "yes" : "no");
		vk_xw_close(w);
	}
	if (os->smbios >= 0) {
		vk_xw_open(w, "smbios");
		vk_xw_attr(w, "mode", vk_smbios_mode_names[os->smbios]);
		vk_xw_close(w);
	}
	vk_xw_close(w);
}

void vk_os_clear(struct vk_os *os)
{
	free(os->type);
	free(os->arch);
	free(os->machine);
	free(os->loader);
	free(os->kernel);
	free(os->initrd);
	free(os->cmdline);
	free(os->root);
	memset(os, 0, sizeof(*os));
	os->bootmenu = -1;
	os->smbios = -1;
}

void vk_os_copy(struct vk_os *dst, const struct vk_os *src)
{
	*dst = *src;
	dst->type = vk_strdup(src->type);
	dst->arch = vk_strdup(src->arch);
	dst->machine = vk_strdup(src->machine);
	dst->loader = vk_strdup(src->loader);
	dst->kernel = vk_strdup(src->kernel);
	dst->initrd = vk_strdup(src->initrd);
	dst->cmdline = vk_strdup(src->cmdline);
	dst->root = vk_strdup(src->root);
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

/* ---- <features> ---- */

int vk_dom_parse_features(struct vk_domain_def *def, xmlNodePtr node)
{
	xmlNodePtr child;
	int i;

	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	def->has_features = true;
	vk_xml_foreach(child, node) {
		for (i = 0; i < VK_FEAT_LAST; i++)
			if (vk_xml_is(child, vk_feature_names[i]))
				break;
		if (i == VK_FEAT_LAST)
			return vk_xml_unknown(child);
		if (def->features[i])
			return vk_xml_duplicate(child);
		if (vk_xml_check_attrs(child, NULL) < 0 ||
		    vk_xml_check_empty(child) < 0)
			return -1;
		def->features[i] = true;
	}
	return 0;
}

void vk_dom_format_features(struct vk_xw *w, const struct vk_domain_def *d)
{
	int i;

	if (!d->has_features)
		return;
	vk_xw_open(w, "features");
	for (i = 0; i < VK_FEAT_LAST; i++)
		if (d->features[i])
			vk_xw_empty(w, vk_feature_names[i]);
	vk_xw_close(w);
}

/* ---- <clock> ---- */

static int parse_adjustment(xmlNodePtr node, const char *s, long long *out)
{
	int rc = vk_xml_parse_int(s, out);

	if (rc == -1)
		return vk_xml_error(node, "adjustment '%s' is not a number",
				    s);
	if (rc == -2)
		return vk_xml_error(node, "adjustment '%s' is out of range",
				    s);
	return 0;
}

/* offset= or its old name sync= (which knows utc and localtime only);
 * both may not be given. */
static int parse_clock_offset(struct vk_clock *clock, xmlNodePtr node)
{
	static const char *const sync_names[] = {"utc", "localtime", NULL};

	if (!vk_xml_has_attr(node, "sync"))
		return vk_xml_attr_enum(node, "offset", vk_clock_offset_names,
					false, &clock->offset);
	if (vk_xml_has_attr(node, "offset"))
		return vk_xml_error(node, "give offset or sync, not both");
	return vk_xml_attr_enum(node, "sync", sync_names, false,
				&clock->offset);
}

static int parse_clock_extra(struct vk_clock *clock, xmlNodePtr node)
{
	bool has_tz = vk_xml_has_attr(node, "timezone");
	char *adj = vk_xml_attr(node, "adjustment");
	int rc = 0;

	if (clock->offset == VK_CLOCK_TIMEZONE && !has_tz)
		rc = vk_xml_error(node, "offset 'timezone' needs a timezone "
				  "attribute");
	else if (clock->offset != VK_CLOCK_TIMEZONE && has_tz)
		rc = vk_xml_error(node, "timezone is only allowed with "
				  "offset 'timezone'");
	else if (vk_xml_attr_str(node, "timezone", false,
				 &clock->timezone) < 0)
		rc = -1;
	else if (clock->offset != VK_CLOCK_VARIABLE && adj)
		rc = vk_xml_error(node, "adjustment is only allowed with "
				  "offset 'variable'");
	else if (adj)
		rc = parse_adjustment(node, adj, &clock->adjustment);
	free(adj);
	return rc;
}

int vk_dom_parse_clock(struct vk_domain_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {
		"offset", "sync", "timezone", "adjustment", NULL
	};
	xmlNodePtr child;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    parse_clock_offset(&def->clock, node) < 0 ||
	    parse_clock_extra(&def->clock, node) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		if (!vk_xml_is(child, "timer"))
			return vk_xml_unknown(child);
		if (vk_dom_parse_timer(&def->clock, child) < 0)
			return -1;
	}
	return 0;
}

void vk_dom_format_clock(struct vk_xw *w, const struct vk_domain_def *def)
{
	const struct vk_clock *c = &def->clock;

	vk_xw_open(w, "clock");
	vk_xw_attr(w, "offset", vk_clock_offset_names[c->offset]);
	if (c->offset == VK_CLOCK_TIMEZONE)
		vk_xw_attr(w, "timezone", c->timezone);
	if (c->offset == VK_CLOCK_VARIABLE)
		vk_xw_attrf(w, "adjustment", "%lld", c->adjustment);
	vk_dom_format_timers(w, c);
	vk_xw_close(w);
}
