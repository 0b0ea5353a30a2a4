#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "domain.h"

const char *const vk_disk_type_names[] = {"file", "block", NULL};
const char *const vk_disk_device_names[] = {"disk", "cdrom", "floppy", NULL};
const char *const vk_disk_bus_names[] = {
	"ide", "scsi", "virtio", "xen", "usb", "fdc", "sata", NULL
};
/* Indexed by enum vk_disk_cache (VK_CACHE_DEFAULT is 0). */
const char *const vk_disk_cache_names[] = {
	"default", "none", "writethrough", "writeback", NULL
};

#define MAX_BOOT_ORDER 0xffff

int vk_disk_bus_from_target(const char *target)
{
	static const struct {
		const char *prefix;
		int bus;
	} map[] = {
		{"hd", VK_BUS_IDE}, {"sd", VK_BUS_SCSI},
		{"vd", VK_BUS_VIRTIO}, {"xvd", VK_BUS_XEN},
		{"fd", VK_BUS_FDC}, {"ubd", VK_BUS_IDE},
	};
	size_t i;

	if (!target)
		return -1;
	for (i = 0; i < sizeof(map) / sizeof(*map); i++)
		if (!strncmp(target, map[i].prefix, strlen(map[i].prefix)))
			return map[i].bus;
	return -1;
}

bool vk_dom_device_name_ok(const char *name)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyz"
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-:";

	return name && *name && !name[strspn(name, ok)];
}

/* ---- children ---- */

static int parse_driver(struct vk_disk *d, xmlNodePtr node)
{
	static const char *const attrs[] = {"name", "type", "cache", NULL};

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_enum(node, "cache", vk_disk_cache_names, false,
			     &d->cache) < 0 ||
	    vk_xml_attr_str(node, "name", false, &d->driver_name) < 0)
		return -1;
	return vk_xml_attr_str(node, "type", false, &d->driver_type);
}

static int parse_source(struct vk_disk *d, xmlNodePtr node)
{
	const char *attr = d->type == VK_DISK_BLOCK ? "dev" : "file";
	const char *const attrs[] = {attr, NULL};

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0)
		return -1;
	return vk_xml_attr_str(node, attr, true, &d->source);
}

static int parse_target(struct vk_disk *d, xmlNodePtr node)
{
	static const char *const attrs[] = {"dev", "bus", NULL};

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_enum(node, "bus", vk_disk_bus_names, false,
			     &d->bus) < 0)
		return -1;
	d->target = vk_xml_attr(node, "dev");
	if (!d->target)
		return vk_xml_error(node, "missing attribute 'dev'");
	if (!vk_dom_device_name_ok(d->target))
		return vk_xml_error(node, "dev '%s' is not a device name",
				    d->target);
	if (d->bus < 0)
		d->bus = vk_disk_bus_from_target(d->target);
	if (d->bus < 0 && d->device == VK_DISK_FLOPPY)
		d->bus = VK_BUS_FDC;
	if (d->bus < 0)
		return vk_xml_error(node, "cannot infer the bus of '%s'; "
				    "give bus=", d->target);
	return 0;
}

static int parse_flag(bool *flag, xmlNodePtr node)
{
	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_check_empty(node) < 0)
		return -1;
	*flag = true;
	return 0;
}

static int parse_boot_order(struct vk_disk *d, xmlNodePtr node)
{
	static const char *const attrs[] = {"order", NULL};
	unsigned long long order;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_uint(node, "order", false, MAX_BOOT_ORDER, true,
			     &order, NULL) < 0)
		return -1;
	if (!order)
		return vk_xml_error(node, "order must be at least 1");
	d->boot_order = (unsigned)order;
	return 0;
}

static const char *const disk_children[] = {
	"driver", "source", "target", "readonly", "shareable", "serial",
	"boot", NULL
};

static int parse_disk_child(struct vk_disk *d, xmlNodePtr child, int which)
{
	switch (which) {
	case 0: return parse_driver(d, child);
	case 1: return parse_source(d, child);
	case 2: return parse_target(d, child);
	case 3: return parse_flag(&d->readonly, child);
	case 4: return parse_flag(&d->shareable, child);
	case 5: return vk_xml_text_nonempty(child, &d->serial);
	default: return parse_boot_order(d, child);
	}
}

/* Target names and boot orders are unique across the disks. */
static int check_unique(const struct vk_domain_def *def,
			const struct vk_disk *d, xmlNodePtr node)
{
	int i;

	for (i = 0; i < def->ndisks; i++) {
		if (!strcmp(def->disks[i].target, d->target))
			return vk_xml_error(node, "target dev '%s' is already "
					    "used by another disk", d->target);
		if (d->boot_order && def->disks[i].boot_order == d->boot_order)
			return vk_xml_error(node, "boot order %u is already "
					    "used by another disk",
					    d->boot_order);
	}
	return 0;
}

static int parse_disk_body(struct vk_domain_def *def, struct vk_disk *d,
			   xmlNodePtr node)
{
	static const char *const attrs[] = {"type", "device", NULL};
	unsigned seen = 0;
	xmlNodePtr child;
	int i;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    vk_xml_attr_enum(node, "type", vk_disk_type_names, false,
			     &d->type) < 0 ||
	    vk_xml_attr_enum(node, "device", vk_disk_device_names, false,
			     &d->device) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		for (i = 0; disk_children[i]; i++)
			if (vk_xml_is(child, disk_children[i]))
				break;
		if (!disk_children[i])
			return vk_xml_unknown(child);
		if (seen & (1u << i))
			return vk_xml_duplicate(child);
		seen |= 1u << i;
		if (parse_disk_child(d, child, i) < 0)
			return -1;
	}
	if (!d->target)
		return vk_xml_error(node, "missing element <target>");
	return check_unique(def, d, node);
}

int vk_dom_parse_disk(struct vk_domain_def *def, xmlNodePtr node)
{
	struct vk_disk d;

	memset(&d, 0, sizeof(d));
	d.type = VK_DISK_FILE;
	d.device = VK_DISK_DISK;
	d.cache = VK_CACHE_NONE_SET;
	d.bus = -1;
	if (parse_disk_body(def, &d, node) < 0) {
		vk_disk_clear(&d);
		return -1;
	}
	*(struct vk_disk *)vk_array_add(&def->disks, &def->ndisks,
					sizeof(d)) = d;
	return 0;
}

void vk_dom_format_disk(struct vk_xw *w, const struct vk_disk *disk)
{
	vk_xw_open(w, "disk");
	vk_xw_attr(w, "type", vk_disk_type_names[disk->type]);
	vk_xw_attr(w, "device", vk_disk_device_names[disk->device]);
	if (disk->driver_name || disk->driver_type || disk->cache >= 0) {
		vk_xw_open(w, "driver");
		vk_xw_attr(w, "name", disk->driver_name);
		vk_xw_attr(w, "type", disk->driver_type);
		if (disk->cache >= 0)
			vk_xw_attr(w, "cache",
				   vk_disk_cache_names[disk->cache]);
		vk_xw_close(w);
	}
	if (disk->source) {
		vk_xw_open(w, "source");
		vk_xw_attr(w, disk->type == VK_DISK_BLOCK ? "dev" : "file",
			   disk->source);
		vk_xw_close(w);
	}
	vk_xw_open(w, "target");
	vk_xw_attr(w, "dev", disk->target);
	vk_xw_attr(w, "bus", vk_disk_bus_names[disk->bus]);
	vk_xw_close(w);
	if (disk->boot_order) {
		vk_xw_open(w, "boot");
		vk_xw_attrf(w, "order", "%u", disk->boot_order);
		vk_xw_close(w);
	}
	if (disk->readonly)
		vk_xw_empty(w, "readonly");
	if (disk->shareable)
		vk_xw_empty(w, "shareable");
	vk_xw_elem(w, "serial", disk->serial);
	vk_xw_close(w);
}

void vk_disk_clear(struct vk_disk *disk)
{
	free(disk->driver_name);
	free(disk->driver_type);
	free(disk->source);
	free(disk->target);
	free(disk->serial);
	memset(disk, 0, sizeof(*disk));
}

void vk_disk_copy(struct vk_disk *dst, const struct vk_disk *src)
{
	*dst = *src;
	dst->driver_name = vk_strdup(src->driver_name);
	dst->driver_type = vk_strdup(src->driver_type);
	dst->source = vk_strdup(src->source);
	dst->target = vk_strdup(src->target);
	dst->serial = vk_strdup(src->serial);
}
