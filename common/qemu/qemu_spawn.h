/* Internal to the qemu driver: starting a guest (qemu_spawn.c). */
#ifndef VK_QEMU_SPAWN_H
#define VK_QEMU_SPAWN_H

#include "driver/driver.h"

/* In FLAGS beside the VK_START_* ones: LIVE has no definition (vm-create
 * of a new name); what it leaves goes when it stops (its TPM state). */
#define VK_QEMU_START_TRANSIENT 0x8000

/* Start LIVE (its id set; pty paths and VNC port filled in here) under
 * a new supervisor and write its runtime record.  The caller holds the
 * domain lock.  0, or -1 with the error (QEMU's own words when QEMU
 * refused) recorded. */
int vk_qemu_spawn(struct vk_conn *c, struct vk_domain_def *live,
		  unsigned flags);

#endif
