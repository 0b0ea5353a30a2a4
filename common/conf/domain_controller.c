/* <controller> and the <address> element every device may carry. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "domain.h"

const char *const vk_addr_type_names[] = {
	"none", "pci", "drive", "virtio-serial", "ccid", NULL
};
const char *const vk_ctrl_type_names[] = {
	"ide", "fdc", "scsi", "sata", "ccid", "virtio-serial", NULL
};
/* The models of the reference, then two later libvirt names for
 * controllers QEMU has (megasas, virtio-scsi).  The reference spells
 * lsisas1068 "lsias1068": that spelling is read as lsisas1068. */
const char *const vk_scsi_model_names[] = {
	"auto", "buslogic", "lsilogic", "lsisas1068", "vmpvscsi",
	"lsisas1078", "virtio-scsi", NULL
};

#define MAX_CTRL_INDEX 255
#define MAX_DRIVE_NUM 65535	/* drive controller/bus/unit */
#define MAX_VSERIAL_PORTS 511	/* half the virtio queues, less one */
#define MAX_VECTORS 1024

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

/* The attributes of each address type, with their maximum (PCI: the
 * limits of the PCI specification) and the field they fill. */
struct addr_field {
	const char *name;
	unsigned long long max;
	size_t off;
};

#define F(n, m, f) {n, m, offsetof(struct vk_dev_addr, f)}
static const struct addr_field pci_fields[] = {
	F("domain", 0xffff, domain), F("bus", 0xff, bus),
	F("slot", 0x1f, slot), F("function", 7, function), {NULL, 0, 0}
};
static const struct addr_field drive_fields[] = {
	F("controller", MAX_CTRL_INDEX, controller),
	F("bus", MAX_DRIVE_NUM, bus), F("unit", MAX_DRIVE_NUM, unit),
	{NULL, 0, 0}
};
static const struct addr_field vserial_fields[] = {
	F("controller", MAX_CTRL_INDEX, controller),
	F("bus", MAX_DRIVE_NUM, bus), F("port", MAX_DRIVE_NUM, port),
	{NULL, 0, 0}
};
static const struct addr_field ccid_fields[] = {
	F("controller", MAX_CTRL_INDEX, controller),
	F("slot", MAX_DRIVE_NUM, slot), {NULL, 0, 0}
};
#undef F

static const struct addr_field *const addr_fields[] = {
	[VK_ADDR_PCI] = pci_fields, [VK_ADDR_DRIVE] = drive_fields,
	[VK_ADDR_VSERIAL] = vserial_fields, [VK_ADDR_CCID] = ccid_fields,
};

/* The attributes of address type T (all but "type") into *A. */
static int parse_fields(xmlNodePtr node, int t, const char **attrs,
			struct vk_dev_addr *a)
{
	const struct addr_field *f = addr_fields[t];
	unsigned long long v;
	bool set;
	int i, n = 0;

	while (attrs[n])
		n++;
	for (i = 0; f[i].name; i++)
		attrs[n + i] = f[i].name;
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0)
		return -1;
	for (i = 0; f[i].name; i++) {
		/* A PCI address needs bus, slot and function; the others
		 * default to 0. */
		bool need = t == VK_ADDR_PCI && strcmp(f[i].name, "domain");

		if (vk_xml_attr_uint(node, f[i].name, true, f[i].max, need,
				     &v, &set) < 0)
			return -1;
		*(unsigned *)((char *)a + f[i].off) = set ? (unsigned)v : 0;
	}
	a->type = t;
	return 0;
}

int vk_dom_parse_address(xmlNodePtr node, unsigned types,
			 struct vk_dev_addr *a)
{
	const char *attrs[8] = {"type"};
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
	const char *attrs[8] = {NULL};

	memset(a, 0, sizeof(*a));
	return parse_fields(node, VK_ADDR_PCI, attrs, a);
}

void vk_dom_format_address(struct vk_xw *w, const struct vk_dev_addr *a)
{
	const struct addr_field *f;
	int i;

	if (a->type == VK_ADDR_NONE)
		return;
	vk_xw_open(w, "address");
	vk_xw_attr(w, "type", vk_addr_type_names[a->type]);
	if (a->type == VK_ADDR_PCI) {
		vk_xw_attrf(w, "domain", "0x%04x", a->domain);
		vk_xw_attrf(w, "bus", "0x%02x", a->bus);
		vk_xw_attrf(w, "slot", "0x%02x", a->slot);
		vk_xw_attrf(w, "function", "0x%x", a->function);
	} else {
		f = addr_fields[a->type];
		for (i = 0; f[i].name; i++)
			vk_xw_attrf(w, f[i].name, "%u", *(const unsigned *)
				    ((const char *)a + f[i].off));
	}
	vk_xw_close(w);
}

/* ---- <controller> ---- */

static int parse_ctrl_attrs(struct vk_controller *c, xmlNodePtr node)
{
	static const char *const attrs[] = {
		"type", "index", "model", "ports", "vectors", NULL
	};
	unsigned long long v;
	bool set, old;
	char *m;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    vk_xml_attr_enum(node, "type", vk_ctrl_type_names, true,
			     &c->type) < 0 ||
	    vk_xml_attr_uint(node, "index", false, MAX_CTRL_INDEX, true, &v,
			     NULL) < 0)
		return -1;
	c->index = (unsigned)v;
	if (vk_xml_has_attr(node, "model") && c->type != VK_CTRL_SCSI)
		return vk_xml_error(node, "model is for scsi controllers");
	m = vk_xml_attr(node, "model");
	old = m && !strcmp(m, "lsias1068");
	free(m);
	if (old)
		c->model = VK_SCSI_LSISAS1068;
	else if (vk_xml_attr_enum(node, "model", vk_scsi_model_names, false,
				  &c->model) < 0)
		return -1;
	if ((vk_xml_has_attr(node, "ports") ||
	     vk_xml_has_attr(node, "vectors")) && c->type != VK_CTRL_VSERIAL)
		return vk_xml_error(node, "ports and vectors are for "
				    "virtio-serial controllers");
	if (vk_xml_attr_uint(node, "ports", false, MAX_VSERIAL_PORTS, false,
			     &v, &set) < 0)
		return -1;
	if (set && !v)
		return vk_xml_error(node, "ports must be at least 1");
	c->ports = set ? (int)v : -1;
	if (vk_xml_attr_uint(node, "vectors", false, MAX_VECTORS, false, &v,
			     &set) < 0)
		return -1;
	c->vectors = set ? (int)v : -1;
	return 0;
}

int vk_dom_parse_controller(struct vk_domain_def *def, xmlNodePtr node)
{
	struct vk_controller c = {0};
	xmlNodePtr child;
	bool has_addr = false;
	int i;

	c.model = -1;
	if (parse_ctrl_attrs(&c, node) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		if (!vk_xml_is(child, "address"))
			return vk_xml_unknown(child);
		if (has_addr)
			return vk_xml_duplicate(child);
		has_addr = true;
		if (vk_dom_parse_address(child, VK_ADDR_MASK(VK_ADDR_PCI),
					 &c.addr) < 0)
			return -1;
	}
	for (i = 0; i < def->ncontrollers; i++)
		if (def->controllers[i].type == c.type &&
		    def->controllers[i].index == c.index)
			return vk_xml_error(node, "%s controller index %u is "
					    "already defined",
					    vk_ctrl_type_names[c.type],
					    c.index);
	*(struct vk_controller *)vk_array_add(&def->controllers,
					      &def->ncontrollers,
					      sizeof(c)) = c;
	return 0;
}

void vk_dom_format_controller(struct vk_xw *w,
			      const struct vk_controller *ctrl)
{
	vk_xw_open(w, "controller");
	vk_xw_attr(w, "type", vk_ctrl_type_names[ctrl->type]);
	vk_xw_attrf(w, "index", "%u", ctrl->index);
	if (ctrl->model >= 0)
		vk_xw_attr(w, "model", vk_scsi_model_names[ctrl->model]);
	if (ctrl->ports >= 0)
		vk_xw_attrf(w, "ports", "%d", ctrl->ports);
	if (ctrl->vectors >= 0)
		vk_xw_attrf(w, "vectors", "%d", ctrl->vectors);
	vk_dom_format_address(w, &ctrl->addr);
	vk_xw_close(w);
}
