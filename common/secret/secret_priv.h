/* Shared by the files of common/secret/, not exported. */
#ifndef VK_SECRET_PRIV_H
#define VK_SECRET_PRIV_H

#include "secret.h"

/* The file of secret DEF that ends in SUFFIX (".xml", ".value"), in the
 * directory its ephemeral flag picks (caller frees). */
char *vk_secret_path(struct vk_secrets *s, const struct vk_secret_def *def,
		     const char *suffix);
/* Both directories private to the caller (or missing). */
int vk_secret_dirs_check(struct vk_secrets *s);
/* Make the directories and take the writers' lock: its descriptor, or
 * -1. */
int vk_secret_lock(struct vk_secrets *s);
/* Write the value of DEF, the lock held. */
int vk_secret_store_value(struct vk_secrets *s, const struct vk_secret_def *def,
			  const unsigned char *value, size_t len);

#endif
