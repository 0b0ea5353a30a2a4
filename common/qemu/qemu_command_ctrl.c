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
 *                   (sata 0 at 0x1f.2 of a q35 is the machine's own
 *                   AHCI, "ide": nothing is added)
 *   usb N           -device DEV,id=usb[N][,p2=P,p3=P][,ADDR] where DEV is
 *                   piix3-usb-uhci (the default on pc), piix4-usb-uhci,
 *                   usb-ehci, ich9-usb-ehci1, ich9-usb-uhci1..3,
 *                   vt82c686b-usb-uhci, pci-ohci, nec-usb-xhci,
 *                   qemu-xhci (the default on q35 and when a USB device
 *                   needs a controller nobody gave); a companion
 *                   (<master startport>) has no id and
 *                   masterbus=usb[N].0,firstport=S; model 'none' adds
 *                   nothing and no USB device may be placed
 *   pci             qemu_command_pci.c (first of all)
 *   isa             nothing (the PC machines' ISA bus)
 * <driver> of a virtio controller: num_queues (scsi), cmd_per_lun,
 * max_sectors, ioeventfd, iommu_platform, ats, packed, page-per-vq.
 * ADDR is from vk_qcmd_pci_addr (a ccid controller: vk_qcmd_usb_addr).
 * Devices QEMU places itself take the lowest free slots, so an explicit
 * slot low enough to meet one fails when QEMU starts; documents that
 * give addresses should give them all (vm-define does). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qemu_command_priv.h"
#include "util/error.h"

/* ---- controllers ---- */

static const char *const ctrl_id_prefix[] = {
	[VK_CTRL_IDE] = "ide", [VK_CTRL_FDC] = "fdc",
	[VK_CTRL_SCSI] = "scsi", [VK_CTRL_SATA] = "ahci",
	[VK_CTRL_CCID] = "ccid", [VK_CTRL_VSERIAL] = "virtio-serial",
	[VK_CTRL_USB] = "usb", [VK_CTRL_PCI] = "pci",
	[VK_CTRL_XENBUS] = "xenbus", [VK_CTRL_ISA] = "isa",
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
	case VK_SCSI_VIRTIO_TRANS: return "virtio-scsi-pci-transitional";
	case VK_SCSI_VIRTIO_NONTRANS:
		return "virtio-scsi-pci-non-transitional";
	case VK_SCSI_DC390: return "dc390";
	case VK_SCSI_AM53C974: return "am53c974";
	case VK_SCSI_BUSLOGIC:
	case VK_SCSI_IBMVSCSI:
	case VK_SCSI_NCR53C90: return NULL;
	default: return "virtio-scsi-pci";
	}
}

/* Why QEMU 7.2 on a PC has no SCSI MODEL. */
static const char *scsi_why(int model)
{
	if (model == VK_SCSI_BUSLOGIC)
		return "QEMU 7.2 has no BusLogic adapter";
	if (model == VK_SCSI_IBMVSCSI)
		return "it is the pSeries machine's";
	return "QEMU's ESP is built into the machines that have it";
}

/* QEMU's USB controller devices, by enum vk_usb_model. */
static const char *const usb_devices[] = {
	"piix3-usb-uhci", "piix4-usb-uhci", "usb-ehci", "ich9-usb-ehci1",
	"ich9-usb-uhci1", "ich9-usb-uhci2", "ich9-usb-uhci3",
	"vt82c686b-usb-uhci", "pci-ohci", "nec-usb-xhci", NULL, NULL, NULL,
	"qemu-xhci",
};

/* The model a usb controller without model= has: libvirt's default. */
static int usb_model(const struct vk_qcmd *c, const struct vk_controller *k)
{
	if (k && k->model >= 0)
		return k->model;
	return vk_qcmd_q35(c) || !c->x86 ? VK_USB_QEMU_XHCI :
	       VK_USB_PIIX3_UHCI;
}

static bool usb_xhci(int model)
{
	return model == VK_USB_QEMU_XHCI || model == VK_USB_NEC_XHCI;
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
	else if (type == VK_CTRL_USB)
		c->usb = true;
}

/* Whether K is the PC machine's own IDE (0:1.1) or the q35 machine's
 * own SATA (0:0x1f.2), placed where it is. */
static bool machine_own(const struct vk_qcmd *c, const struct vk_controller *k)
{
	const struct vk_dev_addr *a = &k->addr;

	if (k->index || a->type != VK_ADDR_PCI || a->domain || a->bus)
		return false;
	if (k->type == VK_CTRL_IDE)
		return !vk_qcmd_q35(c) && a->slot == 1 && a->function == 1;
	return k->type == VK_CTRL_SATA && vk_qcmd_q35(c) && a->slot == 0x1f &&
	       a->function == 2;
}

const char *vk_qcmd_sata_bus(const struct vk_qcmd *c, unsigned index,
			     char buf[16])
{
	const struct vk_controller *k = vk_qcmd_find_ctrl(c, VK_CTRL_SATA,
							  index);

	if (k && machine_own(c, k))
		return "ide";
	snprintf(buf, 16, "ahci%u", index);
	return buf;
}

static int check_pc_ctrl(const struct vk_qcmd *c,
			 const struct vk_controller *k)
{
	const char *t = vk_ctrl_type_names[k->type];

	if (!c->x86)
		return vk_qcmd_refuse_why("only PC machines have it",
					  "%s controller on arch '%s'", t,
					  c->def->os.arch);
	if (k->type == VK_CTRL_IDE && vk_qcmd_q35(c))
		return vk_qcmd_refuse_why(VK_QCMD_Q35_NO_IDE, "ide controller "
					  "on machine '%s'",
					  c->def->os.machine);
	if (k->type == VK_CTRL_IDE && k->model > VK_IDE_PIIX3)
		return vk_qcmd_refuse_why("the PC machine's IDE is the "
					  "PIIX3's", "ide controller model "
					  "'%s'", vk_ide_model_names[k->model]);
	if (k->index && k->type != VK_CTRL_ISA)
		return vk_qcmd_refuse_why("the PC machine has one, index 0",
					  "%s controller index %u", t,
					  k->index);
	if (k->addr.type != VK_ADDR_NONE && !machine_own(c, k))
		return vk_qcmd_refuse_why("the PC machine's own has a fixed "
					  "place", "%s controller <address>",
					  t);
	return 0;
}

static int check_usb_ctrl(const struct vk_qcmd *c,
			  const struct vk_controller *k)
{
	int m = usb_model(c, k);

	if (m == VK_USB_QUSB1 || m == VK_USB_QUSB2)
		return vk_qcmd_refuse_why("it is Xen's", "usb controller "
					  "model '%s'", vk_usb_model_names[m]);
	if (k->ports >= 0 && !usb_xhci(m))
		return vk_qcmd_refuse_why("only xhci controllers have a port "
					  "count", "usb controller model '%s' "
					  "ports=", vk_usb_model_names[m]);
	if (k->ports > 15)
		return vk_qcmd_refuse_why("QEMU's xhci has 15 ports at most",
					  "usb controller ports='%d'",
					  k->ports);
	if (k->startport >= 0 && !vk_qcmd_find_ctrl(c, VK_CTRL_USB, k->index))
		return vk_error(VK_EXIT_DOCUMENT, "usb controller %u: a "
				"companion needs its master", k->index);
	return 0;
}

/* The driver options of K, a virtio controller. */
static int ctrl_driver(const struct vk_qcmd *c, const struct vk_controller *k,
		       const char *who, struct vk_buf *b)
{
	const struct vk_ctrl_driver *d = &k->driver;
	const char *t = vk_ctrl_type_names[k->type];
	bool vscsi = k->type == VK_CTRL_SCSI &&
		     !strncmp(scsi_device(k->model), "virtio", 6);

	if (!k->has_driver)
		return 0;
	if (!vscsi && k->type != VK_CTRL_VSERIAL)
		return vk_qcmd_refuse_why("only virtio controllers have driver "
					  "options", "%s controller <driver>",
					  t);
	if (d->iothread >= 0 && !vscsi)
		return vk_qcmd_refuse_why("virtio-serial has no I/O thread",
					  "%s controller <driver iothread>",
					  t);
	if (d->iothread >= 0 &&
	    vk_qcmd_iothread(c, b, (unsigned)d->iothread, who) < 0)
		return -1;
	if (!vscsi && (d->queues >= 0 || d->cmd_per_lun >= 0 ||
		       d->max_sectors >= 0))
		return vk_qcmd_refuse_why("they are virtio-scsi's",
					  "virtio-serial controller <driver "
					  "queues cmd_per_lun max_sectors>");
	if (d->queues >= 0)
		vk_buf_addf(b, ",num_queues=%d", d->queues);
	if (d->cmd_per_lun >= 0)
		vk_buf_addf(b, ",cmd_per_lun=%d", d->cmd_per_lun);
	if (d->max_sectors >= 0)
		vk_buf_addf(b, ",max_sectors=%d", d->max_sectors);
	if (d->ioeventfd >= 0)
		vk_buf_addf(b, ",ioeventfd=%s", d->ioeventfd ? "on" : "off");
	if (d->iommu >= 0)
		vk_buf_addf(b, ",iommu_platform=%s", d->iommu ? "on" : "off");
	if (d->ats >= 0)
		vk_buf_addf(b, ",ats=%s", d->ats ? "on" : "off");
	if (d->packed >= 0)
		vk_buf_addf(b, ",packed=%s", d->packed ? "on" : "off");
	if (d->page_per_vq >= 0)
		vk_buf_addf(b, ",page-per-vq=%s", d->page_per_vq ? "on" :
			    "off");
	return 0;
}

/* Check controller K against the machine; 0 or -1. */
static int check_ctrl(const struct vk_qcmd *c, const struct vk_controller *k)
{
	const char *t = vk_ctrl_type_names[k->type];

	if (k->index > VK_QCMD_MAX_CTRL)
		return vk_qcmd_refuse_why("the qemu driver places indexes 0 "
					  "to 31", "%s controller index %u", t,
					  k->index);
	switch (k->type) {
	case VK_CTRL_IDE:
	case VK_CTRL_FDC:
	case VK_CTRL_ISA:
		return check_pc_ctrl(c, k);
	case VK_CTRL_XENBUS:
		return vk_qcmd_refuse_why("it is Xen's bus", "xenbus "
					  "controller");
	case VK_CTRL_USB:
		return check_usb_ctrl(c, k);
	case VK_CTRL_SCSI:
		if (!scsi_device(k->model))
			return vk_qcmd_refuse_why(scsi_why(k->model),
						  "scsi controller model '%s'",
						  vk_scsi_model_names[k->model]);
		return 0;
	default:
		return 0;
	}
}

/* The device of USB controller K (its model's). */
static void add_usb(struct vk_qcmd *c, const struct vk_controller *k,
		    struct vk_buf *b)
{
	int m = usb_model(c, k);

	vk_buf_add(b, usb_devices[m]);
	if (k->startport >= 0) {
		if (k->index)
			vk_buf_addf(b, ",masterbus=usb%u.0", k->index);
		else
			vk_buf_add(b, ",masterbus=usb.0");
		vk_buf_addf(b, ",firstport=%d", k->startport);
		return;
	}
	if (k->index)
		vk_buf_addf(b, ",id=usb%u", k->index);
	else
		vk_buf_add(b, ",id=usb");
	if (k->ports >= 0)
		vk_buf_addf(b, ",p2=%d,p3=%d", k->ports, k->ports);
}

/* The -device option of controller K (or of the default one of TYPE
 * INDEX when K is NULL); nothing for the machine's own. */
static int add_ctrl(struct vk_qcmd *c, int type, unsigned index,
		    const struct vk_controller *k)
{
	struct vk_buf b = VK_BUF_INIT;
	char *who;
	int rc;

	if (k && (type == VK_CTRL_ISA || type == VK_CTRL_IDE ||
		  (type == VK_CTRL_SATA && machine_own(c, k)))) {
		mark(c, type, index);
		return 0;
	}
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
	case VK_CTRL_USB:
		if (usb_model(c, k) == VK_USB_NONE) {
			c->usb_none = true;
			mark(c, type, index);
			return 0;
		}
		add_usb(c, k, &b);
		break;
	case VK_CTRL_SCSI:
		vk_buf_add(&b, scsi_device(k ? k->model : -1));
		break;
	case VK_CTRL_SATA:
		vk_buf_add(&b, "ahci");
		break;
	case VK_CTRL_CCID:
		vk_buf_add(&b, "usb-ccid");
		break;
	default:
		vk_buf_add(&b, !k || k->model <= VK_VSERIAL_VIRTIO ?
			   "virtio-serial-pci" : k->model == VK_VSERIAL_TRANS ?
			   "virtio-serial-pci-transitional" :
			   "virtio-serial-pci-non-transitional");
		break;
	}
	if (type != VK_CTRL_USB)
		vk_buf_addf(&b, ",id=%s%u", ctrl_id_prefix[type], index);
	if (k && k->ports >= 0 && type == VK_CTRL_VSERIAL)
		vk_buf_addf(&b, ",max_ports=%d", k->ports);
	if (k && k->vectors >= 0)
		vk_buf_addf(&b, ",vectors=%d", k->vectors);
	who = vk_asprintf("%s controller %u", vk_ctrl_type_names[type],
			  index);
	if (type == VK_CTRL_CCID)
		rc = vk_qcmd_usb_addr(c, k ? &k->addr : &(struct vk_dev_addr){0},
				      who, &b);
	else
		rc = k ? ctrl_driver(c, k, who, &b) < 0 ? -1 :
		     vk_qcmd_pci_addr(c, &k->addr, who, &b) : 0;
	free(who);
	if (rc < 0) {
		vk_buf_free(&b);
		return -1;
	}
	vk_qcmd_push(c, "-device", &b);
	if (!k || k->startport < 0)
		mark(c, type, index);
	return 0;
}

int vk_qcmd_controllers(struct vk_qcmd *c)
{
	int i;

	if (vk_qcmd_pci_controllers(c) < 0)
		return -1;
	/* Masters before their companions. */
	for (i = 0; i < c->def->ncontrollers; i++) {
		const struct vk_controller *k = &c->def->controllers[i];

		if (k->type == VK_CTRL_PCI ||
		    (k->type == VK_CTRL_USB && k->startport >= 0))
			continue;
		if (check_ctrl(c, k) < 0 ||
		    add_ctrl(c, k->type, k->index, k) < 0)
			return -1;
	}
	for (i = 0; i < c->def->ncontrollers; i++) {
		const struct vk_controller *k = &c->def->controllers[i];

		if (k->type == VK_CTRL_USB && k->startport >= 0 &&
		    (check_ctrl(c, k) < 0 ||
		     add_ctrl(c, k->type, k->index, k) < 0))
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
