/* LUKS volumes: what qemu-img create needs to make a file volume with
 * <encryption format='luks'> (raw: the luks format; qcow2: its
 * encrypt.* options), the passphrase handed over in a private file
 * (common/secret/secret.h) that is removed as soon as qemu-img is done.
 */
#ifndef VK_VOLUME_LUKS_H
#define VK_VOLUME_LUKS_H

#include "backend.h"

struct vk_volluks {
	const char *format;	/* qemu-img's -f: "luks" or "qcow2" */
	char *keyfile;		/* the private copy of the passphrase */
	char *object;		/* --object secret,id=...,file=KEYFILE */
	const char *options;	/* -o ... */
};

/* Check VOL's encryption (formats raw and qcow2, format='luks', no
 * <cipher> or <ivgen>: refused "not supported" otherwise), look up its
 * secret and write the key file under the storage's runtime directory.
 * 0, or -1 with the error recorded and nothing left behind. */
int vk_volluks_prepare(struct vk_pool *pool, const struct vk_vol_def *vol,
		       struct vk_volluks *l);
/* Remove the key file; free L's members. */
void vk_volluks_done(struct vk_volluks *l);

#endif
