#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "../util/uuid.h"
#include "domain.h"

const char *const vk_disk_type_names[] = {
	"file", "block", "dir", "network", NULL
};
const char *const vk_disk_device_names[] = {"disk", "cdrom", "floppy", NULL};
const char *const vk_disk_bus_names[] = {
	"ide", "scsi", "virtio", "xen", "usb", "fdc", "sata", NULL
};
/* Indexed by enum vk_disk_cache (VK_CACHE_DEFAULT is 0). */
const char *const vk_disk_cache_names[] = {
	"default", "none", "writethrough", "writeback", NULL
};

const char *const vk_disk_error_policy_names[] = {
	"stop", "ignore", "enospace", NULL
};
const char *const vk_disk_io_names[] = {"threads", "native", NULL};
const char *const vk_disk_protocol_names[] = {
	"nbd", "rbd", "sheepdog", NULL
};
const char *const vk_encryption_format_names[] = {"default", "qcow", NULL};

#define MAX_BOOT_ORDER 0xffff
#define MAX_HOSTS 64
#define MAX_PORT 65535

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
	static const char *const attrs[] = {
		"name", "type", "cache", "error_policy", "io", NULL
	};

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_enum(node, "cache", vk_disk_cache_names, false,
			     &d->cache) < 0 ||
	    vk_xml_attr_enum(node, "error_policy", vk_disk_error_policy_names,
			     false, &d->error_policy) < 0 ||
	    vk_xml_attr_enum(node, "io", vk_disk_io_names, false,
			     &d->io) < 0 ||
	    vk_xml_attr_str(node, "name", false, &d->driver_name) < 0 ||
	    vk_xml_attr_str(node, "type", false, &d->driver_type) < 0)
		return -1;
	if (d->driver_name && strpbrk(d->driver_name, " \t\n\r"))
		return vk_xml_error(node, "name '%s' is not one word",
				    d->driver_name);
	if (d->driver_type && strpbrk(d->driver_type, " \t\n\r"))
		return vk_xml_error(node, "type '%s' is not one word",
				    d->driver_type);
	return 0;
}

/* The attribute that holds a local disk's source. */
static const char *source_attr(int type)
{
	switch (type) {
	case VK_DISK_BLOCK: return "dev";
	case VK_DISK_DIR: return "dir";
	default: return "file";
	}
}

/* <host name= port=> of a network disk. */
static int parse_host(struct vk_disk *d, xmlNodePtr node)
{
	static const char *const attrs[] = {"name", "port", NULL};
	struct vk_disk_host h = {NULL, 0};
	unsigned long long port;
	bool set;

	if (d->nhosts >= MAX_HOSTS)
		return vk_xml_error(node, "more than %d hosts", MAX_HOSTS);
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_uint(node, "port", false, MAX_PORT, false, &port,
			     &set) < 0)
		return -1;
	if (set && !port)
		return vk_xml_error(node, "port must be at least 1");
	if (vk_xml_attr_str(node, "name", true, &h.name) < 0)
		return -1;
	if (strpbrk(h.name, " \t\n\r/:,@")) {
		vk_xml_error(node, "name '%s' is not a host name", h.name);
		free(h.name);
		return -1;
	}
	h.port = set ? (int)port : 0;
	*(struct vk_disk_host *)vk_array_add(&d->hosts, &d->nhosts,
					     sizeof(h)) = h;
	return 0;
}

/* How many <host> elements each protocol takes: nbd exactly one, rbd
 * one or more, sheepdog at most one. */
static int check_hosts(const struct vk_disk *d, xmlNodePtr node)
{
	const char *p = vk_disk_protocol_names[d->protocol];

	if (d->protocol == VK_PROTO_SHEEPDOG && d->nhosts > 1)
		return vk_xml_error(node, "protocol '%s' takes at most one "
				    "<host>", p);
	if (d->protocol == VK_PROTO_NBD && d->nhosts != 1)
		return vk_xml_error(node, "protocol '%s' takes exactly one "
				    "<host>", p);
	if (d->protocol == VK_PROTO_RBD && !d->nhosts)
		return vk_xml_error(node, "protocol '%s' needs at least one "
				    "<host>", p);
	return 0;
}

static int parse_network_source(struct vk_disk *d, xmlNodePtr node)
{
	static const char *const attrs[] = {"protocol", "name", NULL};
	xmlNodePtr child;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    vk_xml_attr_enum(node, "protocol", vk_disk_protocol_names, true,
			     &d->protocol) < 0 ||
	    vk_xml_attr_str(node, "name", false, &d->source_name) < 0)
		return -1;
	if (d->protocol == VK_PROTO_NBD && d->source_name)
		return vk_xml_error(node, "protocol 'nbd' takes no name");
	if (d->protocol != VK_PROTO_NBD && !d->source_name)
		return vk_xml_error(node, "protocol '%s' needs a name",
				    vk_disk_protocol_names[d->protocol]);
	vk_xml_foreach(child, node) {
		if (!vk_xml_is(child, "host"))
			return vk_xml_unknown(child);
		if (parse_host(d, child) < 0)
			return -1;
	}
	return check_hosts(d, node);
}

static int parse_source(struct vk_disk *d, xmlNodePtr node)
{
	const char *attr = source_attr(d->type);
	const char *const attrs[] = {attr, NULL};

	if (d->type == VK_DISK_NETWORK)
		return parse_network_source(d, node);
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

int vk_dom_parse_boot_order(xmlNodePtr node, unsigned *order)
{
	static const char *const attrs[] = {"order", NULL};
	unsigned long long v;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_uint(node, "order", false, MAX_BOOT_ORDER, true,
			     &v, NULL) < 0)
		return -1;
	if (!v)
		return vk_xml_error(node, "order must be at least 1");
	*order = (unsigned)v;
	return 0;
}

/* <encryption format=><secret type='passphrase' uuid=/></encryption> */
static int parse_secret(struct vk_disk *d, xmlNodePtr node)
{
	static const char *const attrs[] = {"type", "uuid", NULL};
	static const char *const types[] = {"passphrase", NULL};
	char *uuid = NULL;
	int type, rc = 0;

	if (d->has_secret)
		return vk_xml_duplicate(node);
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_enum(node, "type", types, true, &type) < 0 ||
	    vk_xml_attr_str(node, "uuid", true, &uuid) < 0)
		return -1;
	if (vk_uuid_parse(uuid, d->secret_uuid) < 0)
		rc = vk_xml_error(node, "'%s' is not a valid UUID", uuid);
	free(uuid);
	d->has_secret = true;
	return rc;
}

static int parse_encryption(struct vk_disk *d, xmlNodePtr node)
{
	static const char *const attrs[] = {"format", NULL};
	xmlNodePtr child;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    vk_xml_attr_enum(node, "format", vk_encryption_format_names,
			     true, &d->encryption) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		if (!vk_xml_is(child, "secret"))
			return vk_xml_unknown(child);
		if (parse_secret(d, child) < 0)
			return -1;
	}
	if (d->encryption == VK_ENC_QCOW && !d->has_secret)
		return vk_xml_error(node, "format 'qcow' needs a <secret "
				    "type='passphrase'>");
	return 0;
}

/* A drive address goes with the buses that address by unit, a PCI
 * address with virtio. */
static int parse_disk_address(struct vk_disk *d, xmlNodePtr node)
{
	unsigned types = VK_ADDR_MASK(VK_ADDR_PCI) |
			 VK_ADDR_MASK(VK_ADDR_DRIVE);

	if (vk_dom_parse_address(node, types, &d->addr) < 0)
		return -1;
	return 0;
}

static int check_disk_address(const struct vk_disk *d, xmlNodePtr node)
{
	int want;

	if (d->addr.type == VK_ADDR_NONE)
		return 0;
	switch (d->bus) {
	case VK_BUS_VIRTIO:
		want = VK_ADDR_PCI;
		break;
	case VK_BUS_IDE: case VK_BUS_SCSI: case VK_BUS_SATA: case VK_BUS_FDC:
		want = VK_ADDR_DRIVE;
		break;
	default:
		return vk_xml_error(node, "a disk on bus '%s' takes no "
				    "<address>", vk_disk_bus_names[d->bus]);
	}
	if (d->addr.type != want)
		return vk_xml_error(node, "a disk on bus '%s' takes an "
				    "address of type '%s', not '%s'",
				    vk_disk_bus_names[d->bus],
				    vk_addr_type_names[want],
				    vk_addr_type_names[d->addr.type]);
	return 0;
}

static const char *const disk_children[] = {
	"driver", "source", "target", "readonly", "shareable", "serial",
	"boot", "encryption", "address", NULL
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
	case 6: return vk_dom_parse_boot_order(child, &d->boot_order);
	case 7: return parse_encryption(d, child);
	default: return parse_disk_address(d, child);
	}
}

bool vk_dom_boot_order_used(const struct vk_domain_def *def,
			    unsigned order)
{
	int i;

	for (i = 0; order && i < def->ndisks; i++)
		if (def->disks[i].boot_order == order)
			return true;
	for (i = 0; order && i < def->nhostdevs; i++)
		if (def->hostdevs[i].boot_order == order)
			return true;
	return false;
}

static bool same_drive_addr(const struct vk_disk *a, const struct vk_disk *b)
{
	return a->addr.type == VK_ADDR_DRIVE && b->addr.type == VK_ADDR_DRIVE &&
	       a->bus == b->bus && a->addr.controller == b->addr.controller &&
	       a->addr.bus == b->addr.bus && a->addr.unit == b->addr.unit;
}

/* Target names, boot orders and drive addresses are unique. */
static int check_unique(const struct vk_domain_def *def,
			const struct vk_disk *d, xmlNodePtr node)
{
	int i;

	for (i = 0; i < def->ndisks; i++) {
		if (!strcmp(def->disks[i].target, d->target))
			return vk_xml_error(node, "target dev '%s' is already "
					    "used by another disk", d->target);
		if (same_drive_addr(&def->disks[i], d))
			return vk_xml_error(node, "drive address controller "
					    "%u bus %u unit %u is already used "
					    "by disk '%s'", d->addr.controller,
					    d->addr.bus, d->addr.unit,
					    def->disks[i].target);
	}
	if (vk_dom_boot_order_used(def, d->boot_order))
		return vk_xml_error(node, "boot order %u is already used by "
				    "another device", d->boot_order);
	return 0;
}

/* What goes with the disk type: a network disk has a source, a
 * directory is a disk or a floppy. */
static int check_disk_type(const struct vk_disk *d, xmlNodePtr node)
{
	if (d->type == VK_DISK_NETWORK && !d->source_name && !d->nhosts &&
	    d->protocol < 0)
		return vk_xml_error(node, "a network disk needs a <source "
				    "protocol=...>");
	if (d->type == VK_DISK_DIR && d->device == VK_DISK_CDROM)
		return vk_xml_error(node, "a directory cannot be a cdrom");
	if (d->type == VK_DISK_DIR && !d->source)
		return vk_xml_error(node, "a directory disk needs <source "
				    "dir=...>");
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
		i = vk_dom_child_index(child, disk_children, &seen);
		if (i < 0)
			return -1;
		if (parse_disk_child(d, child, i) < 0)
			return -1;
	}
	if (!d->target)
		return vk_xml_error(node, "missing element <target>");
	if (check_disk_type(d, node) < 0 || check_disk_address(d, node) < 0)
		return -1;
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
	d.error_policy = -1;
	d.io = -1;
	d.protocol = -1;
	d.encryption = -1;
	if (parse_disk_body(def, &d, node) < 0) {
		vk_disk_clear(&d);
		return -1;
	}
	*(struct vk_disk *)vk_array_add(&def->disks, &def->ndisks,
					sizeof(d)) = d;
	return 0;
}

static void format_driver(struct vk_xw *w, const struct vk_disk *disk)
{
	if (!disk->driver_name && !disk->driver_type && disk->cache < 0 &&
	    disk->error_policy < 0 && disk->io < 0)
		return;
	vk_xw_open(w, "driver");
	vk_xw_attr(w, "name", disk->driver_name);
	vk_xw_attr(w, "type", disk->driver_type);
	if (disk->cache >= 0)
		vk_xw_attr(w, "cache", vk_disk_cache_names[disk->cache]);
	if (disk->error_policy >= 0)
		vk_xw_attr(w, "error_policy",
			   vk_disk_error_policy_names[disk->error_policy]);
	if (disk->io >= 0)
		vk_xw_attr(w, "io", vk_disk_io_names[disk->io]);
	vk_xw_close(w);
}

static void format_source(struct vk_xw *w, const struct vk_disk *disk)
{
	int i;

	if (disk->type != VK_DISK_NETWORK) {
		if (!disk->source)
			return;
		vk_xw_open(w, "source");
		vk_xw_attr(w, source_attr(disk->type), disk->source);
		vk_xw_close(w);
		return;
	}
	if (disk->protocol < 0)
		return;
	vk_xw_open(w, "source");
	vk_xw_attr(w, "protocol", vk_disk_protocol_names[disk->protocol]);
	vk_xw_attr(w, "name", disk->source_name);
	for (i = 0; i < disk->nhosts; i++) {
		vk_xw_open(w, "host");
		vk_xw_attr(w, "name", disk->hosts[i].name);
		if (disk->hosts[i].port)
			vk_xw_attrf(w, "port", "%d", disk->hosts[i].port);
		vk_xw_close(w);
	}
	vk_xw_close(w);
}

static void format_encryption(struct vk_xw *w, const struct vk_disk *disk)
{
	char uuid[VK_UUID_STRLEN + 1];

	if (disk->encryption < 0)
		return;
	vk_xw_open(w, "encryption");
	vk_xw_attr(w, "format", vk_encryption_format_names[disk->encryption]);
	if (disk->has_secret) {
		vk_uuid_format(disk->secret_uuid, uuid);
		vk_xw_open(w, "secret");
		vk_xw_attr(w, "type", "passphrase");
		vk_xw_attr(w, "uuid", uuid);
		vk_xw_close(w);
	}
	vk_xw_close(w);
}

void vk_dom_format_disk(struct vk_xw *w, const struct vk_disk *disk)
{
	vk_xw_open(w, "disk");
	vk_xw_attr(w, "type", vk_disk_type_names[disk->type]);
	vk_xw_attr(w, "device", vk_disk_device_names[disk->device]);
	format_driver(w, disk);
	format_source(w, disk);
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
	format_encryption(w, disk);
	vk_dom_format_address(w, &disk->addr);
	vk_xw_close(w);
}

void vk_disk_clear(struct vk_disk *disk)
{
	int i;

	free(disk->driver_name);
	free(disk->driver_type);
	free(disk->source);
	free(disk->target);
	free(disk->serial);
	free(disk->source_name);
	for (i = 0; i < disk->nhosts; i++)
		free(disk->hosts[i].name);
	free(disk->hosts);
	memset(disk, 0, sizeof(*disk));
}

void vk_disk_copy(struct vk_disk *dst, const struct vk_disk *src)
{
	int i;

	*dst = *src;
	dst->driver_name = vk_strdup(src->driver_name);
	dst->driver_type = vk_strdup(src->driver_type);
	dst->source = vk_strdup(src->source);
	dst->target = vk_strdup(src->target);
	dst->serial = vk_strdup(src->serial);
	dst->source_name = vk_strdup(src->source_name);
	dst->hosts = NULL;
	if (src->nhosts)
		dst->hosts = vk_malloc((size_t)src->nhosts *
				       sizeof(*dst->hosts));
	for (i = 0; i < src->nhosts; i++) {
		dst->hosts[i].name = vk_strdup(src->hosts[i].name);
		dst->hosts[i].port = src->hosts[i].port;
	}
}
