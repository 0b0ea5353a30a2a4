/* <encryption format= engine=> with <secret type='passphrase' uuid=|
 * usage=/>, <cipher> and <ivgen>: one element shared by domain disks
 * (common/conf/domain_disk*.c) and storage volumes (volume.c), parsed
 * and written by common/conf/encryption.c.  <cipher> and <ivgen> are
 * kept as given. */
#ifndef VK_ENCRYPTION_H
#define VK_ENCRYPTION_H

#include <stdbool.h>
#include <libxml/tree.h>

#include "xml.h"

enum vk_encryption_format { VK_ENC_DEFAULT, VK_ENC_QCOW, VK_ENC_LUKS,
			    VK_ENC_LUKS2 };
extern const char *const vk_encryption_format_names[];
enum vk_encryption_engine { VK_ENC_ENGINE_QEMU, VK_ENC_ENGINE_LIBRBD };
extern const char *const vk_encryption_engine_names[];

struct vk_encryption {
	int format;		/* enum vk_encryption_format, -1 none */
	int engine;		/* enum vk_encryption_engine, -1 unset */
	bool has_secret;	/* <secret type='passphrase'> */
	unsigned char secret_uuid[16];
	char *secret_usage;	/* the secret named by usage= instead */
	int nkept;		/* <cipher>, <ivgen> kept as given */
	struct vk_kept *kept;
};

/* No encryption (format and engine -1). */
void vk_encryption_init(struct vk_encryption *e);
/* Parse the <encryption> NODE into E (initialised, no format yet).
 * Returns 0 or -1 with a located error. */
int vk_encryption_parse(struct vk_encryption *e, xmlNodePtr node);
/* Write E (nothing when it has no format). */
void vk_encryption_format(struct vk_xw *w, const struct vk_encryption *e);
void vk_encryption_clear(struct vk_encryption *e);
/* DST (whose members are not owned yet) a deep copy of SRC. */
void vk_encryption_copy(struct vk_encryption *dst,
			const struct vk_encryption *src);

#endif
