#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "domain.h"

const char *const vk_disk_type_names[] = {
	"file", "block", "dir", "network", "volume", "nvme", "vhostuser", NULL
};
const char *const vk_disk_device_names[] = {
	"disk", "cdrom", "floppy", "lun", NULL
};
const char *const vk_disk_bus_names[] = {
	"ide", "scsi", "virtio", "xen", "usb", "fdc", "sata", "sd", NULL
};
const char *const vk_disk_model_names[] = {
	"virtio", "virtio-transitional", "virtio-non-transitional", NULL
};
const char *const vk_disk_snapshot_names[] = {
	"no", "internal", "external", "manual", NULL
};
const char *const vk_disk_tray_names[] = {"closed", "open", NULL};

#define MAX_BOOT_ORDER 0xffff
#define MAX_ROTATION 65535

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

/* <target dev= [bus=] [tray=] [removable=] [rotation_rate=]> */
static int parse_target(struct vk_disk *d, xmlNodePtr node)
{
	static const char *const attrs[] = {
		"dev", "bus", "tray", "removable", "rotation_rate", NULL
	};
	static const char *const onoff[] = {"off", "on", NULL};
	unsigned long long rate;
	bool set;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_enum(node, "bus", vk_disk_bus_names, false,
			     &d->bus) < 0 ||
	    vk_xml_attr_enum(node, "tray", vk_disk_tray_names, false,
			     &d->x.tray) < 0 ||
	    vk_xml_attr_enum(node, "removable", onoff, false,
			     &d->x.removable) < 0 ||
	    vk_xml_attr_uint(node, "rotation_rate", false, MAX_ROTATION,
			     false, &rate, &set) < 0)
		return -1;
	if (set && !rate)
		return vk_xml_error(node, "rotation_rate must be at least 1");
	d->x.rotation = set ? (unsigned)rate : 0;
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

/* libvirt's loadparm: 1 to 8 letters, digits, dots and blanks. */
static bool loadparm_ok(const char *s)
{
	size_t n = strlen(s);

	return n >= 1 && n <= 8 &&
	       !s[strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVW"
			 "XYZ0123456789. ")];
}

int vk_dom_parse_boot(xmlNodePtr node, unsigned *order, char **loadparm)
{
	static const char *const attrs[] = {"order", "loadparm", NULL};
	unsigned long long v;

	if (vk_xml_check_attrs(node, attrs) < 0)
		return -1;
	if (!loadparm && vk_xml_has_attr(node, "loadparm"))
		return vk_xml_error(node, "unknown attribute 'loadparm'");
	if (vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_uint(node, "order", false, MAX_BOOT_ORDER, true,
			     &v, NULL) < 0)
		return -1;
	if (!v)
		return vk_xml_error(node, "order must be at least 1");
	*order = (unsigned)v;
	if (!loadparm)
		return 0;
	if (vk_xml_attr_str(node, "loadparm", false, loadparm) < 0)
		return -1;
	if (*loadparm && !loadparm_ok(*loadparm))
		return vk_xml_error(node, "loadparm '%s' is not 1 to 8 "
				    "letters, digits, dots or blanks",
				    *loadparm);
	return 0;
}

int vk_dom_parse_boot_order(xmlNodePtr node, unsigned *order)
{
	return vk_dom_parse_boot(node, order, NULL);
}

/* <wwn>: 16 hexadecimal digits, with an optional 0x. */
static int parse_wwn(struct vk_disk *d, xmlNodePtr node)
{
	const char *h;

	if (vk_xml_text_nonempty(node, &d->x.wwn) < 0)
		return -1;
	h = d->x.wwn + (strncmp(d->x.wwn, "0x", 2) ? 0 : 2);
	if (strlen(h) != 16 || h[strspn(h, "0123456789abcdefABCDEF")])
		return vk_xml_error(node, "'%s' is not 16 hexadecimal digits",
				    d->x.wwn);
	return 0;
}

/* <vendor> (at most 8) or <product> (16): printable ASCII. */
static int parse_ident(char **out, size_t max, xmlNodePtr node)
{
	const unsigned char *p;

	if (vk_xml_plain_text(node, false, out) < 0)
		return -1;
	if (!**out)
		return vk_xml_error(node, "must not be empty");
	if (strlen(*out) > max)
		return vk_xml_error(node, "'%s' is longer than %zu characters",
				    *out, max);
	for (p = (const unsigned char *)*out; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			return vk_xml_error(node, "'%s' is not printable "
					    "ASCII", *out);
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
	"boot", "encryption", "address", "iotune", "blockio", "geometry",
	"wwn", "vendor", "product", "alias",
	/* kept as given (from here on) */
	"backingStore", "auth", "transient", "mirror", "backenddomain", NULL
};

static int parse_disk_child(struct vk_disk *d, xmlNodePtr child, int which)
{
	switch (which) {
	case 0: return vk_disk_parse_driver(d, child);
	case 1: return vk_disk_parse_source(d, child);
	case 2: return parse_target(d, child);
	case 3: return parse_flag(&d->readonly, child);
	case 4: return parse_flag(&d->shareable, child);
	case 5: return vk_xml_text_nonempty(child, &d->serial);
	case 6: return vk_dom_parse_boot(child, &d->boot_order,
					 &d->x.loadparm);
	case 7: return vk_disk_parse_encryption(d, child, false);
	case 8: return parse_disk_address(d, child);
	case 9: return vk_disk_parse_iotune(d, child);
	case 10: return vk_disk_parse_blockio(d, child);
	case 11: return vk_disk_parse_geometry(d, child);
	case 12: return parse_wwn(d, child);
	case 13: return parse_ident(&d->x.vendor, 8, child);
	case 14: return parse_ident(&d->x.product, 16, child);
	case 15: return vk_dom_parse_alias(child, &d->x.alias);
	default: return vk_disk_keep(&d->x.kept, &d->x.nkept, child);
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
	for (i = 0; order && i < def->nnets; i++)
		if (def->nets[i].boot_order == order)
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
	if (d->device == VK_DISK_LUN && d->type != VK_DISK_BLOCK &&
	    d->type != VK_DISK_NETWORK && d->type != VK_DISK_VOLUME)
		return vk_xml_error(node, "device 'lun' needs a disk of type "
				    "'block', 'network' or 'volume'");
	if (d->device != VK_DISK_LUN && (d->x.rawio >= 0 || d->x.sgio))
		return vk_xml_error(node, "rawio= and sgio= go with device "
				    "'lun'");
	if (d->x.tray >= 0 && d->device != VK_DISK_CDROM &&
	    d->device != VK_DISK_FLOPPY)
		return vk_xml_error(node, "tray= goes with a cdrom or a "
				    "floppy");
	return 0;
}

/* <disk type= device= model= snapshot= rawio= sgio=> */
static int parse_disk_attrs(struct vk_disk *d, xmlNodePtr node)
{
	static const char *const attrs[] = {
		"type", "device", "model", "snapshot", "rawio", "sgio", NULL
	};
	static const char *const sgio[] = {"filtered", "unfiltered", NULL};
	int i = -1;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    vk_xml_attr_enum(node, "type", vk_disk_type_names, false,
			     &d->type) < 0 ||
	    vk_xml_attr_enum(node, "device", vk_disk_device_names, false,
			     &d->device) < 0 ||
	    vk_xml_attr_enum(node, "model", vk_disk_model_names, false,
			     &d->x.model) < 0 ||
	    vk_xml_attr_enum(node, "snapshot", vk_disk_snapshot_names, false,
			     &d->x.snapshot) < 0 ||
	    vk_xml_attr_yesno(node, "rawio", &d->x.rawio) < 0 ||
	    vk_xml_attr_enum(node, "sgio", sgio, false, &i) < 0)
		return -1;
	if (i >= 0)
		d->x.sgio = vk_strdup(sgio[i]);
	return 0;
}

static int parse_disk_body(struct vk_domain_def *def, struct vk_disk *d,
			   xmlNodePtr node)
{
	unsigned seen = 0;
	xmlNodePtr child;
	int i;

	if (parse_disk_attrs(d, node) < 0)
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
	int i;

	memset(&d, 0, sizeof(d));
	d.type = VK_DISK_FILE;
	d.device = VK_DISK_DISK;
	d.cache = VK_CACHE_NONE_SET;
	d.bus = -1;
	d.error_policy = -1;
	d.io = -1;
	d.protocol = -1;
	vk_encryption_init(&d.enc);
	for (i = 0; i < VK_DSW_LAST; i++)
		d.x.sw[i] = -1;
	d.x.discard = d.x.dzeroes = d.x.rerror = d.x.model = -1;
	d.x.snapshot = d.x.rawio = d.x.startup = d.x.volmode = -1;
	d.x.src_tls = d.x.tray = d.x.removable = d.x.geo.trans = -1;
	if (parse_disk_body(def, &d, node) < 0) {
		vk_disk_clear(&d);
		return -1;
	}
	*(struct vk_disk *)vk_array_add(&def->disks, &def->ndisks,
					sizeof(d)) = d;
	return 0;
}

static void format_disk_attrs(struct vk_xw *w, const struct vk_disk *d)
{
	vk_xw_attr(w, "type", vk_disk_type_names[d->type]);
	vk_xw_attr(w, "device", vk_disk_device_names[d->device]);
	if (d->x.model >= 0)
		vk_xw_attr(w, "model", vk_disk_model_names[d->x.model]);
	if (d->x.rawio >= 0)
		vk_xw_attr(w, "rawio", d->x.rawio ? "yes" : "no");
	vk_xw_attr(w, "sgio", d->x.sgio);
	if (d->x.snapshot >= 0)
		vk_xw_attr(w, "snapshot",
			   vk_disk_snapshot_names[d->x.snapshot]);
}

static void format_target(struct vk_xw *w, const struct vk_disk *d)
{
	vk_xw_open(w, "target");
	vk_xw_attr(w, "dev", d->target);
	vk_xw_attr(w, "bus", vk_disk_bus_names[d->bus]);
	if (d->x.tray >= 0)
		vk_xw_attr(w, "tray", vk_disk_tray_names[d->x.tray]);
	if (d->x.removable >= 0)
		vk_xw_attr(w, "removable", d->x.removable ? "on" : "off");
	if (d->x.rotation)
		vk_xw_attrf(w, "rotation_rate", "%u", d->x.rotation);
	vk_xw_close(w);
}

/* libvirt's order: driver, auth, source, backingStore, backenddomain,
 * geometry, blockio, mirror, target, iotune, readonly, shareable,
 * transient, serial, wwn, vendor, product, encryption, boot, alias,
 * address. */
void vk_dom_format_disk(struct vk_xw *w, const struct vk_disk *d,
			unsigned flags)
{
	const struct vk_disk_ext *x = &d->x;

	vk_xw_open(w, "disk");
	format_disk_attrs(w, d);
	vk_disk_format_driver(w, d);
	vk_disk_format_kept(w, x->kept, x->nkept, "auth");
	vk_disk_format_source(w, d);
	vk_disk_format_kept(w, x->kept, x->nkept, "backingStore");
	vk_disk_format_kept(w, x->kept, x->nkept, "backenddomain");
	vk_disk_format_geometry(w, d);
	vk_disk_format_blockio(w, d);
	vk_disk_format_kept(w, x->kept, x->nkept, "mirror");
	format_target(w, d);
	vk_disk_format_iotune(w, d);
	if (d->readonly)
		vk_xw_empty(w, "readonly");
	if (d->shareable)
		vk_xw_empty(w, "shareable");
	vk_disk_format_kept(w, x->kept, x->nkept, "transient");
	vk_xw_elem(w, "serial", d->serial);
	vk_xw_elem(w, "wwn", x->wwn);
	vk_xw_elem(w, "vendor", x->vendor);
	vk_xw_elem(w, "product", x->product);
	if (!d->enc_in_source)
		vk_encryption_format(w, &d->enc);
	if (d->boot_order) {
		vk_xw_open(w, "boot");
		vk_xw_attrf(w, "order", "%u", d->boot_order);
		vk_xw_attr(w, "loadparm", x->loadparm);
		vk_xw_close(w);
	}
	vk_dom_format_alias(w, x->alias, flags);
	vk_dom_format_address(w, &d->addr);
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
	for (i = 0; i < disk->nhosts; i++) {
		free(disk->hosts[i].name);
		free(disk->hosts[i].socket);
	}
	free(disk->hosts);
	vk_disk_ext_clear(disk);
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
		dst->hosts[i] = src->hosts[i];
		dst->hosts[i].name = vk_strdup(src->hosts[i].name);
		dst->hosts[i].socket = vk_strdup(src->hosts[i].socket);
	}
	vk_disk_ext_copy(dst, src);
}
