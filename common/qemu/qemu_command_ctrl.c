/* The QEMU 7.2 command line: controllers, each added once, before the
 * first device that needs it (qemu-xhci "usb", ahci "ahci0",
 * virtio-scsi-pci "scsi0", virtio-serial-pci "virtio-serial0"). */
#include <stdlib.h>
#include <string.h>

#include "qemu_command_priv.h"
#include "util/error.h"

/* ---- controllers ---- */

void vk_qcmd_need_usb(struct vk_qcmd *c)
{
	if (!c->usb)
		vk_argv_add2(c->a, "-device", "qemu-xhci,id=usb");
	c->usb = true;
}

void vk_qcmd_need_ahci(struct vk_qcmd *c)
{
	if (!c->ahci)
		vk_argv_add2(c->a, "-device", "ahci,id=ahci0");
	c->ahci = true;
}

void vk_qcmd_need_scsi(struct vk_qcmd *c)
{
	if (!c->scsi)
		vk_argv_add2(c->a, "-device", "virtio-scsi-pci,id=scsi0");
	c->scsi = true;
}

void vk_qcmd_need_vserial(struct vk_qcmd *c)
{
	if (!c->vserial)
		vk_argv_add2(c->a, "-device",
			     "virtio-serial-pci,id=virtio-serial0");
	c->vserial = true;
}
