/* Settings of the qemu driver: /etc/virtkit/qemu.conf (system) or
 * $XDG_CONFIG_HOME/virtkit/qemu.conf (session).  Lines "key = value"
 * (value optionally in double quotes), '#' comments:
 *   user = "name"     system mode: run QEMU as this user (default root)
 *   group = "name"    and group (default the user's)
 *   sandbox = 1       -sandbox on (default 1)
 */
#ifndef VK_QEMU_CONF_H
#define VK_QEMU_CONF_H

#include <stdbool.h>
#include <sys/types.h>

struct vk_qemu_conf {
	char *user;		/* NULL: stay who we are */
	uid_t uid;
	gid_t gid;
	bool sandbox;
};

/* Read PATH (a missing file means defaults).  Returns 0, or -1 with an
 * error naming the file and line (VK_EXIT_DOCUMENT) or an unknown user
 * (VK_EXIT_FAILED). */
int vk_qemu_conf_load(struct vk_qemu_conf *conf, const char *path);
void vk_qemu_conf_clear(struct vk_qemu_conf *conf);

#endif
