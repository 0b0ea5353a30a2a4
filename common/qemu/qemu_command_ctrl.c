/* The QEMU 7.2 command line: controllers and PCI addresses.
 *
 * Explicit <controller> elements come first on the line, in the
 * document's order; a device that needs a controller nobody gave adds
 * the default one before itself (vk_qcmd_need_*), once.  Either way the
 * ids are the same, so a document gains or loses an explicit controller
 * without moving its devices:
 *   scsi N          -device MODEL,id=scsiN[,ADDR] where MODEL is
 *                   virtio-scsi-pci (auto, virtio-scsi, the default),
 *                   lsi (lsilogic), mptsas1068 (lsisas1068), megasas
 *                   (lsisas1078), pvscsi (vmpvscsi)
 *   sata N          -device ahci,id=ahciN[,ADDR]
 *   virtio-serial N -device virtio-serial-pci,id=virtio-serialN
 *                   [,max_ports=P][,vectors=V][,ADDR]
 *   ccid N          -device usb-ccid,id=ccidN (after the USB controller)
 *   ide 0, fdc 0    nothing: the PC machine has them (ide.0, ide.1 and
 *                   the ISA floppy controller); q35 has no IDE (refused)
 *                   and gets -device isa-fdc,id=fdc0 for its floppies
 *   usb             -device qemu-xhci,id=usb (implicit only)
 * ADDR, for an explicit <address type='pci'>, is ",bus=pci.0,addr=0xS.0xF"
 * (vk_qcmd_pci_addr).  Devices QEMU places itself take the lowest free
 * slots, so an explicit slot low enough to meet one fails when QEMU
 * starts; documents that give addresses should give high slots or
 * give them all. */
#include <stdlib.h>
#include <string.h>

#include "qemu_command_priv.h"
#include "util/error.h"

/* ---- PCI addresses ---- */

bool vk_qcmd_q35(const struct vk_qcmd *c)
{
	return c->x86 && c->def->os.machine &&
	       strstr(c->def->os.machine, "q35");
}

/* The slots the machine itself holds: 0 the host bridge, then the
 * PIIX3 (pc) at 1 or the ICH9 functions (q35) at 0x1f. */
static bool slot_reserved(const struct vk_qcmd *c, unsigned slot)
{
	if (slot == 0)
		return true;
	if (!c->x86)
		return false;
	if (vk_qcmd_q35(c))
		return slot == 0x1f;
	return slot == 1;
}

int vk_qcmd_pci_addr(struct vk_qcmd *c, const struct vk_dev_addr *a,
		     const char *who, struct vk_buf *b)
{
	if (a->type == VK_ADDR_NONE)
		return 0;
	if (a->type != VK_ADDR_PCI)
		return vk_qcmd_refuse("%s: address type '%s'", who,
				      vk_addr_type_names[a->type]);
	if (a->domain || a->bus)
		return vk_qcmd_refuse_why("the machine has one PCI bus, "
					  "0000:00", "%s: PCI address "
					  "%04x:%02x", who, a->domain, a->bus);
	if (a->function)
		return vk_qcmd_refuse_why("multifunction slots are not "
					  "supported", "%s: PCI function %u",
					  who, a->function);
	if (slot_reserved(c, a->slot))
		return vk_error(VK_EXIT_DOCUMENT, "%s: PCI slot 0x%02x is "
				"taken by the machine itself", who, a->slot);
	if (c->pci_fn[a->slot] & (1u << a->function))
		return vk_error(VK_EXIT_DOCUMENT, "%s: PCI slot 0x%02x "
				"function %u is already used by another "
				"device", who, a->slot, a->function);
	c->pci_fn[a->slot] |= (unsigned char)(1u << a->function);
	vk_buf_addf(b, ",bus=pci.0,addr=0x%x.0x%x", a->slot, a->function);
	return 0;
}

/* ---- controllers ---- */

static const char *const ctrl_id_prefix[] = {
	[VK_CTRL_IDE] = "ide", [VK_CTRL_FDC] = "fdc",
	[VK_CTRL_SCSI] = "scsi", [VK_CTRL_SATA] = "ahci",
	[VK_CTRL_CCID] = "ccid", [VK_CTRL_VSERIAL] = "virtio-serial",
};

const struct vk_controller *vk_qcmd_find_ctrl(const struct vk_qcmd *c,
					      int type, unsigned index)
{
	int i;

	for (i = 0; i < c->def->ncontrollers; i++)
		if (c->def->controllers[i].type == type &&
		    c->def->controllers[i].index == index)
			return &c->def->controllers[i];
	return NULL;
}

/* QEMU's device for a SCSI model, or NULL when QEMU has none. */
static const char *scsi_device(int model)
{
	switch (model) {
	case VK_SCSI_LSILOGIC: return "lsi";
	case VK_SCSI_LSISAS1068: return "mptsas1068";
	case VK_SCSI_LSISAS1078: return "megasas";
	case VK_SCSI_VMPVSCSI: return "pvscsi";
	case VK_SCSI_BUSLOGIC: return NULL;
	default: return "virtio-scsi-pci";
	}
}

/* Keep the flags the other device files read in step. */
static void mark(struct vk_qcmd *c, int type, unsigned index)
{
	c->ctrl[type] |= 1u << index;
	if (index)
		return;
	if (type == VK_CTRL_SATA)
		c->ahci = true;
	else if (type == VK_CTRL_SCSI)
		c->scsi = true;
	else if (type == VK_CTRL_VSERIAL)
		c->vserial = true;
	else if (type == VK_CTRL_CCID)
		c->ccid = true;
}

/* Check controller K against the machine; 0 or -1. */
static int check_ctrl(const struct vk_qcmd *c, const struct vk_controller *k)
{
	const char *t = vk_ctrl_type_names[k->type];

	if (k->index > VK_QCMD_MAX_CTRL)
		return vk_qcmd_refuse_why("the qemu driver places indexes 0 "
					  "to 31", "%s controller index %u", t,
					  k->index);
	if (k->type == VK_CTRL_IDE || k->type == VK_CTRL_FDC) {
		if (!c->x86)
			return vk_qcmd_refuse_why("only PC machines have it",
						  "%s controller on arch '%s'",
						  t, c->def->os.arch);
		if (k->type == VK_CTRL_IDE && vk_qcmd_q35(c))
			return vk_qcmd_refuse_why(VK_QCMD_Q35_NO_IDE,
						  "ide controller on machine "
						  "'%s'", c->def->os.machine);
		if (k->index)
			return vk_qcmd_refuse_why("the PC machine has one, "
						  "index 0", "%s controller "
						  "index %u", t, k->index);
		if (k->addr.type != VK_ADDR_NONE)
			return vk_qcmd_refuse_why("the PC machine's own has "
						  "a fixed place", "%s "
						  "controller <address>", t);
	}
	if (k->type == VK_CTRL_CCID && k->addr.type != VK_ADDR_NONE)
		return vk_qcmd_refuse_why("it is a USB device", "ccid "
					  "controller <address>");
	if (k->type == VK_CTRL_SCSI && !scsi_device(k->model))
		return vk_qcmd_refuse_why("QEMU 7.2 has no BusLogic adapter",
					  "scsi controller model '%s'",
					  vk_scsi_model_names[k->model]);
	return 0;
}

/* The -device option of controller K (or of the default one of TYPE
 * INDEX when K is NULL); nothing for the machine's own. */
static int add_ctrl(struct vk_qcmd *c, int type, unsigned index,
		    const struct vk_controller *k)
{
	struct vk_buf b = VK_BUF_INIT;
	char *who;
	int rc;

	switch (type) {
	case VK_CTRL_FDC:
		/* q35 has no floppy controller of its own: add one. */
		if (vk_qcmd_q35(c))
			vk_argv_add2(c->a, "-device", "isa-fdc,id=fdc0");
		mark(c, type, index);
		return 0;
	case VK_CTRL_IDE:
		mark(c, type, index);
		return 0;
	case VK_CTRL_SCSI:
		vk_buf_add(&b, scsi_device(k ? k->model : -1));
		break;
	case VK_CTRL_SATA:
		vk_buf_add(&b, "ahci");
		break;
	case VK_CTRL_CCID:
		vk_qcmd_need_usb(c);
		vk_buf_add(&b, "usb-ccid");
		break;
	default:
		vk_buf_add(&b, "virtio-serial-pci");
		break;
	}
	vk_buf_addf(&b, ",id=%s%u", ctrl_id_prefix[type], index);
	if (k && k->ports >= 0)
		vk_buf_addf(&b, ",max_ports=%d", k->ports);
	if (k && k->vectors >= 0)
		vk_buf_addf(&b, ",vectors=%d", k->vectors);
	who = vk_asprintf("%s controller %u", vk_ctrl_type_names[type],
			  index);
	rc = k ? vk_qcmd_pci_addr(c, &k->addr, who, &b) : 0;
	free(who);
	if (rc < 0) {
		vk_buf_free(&b);
		return -1;
	}
	vk_qcmd_push(c, "-device", &b);
	mark(c, type, index);
	return 0;
}

int vk_qcmd_controllers(struct vk_qcmd *c)
{
	int i;

	for (i = 0; i < c->def->ncontrollers; i++) {
		const struct vk_controller *k = &c->def->controllers[i];

		if (check_ctrl(c, k) < 0 ||
		    add_ctrl(c, k->type, k->index, k) < 0)
			return -1;
	}
	return 0;
}

int vk_qcmd_need_ctrl(struct vk_qcmd *c, int type, unsigned index,
		      const char *who)
{
	if (index > VK_QCMD_MAX_CTRL)
		return vk_qcmd_refuse_why("the qemu driver places controller "
					  "indexes 0 to 31", "%s: %s "
					  "controller %u", who,
					  vk_ctrl_type_names[type], index);
	if ((type == VK_CTRL_IDE || type == VK_CTRL_FDC) && index)
		return vk_error(VK_EXIT_DOCUMENT, "%s: the PC machine has no "
				"%s controller %u (only 0)", who,
				vk_ctrl_type_names[type], index);
	if (c->ctrl[type] & (1u << index))
		return 0;
	return add_ctrl(c, type, index, NULL);
}

void vk_qcmd_need_usb(struct vk_qcmd *c)
{
	if (!c->usb)
		vk_argv_add2(c->a, "-device", "qemu-xhci,id=usb");
	c->usb = true;
}

void vk_qcmd_need_ahci(struct vk_qcmd *c)
{
	vk_qcmd_need_ctrl(c, VK_CTRL_SATA, 0, "sata");
}

void vk_qcmd_need_scsi(struct vk_qcmd *c)
{
	vk_qcmd_need_ctrl(c, VK_CTRL_SCSI, 0, "scsi");
}

void vk_qcmd_need_vserial(struct vk_qcmd *c)
{
	vk_qcmd_need_ctrl(c, VK_CTRL_VSERIAL, 0, "virtio-serial");
}

void vk_qcmd_need_ccid(struct vk_qcmd *c)
{
	vk_qcmd_need_ctrl(c, VK_CTRL_CCID, 0, "ccid");
}
