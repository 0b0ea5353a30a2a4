#include <stdlib.h>
#include <unistd.h>

#include "qemu_secrets.h"
#include "secret/secret.h"
#include "util/error.h"

char *vk_qemu_disk_secret_id(const struct vk_disk *d)
{
	return vk_asprintf("secret-drive-%s", d->target);
}

char *vk_qemu_disk_key_path(const char *dir, const struct vk_disk *d)
{
	return vk_asprintf("%s/%s.key", dir, d->target);
}

static bool has_key(const struct vk_disk *d)
{
	return d->enc.format == VK_ENC_LUKS;
}

int vk_qemu_disk_secrets_write(const struct vk_domain_def *live, bool session,
			       const char *dir, uid_t uid, gid_t gid)
{
	unsigned char *value = NULL;
	struct vk_secrets s;
	bool opened = false;
	char *what, *path;
	size_t len = 0;
	int i, rc = 0;

	for (i = 0; i < live->ndisks && rc == 0; i++) {
		const struct vk_disk *d = &live->disks[i];

		if (!has_key(d))
			continue;
		if (!opened && vk_secrets_init(&s, session) < 0) {
			rc = -1;
			break;
		}
		opened = true;
		what = vk_asprintf("disk '%s'", d->target);
		path = vk_qemu_disk_key_path(dir, d);
		unlink(path);	/* one a killed start left */
		rc = vk_secret_enc_value(&s, &d->enc, what, &value, &len);
		if (rc == 0)
			rc = vk_secret_file_write(path, value, len, uid, gid);
		vk_secret_value_free(value, len);
		value = NULL;
		free(what);
		free(path);
	}
	if (opened)
		vk_secrets_close(&s);
	if (rc < 0)
		vk_qemu_disk_secrets_remove(live, dir);
	return rc;
}

void vk_qemu_disk_secrets_remove(const struct vk_domain_def *live,
				 const char *dir)
{
	char *path;
	int i;

	for (i = 0; i < live->ndisks; i++) {
		if (!has_key(&live->disks[i]))
			continue;
		path = vk_qemu_disk_key_path(dir, &live->disks[i]);
		unlink(path);
		free(path);
	}
}
