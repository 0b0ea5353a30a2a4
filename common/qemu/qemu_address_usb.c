/* USB port assignment at define, as libvirt does it, so that a device
 * is on the same port of the same controller on every boot and QEMU
 * never gives a port that a later device names to an earlier one.
 *
 * Every USB controller but 'none' and the companions (<master
 * startport>) is a bus, numbered by its index, with its ports counted
 * from 1: 2 on the UHCI ones, 6 on EHCI, 3 on OHCI, ports= (else 4) on
 * the xhci ones.  Ports that explicit <address type='usb' bus port>
 * name are taken first (a clash names both devices).  Then the USB
 * devices without a port get the lowest free one on the lowest bus, in
 * libvirt's order: hubs, ccid controllers, inputs, sound cards,
 * redirected devices.  A device given <address type='usb' bus='B'/>
 * with no port stays on bus B.  When no port is free the device is
 * left for QEMU to place (libvirt would add a hub).  Devices behind a
 * hub (a port path "1.2") are left as they are. */
#include <stdio.h>
#include <string.h>

#include "qemu_address.h"
#include "util/error.h"

#define MAX_BUS 32
#define MAX_PORT 32

struct usb_assign {
	int nports[MAX_BUS];	/* 0: no such bus */
	const char *owner[MAX_BUS][MAX_PORT + 1];
};

static int usb_ports(const struct vk_controller *k)
{
	switch (k->model) {
	case VK_USB_NONE:
	case VK_USB_QUSB1:
	case VK_USB_QUSB2:
		return 0;
	case VK_USB_EHCI:
	case VK_USB_ICH9_EHCI1:
		return 6;
	case VK_USB_PCI_OHCI:
		return 3;
	case VK_USB_NEC_XHCI:
	case VK_USB_QEMU_XHCI:
		return k->ports > 0 ? k->ports : 4;
	default:
		return 2;	/* the UHCI ones, piix3-uhci when unset */
	}
}

/* Take the port an explicit address names. */
static int take(struct usb_assign *u, const struct vk_dev_addr *a,
		const char *who)
{
	unsigned p = a->usb_port[0];

	if (a->type != VK_ADDR_USB || !p || a->usb_port[1] ||
	    a->bus >= MAX_BUS || p > MAX_PORT)
		return 0;
	if (u->owner[a->bus][p])
		return vk_error(VK_EXIT_DOCUMENT, "%s and %s are both at USB "
				"bus %u port %u", u->owner[a->bus][p], who,
				a->bus, p);
	u->owner[a->bus][p] = who;
	return 0;
}

/* A port for A if it has none: bus A->bus when given, else the lowest
 * bus with a free port. */
static void give(struct usb_assign *u, struct vk_dev_addr *a,
		 const char *who)
{
	unsigned bus, first = 0, last = MAX_BUS - 1;
	int p;

	if (a->type == VK_ADDR_USB) {
		if (a->usb_port[0] || a->bus >= MAX_BUS)
			return;
		first = last = a->bus;
	} else if (a->type != VK_ADDR_NONE) {
		return;
	}
	for (bus = first; bus <= last; bus++)
		for (p = 1; p <= u->nports[bus]; p++)
			if (!u->owner[bus][p]) {
				memset(a, 0, sizeof(*a));
				a->type = VK_ADDR_USB;
				a->bus = bus;
				a->usb_port[0] = (unsigned char)p;
				u->owner[bus][p] = who;
				return;
			}
}

/* Run F over every USB device of DEF with its address, in libvirt's
 * order. */
#define EACH_USB_DEV(def, F)						\
	do {								\
		int i_;							\
		for (i_ = 0; i_ < (def)->nhubs; i_++)			\
			F(&(def)->hubs[i_].addr, "hub");		\
		for (i_ = 0; i_ < (def)->ncontrollers; i_++)		\
			if ((def)->controllers[i_].type == VK_CTRL_CCID)	\
				F(&(def)->controllers[i_].addr,		\
				  "ccid controller");			\
		for (i_ = 0; i_ < (def)->ninputs; i_++)			\
			if ((def)->inputs[i_].bus == VK_INPUT_BUS_USB)	\
				F(&(def)->inputs[i_].addr, "usb input");\
		for (i_ = 0; i_ < (def)->nsounds; i_++)			\
			if ((def)->sounds[i_].model == VK_SOUND_USB)	\
				F(&(def)->sounds[i_].addr, "usb sound");\
		for (i_ = 0; i_ < (def)->nredirdevs; i_++)		\
			F(&(def)->redirdevs[i_].addr, "redirdev");	\
	} while (0)

int vk_qemu_assign_usb(struct vk_domain_def *def)
{
	struct usb_assign u;
	int i, rc = 0;

	memset(&u, 0, sizeof(u));
	for (i = 0; i < def->ncontrollers; i++) {
		const struct vk_controller *k = &def->controllers[i];

		if (k->type == VK_CTRL_USB && k->startport < 0 &&
		    k->index < MAX_BUS) {
			u.nports[k->index] = usb_ports(k);
			if (u.nports[k->index] > MAX_PORT)
				u.nports[k->index] = MAX_PORT;
		}
	}
#define TAKE(a, who) if (!rc && take(&u, (a), (who)) < 0) rc = -1
	EACH_USB_DEV(def, TAKE);
#undef TAKE
	if (rc < 0)
		return -1;
#define GIVE(a, who) give(&u, (a), (who))
	EACH_USB_DEV(def, GIVE);
#undef GIVE
	return 0;
}
