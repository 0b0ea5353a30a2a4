/* Secret XML: the C form of a <secret> document (libvirt's format), its
 * strict parser and its canonical writer (common/conf/secret.c).
 *
 * Canonical output (what secret-dumpxml and the store write):
 *   <secret ephemeral='yes|no' private='yes|no'> uuid [description]
 *   [usage type=..: volume | target | name]
 * Both attributes are always written, as libvirt writes them.  The
 * value of a secret is never part of its XML (common/secret/secret.h).
 */
#ifndef VK_SECRET_CONF_H
#define VK_SECRET_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <libxml/tree.h>

enum vk_secret_usage {
	VK_SECRET_USAGE_NONE,	/* no <usage> */
	VK_SECRET_USAGE_VOLUME,	/* <volume>: an encrypted volume's path */
	VK_SECRET_USAGE_CEPH,	/* <name>: a ceph client */
	VK_SECRET_USAGE_ISCSI,	/* <target>: an iSCSI target (CHAP) */
	VK_SECRET_USAGE_TLS,	/* <name>: a TLS key's passphrase */
	VK_SECRET_USAGE_VTPM,	/* <name>: an emulated TPM's state key */
	VK_SECRET_USAGE_LAST
};
/* "none", "volume", "ceph", "iscsi", "tls", "vtpm", NULL */
extern const char *const vk_secret_usage_names[];

struct vk_secret_def {
	bool ephemeral;		/* kept only under the runtime directory */
	bool private;		/* its value is never given out */
	unsigned char uuid[16];
	bool uuid_generated;	/* the input had no <uuid> */
	char *description;	/* NULL: none */
	int usage;		/* enum vk_secret_usage */
	char *usage_id;		/* the path, name or target; NULL for NONE */
};

/* The element of <usage> that holds the usage id of USAGE ("volume",
 * "target" or "name"), or NULL for VK_SECRET_USAGE_NONE. */
const char *vk_secret_usage_elem(int usage);

#define VK_SECRET_PARSE_NO_SCHEMA 0x1	/* skip RelaxNG (stored copies) */

/* Parse a <secret> document: every element and attribute checked, then
 * the schema; a uuid generated when absent.  Returns a new definition
 * (free with vk_secret_def_free) or NULL with a VK_EXIT_DOCUMENT error
 * recorded. */
struct vk_secret_def *vk_secret_parse(xmlDocPtr doc, unsigned flags);
struct vk_secret_def *vk_secret_parse_string(const char *xml, size_t len,
					     const char *name, unsigned flags);
struct vk_secret_def *vk_secret_parse_file(const char *path, unsigned flags);

/* The canonical XML (caller frees). */
char *vk_secret_format(const struct vk_secret_def *def);

void vk_secret_def_free(struct vk_secret_def *def);

#endif
