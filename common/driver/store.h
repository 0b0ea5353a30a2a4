/* The persistent store of domain configs: one file DIR/NAME.xml per
 * domain (mode 0600: configs may hold passwords), written atomically
 * under one store lock, read without a lock. */
#ifndef VK_STORE_H
#define VK_STORE_H

#include "conf/domain.h"

struct vk_store {
	char *dir;	/* configs */
	char *lock;	/* the store lock file (in the runtime directory) */
};

/* Fill S for configs in CONFIG_DIR with the lock in RUN_DIR. */
void vk_store_init(struct vk_store *s, const char *config_dir,
		   const char *run_dir);
void vk_store_clear(struct vk_store *s);

/* Take the store lock (creating the directories); cleans temp files an
 * interrupted writer left.  Returns the lock descriptor or -1. */
int vk_store_lock(struct vk_store *s);

/* The stored names, sorted (free with vk_names_free). */
void vk_store_names(struct vk_store *s, char ***names, int *n);
/* NAME's config, or NULL (VK_EXIT_NOT_FOUND when there is none). */
struct vk_domain_def *vk_store_get(struct vk_store *s, const char *name);
/* NAME's uuid, read from the head of its canonical file (parsed whole
 * only when the head does not say).  0 or -1. */
int vk_store_peek_uuid(struct vk_store *s, const char *name,
		       unsigned char uuid[16]);

/* Write DEF as its name's file (the store lock must be held). */
int vk_store_save(struct vk_store *s, const struct vk_domain_def *def);
/* Remove NAME's file (the store lock must be held). */
int vk_store_remove(struct vk_store *s, const char *name);

#endif
