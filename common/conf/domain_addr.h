/* Domain XML: device addresses and controllers (domain_controller.c),
 * included by domain.h.
 *
 * Every device's <address type=...>; the fields each type uses:
 *   pci            domain bus slot function [multifunction]
 *   drive          controller bus target unit
 *   virtio-serial  controller bus port
 *   ccid           controller slot
 *   usb            bus [port] (a path of up to 4 ports, "1.2")
 *   isa            [iobase] [irq]
 *   spapr-vio      [reg]
 *   ccw            [cssid ssid devno] (all three or none)
 *   dimm           [slot] [base]
 *   virtio-mmio, unassigned   nothing
 * A PCI address whose domain, bus, slot and function are all 0 asks for
 * one to be assigned (as libvirt reads it). */
#ifndef VK_DOMAIN_ADDR_H
#define VK_DOMAIN_ADDR_H

#include <stdbool.h>

enum vk_addr_type { VK_ADDR_NONE, VK_ADDR_PCI, VK_ADDR_DRIVE,
		    VK_ADDR_VSERIAL, VK_ADDR_CCID, VK_ADDR_USB, VK_ADDR_ISA,
		    VK_ADDR_SPAPRVIO, VK_ADDR_CCW, VK_ADDR_VMMIO,
		    VK_ADDR_UNASSIGNED, VK_ADDR_DIMM, VK_ADDR_LAST };
extern const char *const vk_addr_type_names[];	/* [0] is "none" */
#define VK_ADDR_MASK(t) (1u << (t))
/* Every type but none. */
#define VK_ADDR_ANY (((1u << VK_ADDR_LAST) - 1) & ~1u)

#define VK_USB_PORT_DEPTH 4

struct vk_dev_addr {
	int type;		/* enum vk_addr_type; NONE: not given */
	unsigned domain, bus, slot, function;
	unsigned controller, unit, port;
	int multifunction;	/* pci: 0 unset, VK_ADDR_MF_ON, VK_ADDR_MF_OFF */
	unsigned target;	/* drive */
	unsigned char usb_port[VK_USB_PORT_DEPTH];	/* usb: 0-ended path */
	unsigned iobase, irq;	/* isa */
	unsigned cssid, ssid, devno;	/* ccw */
	unsigned long long reg;	/* spapr-vio */
	unsigned long long base;	/* dimm (slot: slot) */
	unsigned given;		/* optional fields given: VK_ADDR_HAS_* */
};
#define VK_ADDR_HAS_IOBASE 0x1
#define VK_ADDR_HAS_IRQ 0x2
#define VK_ADDR_HAS_REG 0x4
#define VK_ADDR_HAS_CCW 0x8
#define VK_ADDR_HAS_SLOT 0x10	/* dimm */
#define VK_ADDR_HAS_BASE 0x20	/* dimm */
#define VK_ADDR_HAS_TARGET 0x40	/* drive */
#define VK_ADDR_MF_ON 1
#define VK_ADDR_MF_OFF 2

/* Whether A is a PCI address to be assigned (type pci, all zero) or
 * no address at all. */
bool vk_dev_addr_pci_wanted(const struct vk_dev_addr *a);

/* Controllers. */
enum vk_ctrl_type { VK_CTRL_IDE, VK_CTRL_FDC, VK_CTRL_SCSI, VK_CTRL_SATA,
		    VK_CTRL_CCID, VK_CTRL_VSERIAL, VK_CTRL_USB, VK_CTRL_PCI,
		    VK_CTRL_XENBUS, VK_CTRL_ISA, VK_CTRL_LAST };
extern const char *const vk_ctrl_type_names[];
enum vk_scsi_model { VK_SCSI_AUTO, VK_SCSI_BUSLOGIC, VK_SCSI_LSILOGIC,
		     VK_SCSI_LSISAS1068, VK_SCSI_VMPVSCSI,
		     VK_SCSI_LSISAS1078, VK_SCSI_VIRTIO, VK_SCSI_IBMVSCSI,
		     VK_SCSI_VIRTIO_TRANS, VK_SCSI_VIRTIO_NONTRANS,
		     VK_SCSI_NCR53C90, VK_SCSI_DC390, VK_SCSI_AM53C974 };
extern const char *const vk_scsi_model_names[];
enum vk_usb_model { VK_USB_PIIX3_UHCI, VK_USB_PIIX4_UHCI, VK_USB_EHCI,
		    VK_USB_ICH9_EHCI1, VK_USB_ICH9_UHCI1, VK_USB_ICH9_UHCI2,
		    VK_USB_ICH9_UHCI3, VK_USB_VT82C686B_UHCI, VK_USB_PCI_OHCI,
		    VK_USB_NEC_XHCI, VK_USB_NONE, VK_USB_QUSB1, VK_USB_QUSB2,
		    VK_USB_QEMU_XHCI };
extern const char *const vk_usb_model_names[];
enum vk_pci_model { VK_PCI_ROOT, VK_PCIE_ROOT, VK_PCI_BRIDGE,
		    VK_PCI_DMI_TO_PCI_BRIDGE, VK_PCI_PCIE_TO_PCI_BRIDGE,
		    VK_PCI_PCIE_ROOT_PORT, VK_PCI_SWITCH_UPSTREAM,
		    VK_PCI_SWITCH_DOWNSTREAM, VK_PCI_EXPANDER_BUS,
		    VK_PCIE_EXPANDER_BUS };
extern const char *const vk_pci_model_names[];
/* <model name=>: QEMU's device of each kind (spapr-pci-host-bridge,
 * pci-bridge, i82801b11-bridge, pcie-pci-bridge, ioh3420,
 * pcie-root-port, x3130-upstream, xio3130-downstream, pxb, pxb-pcie). */
extern const char *const vk_pci_model_name_names[];
enum vk_ide_model { VK_IDE_PIIX3, VK_IDE_PIIX4, VK_IDE_ICH6 };
extern const char *const vk_ide_model_names[];
enum vk_vserial_model { VK_VSERIAL_VIRTIO, VK_VSERIAL_TRANS,
			VK_VSERIAL_NONTRANS };
extern const char *const vk_vserial_model_names[];

/* <driver> of a controller; every member -1 when not given. */
struct vk_ctrl_driver {
	int queues, cmd_per_lun, max_sectors, iothread;
	int ioeventfd;		/* 0 off, 1 on */
	int iommu, ats, packed, page_per_vq;	/* virtio options: off/on */
};

struct vk_controller {
	int type;		/* enum vk_ctrl_type */
	unsigned index;		/* the lowest free one when not given */
	int model;		/* by type: vk_scsi_model, vk_usb_model,
				 * vk_pci_model, vk_ide_model,
				 * vk_vserial_model; -1 unset */
	int ports;		/* virtio-serial, usb: -1 unset */
	int vectors;		/* virtio-serial: -1 unset */
	int startport;		/* usb companion <master startport>, -1 */
	/* pci: <model name>, <target>, <pcihole64>; -1 unset */
	int model_name;		/* enum of vk_pci_model_name_names */
	int chassis_nr, chassis, port, bus_nr, target_index, numa_node;
	int hotplug;		/* 0 off, 1 on */
	long long pcihole64;	/* KiB, -1 unset */
	/* xenbus */
	long long max_grant_frames, max_event_channels;	/* -1 unset */
	bool has_driver;
	struct vk_ctrl_driver driver;
	struct vk_dev_addr addr;
};

#endif
