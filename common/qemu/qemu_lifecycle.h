/* Internal to the qemu driver: the lifecycle operations
 * (qemu_lifecycle.c) that qemu_driver.c puts in its driver table. */
#ifndef VK_QEMU_LIFECYCLE_H
#define VK_QEMU_LIFECYCLE_H

#include "driver/driver.h"
#include "driver/store.h"

struct qemu_priv {
	struct vk_store store;
};

int vk_qemu_start(struct vk_conn *c, const struct vk_dom *dom,
		  unsigned flags);
int vk_qemu_create(struct vk_conn *c, struct vk_domain_def *def,
		   unsigned flags, struct vk_dom **out);
int vk_qemu_shutdown(struct vk_conn *c, const struct vk_dom *dom);
int vk_qemu_reboot(struct vk_conn *c, const struct vk_dom *dom);
int vk_qemu_destroy(struct vk_conn *c, const struct vk_dom *dom);
int vk_qemu_suspend(struct vk_conn *c, const struct vk_dom *dom);
int vk_qemu_resume(struct vk_conn *c, const struct vk_dom *dom);
int vk_qemu_console(struct vk_conn *c, const struct vk_dom *dom,
		    struct vk_console *out);

#endif
