/* The QEMU 7.2 command line: PCI addresses, USB addresses and the PCI
 * controllers.
 *
 * Bus 0 is the machine's root bus: pci.0 on pc, pcie.0 on q35; every
 * other bus is the PCI controller whose index is the bus number, with
 * id pci.N.  The PCI controllers come first on the line, by index (a
 * bridge sits on a bus of a lower index):
 *   pci-root, pcie-root          nothing (the machine's own); a
 *                                <pcihole64> sets the host bridge's
 *                                pci-hole64-size
 *   pci-bridge                   pci-bridge,chassis_nr=C
 *   dmi-to-pci-bridge            i82801b11-bridge
 *   pcie-to-pci-bridge           pcie-pci-bridge
 *   pcie-root-port               pcie-root-port (or ioh3420),port=,chassis=
 *                                [,hotplug=off]
 *   pcie-switch-upstream-port    x3130-upstream
 *   pcie-switch-downstream-port  xio3130-downstream,port=,chassis=
 *   pci-expander-bus             pxb,bus_nr=[,numa_node=]
 *   pcie-expander-bus            pxb-pcie,bus_nr=[,numa_node=]
 * each with ",id=pci.N" and its address. */
#include <stdlib.h>
#include <string.h>

#include "qemu_command_priv.h"
#include "util/error.h"

/* QEMU's device of each pci model, and the <model name> each may have
 * (index in vk_pci_model_name_names; -1: none). */
static const struct {
	const char *dev;
	int name, alt;
} pci_models[] = {
	[VK_PCI_ROOT] = {NULL, 0, -1},
	[VK_PCIE_ROOT] = {NULL, -1, -1},
	[VK_PCI_BRIDGE] = {"pci-bridge", 1, -1},
	[VK_PCI_DMI_TO_PCI_BRIDGE] = {"i82801b11-bridge", 2, -1},
	[VK_PCI_PCIE_TO_PCI_BRIDGE] = {"pcie-pci-bridge", 3, -1},
	[VK_PCI_PCIE_ROOT_PORT] = {"pcie-root-port", 5, 4},
	[VK_PCI_SWITCH_UPSTREAM] = {"x3130-upstream", 6, -1},
	[VK_PCI_SWITCH_DOWNSTREAM] = {"xio3130-downstream", 7, -1},
	[VK_PCI_EXPANDER_BUS] = {"pxb", 8, -1},
	[VK_PCIE_EXPANDER_BUS] = {"pxb-pcie", 9, -1},
};

bool vk_qcmd_q35(const struct vk_qcmd *c)
{
	return c->x86 && c->def->os.machine &&
	       strstr(c->def->os.machine, "q35");
}

/* The PCI controller with index INDEX, or NULL. */
static const struct vk_controller *pci_ctrl(const struct vk_qcmd *c,
					    unsigned index)
{
	return vk_qcmd_find_ctrl(c, VK_CTRL_PCI, index);
}

/* Whether function FN of slot SLOT on bus 0 is the machine's own: 0
 * the host bridge; on pc the PIIX3 at 1 (ISA bridge 1.0, IDE 1.1, power
 * management 1.3; 1.2 is where libvirt puts the PIIX3's USB); on q35 the
 * ICH9 at 0x1f (LPC 0x1f.0, SATA 0x1f.2, SMBus 0x1f.3). */
bool vk_qcmd_pci_fn_own(const struct vk_qcmd *c, unsigned slot,
			unsigned fn)
{
	if (slot == 0)
		return true;
	if (!c->x86)
		return false;
	if (vk_qcmd_q35(c))
		return slot == 0x1f && (fn == 0 || fn == 2 || fn == 3);
	return slot == 1 && fn != 2;
}

/* Whether the controller K provides a single slot, 0 (a PCIe port). */
static bool one_slot(const struct vk_controller *k)
{
	return k->model == VK_PCI_PCIE_ROOT_PORT ||
	       k->model == VK_PCI_SWITCH_DOWNSTREAM;
}

int vk_qcmd_pci_addr(struct vk_qcmd *c, const struct vk_dev_addr *a,
		     const char *who, struct vk_buf *b)
{
	const struct vk_controller *k = NULL;

	if (a->type == VK_ADDR_NONE ||
	    (a->type == VK_ADDR_PCI && vk_dev_addr_pci_wanted(a)))
		return 0;
	if (a->type != VK_ADDR_PCI)
		return vk_qcmd_refuse_why("QEMU's PC machines place it on "
					  "PCI", "%s: address type '%s'", who,
					  vk_addr_type_names[a->type]);
	if (a->domain)
		return vk_qcmd_refuse_why("QEMU's PC machines have PCI domain "
					  "0 only", "%s: PCI domain %04x",
					  who, a->domain);
	if (a->bus) {
		k = pci_ctrl(c, a->bus);
		if (!k)
			return vk_error(VK_EXIT_DOCUMENT, "%s: PCI bus 0x%02x: "
					"no PCI controller has index %u", who,
					a->bus, a->bus);
		if (one_slot(k) && a->slot)
			return vk_error(VK_EXIT_DOCUMENT, "%s: PCI bus 0x%02x "
					"is a %s, which has slot 0 only", who,
					a->bus, vk_pci_model_names[k->model]);
	} else if (vk_qcmd_pci_fn_own(c, a->slot, a->function)) {
		return vk_error(VK_EXIT_DOCUMENT, "%s: PCI address 00:%02x.%x "
				"is taken by the machine itself", who, a->slot,
				a->function);
	}
	if (c->pci_fn[a->bus][a->slot] & (1u << a->function))
		return vk_error(VK_EXIT_DOCUMENT, "%s: PCI address "
				"%02x:%02x.%x is already used by another "
				"device", who, a->bus, a->slot, a->function);
	c->pci_fn[a->bus][a->slot] |= (unsigned char)(1u << a->function);
	if (a->bus)
		vk_buf_addf(b, ",bus=pci.%u", a->bus);
	else
		vk_buf_add(b, vk_qcmd_q35(c) ? ",bus=pcie.0" : ",bus=pci.0");
	vk_buf_addf(b, ",addr=0x%x.0x%x", a->slot, a->function);
	if (a->multifunction)
		vk_buf_addf(b, ",multifunction=%s",
			    a->multifunction == VK_ADDR_MF_ON ? "on" : "off");
	return 0;
}

int vk_qcmd_usb_addr(struct vk_qcmd *c, const struct vk_dev_addr *a,
		     const char *who, struct vk_buf *b)
{
	int i;

	if (a->type != VK_ADDR_NONE && a->type != VK_ADDR_USB)
		return vk_qcmd_refuse_why("it is a USB device", "%s: address "
					  "type '%s'", who,
					  vk_addr_type_names[a->type]);
	if (a->type == VK_ADDR_NONE || !a->bus)
		vk_qcmd_need_usb(c);
	if (c->usb_none && !a->bus)
		return vk_error(VK_EXIT_DOCUMENT, "%s: the usb controller is "
				"model 'none'", who);
	if (a->type == VK_ADDR_NONE)
		return 0;	/* QEMU picks the USB bus */
	if (a->bus && !vk_qcmd_find_ctrl(c, VK_CTRL_USB, a->bus))
		return vk_error(VK_EXIT_DOCUMENT, "%s: no usb controller has "
				"index %u", who, a->bus);
	if (a->bus)
		vk_buf_addf(b, ",bus=usb%u.0", a->bus);
	else
		vk_buf_add(b, ",bus=usb.0");
	for (i = 0; a->type == VK_ADDR_USB && i < VK_USB_PORT_DEPTH &&
	     a->usb_port[i]; i++)
		vk_buf_addf(b, "%s%u", i ? "." : ",port=", a->usb_port[i]);
	return 0;
}

/* ---- PCI controllers ---- */

static int check_pci_ctrl(const struct vk_qcmd *c,
			  const struct vk_controller *k)
{
	const char *m = vk_pci_model_names[k->model];

	if (!c->x86)
		return vk_qcmd_refuse_why("virtkit places PCI controllers on "
					  "PC machines only", "%s controller "
					  "on arch '%s'", m, c->def->os.arch);
	if (k->model == VK_PCI_ROOT && vk_qcmd_q35(c))
		return vk_qcmd_refuse_why("the q35 machine's root bus is PCI "
					  "Express: pcie-root", "pci-root on "
					  "machine '%s'", c->def->os.machine);
	if (k->model == VK_PCIE_ROOT && !vk_qcmd_q35(c))
		return vk_qcmd_refuse_why("only the q35 machine has a PCI "
					  "Express root: pci-root",
					  "pcie-root on machine '%s'",
					  c->def->os.machine ?
					  c->def->os.machine : "pc");
	if (k->model_name >= 0 && k->model_name != pci_models[k->model].name &&
	    k->model_name != pci_models[k->model].alt)
		return vk_error(VK_EXIT_DOCUMENT, "%s controller %u: <model "
				"name='%s'> is not a %s", m, k->index,
				vk_pci_model_name_names[k->model_name], m);
	if (k->model_name == 0)
		return vk_qcmd_refuse_why("it is the pSeries host bridge",
					  "<model name='%s'>",
					  vk_pci_model_name_names[0]);
	if (k->target_index >= 0)
		return vk_qcmd_refuse_why("it numbers pSeries host bridges",
					  "%s controller <target index>", m);
	if (k->has_driver)
		return vk_qcmd_refuse_why("a PCI controller has no driver "
					  "options", "%s controller <driver>",
					  m);
	if ((k->model == VK_PCI_ROOT || k->model == VK_PCIE_ROOT) &&
	    k->addr.type != VK_ADDR_NONE)
		return vk_qcmd_refuse_why("the root bus has no place on "
					  "another", "%s controller <address>",
					  m);
	return 0;
}

/* The -device option of the PCI controller K (nothing for a root). */
static int add_pci_ctrl(struct vk_qcmd *c, const struct vk_controller *k)
{
	struct vk_buf b = VK_BUF_INIT;
	char *who;
	int rc;

	if (check_pci_ctrl(c, k) < 0)
		return -1;
	if (k->model == VK_PCI_ROOT || k->model == VK_PCIE_ROOT) {
		if (k->pcihole64 >= 0) {
			vk_argv_add(c->a, "-global");
			vk_argv_addf(c->a, "%s.pci-hole64-size=%lldK",
				     k->model == VK_PCI_ROOT ?
				     "i440FX-pcihost" : "q35-pcihost",
				     k->pcihole64);
		}
		return 0;
	}
	vk_buf_add(&b, k->model_name == pci_models[k->model].alt &&
		   k->model_name >= 0 ? vk_pci_model_name_names[k->model_name]
		   : pci_models[k->model].dev);
	switch (k->model) {
	case VK_PCI_BRIDGE:
		vk_buf_addf(&b, ",chassis_nr=%d", k->chassis_nr >= 0 ?
			    k->chassis_nr : (int)k->index);
		break;
	case VK_PCI_PCIE_ROOT_PORT:
	case VK_PCI_SWITCH_DOWNSTREAM:
		if (k->port >= 0)
			vk_buf_addf(&b, ",port=0x%x", k->port);
		vk_buf_addf(&b, ",chassis=%d", k->chassis >= 0 ? k->chassis :
			    (int)k->index);
		if (k->hotplug == 0)
			vk_buf_add(&b, ",hotplug=off");
		break;
	case VK_PCI_EXPANDER_BUS:
	case VK_PCIE_EXPANDER_BUS:
		if (k->bus_nr >= 0)
			vk_buf_addf(&b, ",bus_nr=%d", k->bus_nr);
		if (k->numa_node >= 0)
			vk_buf_addf(&b, ",numa_node=%d", k->numa_node);
		break;
	default:
		break;
	}
	vk_buf_addf(&b, ",id=pci.%u", k->index);
	who = vk_asprintf("%s controller %u", vk_pci_model_names[k->model],
			  k->index);
	if (k->addr.bus >= k->index && k->addr.type == VK_ADDR_PCI &&
	    !vk_dev_addr_pci_wanted(&k->addr)) {
		rc = vk_error(VK_EXIT_DOCUMENT, "%s: it sits on bus 0x%02x: "
			      "a PCI controller sits on a bus of a lower "
			      "index", who, k->addr.bus);
		vk_buf_free(&b);
	} else {
		rc = vk_qcmd_push_pci(c, &k->addr, who, &b);
	}
	free(who);
	return rc;
}

int vk_qcmd_push_pci(struct vk_qcmd *c, const struct vk_dev_addr *a,
		     const char *who, struct vk_buf *b)
{
	if (vk_qcmd_pci_addr(c, a, who, b) < 0) {
		vk_buf_free(b);
		return -1;
	}
	vk_qcmd_push(c, "-device", b);
	return 0;
}

int vk_qcmd_pci_controllers(struct vk_qcmd *c)
{
	unsigned idx;
	int i;

	for (idx = 0; idx <= 255; idx++)
		for (i = 0; i < c->def->ncontrollers; i++) {
			const struct vk_controller *k = &c->def->controllers[i];

			if (k->type == VK_CTRL_PCI && k->index == idx &&
			    add_pci_ctrl(c, k) < 0)
				return -1;
		}
	return 0;
}
