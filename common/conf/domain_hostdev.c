/* <hostdev mode='subsystem'>: a host USB or PCI device given to the
 * guest. */
#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "domain.h"

const char *const vk_hostdev_type_names[] = {"usb", "pci", NULL};
const char *const vk_hostdev_driver_names[] = {"vfio", "kvm", "xen", NULL};

#define MAX_USB_ID 0xffff
#define MAX_USB_BUS 0xffff
#define MAX_USB_DEVICE 127	/* USB device addresses are 7 bits */

/* <vendor id=> or <product id=>: decimal, 0x hex or 0 octal. */
static int parse_usb_id(xmlNodePtr node, unsigned *out)
{
	static const char *const attrs[] = {"id", NULL};
	unsigned long long v;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_uint(node, "id", true, MAX_USB_ID, true, &v,
			     NULL) < 0)
		return -1;
	*out = (unsigned)v;
	return 0;
}

/* The host address of a USB device: <address bus= device=>. */
static int parse_usb_addr(struct vk_hostdev *h, xmlNodePtr node)
{
	static const char *const attrs[] = {"bus", "device", NULL};
	unsigned long long bus, dev;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_uint(node, "bus", true, MAX_USB_BUS, true, &bus,
			     NULL) < 0 ||
	    vk_xml_attr_uint(node, "device", true, MAX_USB_DEVICE, true, &dev,
			     NULL) < 0)
		return -1;
	if (!bus || !dev)
		return vk_xml_error(node, "USB bus and device numbers start "
				    "at 1");
	h->usb_bus = (unsigned)bus;
	h->usb_device = (unsigned)dev;
	return 0;
}

static int parse_hostdev_source(struct vk_hostdev *h, xmlNodePtr node)
{
	static const char *const names[] = {
		"vendor", "product", "address", NULL
	};
	static const char *const pci_names[] = {"address", NULL};
	unsigned seen = 0;
	xmlNodePtr child;
	int i;

	static const char *const usb_attrs[] = {"startupPolicy", NULL};

	if (vk_xml_check_attrs(node, h->type == VK_HOSTDEV_USB ?
			       usb_attrs : NULL) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    vk_xml_attr_enum(node, "startupPolicy", vk_disk_startup_names,
			     false, &h->startup_policy) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		i = vk_dom_child_index(child, h->type == VK_HOSTDEV_PCI ?
				       pci_names : names, &seen);
		if (i < 0)
			return -1;
		if (h->type == VK_HOSTDEV_PCI)
			i = 2;
		if ((i == 0 && parse_usb_id(child, &h->vendor) < 0) ||
		    (i == 1 && parse_usb_id(child, &h->product) < 0) ||
		    (i == 2 && h->type == VK_HOSTDEV_USB &&
		     parse_usb_addr(h, child) < 0) ||
		    (i == 2 && h->type == VK_HOSTDEV_PCI &&
		     vk_dom_parse_host_pci(child, &h->src) < 0))
			return -1;
	}
	if (h->type == VK_HOSTDEV_PCI && !seen)
		return vk_xml_error(node, "a PCI device needs <address>");
	h->by_id = h->type == VK_HOSTDEV_USB && (seen & 3);
	if (h->type == VK_HOSTDEV_USB && seen != 3 && seen != 4)
		return vk_xml_error(node, "a USB device needs <vendor> and "
				    "<product>, or <address>");
	return 0;
}

static int parse_hostdev_boot(struct vk_domain_def *def,
			      struct vk_hostdev *h, xmlNodePtr node)
{
	if (vk_dom_parse_boot_order(node, &h->boot_order) < 0)
		return -1;
	if (vk_dom_boot_order_used(def, h->boot_order))
		return vk_xml_error(node, "boot order %u is already used by "
				    "another device", h->boot_order);
	return 0;
}

static int parse_hostdev_attrs(struct vk_hostdev *h, xmlNodePtr node)
{
	static const char *const attrs[] = {"mode", "type", "managed", NULL};
	static const char *const modes[] = {"subsystem", NULL};
	int mode, managed = 0;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    vk_xml_attr_enum(node, "mode", modes, true, &mode) < 0 ||
	    vk_xml_attr_enum(node, "type", vk_hostdev_type_names, true,
			     &h->type) < 0 ||
	    vk_xml_attr_yesno(node, "managed", &managed) < 0)
		return -1;
	h->managed = managed == 1;
	return 0;
}

/* pci <driver name='vfio'>: its other attributes are Xen's. */
static int parse_hostdev_driver(struct vk_hostdev *h, xmlNodePtr node)
{
	static const char *const attrs[] = {"name", NULL};

	return vk_xml_check_attrs(node, attrs) < 0 ||
	       vk_xml_check_empty(node) < 0 ||
	       vk_xml_attr_enum(node, "name", vk_hostdev_driver_names, false,
				&h->driver) < 0 ? -1 : 0;
}

static int parse_hostdev_body(struct vk_domain_def *def,
			      struct vk_hostdev *h, xmlNodePtr node)
{
	static const char *const names[] = {
		"source", "boot", "address", "driver", "rom", NULL
	};
	unsigned seen = 0;
	xmlNodePtr child;
	int i, rc;

	if (parse_hostdev_attrs(h, node) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		i = vk_dom_child_index(child, names, &seen);
		if (i < 0)
			return -1;
		if (i == 0)
			rc = parse_hostdev_source(h, child);
		else if (i == 1)
			rc = parse_hostdev_boot(def, h, child);
		else if (i == 3 || i == 4) {
			if (h->type != VK_HOSTDEV_PCI)
				return vk_xml_child_error(child, "<%s> is for "
					"a PCI device", names[i]);
			rc = i == 3 ? parse_hostdev_driver(h, child) :
			     vk_dom_parse_rom(child, &h->rom);
		} else
			rc = vk_dom_parse_address(child,
						  VK_ADDR_MASK(VK_ADDR_PCI),
						  &h->addr);
		if (rc < 0)
			return -1;
	}
	if (!(seen & 1))
		return vk_xml_error(node, "missing element <source>");
	if (h->addr.type != VK_ADDR_NONE && h->type != VK_HOSTDEV_PCI)
		return vk_xml_error(node, "a USB device takes no guest PCI "
				    "<address>");
	return 0;
}

/* Whether A and B name the same host device.  Two USB devices by the
 * same vendor and product can be two identical devices: allowed. */
static bool same_host_device(const struct vk_hostdev *a,
			     const struct vk_hostdev *b)
{
	if (a->type != b->type)
		return false;
	if (a->type == VK_HOSTDEV_PCI)
		return a->src.domain == b->src.domain &&
		       a->src.bus == b->src.bus &&
		       a->src.slot == b->src.slot &&
		       a->src.function == b->src.function;
	return !a->by_id && !b->by_id && a->usb_bus == b->usb_bus &&
	       a->usb_device == b->usb_device;
}

void vk_hostdev_init(struct vk_hostdev *h)
{
	memset(h, 0, sizeof(*h));
	h->driver = h->startup_policy = -1;
	h->rom.bar = h->rom.enabled = -1;
}

bool vk_dom_kept_hostdev(xmlNodePtr node)
{
	char *type;
	bool kept;

	if (!vk_xml_is(node, "hostdev") || node->ns)
		return false;
	type = vk_xml_attr(node, "type");
	kept = type && (!strcmp(type, "scsi") || !strcmp(type, "mdev"));
	free(type);
	return kept;
}

int vk_dom_parse_hostdev(struct vk_domain_def *def, xmlNodePtr node)
{
	struct vk_hostdev h;
	int i;

	vk_hostdev_init(&h);
	if (parse_hostdev_body(def, &h, node) < 0) {
		free(h.rom.file);
		return -1;
	}
	for (i = 0; i < def->nhostdevs; i++)
		if (same_host_device(&def->hostdevs[i], &h)) {
			free(h.rom.file);
			return vk_xml_error(node, "this host %s device is "
					    "already given by another "
					    "<hostdev>",
					    vk_hostdev_type_names[h.type]);
		}
	*(struct vk_hostdev *)vk_array_add(&def->hostdevs, &def->nhostdevs,
					   sizeof(h)) = h;
	return 0;
}

void vk_dom_format_hostdev(struct vk_xw *w, const struct vk_hostdev *h)
{
	vk_xw_open(w, "hostdev");
	vk_xw_attr(w, "mode", "subsystem");
	vk_xw_attr(w, "type", vk_hostdev_type_names[h->type]);
	vk_xw_attr(w, "managed", h->managed ? "yes" : "no");
	if (h->driver >= 0) {
		vk_xw_open(w, "driver");
		vk_xw_attr(w, "name", vk_hostdev_driver_names[h->driver]);
		vk_xw_close(w);
	}
	vk_xw_open(w, "source");
	if (h->startup_policy >= 0)
		vk_xw_attr(w, "startupPolicy",
			   vk_disk_startup_names[h->startup_policy]);
	if (h->type == VK_HOSTDEV_PCI) {
		vk_xw_open(w, "address");
		vk_xw_attrf(w, "domain", "0x%04x", h->src.domain);
		vk_xw_attrf(w, "bus", "0x%02x", h->src.bus);
		vk_xw_attrf(w, "slot", "0x%02x", h->src.slot);
		vk_xw_attrf(w, "function", "0x%x", h->src.function);
		vk_xw_close(w);
	} else if (h->by_id) {
		vk_xw_open(w, "vendor");
		vk_xw_attrf(w, "id", "0x%04x", h->vendor);
		vk_xw_close(w);
		vk_xw_open(w, "product");
		vk_xw_attrf(w, "id", "0x%04x", h->product);
		vk_xw_close(w);
	} else {
		vk_xw_open(w, "address");
		vk_xw_attrf(w, "bus", "%u", h->usb_bus);
		vk_xw_attrf(w, "device", "%u", h->usb_device);
		vk_xw_close(w);
	}
	vk_xw_close(w);
	if (h->boot_order) {
		vk_xw_open(w, "boot");
		vk_xw_attrf(w, "order", "%u", h->boot_order);
		vk_xw_close(w);
	}
	vk_dom_format_rom(w, &h->rom);
	vk_dom_format_address(w, &h->addr);
	vk_xw_close(w);
}
