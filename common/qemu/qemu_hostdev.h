/* Host devices at start: what must hold on the host before QEMU is
 * given a <hostdev> (the command line itself is qemu_command_hostdev.c). */
#ifndef VK_QEMU_HOSTDEV_H
#define VK_QEMU_HOSTDEV_H

#include "conf/domain.h"

/* Check that every <hostdev> of DEF exists on this host (USB: a device
 * with that vendor/product or bus/device; PCI: the device, bound to
 * vfio-pci).  Returns 0, or -1 with VK_EXIT_FAILED and a message naming
 * the device. */
int vk_qemu_hostdevs_check(const struct vk_domain_def *def);

#endif
