/* The QEMU 7.2 command line: disks.  Each disk is a "-drive if=none"
 * backend (drive-TARGET) plus a "-device" front end (disk-TARGET). */
#include <stdlib.h>
#include <string.h>

#include "qemu_command_priv.h"
#include "util/error.h"

/* ---- disks ---- */

/* The unit a target name gives: hda 0, hdb 1, ..., hdz 25, hdaa 26;
 * -1 when the name has no such suffix. */
static int target_index(const char *t)
{
	static const char *const prefixes[] = {
		"hd", "sd", "vd", "xvd", "fd", "ubd", NULL
	};
	const char *s = NULL;
	int i, idx = 0;

	for (i = 0; prefixes[i] && !s; i++)
		if (!strncmp(t, prefixes[i], strlen(prefixes[i])))
			s = t + strlen(prefixes[i]);
	if (!s || !*s)
		return -1;
	for (; *s; s++) {
		if (*s < 'a' || *s > 'z' || idx > 100000)
			return -1;
		idx = idx * 26 + (*s - 'a' + 1);
	}
	return idx - 1;
}

/* How many units each bus has, for the buses that address by unit. */
static int bus_units(int bus)
{
	switch (bus) {
	case VK_BUS_IDE: return 4;
	case VK_BUS_SATA: return 6;
	case VK_BUS_SCSI: return 256;
	case VK_BUS_FDC: return 2;
	default: return 0;
	}
}

static const char *bus_example(int bus)
{
	switch (bus) {
	case VK_BUS_IDE: return "hda";
	case VK_BUS_FDC: return "fda";
	default: return "sda";
	}
}

static const char *disk_model(const struct vk_disk *d)
{
	bool cd = d->device == VK_DISK_CDROM;

	if (d->device == VK_DISK_FLOPPY)
		return d->bus == VK_BUS_FDC ? "floppy" : NULL;
	switch (d->bus) {
	case VK_BUS_IDE:
	case VK_BUS_SATA:
		return cd ? "ide-cd" : "ide-hd";
	case VK_BUS_SCSI:
		return cd ? "scsi-cd" : "scsi-hd";
	case VK_BUS_VIRTIO:
		return cd ? NULL : "virtio-blk-pci";
	case VK_BUS_USB:
		return cd ? NULL : "usb-storage";
	default:
		return NULL;
	}
}

static const char *disk_format(const struct vk_disk *d)
{
	static const char *const formats[] = {
		"raw", "qcow2", "qcow", "qed", "vmdk", "vpc", "vdi", "vhdx",
		"cloop", "dmg", "bochs", "parallels", NULL
	};
	int i;

	if (!d->driver_type || !strcmp(d->driver_type, "iso"))
		return "raw";
	for (i = 0; formats[i]; i++)
		if (!strcmp(d->driver_type, formats[i]))
			return formats[i];
	return NULL;
}

static bool qemu_id_ok(const char *s)
{
	return !s[strspn(s, "abcdefghijklmnopqrstuvwxyz"
			 "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")];
}

/* Everything about disk I that can be refused, and its unit. */
static int check_disk(struct vk_qcmd *c, int i, int *unit)
{
	const struct vk_disk *d = &c->def->disks[i];
	const char *t = d->target;
	int j;

	if (d->bus == VK_BUS_XEN)
		return vk_qcmd_refuse("disk '%s': bus 'xen'", t);
	if (!disk_model(d))
		return vk_qcmd_refuse("disk '%s': %s on bus '%s'", t,
				      vk_disk_device_names[d->device],
				      vk_disk_bus_names[d->bus]);
	if (!c->x86 && (d->bus == VK_BUS_IDE || d->bus == VK_BUS_FDC))
		return vk_qcmd_refuse("disk '%s': bus '%s' on arch '%s'", t,
				      vk_disk_bus_names[d->bus],
				      c->def->os.arch);
	if (!qemu_id_ok(t))
		return vk_qcmd_refuse_why("QEMU ids take letters, digits, "
					  "'-', '.' and '_'",
					  "disk target '%s'", t);
	if (d->driver_name && strcmp(d->driver_name, "qemu"))
		return vk_qcmd_refuse("disk '%s': driver '%s'", t,
				      d->driver_name);
	if (!disk_format(d))
		return vk_qcmd_refuse("disk '%s': format '%s'", t,
				      d->driver_type);
	if (d->serial && d->bus == VK_BUS_FDC)
		return vk_qcmd_refuse("disk '%s': <serial> on bus 'fdc'", t);
	if (d->source && d->source[0] != '/')
		return vk_error(VK_EXIT_DOCUMENT, "disk '%s': source '%s' is "
				"not an absolute path", t, d->source);
	*unit = -1;
	if (!bus_units(d->bus))
		return 0;
	*unit = target_index(t);
	if (*unit < 0)
		return vk_error(VK_EXIT_DOCUMENT, "disk '%s': the target "
				"name gives no unit on bus '%s' (name it "
				"like %s: the letters give the unit)", t,
				vk_disk_bus_names[d->bus],
				bus_example(d->bus));
	if (*unit >= bus_units(d->bus))
		return vk_error(VK_EXIT_DOCUMENT, "disk '%s': unit %d on bus "
				"'%s' is out of range (0 to %d)", t, *unit,
				vk_disk_bus_names[d->bus],
				bus_units(d->bus) - 1);
	for (j = 0; j < i; j++)
		if (c->def->disks[j].bus == d->bus &&
		    target_index(c->def->disks[j].target) == *unit)
			return vk_error(VK_EXIT_DOCUMENT, "disk '%s': unit %d "
					"on bus '%s' is already used by disk "
					"'%s'", t, *unit,
					vk_disk_bus_names[d->bus],
					c->def->disks[j].target);
	return 0;
}

static void add_drive(struct vk_qcmd *c, const struct vk_disk *d)
{
	static const char *const cache[] = {
		[VK_CACHE_NONE] = "none", [VK_CACHE_WRITETHROUGH] =
		"writethrough", [VK_CACHE_WRITEBACK] = "writeback",
	};
	struct vk_buf b = VK_BUF_INIT;

	if (d->source) {
		vk_buf_add(&b, "file=");
		vk_qcmd_esc(&b, d->source);
		vk_qcmd_kv(&b, "format", disk_format(d));
		vk_buf_addc(&b, ',');
	}
	vk_buf_add(&b, "if=none");
	vk_buf_add(&b, ",id=drive-");
	vk_qcmd_esc(&b, d->target);
	if (d->readonly || d->device == VK_DISK_CDROM)
		vk_buf_add(&b, ",readonly=on");
	if (d->cache > VK_CACHE_DEFAULT)
		vk_qcmd_kv(&b, "cache", cache[d->cache]);
	vk_qcmd_push(c, "-drive", &b);
}

static void add_disk_device(struct vk_qcmd *c, const struct vk_disk *d,
			    int unit)
{
	struct vk_buf b = VK_BUF_INIT;

	vk_buf_add(&b, disk_model(d));
	switch (d->bus) {
	case VK_BUS_IDE:
		vk_buf_addf(&b, ",bus=ide.%d,unit=%d", unit / 2, unit % 2);
		break;
	case VK_BUS_SATA:
		vk_buf_addf(&b, ",bus=ahci0.%d", unit);
		break;
	case VK_BUS_SCSI:
		vk_buf_addf(&b, ",bus=scsi0.0,scsi-id=%d,lun=0", unit);
		break;
	case VK_BUS_USB:
		vk_buf_add(&b, ",bus=usb.0");
		break;
	case VK_BUS_FDC:
		vk_buf_addf(&b, ",unit=%d", unit);
		break;
	}
	vk_buf_add(&b, ",drive=drive-");
	vk_qcmd_esc(&b, d->target);
	vk_buf_add(&b, ",id=disk-");
	vk_qcmd_esc(&b, d->target);
	vk_qcmd_kv(&b, "serial", d->serial);
	if (d->shareable)
		vk_buf_add(&b, ",share-rw=on");
	if (d->boot_order && d->bus != VK_BUS_FDC)
		vk_buf_addf(&b, ",bootindex=%u", d->boot_order);
	vk_qcmd_push(c, "-device", &b);
	/* The floppy drives' boot order belongs to their controller. */
	if (d->boot_order && d->bus == VK_BUS_FDC) {
		vk_argv_add(c->a, "-global");
		vk_argv_addf(c->a, "isa-fdc.bootindex%c=%u", 'A' + unit,
			     d->boot_order);
	}
}

int vk_qcmd_disks(struct vk_qcmd *c)
{
	int i, unit = -1;

	for (i = 0; i < c->def->ndisks; i++) {
		const struct vk_disk *d = &c->def->disks[i];

		if (check_disk(c, i, &unit) < 0)
			return -1;
		if (d->bus == VK_BUS_SATA)
			vk_qcmd_need_ahci(c);
		else if (d->bus == VK_BUS_SCSI)
			vk_qcmd_need_scsi(c);
		else if (d->bus == VK_BUS_USB)
			vk_qcmd_need_usb(c);
		add_drive(c, d);
		add_disk_device(c, d, unit);
	}
	return 0;
}
