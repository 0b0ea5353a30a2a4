/* PCI and USB address assignment at define (qemu_address.c,
 * qemu_address_usb.c). */
#ifndef VK_QEMU_ADDRESS_H
#define VK_QEMU_ADDRESS_H

#include "conf/domain.h"

/* Add the controllers libvirt adds to a PC guest and give every PCI
 * device of DEF without an address one (pc and q35 machines; others
 * are left alone).  A second run changes nothing.  Returns 0, or -1
 * with VK_EXIT_DOCUMENT when two devices share an address or no slot is
 * free. */
int vk_qemu_assign_addresses(struct vk_domain_def *def);

/* Give every USB device of DEF without a port one
 * (qemu_address_usb.c; vk_qemu_assign_addresses calls it).  Returns 0,
 * or -1 with VK_EXIT_DOCUMENT when two devices share a port. */
int vk_qemu_assign_usb(struct vk_domain_def *def);

#endif
