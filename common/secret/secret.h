/* The secret store: definitions (common/conf/secret.h) and their values,
 * as plain files, and the lookup other code (storage, QEMU) calls for a
 * value by uuid or by usage.
 *
 * Layout (paths from vk_paths_init_secrets, so VIRTKIT_ROOT moves
 * them):
 *   CONFIG/UUID.xml    a persistent secret's definition  (0600)
 *   CONFIG/UUID.value  its value, the raw bytes           (0600)
 *   RUN/UUID.xml, RUN/UUID.value   the same for an ephemeral secret,
 *                      which never touches CONFIG
 *   RUN/.secrets.lock  held by every writer
 * Both directories are 0700.  A directory or file of the store that is
 * not owned by the caller or that others may read or write is refused
 * (VK_EXIT_FAILED, one line naming it) rather than used.
 *
 * Values are never logged, never put in argv or the environment, and
 * wiped from memory before they are freed (vk_secret_value_free).
 */
#ifndef VK_SECRET_H
#define VK_SECRET_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "conf/encryption.h"
#include "conf/secret.h"
#include "util/paths.h"

/* The largest value a secret holds. */
#define VK_SECRET_VALUE_MAX 65536

struct vk_secrets {
	bool session;
	struct vk_paths paths;
};

/* Open the store of connection URI (NULL: the default one): system for
 * root, session otherwise, or as qemu:///system and qemu:///session
 * say.  Returns 0 or -1. */
int vk_secrets_open(struct vk_secrets *s, const char *uri);
/* The same with the mode known (a driver's own session flag). */
int vk_secrets_init(struct vk_secrets *s, bool session);
void vk_secrets_close(struct vk_secrets *s);

/* The secret KEY names: a uuid, else a usage id (a volume path, a name
 * or a target) that exactly one secret has.  A new definition (caller
 * frees with vk_secret_def_free), or NULL (VK_EXIT_NOT_FOUND when there
 * is none). */
struct vk_secret_def *vk_secret_find(struct vk_secrets *s, const char *key);

/* Store DEF (the caller keeps it): new, or replacing the definition
 * with its uuid.  As libvirt: refused (VK_EXIT_CONFLICT) when another
 * secret has the same usage, when the secret is already defined for
 * another usage, or when it would stop being private.  Moving between
 * ephemeral and persistent moves the value along. */
int vk_secret_define(struct vk_secrets *s, const struct vk_secret_def *def);
/* Remove the secret KEY names and its value. */
int vk_secret_undefine(struct vk_secrets *s, const char *key);

/* Every secret, sorted by uuid, into *DEFS (free with
 * vk_secret_defs_free). */
int vk_secret_list(struct vk_secrets *s, struct vk_secret_def ***defs,
		   int *n);
void vk_secret_defs_free(struct vk_secret_def **defs, int n);

/* Whether the secret DEF has a value. */
bool vk_secret_has_value(struct vk_secrets *s,
			 const struct vk_secret_def *def);

/* Set the value of secret DEF to the LEN bytes at VALUE (at most
 * VK_SECRET_VALUE_MAX). */
int vk_secret_set_value(struct vk_secrets *s, const struct vk_secret_def *def,
			const unsigned char *value, size_t len);

/* The value of secret DEF into *VALUE (*LEN bytes and a NUL after
 * them; free with vk_secret_value_free).  VK_EXIT_NOT_FOUND when it has
 * none.  Private secrets are given too: this is for the code that uses
 * them (secret-get-value refuses them itself). */
int vk_secret_get_value(struct vk_secrets *s, const struct vk_secret_def *def,
			unsigned char **value, size_t *len);

/* The lookup API: the value of the secret with UUID, or of the one
 * with usage USAGE (enum vk_secret_usage) and id ID.  As
 * vk_secret_get_value; VK_EXIT_NOT_FOUND names what was looked for. */
int vk_secret_value_uuid(struct vk_secrets *s, const unsigned char uuid[16],
			 unsigned char **value, size_t *len);
int vk_secret_value_usage(struct vk_secrets *s, int usage, const char *id,
			  unsigned char **value, size_t *len);

/* The value of the secret an <encryption> names: its <secret uuid=>,
 * or usage= as the path of a volume secret.  WHAT ("disk 'vda'",
 * "volume 'a.img'") starts the error: no <secret>, no such secret, no
 * value. */
int vk_secret_enc_value(struct vk_secrets *s, const struct vk_encryption *e,
			const char *what, unsigned char **value, size_t *len);

/* Hand LEN bytes of VALUE to a child process: a new file at PATH (none
 * may be there) of mode 0400 owned by UID:GID (-1: the caller's), in
 * a directory the caller keeps private.  Returns 0 or -1 (no file left
 * behind). */
int vk_secret_file_write(const char *path, const unsigned char *value,
			 size_t len, uid_t uid, gid_t gid);
/* The same in a new directory of mode 0700 under PARENT (which must
 * exist), as a file *PATH names (caller frees). */
int vk_secret_file_private(const char *parent, const unsigned char *value,
			   size_t len, char **path);
/* Remove a file vk_secret_file_private made and its directory (PATH
 * NULL: nothing). */
void vk_secret_file_remove(const char *path);

/* Wipe and free a value. */
void vk_secret_value_free(unsigned char *value, size_t len);

/* Read at most VK_SECRET_VALUE_MAX bytes from FD to its end into
 * *VALUE (free with vk_secret_value_free); WHAT names FD in errors. */
int vk_secret_read_fd(int fd, const char *what, unsigned char **value,
		      size_t *len);

/* Open PATH for reading a secret: refused unless it is a regular file
 * that only its owner may read or write (and, with OWNED, the caller's
 * own).  The descriptor, or -1 with one error line recorded. */
int vk_secret_open_private(const char *path, bool owned);

#endif
