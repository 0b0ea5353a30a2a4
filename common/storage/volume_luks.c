#include <stdlib.h>
#include <string.h>

#include "secret/secret.h"
#include "storage.h"
#include "storage_priv.h"
#include "util/error.h"
#include "volume_luks.h"

#define SECRET_ID "vksec0"

int vk_volluks_prepare(struct vk_pool *pool, const struct vk_vol_def *vol,
		       struct vk_volluks *l)
{
	const struct vk_encryption *e = vol->target.encryption;
	struct vk_pool_priv *p = pool->priv;
	const char *fmt = vol->target.format ? vol->target.format : "raw";
	unsigned char *value = NULL;
	struct vk_secrets s;
	char *what;
	size_t len = 0;
	int rc = -1;

	memset(l, 0, sizeof(*l));
	if (e->format != VK_ENC_LUKS)
		return vk_error(VK_EXIT_FAILED, "volume '%s': <encryption "
				"format='%s'>: not supported (virtkit makes "
				"LUKS volumes, format='luks')", vol->name,
				vk_encryption_format_names[e->format]);
	if (e->nkept)
		return vk_error(VK_EXIT_FAILED, "volume '%s': <encryption>"
				"<%s>: not supported (qemu-img's defaults "
				"apply: aes-256, xts, plain64, sha256)",
				vol->name, e->kept[0].name);
	if (!strcmp(fmt, "raw")) {
		l->format = "luks";
		l->options = "key-secret=" SECRET_ID;
	} else if (!strcmp(fmt, "qcow2")) {
		l->format = "qcow2";
		l->options = "encrypt.format=luks,encrypt.key-secret="
			     SECRET_ID;
	} else {
		return vk_error(VK_EXIT_FAILED, "volume '%s': LUKS encryption "
				"of format %s: not supported (raw and qcow2 "
				"only)", vol->name, fmt);
	}
	what = vk_asprintf("volume '%s'", vol->name);
	if (vk_secrets_init(&s, p->st->session) == 0) {
		if (vk_secret_enc_value(&s, e, what, &value, &len) == 0 &&
		    vk_secret_file_private(p->st->paths.run, value, len,
					   &l->keyfile) == 0)
			rc = 0;
		vk_secrets_close(&s);
	}
	vk_secret_value_free(value, len);
	free(what);
	if (rc == 0)
		l->object = vk_asprintf("secret,id=" SECRET_ID ",file=%s",
					l->keyfile);
	return rc;
}

void vk_volluks_done(struct vk_volluks *l)
{
	vk_secret_file_remove(l->keyfile);
	free(l->keyfile);
	free(l->object);
	memset(l, 0, sizeof(*l));
}
