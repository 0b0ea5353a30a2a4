/* Storage pool XML: the C form of a <pool> document, its strict parser
 * and its canonical writer (common/conf/pool.c; the parts shared with
 * volumes, <permissions> and sizes, are in common/conf/volume.c).
 *
 * Canonical output (what pool-dumpxml and the store write):
 *   <pool type=..> name uuid allocation capacity available
 *   [features: cow] [source: device* (freeExtent*) dir host format name
 *   initiator auth protocol] target (path permissions) [refresh]
 *   [fs:mount_opts]
 * allocation/capacity/available are bytes; they are written only for a
 * live pool (VK_POOL_FMT_LIVE), a config has none.
 *
 * Defaults filled in as libvirt does: a logical pool's volume group is
 * its name (or its name the group's), its target /dev/GROUP and its
 * format lvm2; <owner>-1</owner> and <group>-1</group> mean unset.
 */
#ifndef VK_POOL_H
#define VK_POOL_H

#include <stdbool.h>
#include <libxml/tree.h>

#include "xml.h"

enum vk_pool_type {
	VK_POOL_DIR, VK_POOL_FS, VK_POOL_NETFS, VK_POOL_LOGICAL,
	VK_POOL_DISK, VK_POOL_ISCSI, VK_POOL_LAST
};
extern const char *const vk_pool_type_names[];	/* NULL-ended */

/* <permissions> of a pool target or a volume target. */
struct vk_perms {
	int mode;		/* -1 unset, else 0..07777 */
	long long owner;	/* -1 unset, else a numeric uid */
	long long group;	/* -1 unset, else a numeric gid */
	char *label;		/* MAC label; NULL unset */
};

/* A byte range [start, end) on a device. */
struct vk_extent {
	unsigned long long start;
	unsigned long long end;
};

/* <device path=..> with its <freeExtent start end/> (live only). */
struct vk_pool_device {
	char *path;
	int nfree;
	struct vk_extent *free;
};

enum vk_pool_auth_type { VK_POOL_AUTH_NONE, VK_POOL_AUTH_CHAP };

/* <auth type='chap' username><secret uuid|usage/></auth>. */
struct vk_pool_auth {
	int type;		/* enum vk_pool_auth_type */
	char *username;
	bool secret_uuid_set;
	unsigned char secret_uuid[16];
	char *secret_usage;	/* NULL when the uuid names the secret */
};

struct vk_pool_source {
	int ndevices;
	struct vk_pool_device *devices;
	char *dir;		/* <dir path> (also read from <directory>) */
	char *host;		/* <host name> */
	int port;		/* <host port>; 0 unset */
	char *format;		/* <format type>, one of vk_pool_formats;
				 * the parser puts the type's default there
				 * (NULL only for types without formats) */
	char *name;		/* <name>: the volume group (logical; the
				 * parser defaults it to the pool name) */
	char *initiator;	/* <initiator><iqn name> (iscsi): the IQN
				 * the login uses; NULL: the host's own */
	struct vk_pool_auth auth;	/* <auth> (iscsi) */
	unsigned nfs_ver;	/* <protocol ver> (netfs); 0 unset */
	char *vendor;		/* <vendor name>, <product name>: kept */
	char *product;
};

struct vk_pool_target {
	char *path;		/* required */
	struct vk_perms perms;
};

enum vk_pool_refresh_alloc {
	VK_POOL_REFRESH_UNSET, VK_POOL_REFRESH_DEFAULT,
	VK_POOL_REFRESH_CAPACITY
};

/* The namespace of <fs:mount_opts>. */
#define VK_POOL_FS_NS "http://libvirt.org/schemas/storagepool/fs/1.0"

struct vk_pool_def {
	int type;		/* enum vk_pool_type */
	char *name;
	unsigned char uuid[16];
	bool uuid_generated;	/* the input had no <uuid> */
	/* Bytes; filled by a backend's refresh, never read from a config. */
	unsigned long long allocation;
	unsigned long long capacity;
	unsigned long long available;
	struct vk_pool_source source;
	struct vk_pool_target target;
	int cow;		/* <features><cow state>: -1 unset, 0, 1 */
	int refresh_alloc;	/* <refresh><volume allocation>: enum
				 * vk_pool_refresh_alloc */
	int nmount_opts;	/* <fs:mount_opts><fs:option name> (fs, */
	char **mount_opts;	/* netfs): passed to mount -o in order */
};

/* The <source><format type> values pool TYPE accepts, NULL-ended (the
 * first is the default); NULL when the type takes no format. */
const char *const *vk_pool_formats(int type);
/* The volume <format type> values a pool of TYPE accepts, NULL-ended,
 * the first being the default; NULL when its volumes take no format. */
const char *const *vk_pool_vol_formats(int type);

#define VK_POOL_PARSE_NO_SCHEMA 0x2	/* skip RelaxNG (stored copies) */
#define VK_POOL_PARSE_LIVE 0x4		/* keep sizes and free extents */

/* Parse a <pool> document: every element and attribute checked, the
 * type's required parts present (e.g. a source device for fs), then the
 * schema; a uuid generated when absent.  Returns a new definition (free
 * with vk_pool_free) or NULL with a VK_EXIT_DOCUMENT error recorded. */
struct vk_pool_def *vk_pool_parse(xmlDocPtr doc, unsigned flags);
struct vk_pool_def *vk_pool_parse_string(const char *xml, size_t len,
					 const char *name, unsigned flags);
struct vk_pool_def *vk_pool_parse_file(const char *path, unsigned flags);

#define VK_POOL_FMT_LIVE 0x1	/* sizes and free extents */

/* The canonical XML (caller frees). */
char *vk_pool_format(const struct vk_pool_def *def, unsigned flags);

void vk_pool_free(struct vk_pool_def *def);
struct vk_pool_def *vk_pool_copy(const struct vk_pool_def *def);

/* Shared with volume.c: <permissions> parse/format/clear/copy. */
int vk_perms_parse(struct vk_perms *p, xmlNodePtr node);
void vk_perms_format(struct vk_xw *w, const struct vk_perms *p);
void vk_perms_init(struct vk_perms *p);
void vk_perms_clear(struct vk_perms *p);
void vk_perms_copy(struct vk_perms *dst, const struct vk_perms *src);

#endif
