/* Internal to the qemu driver: what qemu_driver.c and qemu_process.c
 * share. */
#ifndef VK_QEMU_OPS_H
#define VK_QEMU_OPS_H

#include "qemu_status.h"

int vk_qemu_monitor(const struct vk_qemu_paths *p, const char *cmd);
int vk_qemu_wait_state(const struct vk_qemu_paths *p, int state,
		       int timeout_ms);
/* Wait until the supervisor of ST is gone (it removes its record
 * last).  0, or -1 (nothing recorded) when it still runs at TIMEOUT. */
int vk_qemu_wait_gone(const struct vk_qemu_status *st, int timeout_ms);
int vk_qemu_kill(const struct vk_qemu_paths *p,
		 const struct vk_qemu_status *st);

#endif
