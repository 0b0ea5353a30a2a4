/* Disk vocabulary of libvirt 9.x beyond the basic <disk> (domain.h):
 * the <driver> tuning switches, <iotune>, <blockio>, <geometry>, the
 * SCSI identity, the volume source, and the children a disk keeps as
 * they were given (its <backingStore>, <auth>, ...).  Included by
 * domain.h; parsed and written by domain_disk*.c. */
#ifndef VK_DOMAIN_DISK_H
#define VK_DOMAIN_DISK_H

#include <stdbool.h>

/* The on/off attributes of <driver>: -1 unset, 0 off, 1 on. */
enum vk_disk_sw { VK_DSW_IOEVENTFD, VK_DSW_EVENT_IDX, VK_DSW_COPY_ON_READ,
		  VK_DSW_PACKED, VK_DSW_ATS, VK_DSW_IOMMU, VK_DSW_PAGE_PER_VQ,
		  VK_DSW_LAST };
extern const char *const vk_disk_sw_names[];	/* attribute names */

enum vk_disk_discard { VK_DISCARD_UNMAP, VK_DISCARD_IGNORE };
extern const char *const vk_disk_discard_names[];
enum vk_disk_dzeroes { VK_DZ_OFF, VK_DZ_ON, VK_DZ_UNMAP };
extern const char *const vk_disk_dzeroes_names[];
enum vk_disk_rerror { VK_RERR_STOP, VK_RERR_REPORT, VK_RERR_IGNORE };
extern const char *const vk_disk_rerror_names[];
enum vk_disk_startup { VK_STARTUP_MANDATORY, VK_STARTUP_REQUISITE,
		       VK_STARTUP_OPTIONAL };
extern const char *const vk_disk_startup_names[];
enum vk_disk_volmode { VK_VOLMODE_HOST, VK_VOLMODE_DIRECT };
extern const char *const vk_disk_volmode_names[];
enum vk_disk_tray { VK_TRAY_CLOSED, VK_TRAY_OPEN };
extern const char *const vk_disk_tray_names[];
enum vk_disk_model { VK_DMODEL_VIRTIO, VK_DMODEL_VIRTIO_TRANS,
		     VK_DMODEL_VIRTIO_NONTRANS };
extern const char *const vk_disk_model_names[];
enum vk_disk_snapshot { VK_DSNAP_NO, VK_DSNAP_INTERNAL, VK_DSNAP_EXTERNAL,
			VK_DSNAP_MANUAL };
extern const char *const vk_disk_snapshot_names[];
enum vk_geo_trans { VK_TRANS_NONE, VK_TRANS_LBA, VK_TRANS_AUTO };
extern const char *const vk_geo_trans_names[];

/* <iotune> numbers, in libvirt's output order (group_name is kept
 * apart); 0 is unset. */
enum vk_iotune_field {
	VK_IOT_TOTAL_BYTES, VK_IOT_READ_BYTES, VK_IOT_WRITE_BYTES,
	VK_IOT_TOTAL_IOPS, VK_IOT_READ_IOPS, VK_IOT_WRITE_IOPS,
	VK_IOT_TOTAL_BYTES_MAX, VK_IOT_READ_BYTES_MAX, VK_IOT_WRITE_BYTES_MAX,
	VK_IOT_TOTAL_IOPS_MAX, VK_IOT_READ_IOPS_MAX, VK_IOT_WRITE_IOPS_MAX,
	VK_IOT_SIZE_IOPS,
	VK_IOT_TOTAL_BYTES_MAXLEN, VK_IOT_READ_BYTES_MAXLEN,
	VK_IOT_WRITE_BYTES_MAXLEN, VK_IOT_TOTAL_IOPS_MAXLEN,
	VK_IOT_READ_IOPS_MAXLEN, VK_IOT_WRITE_IOPS_MAXLEN,
	VK_IOT_LAST
};
extern const char *const vk_iotune_names[];	/* element names */

struct vk_disk_iotune {
	bool present;		/* an <iotune> was given */
	unsigned long long v[VK_IOT_LAST];
	char *group;		/* group_name, or NULL */
};

struct vk_disk_geometry {
	unsigned cyls, heads, secs;	/* 0: no <geometry> */
	int trans;		/* enum vk_geo_trans, -1 unset */
};

/* A child the disk (or its <source>) keeps as it was given: the qemu
 * driver decides what each means at start (qemu_command_disk.c). */
/* Everything of a <disk> beyond struct vk_disk's first members. */
struct vk_disk_ext {
	int sw[VK_DSW_LAST];
	int discard;		/* enum vk_disk_discard, -1 unset */
	int dzeroes;		/* enum vk_disk_dzeroes, -1 unset */
	int rerror;		/* enum vk_disk_rerror, -1 unset */
	unsigned iothread;	/* 0 unset */
	unsigned queues;	/* 0 unset */
	unsigned queue_size;	/* 0 unset */
	unsigned long long mcache_max;	/* metadata_cache max_size, bytes;
					 * 0 unset */
	bool has_mcache;	/* a <metadata_cache> was given */
	int model;		/* <disk model=>, -1 unset */
	int snapshot;		/* <disk snapshot=>, -1 unset */
	int rawio;		/* <disk rawio=> yes/no, -1 unset */
	char *sgio;		/* <disk sgio=> filtered/unfiltered */
	int startup;		/* <source startupPolicy>, -1 unset */
	char *pool, *volume;	/* type volume: <source pool volume> */
	int volmode;		/* type volume: mode=, -1 unset */
	char *vol_path;		/* type volume at start: the resolved path
				 * (never written back) */
	bool vol_block;		/* ... and whether it is a block device */
	int src_tls;		/* network: tls= 1 yes, 0 no, -1 unset */
	char *src_query;	/* network (http): query= */
	char *raw_source;	/* nvme, vhostuser: the whole <source> */
	int tray;		/* <target tray>, -1 unset */
	int removable;		/* <target removable> on/off, -1 unset */
	unsigned rotation;	/* <target rotation_rate>, 0 unset */
	unsigned logical_bs, physical_bs, discard_gran;	/* <blockio> */
	bool has_blockio;
	bool has_discard_gran;	/* discard_granularity= given (0 is a
				 * value) */
	struct vk_disk_geometry geo;
	struct vk_disk_iotune iotune;
	char *wwn, *vendor, *product;
	char *loadparm;		/* <boot loadparm> */
	char *alias;		/* <alias name> (domain_alias.h) */
	int nkept;		/* children of <disk> kept as given */
	struct vk_kept *kept;
	int nsrc_kept;		/* children of <source> kept as given */
	struct vk_kept *src_kept;
};

#endif
