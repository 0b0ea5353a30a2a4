/* <controller> and the <address> element every device may carry. */
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "domain.h"

const char *const vk_addr_type_names[] = {
	"none", "pci", "drive", "virtio-serial", "ccid", "usb", "isa",
	"spapr-vio", "ccw", "virtio-mmio", "unassigned", "dimm", NULL
};
const char *const vk_ctrl_type_names[] = {
	"ide", "fdc", "scsi", "sata", "ccid", "virtio-serial", "usb", "pci",
	"xenbus", "isa", NULL
};
/* The models of the reference, then two later libvirt names for
 * controllers QEMU has (megasas, virtio-scsi).  The reference spells
 * lsisas1068 "lsias1068": that spelling is read as lsisas1068. */
const char *const vk_scsi_model_names[] = {
	"auto", "buslogic", "lsilogic", "lsisas1068", "vmpvscsi",
	"lsisas1078", "virtio-scsi", "ibmvscsi", "virtio-transitional",
	"virtio-non-transitional", "ncr53c90", "dc390", "am53c974", NULL
};
const char *const vk_usb_model_names[] = {
	"piix3-uhci", "piix4-uhci", "ehci", "ich9-ehci1", "ich9-uhci1",
	"ich9-uhci2", "ich9-uhci3", "vt82c686b-uhci", "pci-ohci", "nec-xhci",
	"none", "qusb1", "qusb2", "qemu-xhci", NULL
};
const char *const vk_pci_model_names[] = {
	"pci-root", "pcie-root", "pci-bridge", "dmi-to-pci-bridge",
	"pcie-to-pci-bridge", "pcie-root-port", "pcie-switch-upstream-port",
	"pcie-switch-downstream-port", "pci-expander-bus",
	"pcie-expander-bus", NULL
};
const char *const vk_pci_model_name_names[] = {
	"spapr-pci-host-bridge", "pci-bridge", "i82801b11-bridge",
	"pcie-pci-bridge", "ioh3420", "pcie-root-port", "x3130-upstream",
	"xio3130-downstream", "pxb", "pxb-pcie", NULL
};
const char *const vk_ide_model_names[] = {"piix3", "piix4", "ich6", NULL};
const char *const vk_vserial_model_names[] = {
	"virtio", "virtio-transitional", "virtio-non-transitional", NULL
};

#define MAX_CTRL_INDEX 255
#define MAX_DRIVE_NUM 65535	/* drive controller/bus/unit */
#define MAX_VSERIAL_PORTS 511	/* half the virtio queues, less one */
#define MAX_VECTORS 1024
#define MAX_USB_PORTS 255

/* ---- children ---- */

int vk_dom_child_index(xmlNodePtr child, const char *const *names,
		       unsigned *seen)
{
	int i;

	for (i = 0; names[i]; i++)
		if (vk_xml_is(child, names[i]))
			break;
	if (!names[i])
		return vk_xml_unknown(child);
	if (*seen & (1u << i))
		return vk_xml_duplicate(child);
	*seen |= 1u << i;
	return i;
}

/* ---- <address> ---- */

bool vk_dev_addr_pci_wanted(const struct vk_dev_addr *a)
{
	return a->type == VK_ADDR_NONE ||
	       (a->type == VK_ADDR_PCI && !a->domain && !a->bus && !a->slot &&
		!a->function);
}

/* The attributes of each address type: the maximum (PCI: the limits of
 * the PCI specification), the field filled, whether it is an unsigned
 * long long, whether the output writes it in hex (with WIDTH digits),
 * and the VK_ADDR_HAS_* bit of an optional one written only when given
 * (0: always written). */
struct addr_field {
	const char *name;
	unsigned long long max;
	size_t off;
	bool wide;
	int hex;		/* 0 decimal, else digits of 0x... (1: any) */
	unsigned has;
};

#define F(n, m, f) {n, m, offsetof(struct vk_dev_addr, f), false, 0, 0}
#define H(n, m, f, w, h) {n, m, offsetof(struct vk_dev_addr, f), false, w, h}
#define END {NULL, 0, 0, false, 0, 0}
static const struct addr_field pci_fields[] = {
	H("domain", 0xffff, domain, 4, 0), H("bus", 0xff, bus, 2, 0),
	H("slot", 0x1f, slot, 2, 0), H("function", 7, function, 1, 0), END
};
static const struct addr_field drive_fields[] = {
	F("controller", MAX_CTRL_INDEX, controller),
	F("bus", MAX_DRIVE_NUM, bus),
	{"target", MAX_DRIVE_NUM, offsetof(struct vk_dev_addr, target), false,
	 0, VK_ADDR_HAS_TARGET},
	F("unit", MAX_DRIVE_NUM, unit), END
};
static const struct addr_field vserial_fields[] = {
	F("controller", MAX_CTRL_INDEX, controller),
	F("bus", MAX_DRIVE_NUM, bus), F("port", MAX_DRIVE_NUM, port), END
};
static const struct addr_field ccid_fields[] = {
	F("controller", MAX_CTRL_INDEX, controller),
	F("slot", MAX_DRIVE_NUM, slot), END
};
static const struct addr_field usb_fields[] = {
	F("bus", MAX_CTRL_INDEX, bus), END	/* port: parse_usb_port */
};
static const struct addr_field isa_fields[] = {
	H("iobase", 0xffff, iobase, 1, VK_ADDR_HAS_IOBASE),
	H("irq", 0xf, irq, 1, VK_ADDR_HAS_IRQ), END
};
static const struct addr_field spapr_fields[] = {
	{"reg", ~0ULL, offsetof(struct vk_dev_addr, reg), true, 8,
	 VK_ADDR_HAS_REG}, END
};
static const struct addr_field ccw_fields[] = {
	H("cssid", 0xfe, cssid, 1, VK_ADDR_HAS_CCW),
	H("ssid", 3, ssid, 1, VK_ADDR_HAS_CCW),
	H("devno", 0xffff, devno, 4, VK_ADDR_HAS_CCW), END
};
static const struct addr_field dimm_fields[] = {
	{"slot", 0xffffffffULL, offsetof(struct vk_dev_addr, slot), false, 0,
	 VK_ADDR_HAS_SLOT},
	{"base", ~0ULL, offsetof(struct vk_dev_addr, base), true, 1,
	 VK_ADDR_HAS_BASE}, END
};
static const struct addr_field no_fields[] = { END };
#undef F
#undef H
#undef END

static const struct addr_field *const addr_fields[] = {
	[VK_ADDR_PCI] = pci_fields, [VK_ADDR_DRIVE] = drive_fields,
	[VK_ADDR_VSERIAL] = vserial_fields, [VK_ADDR_CCID] = ccid_fields,
	[VK_ADDR_USB] = usb_fields, [VK_ADDR_ISA] = isa_fields,
	[VK_ADDR_SPAPRVIO] = spapr_fields, [VK_ADDR_CCW] = ccw_fields,
	[VK_ADDR_VMMIO] = no_fields, [VK_ADDR_UNASSIGNED] = no_fields,
	[VK_ADDR_DIMM] = dimm_fields,
};

static const char *const onoff[] = {"off", "on", NULL};

/* usb port='1.2.3': up to VK_USB_PORT_DEPTH numbers from 1 to 255,
 * each decimal or 0x hex. */
static int parse_usb_port(xmlNodePtr node, struct vk_dev_addr *a)
{
	char *v = vk_xml_attr(node, "port"), *p, *end;
	unsigned long n;
	int i = 0, rc = 0;

	if (!v)
		return 0;
	for (p = v; rc == 0; p = end + 1) {
		bool hex = p[0] == '0' && (p[1] == 'x' || p[1] == 'X');

		if (!strchr("0123456789abcdefABCDEF", hex ? p[2] : p[0]) ||
		    !(hex ? p[2] : p[0]) || i == VK_USB_PORT_DEPTH) {
			rc = -1;
			break;
		}
		n = strtoul(p, &end, hex ? 16 : 10);
		if ((*end && *end != '.') || n < 1 || n > 255) {
			rc = -1;
			break;
		}
		a->usb_port[i++] = (unsigned char)n;
		if (!*end)
			break;
	}
	if (rc < 0)
		vk_xml_error(node, "usb port '%s' is not a path of 1 to %d "
			     "port numbers from 1 to 255 ('1', '1.2')", v,
			     VK_USB_PORT_DEPTH);
	free(v);
	return rc;
}

/* The attributes of address type T (all but "type") into *A. */
static int parse_fields(xmlNodePtr node, int t, const char **attrs,
			struct vk_dev_addr *a)
{
	const struct addr_field *f = addr_fields[t];
	unsigned long long v;
	bool set;
	int i, n = 0, mf = -1;

	while (attrs[n])
		n++;
	for (i = 0; f[i].name; i++)
		attrs[n + i] = f[i].name;
	if (t == VK_ADDR_PCI && n)	/* not a host's address */
		attrs[n + i++] = "multifunction";
	if (t == VK_ADDR_USB)
		attrs[n + i++] = "port";
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0)
		return -1;
	for (i = 0; f[i].name; i++) {
		/* The controller of a virtio-serial or ccid address and the
		 * bus of a usb one are needed; the rest default to 0. */
		bool need = (t == VK_ADDR_VSERIAL || t == VK_ADDR_CCID) ?
			    !strcmp(f[i].name, "controller") :
			    t == VK_ADDR_USB;
		char *p = (char *)a + f[i].off;

		if (vk_xml_attr_uint(node, f[i].name, true, f[i].max, need,
				     &v, &set) < 0)
			return -1;
		if (f[i].wide)
			*(unsigned long long *)p = set ? v : 0;
		else
			*(unsigned *)p = set ? (unsigned)v : 0;
		if (set)
			a->given |= f[i].has;
	}
	if (t == VK_ADDR_CCW && a->given & VK_ADDR_HAS_CCW &&
	    !(vk_xml_has_attr(node, "cssid") && vk_xml_has_attr(node, "ssid") &&
	      vk_xml_has_attr(node, "devno")))
		return vk_xml_error(node, "a ccw address gives cssid, ssid and "
				    "devno, or none of them");
	if (t == VK_ADDR_USB && parse_usb_port(node, a) < 0)
		return -1;
	if (t == VK_ADDR_PCI && n) {
		if (vk_xml_attr_enum(node, "multifunction", onoff, false,
				     &mf) < 0)
			return -1;
		a->multifunction = mf < 0 ? 0 : mf ? VK_ADDR_MF_ON :
				   VK_ADDR_MF_OFF;
	}
	a->type = t;
	return 0;
}

int vk_dom_parse_address(xmlNodePtr node, unsigned types,
			 struct vk_dev_addr *a)
{
	const char *attrs[10] = {"type"};
	int t;

	memset(a, 0, sizeof(*a));
	if (vk_xml_attr_enum(node, "type", vk_addr_type_names, true, &t) < 0)
		return -1;
	if (t == VK_ADDR_NONE || !(types & VK_ADDR_MASK(t)))
		return vk_xml_error(node, "an address of type '%s' does not "
				    "fit this device", vk_addr_type_names[t]);
	return parse_fields(node, t, attrs, a);
}

int vk_dom_parse_host_pci(xmlNodePtr node, struct vk_dev_addr *a)
{
	const char *attrs[10] = {NULL};

	memset(a, 0, sizeof(*a));
	return parse_fields(node, VK_ADDR_PCI, attrs, a);
}

void vk_dom_format_address(struct vk_xw *w, const struct vk_dev_addr *a)
{
	const struct addr_field *f;
	const char *p;
	char port[4 * VK_USB_PORT_DEPTH];
	size_t len = 0;
	int i;

	if (a->type == VK_ADDR_NONE)
		return;
	vk_xw_open(w, "address");
	vk_xw_attr(w, "type", vk_addr_type_names[a->type]);
	f = addr_fields[a->type];
	for (i = 0; f[i].name; i++) {
		unsigned long long v;

		p = (const char *)a + f[i].off;
		v = f[i].wide ? *(const unsigned long long *)p :
		    *(const unsigned *)p;
		if (f[i].has && !(a->given & f[i].has))
			continue;
		if (f[i].hex)
			vk_xw_attrf(w, f[i].name, "0x%0*llx", f[i].hex, v);
		else
			vk_xw_attrf(w, f[i].name, "%llu", v);
	}
	if (a->type == VK_ADDR_PCI && a->multifunction)
		vk_xw_attr(w, "multifunction",
			   onoff[a->multifunction == VK_ADDR_MF_ON]);
	for (i = 0; a->type == VK_ADDR_USB && i < VK_USB_PORT_DEPTH &&
	     a->usb_port[i]; i++)
		len += (size_t)snprintf(port + len, sizeof(port) - len, "%s%u",
					i ? "." : "", a->usb_port[i]);
	if (len)
		vk_xw_attr(w, "port", port);
	vk_xw_close(w);
}

/* ---- <controller> ---- */

/* The model names of each controller type (NULL: it has no model=). */
static const char *const *const ctrl_models[VK_CTRL_LAST] = {
	[VK_CTRL_IDE] = vk_ide_model_names,
	[VK_CTRL_SCSI] = vk_scsi_model_names,
	[VK_CTRL_VSERIAL] = vk_vserial_model_names,
	[VK_CTRL_USB] = vk_usb_model_names,
	[VK_CTRL_PCI] = vk_pci_model_names,
};

static int parse_int_attr(xmlNodePtr node, const char *name,
			  unsigned long long max, int *out)
{
	unsigned long long v;
	bool set;

	if (vk_xml_attr_uint(node, name, true, max, false, &v, &set) < 0)
		return -1;
	*out = set ? (int)v : -1;
	return 0;
}

static int parse_onoff(xmlNodePtr node, const char *name, int *out)
{
	*out = -1;
	return vk_xml_attr_enum(node, name, onoff, false, out);
}

/* The attributes only some types have: NAME is for types in MASK. */
static int only_for(xmlNodePtr node, const struct vk_controller *c,
		    const char *name, unsigned mask)
{
	char types[128] = "";
	int t;

	if (!vk_xml_has_attr(node, name) || mask & (1u << c->type))
		return 0;
	for (t = 0; t < VK_CTRL_LAST; t++)
		if (mask & (1u << t))
			snprintf(types + strlen(types),
				 sizeof(types) - strlen(types), "%s%s",
				 types[0] ? " and " : "",
				 vk_ctrl_type_names[t]);
	return vk_xml_error(node, "%s is for %s controllers", name, types);
}

static int parse_ctrl_model(struct vk_controller *c, xmlNodePtr node)
{
	char *m;
	bool old;

	if (!ctrl_models[c->type])
		return only_for(node, c, "model", 0);
	m = vk_xml_attr(node, "model");
	old = m && c->type == VK_CTRL_SCSI && !strcmp(m, "lsias1068");
	free(m);
	if (old) {
		c->model = VK_SCSI_LSISAS1068;
		return 0;
	}
	return vk_xml_attr_enum(node, "model", ctrl_models[c->type],
				c->type == VK_CTRL_PCI, &c->model);
}

static int parse_ctrl_attrs(struct vk_controller *c, xmlNodePtr node)
{
	static const char *const attrs[] = {
		"type", "index", "model", "ports", "vectors", "maxGrantFrames",
		"maxEventChannels", NULL
	};
	unsigned long long v;
	bool set;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    vk_xml_attr_enum(node, "type", vk_ctrl_type_names, true,
			     &c->type) < 0 ||
	    vk_xml_attr_uint(node, "index", false, MAX_CTRL_INDEX, false, &v,
			     &set) < 0 ||
	    parse_ctrl_model(c, node) < 0 ||
	    only_for(node, c, "ports", 1u << VK_CTRL_VSERIAL |
		     1u << VK_CTRL_USB) < 0 ||
	    only_for(node, c, "vectors", 1u << VK_CTRL_VSERIAL) < 0 ||
	    only_for(node, c, "maxGrantFrames", 1u << VK_CTRL_XENBUS) < 0 ||
	    only_for(node, c, "maxEventChannels", 1u << VK_CTRL_XENBUS) < 0)
		return -1;
	c->index = set ? (unsigned)v : UINT_MAX;
	if (parse_int_attr(node, "ports", c->type == VK_CTRL_USB ?
			   MAX_USB_PORTS : MAX_VSERIAL_PORTS, &c->ports) < 0 ||
	    parse_int_attr(node, "vectors", MAX_VECTORS, &c->vectors) < 0)
		return -1;
	if (!c->ports)
		return vk_xml_error(node, "ports must be at least 1");
	if (vk_xml_attr_uint(node, "maxGrantFrames", false, UINT_MAX, false,
			     &v, &set) < 0)
		return -1;
	c->max_grant_frames = set ? (long long)v : -1;
	if (vk_xml_attr_uint(node, "maxEventChannels", false, UINT_MAX,
			     false, &v, &set) < 0)
		return -1;
	c->max_event_channels = set ? (long long)v : -1;
	return 0;
}

/* <target chassisNr chassis port busNr index hotplug><node/></target> */
static int parse_pci_target(struct vk_controller *c, xmlNodePtr node)
{
	static const char *const attrs[] = {
		"chassisNr", "chassis", "port", "busNr", "index", "hotplug",
		NULL
	};
	unsigned long long v;
	xmlNodePtr child;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    parse_int_attr(node, "chassisNr", 0xff, &c->chassis_nr) < 0 ||
	    parse_int_attr(node, "chassis", 0xff, &c->chassis) < 0 ||
	    parse_int_attr(node, "port", 0xff, &c->port) < 0 ||
	    parse_int_attr(node, "busNr", 0xff, &c->bus_nr) < 0 ||
	    parse_int_attr(node, "index", 0xff, &c->target_index) < 0 ||
	    parse_onoff(node, "hotplug", &c->hotplug) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		if (!vk_xml_is(child, "node"))
			return vk_xml_unknown(child);
		if (c->numa_node >= 0)
			return vk_xml_duplicate(child);
		if (vk_xml_check_attrs(child, attrs + 6) < 0 ||	/* none */
		    vk_xml_text_uint(child, INT_MAX, &v) < 0)
			return -1;
		c->numa_node = (int)v;
	}
	return 0;
}

static int parse_ctrl_driver(struct vk_controller *c, xmlNodePtr node)
{
	static const char *const attrs[] = {
		"queues", "cmd_per_lun", "max_sectors", "iothread",
		"ioeventfd", "iommu", "ats", "packed", "page_per_vq", NULL
	};
	struct vk_ctrl_driver *d = &c->driver;

	c->has_driver = true;
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    parse_int_attr(node, "queues", INT_MAX, &d->queues) < 0 ||
	    parse_int_attr(node, "cmd_per_lun", INT_MAX, &d->cmd_per_lun) < 0 ||
	    parse_int_attr(node, "max_sectors", INT_MAX, &d->max_sectors) < 0 ||
	    parse_int_attr(node, "iothread", INT_MAX, &d->iothread) < 0 ||
	    parse_onoff(node, "ioeventfd", &d->ioeventfd) < 0 ||
	    parse_onoff(node, "iommu", &d->iommu) < 0 ||
	    parse_onoff(node, "ats", &d->ats) < 0 ||
	    parse_onoff(node, "packed", &d->packed) < 0 ||
	    parse_onoff(node, "page_per_vq", &d->page_per_vq) < 0)
		return -1;
	if (!d->queues)
		return vk_xml_error(node, "queues must be at least 1");
	return 0;
}

/* One child of <controller>: address master model target pcihole64
 * driver. */
static int parse_ctrl_child(struct vk_controller *c, xmlNodePtr child,
			    unsigned *seen)
{
	static const char *const names[] = {
		"address", "master", "model", "target", "pcihole64", "driver",
		NULL
	};
	static const char *const start[] = {"startport", NULL};
	static const char *const unit[] = {"unit", NULL};
	static const char *const name[] = {"name", NULL};
	unsigned long long v;
	bool pci = c->type == VK_CTRL_PCI;
	int i = vk_dom_child_index(child, names, seen);

	if (i == 1 && c->type != VK_CTRL_USB)
		return vk_xml_child_error(child, "<master> is for usb "
					  "controllers");
	if ((i == 2 || i == 3) && !pci)
		return vk_xml_child_error(child, "<%s> is for pci controllers",
					  names[i]);
	if (i == 4 && !(pci && (c->model == VK_PCI_ROOT ||
				c->model == VK_PCIE_ROOT)))
		return vk_xml_child_error(child, "<pcihole64> is for "
					  "pci-root and pcie-root");
	switch (i) {
	case 0:
		return vk_dom_parse_address(child, VK_ADDR_ANY, &c->addr);
	case 1:
		if (vk_xml_check_attrs(child, start) < 0 ||
		    vk_xml_check_empty(child) < 0 ||
		    vk_xml_attr_uint(child, "startport", true, MAX_USB_PORTS,
				     true, &v, NULL) < 0)
			return -1;
		c->startport = (int)v;
		return 0;
	case 2:
		return vk_xml_check_attrs(child, name) < 0 ||
		       vk_xml_check_empty(child) < 0 ? -1 :
		       vk_xml_attr_enum(child, "name", vk_pci_model_name_names,
					true, &c->model_name);
	case 3:
		return parse_pci_target(c, child);
	case 4:
		if (vk_xml_check_attrs(child, unit) < 0 ||
		    vk_xml_text_size(child, 1024, 1024, LLONG_MAX, &v) < 0)
			return -1;
		c->pcihole64 = (long long)v;
		return 0;
	case 5:
		return parse_ctrl_driver(c, child);
	default:
		return -1;
	}
}

/* The lowest index no controller of C's type has (pci: from 1, but for
 * the roots, which are 0).  A USB companion (<master>) shares the index
 * of the USB controller before it, as libvirt reads it. */
static unsigned free_index(const struct vk_domain_def *def,
			   const struct vk_controller *c)
{
	unsigned idx = 0;
	int i;

	if (c->type == VK_CTRL_USB && c->startport >= 0)
		for (i = def->ncontrollers - 1; i >= 0; i--)
			if (def->controllers[i].type == VK_CTRL_USB &&
			    def->controllers[i].startport < 0)
				return def->controllers[i].index;
	if (c->type == VK_CTRL_PCI &&
	    c->model != VK_PCI_ROOT && c->model != VK_PCIE_ROOT)
		idx = 1;
again:
	for (i = 0; i < def->ncontrollers; i++)
		if (def->controllers[i].type == c->type &&
		    def->controllers[i].index == idx) {
			idx++;
			goto again;
		}
	return idx;
}

void vk_controller_init(struct vk_controller *c, int type, int model)
{
	memset(c, 0, sizeof(*c));
	c->type = type;
	c->model = model;
	c->ports = c->vectors = c->startport = -1;
	c->model_name = c->chassis_nr = c->chassis = c->port = -1;
	c->bus_nr = c->target_index = c->numa_node = c->hotplug = -1;
	c->pcihole64 = c->max_grant_frames = c->max_event_channels = -1;
	c->driver.queues = c->driver.cmd_per_lun = -1;
	c->driver.max_sectors = c->driver.iothread = -1;
	c->driver.ioeventfd = c->driver.iommu = c->driver.ats = -1;
	c->driver.packed = c->driver.page_per_vq = -1;
}

struct vk_controller *vk_dom_add_controller(struct vk_domain_def *def,
					    const struct vk_controller *c)
{
	struct vk_controller *k;
	int i, at = def->ncontrollers;

	/* After the last one of its type, as libvirt inserts them. */
	for (i = 0; i < def->ncontrollers; i++)
		if (def->controllers[i].type == c->type)
			at = i + 1;
	unsigned idx = c->index == UINT_MAX ? free_index(def, c) : c->index;

	vk_array_add(&def->controllers, &def->ncontrollers, sizeof(*k));
	k = &def->controllers[at];
	memmove(k + 1, k, sizeof(*k) * (size_t)(def->ncontrollers - 1 - at));
	*k = *c;
	k->index = idx;
	return k;
}

int vk_dom_parse_controller(struct vk_domain_def *def, xmlNodePtr node)
{
	struct vk_controller c;
	xmlNodePtr child;
	unsigned seen = 0;
	int i;

	vk_controller_init(&c, 0, -1);
	if (parse_ctrl_attrs(&c, node) < 0)
		return -1;
	vk_xml_foreach(child, node)
		if (parse_ctrl_child(&c, child, &seen) < 0)
			return -1;
	if (c.index == UINT_MAX)
		c.index = free_index(def, &c);
	if (c.type == VK_CTRL_PCI && (c.model == VK_PCI_ROOT ||
				      c.model == VK_PCIE_ROOT) && c.index)
		return vk_xml_error(node, "a %s controller has index 0",
				    vk_pci_model_names[c.model]);
	for (i = 0; i < def->ncontrollers; i++)
		if (def->controllers[i].type == c.type &&
		    def->controllers[i].index == c.index &&
		    (c.type != VK_CTRL_USB ||	/* companions share it */
		     (c.startport < 0 && def->controllers[i].startport < 0)))
			return vk_xml_error(node, "%s controller index %u is "
					    "already defined",
					    vk_ctrl_type_names[c.type],
					    c.index);
	*(struct vk_controller *)vk_array_add(&def->controllers,
					      &def->ncontrollers,
					      sizeof(c)) = c;
	return 0;
}

static void format_int(struct vk_xw *w, const char *name, int v)
{
	if (v >= 0)
		vk_xw_attrf(w, name, "%d", v);
}

static void format_onoff(struct vk_xw *w, const char *name, int v)
{
	if (v >= 0)
		vk_xw_attr(w, name, onoff[v]);
}

static void format_pci_children(struct vk_xw *w,
				const struct vk_controller *c)
{
	char text[32];

	if (c->model_name >= 0) {
		vk_xw_open(w, "model");
		vk_xw_attr(w, "name", vk_pci_model_name_names[c->model_name]);
		vk_xw_close(w);
	}
	if (c->chassis_nr >= 0 || c->chassis >= 0 || c->port >= 0 ||
	    c->bus_nr >= 0 || c->target_index >= 0 || c->hotplug >= 0 ||
	    c->numa_node >= 0) {
		vk_xw_open(w, "target");
		format_int(w, "chassisNr", c->chassis_nr);
		format_int(w, "chassis", c->chassis);
		if (c->port >= 0)
			vk_xw_attrf(w, "port", "0x%x", c->port);
		format_int(w, "busNr", c->bus_nr);
		format_int(w, "index", c->target_index);
		format_onoff(w, "hotplug", c->hotplug);
		if (c->numa_node >= 0)
			vk_xw_elemf(w, "node", "%d", c->numa_node);
		vk_xw_close(w);
	}
	if (c->pcihole64 >= 0) {
		vk_xw_open(w, "pcihole64");
		vk_xw_attr(w, "unit", "KiB");
		snprintf(text, sizeof(text), "%lld", c->pcihole64);
		vk_xw_text(w, text);
		vk_xw_close(w);
	}
}

static void format_driver(struct vk_xw *w, const struct vk_ctrl_driver *d)
{
	vk_xw_open(w, "driver");
	format_int(w, "queues", d->queues);
	format_int(w, "cmd_per_lun", d->cmd_per_lun);
	format_int(w, "max_sectors", d->max_sectors);
	format_onoff(w, "ioeventfd", d->ioeventfd);
	format_int(w, "iothread", d->iothread);
	format_onoff(w, "iommu", d->iommu);
	format_onoff(w, "ats", d->ats);
	format_onoff(w, "packed", d->packed);
	format_onoff(w, "page_per_vq", d->page_per_vq);
	vk_xw_close(w);
}

void vk_dom_format_controller(struct vk_xw *w,
			      const struct vk_controller *ctrl)
{
	vk_xw_open(w, "controller");
	vk_xw_attr(w, "type", vk_ctrl_type_names[ctrl->type]);
	vk_xw_attrf(w, "index", "%u", ctrl->index);
	if (ctrl->model >= 0)
		vk_xw_attr(w, "model", ctrl_models[ctrl->type][ctrl->model]);
	format_int(w, "ports", ctrl->ports);
	format_int(w, "vectors", ctrl->vectors);
	if (ctrl->max_grant_frames >= 0)
		vk_xw_attrf(w, "maxGrantFrames", "%lld",
			    ctrl->max_grant_frames);
	if (ctrl->max_event_channels >= 0)
		vk_xw_attrf(w, "maxEventChannels", "%lld",
			    ctrl->max_event_channels);
	if (ctrl->startport >= 0) {
		vk_xw_open(w, "master");
		vk_xw_attrf(w, "startport", "%d", ctrl->startport);
		vk_xw_close(w);
	}
	format_pci_children(w, ctrl);
	if (ctrl->has_driver)
		format_driver(w, &ctrl->driver);
	vk_dom_format_address(w, &ctrl->addr);
	vk_xw_close(w);
}
