/* The QEMU 7.2 command line: libvirt 9.x's disk tuning.  On -drive:
 *   ,discard=unmap|ignore ,detect-zeroes=off|on|unmap ,copy-on-read=on
 *   ,throttling.bps-total=N ... (one per <iotune> value)
 *   ,throttling.group=NAME ,cache-size=N (qcow2's metadata cache)
 * on the -device front end:
 *   ,wwn=0xN ,vendor=V ,product=P ,rotation_rate=N ,removable=on|off
 *   ,logical_block_size=N ,physical_block_size=N ,discard_granularity=N
 *   ,cyls=C,heads=H,secs=S[,bios-chs-trans=T]
 *   virtio: ,ioeventfd= ,event_idx= ,num-queues= ,queue-size= ,packed=
 *     ,ats= ,iommu_platform= ,page-per-vq=
 * and the refusal of what the qemu driver cannot do, with the reason. */
#include <stdlib.h>
#include <string.h>

#include "qemu_command_priv.h"
#include "util/error.h"

/* QEMU's throttling option of each <iotune> value. */
static const char *const throttle_names[VK_IOT_LAST] = {
	"bps-total", "bps-read", "bps-write",
	"iops-total", "iops-read", "iops-write",
	"bps-total-max", "bps-read-max", "bps-write-max",
	"iops-total-max", "iops-read-max", "iops-write-max",
	"iops-size",
	"bps-total-max-length", "bps-read-max-length", "bps-write-max-length",
	"iops-total-max-length", "iops-read-max-length",
	"iops-write-max-length",
};

/* QEMU's virtio property of each <driver> switch (NULL: a -drive
 * option). */
static const char *const sw_props[VK_DSW_LAST] = {
	[VK_DSW_IOEVENTFD] = "ioeventfd", [VK_DSW_EVENT_IDX] = "event_idx",
	[VK_DSW_PACKED] = "packed", [VK_DSW_ATS] = "ats",
	[VK_DSW_IOMMU] = "iommu_platform", [VK_DSW_PAGE_PER_VQ] = "page-per-vq",
};

#define MIN_BLOCK 512u
#define MAX_BLOCK (2u * 1024 * 1024)

static bool pow2(unsigned v)
{
	return v && !(v & (v - 1));
}

/* The rules QEMU's throttling has: a burst needs its rate, a burst
 * length needs its burst, a burst is no lower than its rate. */
static int check_iotune(const struct vk_disk *d)
{
	const unsigned long long *v = d->x.iotune.v;
	const char *t = d->target;
	int i;

	for (i = 0; i < 6; i++) {
		if (v[VK_IOT_TOTAL_BYTES_MAX + i] && !v[i])
			return vk_error(VK_EXIT_DOCUMENT, "disk '%s': <iotune>"
					"<%s> needs <%s> (QEMU's burst needs "
					"its rate)", t, vk_iotune_names[
					VK_IOT_TOTAL_BYTES_MAX + i],
					vk_iotune_names[i]);
		if (v[VK_IOT_TOTAL_BYTES_MAX + i] &&
		    v[VK_IOT_TOTAL_BYTES_MAX + i] < v[i])
			return vk_error(VK_EXIT_DOCUMENT, "disk '%s': <iotune>"
					"<%s> is lower than <%s>", t,
					vk_iotune_names[VK_IOT_TOTAL_BYTES_MAX
							+ i],
					vk_iotune_names[i]);
		if (v[VK_IOT_TOTAL_BYTES_MAXLEN + i] &&
		    !v[VK_IOT_TOTAL_BYTES_MAX + i])
			return vk_error(VK_EXIT_DOCUMENT, "disk '%s': <iotune>"
					"<%s> needs <%s>", t, vk_iotune_names[
					VK_IOT_TOTAL_BYTES_MAXLEN + i],
					vk_iotune_names[VK_IOT_TOTAL_BYTES_MAX
							+ i]);
	}
	return 0;
}

static int check_blockio(const struct vk_disk *d)
{
	const struct vk_disk_ext *x = &d->x;
	const char *t = d->target;

	if ((x->logical_bs && (!pow2(x->logical_bs) ||
			       x->logical_bs < MIN_BLOCK ||
			       x->logical_bs > MAX_BLOCK)) ||
	    (x->physical_bs && (!pow2(x->physical_bs) ||
				x->physical_bs < MIN_BLOCK ||
				x->physical_bs > MAX_BLOCK)))
		return vk_error(VK_EXIT_DOCUMENT, "disk '%s': <blockio> "
				"sizes are powers of 2 from 512 to 2097152 "
				"(QEMU's rule)", t);
	if (x->logical_bs && x->physical_bs && x->physical_bs < x->logical_bs)
		return vk_error(VK_EXIT_DOCUMENT, "disk '%s': <blockio> "
				"physical_block_size is less than "
				"logical_block_size", t);
	return 0;
}

/* Why a child of <disk> kept as given is refused (NULL: accepted: a
 * backing chain only describes what QEMU reads from the image). */
static const char *kept_why(const char *name)
{
	if (!strcmp(name, "backingStore"))
		return NULL;
	if (!strcmp(name, "auth"))
		return "virtkit has no secret store to hand QEMU the key";
	if (!strcmp(name, "transient"))
		return "virtkit makes no overlay image that goes when the "
		       "guest stops";
	if (!strcmp(name, "mirror"))
		return "it is a running libvirt block job's";
	if (!strcmp(name, "backenddomain"))
		return "it names a Xen driver domain";
	return "virtkit keeps it in the definition but does not implement it";
}

/* The virtio-only settings on a disk of another bus. */
static int check_virtio_only(const struct vk_disk *d)
{
	const char *t = d->target, *bus = vk_disk_bus_names[d->bus];
	int i;

	if (d->bus == VK_BUS_VIRTIO)
		return 0;
	for (i = 0; i < VK_DSW_LAST; i++)
		if (sw_props[i] && d->x.sw[i] >= 0)
			return vk_qcmd_refuse_why("it is a virtio setting",
						  "disk '%s': %s on bus '%s'",
						  t, vk_disk_sw_names[i], bus);
	if (d->x.queues || d->x.queue_size || d->x.iothread)
		return vk_qcmd_refuse_why("it is a virtio setting", "disk "
					  "'%s': %s on bus '%s'", t,
					  d->x.queues ? "queues" :
					  d->x.queue_size ? "queue_size" :
					  "iothread", bus);
	if (d->x.model >= 0)
		return vk_qcmd_refuse_why("it is a virtio setting", "disk "
					  "'%s': model '%s' on bus '%s'", t,
					  vk_disk_model_names[d->x.model],
					  bus);
	return 0;
}

/* What the front end of each bus has: wwn (IDE, SATA, SCSI), vendor
 * and product (SCSI), rotation_rate (hard disks on IDE, SATA, SCSI),
 * removable (USB and SCSI hard disks), geometry (IDE, SATA hard disks,
 * virtio; trans IDE and SATA only). */
static int check_front(const struct vk_disk *d)
{
	const char *t = d->target, *bus = vk_disk_bus_names[d->bus];
	bool ide = d->bus == VK_BUS_IDE || d->bus == VK_BUS_SATA;
	bool scsi = d->bus == VK_BUS_SCSI, hd = d->device == VK_DISK_DISK;

	if (d->x.wwn && !ide && !scsi)
		return vk_qcmd_refuse_why("QEMU's IDE, SATA and SCSI drives "
					  "have a WWN", "disk '%s': <wwn> on "
					  "bus '%s'", t, bus);
	if ((d->x.vendor || d->x.product) && !scsi)
		return vk_qcmd_refuse_why("QEMU's SCSI drives have a vendor "
					  "and product", "disk '%s': <%s> on "
					  "bus '%s'", t, d->x.vendor ?
					  "vendor" : "product", bus);
	if (d->x.rotation && !(hd && (ide || scsi)))
		return vk_qcmd_refuse_why("QEMU's IDE, SATA and SCSI hard "
					  "disks have it", "disk '%s': "
					  "rotation_rate on a %s on bus '%s'",
					  t, vk_disk_device_names[d->device],
					  bus);
	if (d->x.removable >= 0 &&
	    !(hd && (scsi || d->bus == VK_BUS_USB)))
		return vk_qcmd_refuse_why("QEMU's USB and SCSI hard disks "
					  "have it", "disk '%s': removable "
					  "on a %s on bus '%s'", t,
					  vk_disk_device_names[d->device], bus);
	if (d->x.geo.cyls && !(hd && (ide || d->bus == VK_BUS_VIRTIO)))
		return vk_qcmd_refuse_why("QEMU's IDE, SATA and virtio hard "
					  "disks have it", "disk '%s': "
					  "<geometry> on bus '%s'", t, bus);
	if (d->x.geo.trans >= 0 && !ide)
		return vk_qcmd_refuse_why("QEMU's IDE and SATA disks have "
					  "it", "disk '%s': geometry trans on "
					  "bus '%s'", t, bus);
	return 0;
}

/* What of the image options the qemu driver refuses. */
static int check_image(const struct vk_disk *d)
{
	const char *t = d->target;

	if (d->x.has_mcache && (!d->driver_type ||
				strcmp(d->driver_type, "qcow2")))
		return vk_qcmd_refuse_why("it is qcow2's cache-size",
					  "disk '%s': <metadata_cache> on "
					  "format '%s'", t, d->driver_type ?
					  d->driver_type : "raw");
	if (d->x.sw[VK_DSW_COPY_ON_READ] == 1 &&
	    (d->readonly || d->device == VK_DISK_CDROM))
		return vk_qcmd_refuse_why("QEMU's copy-on-read writes to the "
					  "image", "disk '%s': copy_on_read "
					  "on a read-only disk", t);
	if (d->x.sw[VK_DSW_IOMMU] == 1 &&
	    d->x.model != VK_DMODEL_VIRTIO_NONTRANS)
		return vk_qcmd_refuse_why("QEMU's legacy and transitional "
					  "virtio devices have no IOMMU "
					  "platform: give "
					  "model='virtio-non-transitional'",
					  "disk '%s': iommu='on'", t);
	return 0;
}

int vk_qcmd_disk_opts_check(const struct vk_disk *d)
{
	const char *t = d->target;
	int i;

	if (d->device == VK_DISK_LUN)
		return vk_qcmd_refuse_why("virtkit does not pass SCSI "
					  "commands through to a host device "
					  "(scsi-block)", "disk '%s': device "
					  "'lun'", t);
	if (d->bus == VK_BUS_SD)
		return vk_qcmd_refuse_why("it is the SD card slot of some "
					  "ARM boards", "disk '%s': bus 'sd'",
					  t);
	if (d->x.tray == VK_TRAY_OPEN)
		return vk_qcmd_refuse_why("QEMU starts a drive with its tray "
					  "closed", "disk '%s': tray='open'",
					  t);
	if (d->x.loadparm)
		return vk_qcmd_refuse_why("it is for s390 machines", "disk "
					  "'%s': boot loadparm", t);
	for (i = 0; i < d->x.nkept; i++)
		if (kept_why(d->x.kept[i].name))
			return vk_qcmd_refuse_why(kept_why(d->x.kept[i].name),
						  "disk '%s': <%s>", t,
						  d->x.kept[i].name);
	if (check_virtio_only(d) < 0 || check_front(d) < 0 ||
	    check_image(d) < 0 || check_blockio(d) < 0)
		return -1;
	return check_iotune(d);
}

void vk_qcmd_disk_drive_opts(struct vk_buf *b, const struct vk_disk *d)
{
	const struct vk_disk_ext *x = &d->x;
	int i, dz = x->dzeroes;

	if (x->discard >= 0)
		vk_qcmd_kv(b, "discard", vk_disk_discard_names[x->discard]);
	/* libvirt's rule: unmap without discard='unmap' is 'on'. */
	if (dz == VK_DZ_UNMAP && x->discard != VK_DISCARD_UNMAP)
		dz = VK_DZ_ON;
	if (dz >= 0)
		vk_qcmd_kv(b, "detect-zeroes", vk_disk_dzeroes_names[dz]);
	if (x->sw[VK_DSW_COPY_ON_READ] >= 0)
		vk_qcmd_kv(b, "copy-on-read",
			   x->sw[VK_DSW_COPY_ON_READ] ? "on" : "off");
	for (i = 0; i < VK_IOT_LAST; i++)
		if (x->iotune.v[i])
			vk_buf_addf(b, ",throttling.%s=%llu", throttle_names[i],
				    x->iotune.v[i]);
	vk_qcmd_kv(b, "throttling.group", x->iotune.group);
	if (x->mcache_max)
		vk_buf_addf(b, ",cache-size=%llu", x->mcache_max);
}

void vk_qcmd_disk_device_opts(struct vk_buf *b, const struct vk_disk *d)
{
	static const char *const trans[] = {
		[VK_TRANS_NONE] = "none", [VK_TRANS_LBA] = "lba",
		[VK_TRANS_AUTO] = "auto",
	};
	const struct vk_disk_ext *x = &d->x;
	int i;

	if (x->wwn)
		vk_buf_addf(b, ",wwn=0x%s", x->wwn +
			    (strncmp(x->wwn, "0x", 2) ? 0 : 2));
	vk_qcmd_kv(b, "vendor", x->vendor);
	vk_qcmd_kv(b, "product", x->product);
	if (x->rotation)
		vk_buf_addf(b, ",rotation_rate=%u", x->rotation);
	if (x->removable >= 0)
		vk_qcmd_kv(b, "removable", x->removable ? "on" : "off");
	if (x->logical_bs)
		vk_buf_addf(b, ",logical_block_size=%u", x->logical_bs);
	if (x->physical_bs)
		vk_buf_addf(b, ",physical_block_size=%u", x->physical_bs);
	if (x->has_discard_gran)
		vk_buf_addf(b, ",discard_granularity=%u", x->discard_gran);
	if (x->geo.cyls)
		vk_buf_addf(b, ",cyls=%u,heads=%u,secs=%u", x->geo.cyls,
			    x->geo.heads, x->geo.secs);
	if (x->geo.trans >= 0)
		vk_qcmd_kv(b, "bios-chs-trans", trans[x->geo.trans]);
	for (i = 0; i < VK_DSW_LAST; i++)
		if (sw_props[i] && x->sw[i] >= 0)
			vk_qcmd_kv(b, sw_props[i], x->sw[i] ? "on" : "off");
	if (x->queues)
		vk_buf_addf(b, ",num-queues=%u", x->queues);
	if (x->queue_size)
		vk_buf_addf(b, ",queue-size=%u", x->queue_size);
}
