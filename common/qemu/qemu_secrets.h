/* The passphrases of a guest's LUKS disks (<encryption format='luks'>):
 * QEMU gets each as -object secret,id=ID,file=KEYFILE (qemu_command_
 * disk.c), the key file written by vm-start into the domain's runtime
 * directory (mode 0400, QEMU's user's, the directory 0700) from the
 * secret store (common/secret/secret.h), and removed as soon as QEMU
 * has read it, or with the directory when a start fails. */
#ifndef VK_QEMU_SECRETS_H
#define VK_QEMU_SECRETS_H

#include <stdbool.h>
#include <sys/types.h>

#include "conf/domain.h"

/* QEMU's id of the secret of disk D (caller frees). */
char *vk_qemu_disk_secret_id(const struct vk_disk *d);
/* The key file of disk D in the runtime directory DIR (caller frees). */
char *vk_qemu_disk_key_path(const char *dir, const struct vk_disk *d);

/* Write the key file of every LUKS disk of LIVE into DIR, owned by
 * UID:GID, the values from the system or (SESSION) session secrets.
 * Returns 0, or -1 ("disk 'vda': ..." recorded) with none left. */
int vk_qemu_disk_secrets_write(const struct vk_domain_def *live, bool session,
			       const char *dir, uid_t uid, gid_t gid);
/* Remove them. */
void vk_qemu_disk_secrets_remove(const struct vk_domain_def *live,
				 const char *dir);

#endif
