/* Storage volume XML: the C form of a <volume> document, its strict
 * parser and its canonical writer (common/conf/volume.c).
 *
 * Canonical output (what vol-dumpxml writes):
 *   <volume type=..> name key [source: device (extent*)*] allocation
 *   capacity target (path format permissions timestamps compat nocow
 *   clusterSize features encryption) [backingStore (path format)]
 * Sizes are bytes.  type= is written for a listed volume (the
 * backend's) or when the input gave it.  <timestamps> are output only
 * (stat of the file): accepted and ignored on input, as libvirt does
 * (common/conf/volume_target.c).  On input <capacity> and <allocation> take a unit
 * attribute or suffix (K, M, G, T, P, E = KiB..EiB; KB, MB, ... = powers
 * of 1000; KiB, MiB, ...; b/bytes) and are stored as bytes.
 */
#ifndef VK_VOLUME_H
#define VK_VOLUME_H

#include <stdbool.h>
#include <libxml/tree.h>

#include "encryption.h"
#include "pool.h"

enum vk_vol_type {
	VK_VOL_FILE, VK_VOL_BLOCK, VK_VOL_DIR, VK_VOL_NETWORK, VK_VOL_NETDIR
};
extern const char *const vk_vol_type_names[];	/* NULL-ended */

/* <timestamps>: seconds and nanoseconds of atime, btime, ctime, mtime
 * (libvirt's order); nsec -1: unknown, not written. */
enum { VK_VOL_ATIME, VK_VOL_BTIME, VK_VOL_CTIME, VK_VOL_MTIME,
       VK_VOL_NTIMES };
struct vk_vol_times {
	long long sec[VK_VOL_NTIMES];
	long nsec[VK_VOL_NTIMES];
};



/* The file formats, in header-probe order ("raw" is the default). */
extern const char *const vk_vol_file_formats[];	/* NULL-ended */
/* The partition types of a disk pool ("none" first). */
extern const char *const vk_vol_part_formats[];	/* NULL-ended */

/* <source><extent path start end/>: where a volume lives on a device. */
struct vk_vol_extent {
	char *path;
	unsigned long long start;
	unsigned long long end;
};

struct vk_vol_def {
	int type;		/* enum vk_vol_type, set by the backend */
	bool type_set;		/* the input gave type=, or a backend
				 * listed the volume: type= is written */
	char *name;
	char *key;		/* unique key (the backend sets it: the path
				 * for files, the LV uuid, a by-id name) */
	unsigned long long allocation;	/* bytes */
	bool allocation_set;		/* input gave <allocation> */
	unsigned long long capacity;	/* bytes; required on input but
					 * with a <backingStore> */
	bool capacity_set;
	int nextents;
	struct vk_vol_extent *extents;
	struct {
		char *path;	/* the backend sets it */
		char *format;	/* NULL: the pool's default; else one of
				 * vk_pool_vol_formats(pool type) */
		struct vk_perms perms;
		/* <encryption>: NULL none (a volume made with vk_calloc
		 * has none). */
		struct vk_encryption *encryption;
		char *compat;		/* <compat>: qcow2 "0.10" or "1.1" */
		bool lazy_refcounts;	/* <features><lazy_refcounts/> */
		bool extended_l2;	/* <features><extended_l2/> */
		unsigned long long cluster_size;	/* bytes; 0 unset */
		bool nocow;		/* <nocow/> */
		bool times_set;		/* times read from the file */
		struct vk_vol_times times;
	} target;
	/* <backingStore>: the image this one is an overlay on. */
	struct {
		char *path;	/* NULL: none */
		char *format;	/* NULL: probed when made */
	} backing;
};

#define VK_VOL_PARSE_NO_SCHEMA 0x2	/* skip RelaxNG */
#define VK_VOL_PARSE_NO_CAPACITY 0x4	/* <capacity> optional (a copy's
					 * comes from its source) */

/* Parse a <volume> document for a pool of POOL_TYPE (-1: any known
 * format is accepted, as xml-validate does).  Returns a new definition
 * (free with vk_vol_free) or NULL with a VK_EXIT_DOCUMENT error. */
struct vk_vol_def *vk_vol_parse(xmlDocPtr doc, int pool_type,
				unsigned flags);
struct vk_vol_def *vk_vol_parse_string(const char *xml, size_t len,
				       const char *name, int pool_type,
				       unsigned flags);
struct vk_vol_def *vk_vol_parse_file(const char *path, int pool_type,
				     unsigned flags);

/* The canonical XML (caller frees). */
char *vk_vol_format(const struct vk_vol_def *def);

void vk_vol_free(struct vk_vol_def *def);
struct vk_vol_def *vk_vol_copy(const struct vk_vol_def *def);

/* A size with an optional unit ("10G", "512 MiB", "1000000"), or with
 * the unit UNIT when not NULL (then S holds digits only).  0, or -1 with
 * a VK_EXIT_USAGE error naming WHAT; overflow is an error. */
int vk_size_parse(const char *s, const char *unit, const char *what,
		  unsigned long long *out);
/* The text of NODE (<capacity>, <allocation>...) as bytes: a number
 * with an optional suffix, or a number and a unit= attribute.  0 or -1
 * with a located VK_EXIT_DOCUMENT error. */
int vk_size_node(xmlNodePtr node, unsigned long long *out);

#endif
