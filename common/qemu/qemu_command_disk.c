/* The QEMU 7.2 command line: disks.  Each disk is a "-drive if=none"
 * backend (drive-TARGET) plus a "-device" front end (disk-TARGET); the
 * option forms are in the comments of add_source, add_drive and
 * add_disk_device.  A disk's unit comes from its <address type='drive'>
 * or else from its target name (hdc: unit 2). */
#include <stdlib.h>
#include <string.h>

#include "qemu_command_priv.h"
#include "qemu_secrets.h"
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

/* How many units a SCSI controller of MODEL takes (QEMU's targets). */
static int scsi_units(int model)
{
	switch (model) {
	case VK_SCSI_LSILOGIC: return 8;
	case VK_SCSI_LSISAS1068: return 9;
	case VK_SCSI_LSISAS1078: return 65;
	case VK_SCSI_VMPVSCSI: return 65;
	default: return 256;
	}
}

/* How many units each bus has on controller CTRL, for the buses that
 * address by unit (IDE: bus * 2 + unit). */
static int bus_units(const struct vk_qcmd *c, int bus, unsigned ctrl)
{
	const struct vk_controller *k;

	switch (bus) {
	case VK_BUS_IDE: return 4;
	case VK_BUS_SATA: return 6;
	case VK_BUS_SCSI:
		k = vk_qcmd_find_ctrl(c, VK_CTRL_SCSI, ctrl);
		return scsi_units(k ? k->model : -1);
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
		if (cd)
			return NULL;
		return d->x.model == VK_DMODEL_VIRTIO_TRANS ?
		       "virtio-blk-pci-transitional" :
		       d->x.model == VK_DMODEL_VIRTIO_NONTRANS ?
		       "virtio-blk-pci-non-transitional" : "virtio-blk-pci";
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

/* Where a disk sits on a bus that addresses by unit. */
struct place {
	unsigned ctrl;		/* controller index */
	int unit;		/* -1: the bus has no units (virtio, usb) */
};

/* The place a <address type='drive'> gives; 0 or -1. */
static int drive_place(const struct vk_qcmd *c, const struct vk_disk *d,
		       struct place *p)
{
	const struct vk_dev_addr *a = &d->addr;
	const char *t = d->target, *bus = vk_disk_bus_names[d->bus];
	unsigned buses = d->bus == VK_BUS_IDE ? 2 : 1;
	unsigned units = d->bus == VK_BUS_IDE ? 2 :
			 (unsigned)bus_units(c, d->bus, a->controller);

	if ((d->bus == VK_BUS_IDE || d->bus == VK_BUS_FDC) && a->controller)
		return vk_error(VK_EXIT_DOCUMENT, "disk '%s': the PC machine "
				"has no %s controller %u (only 0)", t, bus,
				a->controller);
	if (a->bus >= buses)
		return vk_error(VK_EXIT_DOCUMENT, "disk '%s': drive address "
				"bus %u on bus '%s' is out of range (0 to %u)",
				t, a->bus, bus, buses - 1);
	if (a->unit >= units)
		return vk_error(VK_EXIT_DOCUMENT, "disk '%s': drive address "
				"unit %u on bus '%s' is out of range (0 to %u)",
				t, a->unit, bus, units - 1);
	p->ctrl = a->controller;
	p->unit = (int)(a->bus * 2 * (d->bus == VK_BUS_IDE) + a->unit);
	return 0;
}

/* The place of disk D: its drive address, else its target name on
 * controller 0; 0 or -1. */
static int disk_place(const struct vk_qcmd *c, const struct vk_disk *d,
		      struct place *p)
{
	const char *t = d->target;
	int units = bus_units(c, d->bus, 0);

	p->ctrl = 0;
	p->unit = -1;
	if (!units)
		return 0;
	if (d->addr.type == VK_ADDR_DRIVE)
		return drive_place(c, d, p);
	p->unit = target_index(t);
	if (p->unit < 0)
		return vk_error(VK_EXIT_DOCUMENT, "disk '%s': the target "
				"name gives no unit on bus '%s' (name it "
				"like %s: the letters give the unit)", t,
				vk_disk_bus_names[d->bus],
				bus_example(d->bus));
	if (p->unit >= units)
		return vk_error(VK_EXIT_DOCUMENT, "disk '%s': unit %d on bus "
				"'%s' is out of range (0 to %d)", t, p->unit,
				vk_disk_bus_names[d->bus], units - 1);
	return 0;
}

/* No two disks share a place. */
static int check_place(struct vk_qcmd *c, int i, const struct place *p)
{
	const struct vk_disk *d = &c->def->disks[i];
	struct place q;
	int j;

	if (p->unit < 0)
		return 0;
	for (j = 0; j < i; j++) {
		const struct vk_disk *o = &c->def->disks[j];

		if (o->bus != d->bus || disk_place(c, o, &q) < 0 ||
		    q.ctrl != p->ctrl || q.unit != p->unit)
			continue;
		if (p->ctrl)
			return vk_error(VK_EXIT_DOCUMENT, "disk '%s': unit %d "
					"of %s controller %u is already used "
					"by disk '%s'", d->target, p->unit,
					vk_disk_bus_names[d->bus], p->ctrl,
					o->target);
		return vk_error(VK_EXIT_DOCUMENT, "disk '%s': unit %d on bus "
				"'%s' is already used by disk '%s'", d->target,
				p->unit, vk_disk_bus_names[d->bus], o->target);
	}
	return 0;
}

/* The cache mode of disk D: its own, else for a writable shareable
 * disk 'none' (the reference: caching is deactivated for a disk that
 * is shared between domains), else the default (-1 or DEFAULT). */
static int disk_cache(const struct vk_disk *d)
{
	if (d->cache > VK_CACHE_DEFAULT || !d->shareable || d->readonly ||
	    d->device == VK_DISK_CDROM)
		return d->cache;
	return VK_CACHE_NONE;
}

/* What the source kind allows: a directory is a raw FAT image, aio= is
 * for local files, aio=native needs O_DIRECT. */
static int check_source(const struct vk_disk *d)
{
	const char *t = d->target;
	int kind = vk_qcmd_disk_kind(d), cache = disk_cache(d);

	if (vk_qcmd_disk_source_check(d) < 0)
		return -1;
	if (kind == VK_DISK_DIR && d->driver_type &&
	    strcmp(d->driver_type, "raw"))
		return vk_qcmd_refuse_why("QEMU shows a directory as a raw "
					  "FAT image", "disk '%s': "
					  "format '%s' of a directory", t,
					  d->driver_type);
	if (d->io >= 0 && (kind == VK_DISK_DIR || kind == VK_DISK_NETWORK))
		return vk_qcmd_refuse_why("QEMU's aio= is for files and block "
					  "devices", "disk '%s': io on a %s "
					  "disk", t, vk_disk_type_names[kind]);
	if (d->io == VK_IO_NATIVE && cache != VK_CACHE_NONE &&
	    cache != VK_CACHE_DIRECTSYNC)
		return vk_qcmd_refuse_why("aio=native needs cache.direct=on, "
					  "which is cache='none' or "
					  "'directsync'", "disk '%s': "
					  "io 'native' with cache '%s'", t,
					  d->cache < 0 ? "default" :
					  vk_disk_cache_names[d->cache]);
	if (d->enc.format >= 0 && d->enc.format != VK_ENC_LUKS)
		return vk_qcmd_refuse_why("virtkit opens LUKS images only",
					  "disk '%s': <encryption format="
					  "'%s'>", t, vk_encryption_format_names
					  [d->enc.format]);
	if (d->enc.format >= 0 && d->enc.engine == VK_ENC_ENGINE_LIBRBD)
		return vk_qcmd_refuse_why("QEMU decrypts the image itself",
					  "disk '%s': <encryption engine="
					  "'librbd'>", t);
	if (d->enc.format >= 0 && !d->enc.has_secret)
		return vk_error(VK_EXIT_DOCUMENT, "disk '%s': <encryption "
				"format='luks'> needs a <secret "
				"type='passphrase'>", t);
	if (d->enc.format >= 0 && strcmp(disk_format(d), "raw") &&
	    strcmp(disk_format(d), "qcow2"))
		return vk_qcmd_refuse_why("LUKS is a raw or a qcow2 image's",
					  "disk '%s': <encryption> on format "
					  "'%s'", t, disk_format(d));
	return 0;
}

/* Why disk D has no QEMU device (disk_model is NULL). */
static const char *no_model_why(const struct vk_disk *d)
{
	if (d->device == VK_DISK_FLOPPY)
		return "floppies go on bus 'fdc'";
	if (d->bus == VK_BUS_FDC)
		return "the floppy controller takes floppies only";
	if (d->bus == VK_BUS_VIRTIO)
		return "virtio-blk has no removable media: a cdrom goes on "
		       "bus 'ide', 'sata' or 'scsi'";
	return "QEMU's usb-storage is no cdrom: a cdrom goes on bus 'ide', "
	       "'sata' or 'scsi'";
}

/* What the bus and the machine allow of disk D. */
static int check_bus(const struct vk_qcmd *c, const struct vk_disk *d)
{
	const char *t = d->target, *bus = vk_disk_bus_names[d->bus];

	if (d->bus == VK_BUS_XEN)
		return vk_qcmd_refuse_why("it is the xen driver's paravirtual "
					  "bus", "disk '%s': bus 'xen'", t);
	if (!disk_model(d))
		return vk_qcmd_refuse_why(no_model_why(d), "disk '%s': %s on "
					  "bus '%s'", t,
					  vk_disk_device_names[d->device], bus);
	if (d->readonly && d->device == VK_DISK_DISK &&
	    (d->bus == VK_BUS_IDE || d->bus == VK_BUS_SATA))
		return vk_qcmd_refuse_why("QEMU's IDE and SATA hard disks "
					  "cannot be read-only: use a cdrom or "
					  "another bus", "disk '%s': "
					  "<readonly/> on bus '%s'", t, bus);
	if (d->bus == VK_BUS_IDE && vk_qcmd_q35(c))
		return vk_qcmd_refuse_why(VK_QCMD_Q35_NO_IDE, "disk '%s': "
					  "bus 'ide' on machine '%s'", t,
					  c->def->os.machine);
	if (!c->x86 && (d->bus == VK_BUS_IDE || d->bus == VK_BUS_FDC))
		return vk_qcmd_refuse_why("only PC machines have it", "disk "
					  "'%s': bus '%s' on arch '%s'", t, bus,
					  c->def->os.arch);
	return 0;
}

/* Everything about disk I that can be refused, and its place. */
static int check_disk(struct vk_qcmd *c, int i, struct place *p)
{
	const struct vk_disk *d = &c->def->disks[i];
	const char *t = d->target;

	if (check_bus(c, d) < 0 || vk_qcmd_disk_opts_check(d) < 0 ||
	    check_source(d) < 0)
		return -1;
	if (!vk_qcmd_disk_path(d) && !d->x.pool &&
	    vk_qcmd_disk_kind(d) != VK_DISK_NETWORK &&
	    d->device == VK_DISK_DISK)
		return vk_error(VK_EXIT_DOCUMENT, "disk '%s': a disk with "
				"device 'disk' needs a <source> (only a cdrom "
				"or floppy can be empty)", t);
	if (!qemu_id_ok(t))
		return vk_qcmd_refuse_why("QEMU ids take letters, digits, "
					  "'-', '.' and '_'",
					  "disk target '%s'", t);
	if (d->driver_name && strcmp(d->driver_name, "qemu"))
		return vk_qcmd_refuse_why("the qemu driver's disks have "
					  "driver name 'qemu'", "disk '%s': "
					  "driver '%s'", t, d->driver_name);
	if (!disk_format(d))
		return vk_qcmd_refuse_why("no image format of QEMU 7.2 has "
					  "that name", "disk '%s': format "
					  "'%s'", t, d->driver_type);
	if (d->serial && d->bus == VK_BUS_FDC)
		return vk_qcmd_refuse_why("QEMU's floppy drives have no "
					  "serial number", "disk '%s': "
					  "<serial> on bus 'fdc'", t);
	if (d->error_policy >= 0 && d->bus == VK_BUS_FDC)
		return vk_qcmd_refuse_why("QEMU's floppy drives take no "
					  "werror or rerror", "disk '%s': "
					  "error_policy on bus 'fdc'", t);
	if (disk_place(c, d, p) < 0)
		return -1;
	return check_place(c, i, p);
}

/* The image of disk D: SOURCE, with a LUKS disk's key first as
 *   -object secret,id=secret-drive-TARGET,file=RUNDIR/TARGET.key
 * and "format=luks,key-secret=ID" (raw) or "format=qcow2,
 * encrypt.format=luks,encrypt.key-secret=ID" in SOURCE. */
static void add_luks_source(struct vk_qcmd *c, struct vk_buf *b,
			    const struct vk_disk *d)
{
	const char *fmt = disk_format(d);
	struct vk_buf o = VK_BUF_INIT;
	char *id, *dir, *key;

	if (d->enc.format != VK_ENC_LUKS) {
		vk_qcmd_disk_source(b, d, fmt);
		return;
	}
	id = vk_qemu_disk_secret_id(d);
	dir = c->st->swtpm_dir ? vk_strdup(c->st->swtpm_dir) :
	      vk_asprintf("/run/virtkit/qemu/%s.d", c->def->name);
	key = vk_qemu_disk_key_path(dir, d);
	vk_buf_addf(&o, "secret,id=%s", id);
	vk_qcmd_kv(&o, "file", key);
	vk_qcmd_push(c, "-object", &o);
	if (!strcmp(fmt, "raw")) {
		vk_qcmd_disk_source(b, d, "luks");
		vk_buf_addf(b, "key-secret=%s,", id);
	} else {
		vk_qcmd_disk_source(b, d, fmt);
		vk_buf_addf(b, "encrypt.format=luks,encrypt.key-secret=%s,",
			    id);
	}
	free(id);
	free(dir);
	free(key);
}

/* -drive [SOURCE,]if=none,id=drive-TARGET[,readonly=on][,cache=C]
 *   [,werror=W,rerror=R][,aio=A]: error_policy stop and ignore set
 * both, enospace sets werror=enospc only (reads have no ENOSPC).  An
 * empty cdrom or floppy has no image for cache= and aio= to act on, and
 * QEMU 7.2 refuses them there ("Must specify either driver or file"). */
static void add_drive(struct vk_qcmd *c, const struct vk_disk *d)
{
	static const char *const werror[] = {
		[VK_ERRPOL_STOP] = "stop", [VK_ERRPOL_IGNORE] = "ignore",
		[VK_ERRPOL_ENOSPACE] = "enospc", [VK_ERRPOL_REPORT] = "report",
	};
	struct vk_buf b = VK_BUF_INIT;
	bool media = vk_qcmd_disk_path(d) ||
		     vk_qcmd_disk_kind(d) == VK_DISK_NETWORK;

	if (media)
		add_luks_source(c, &b, d);
	vk_buf_add(&b, "if=none");
	vk_buf_add(&b, ",id=drive-");
	vk_qcmd_esc(&b, d->target);
	if (d->readonly || d->device == VK_DISK_CDROM)
		vk_buf_add(&b, ",readonly=on");
	if (media && disk_cache(d) > VK_CACHE_DEFAULT)
		vk_qcmd_kv(&b, "cache", vk_disk_cache_names[disk_cache(d)]);
	if (d->error_policy >= 0)
		vk_qcmd_kv(&b, "werror", werror[d->error_policy]);
	if (d->x.rerror >= 0)
		vk_qcmd_kv(&b, "rerror", vk_disk_rerror_names[d->x.rerror]);
	else if (d->error_policy >= 0 &&
		 d->error_policy != VK_ERRPOL_ENOSPACE)
		vk_qcmd_kv(&b, "rerror", werror[d->error_policy]);
	if (media && d->io >= 0)
		vk_qcmd_kv(&b, "aio", vk_disk_io_names[d->io]);
	if (media)
		vk_qcmd_disk_drive_opts(&b, d);
	vk_qcmd_push(c, "-drive", &b);
}

/* The front end: -device MODEL,PLACE,drive=drive-T,id=disk-T,... where
 * PLACE is bus=ide.B,unit=U | bus=ahciC.U | bus=scsiC.0,scsi-id=U,lun=0
 * | bus=usb.0 | unit=U (floppy) | bus=pci.0,addr=0xS.0x0 (virtio with
 * an address) | nothing (virtio). */
static int add_disk_device(struct vk_qcmd *c, const struct vk_disk *d,
			   const struct place *p)
{
	struct vk_buf b = VK_BUF_INIT;
	int unit = p->unit;
	char *who, sata[16];
	int rc;

	vk_buf_add(&b, disk_model(d));
	switch (d->bus) {
	case VK_BUS_IDE:
		vk_buf_addf(&b, ",bus=ide.%d,unit=%d", unit / 2, unit % 2);
		break;
	case VK_BUS_SATA:
		vk_buf_addf(&b, ",bus=%s.%d", vk_qcmd_sata_bus(c, p->ctrl,
							       sata), unit);
		break;
	case VK_BUS_SCSI:
		vk_buf_addf(&b, ",bus=scsi%u.0,scsi-id=%d,lun=0", p->ctrl,
			    unit);
		break;
	case VK_BUS_USB:
		vk_buf_add(&b, ",bus=usb.0");
		break;
	case VK_BUS_FDC:
		vk_buf_addf(&b, ",unit=%d", unit);
		break;
	}
	who = vk_asprintf("disk '%s'", d->target);
	rc = vk_qcmd_iothread(c, &b, d->x.iothread, who);
	if (!rc && d->addr.type == VK_ADDR_PCI)
		rc = vk_qcmd_pci_addr(c, &d->addr, who, &b);
	free(who);
	if (rc < 0) {
		vk_buf_free(&b);
		return -1;
	}
	vk_buf_add(&b, ",drive=drive-");
	vk_qcmd_esc(&b, d->target);
	vk_buf_add(&b, ",id=disk-");
	vk_qcmd_esc(&b, d->target);
	vk_qcmd_kv(&b, "serial", d->serial);
	vk_qcmd_disk_device_opts(&b, d);
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
	return 0;
}

static int need_bus(struct vk_qcmd *c, const struct vk_disk *d,
		    const struct place *p)
{
	char *who;
	int rc = 0;

	if (d->bus == VK_BUS_USB) {
		vk_qcmd_need_usb(c);
		return 0;
	}
	if (d->bus != VK_BUS_SATA && d->bus != VK_BUS_SCSI &&
	    d->bus != VK_BUS_FDC)
		return 0;
	who = vk_asprintf("disk '%s'", d->target);
	rc = vk_qcmd_need_ctrl(c, d->bus == VK_BUS_SATA ? VK_CTRL_SATA :
			       d->bus == VK_BUS_SCSI ? VK_CTRL_SCSI :
			       VK_CTRL_FDC, p->ctrl, who);
	free(who);
	return rc;
}

int vk_qcmd_disks(struct vk_qcmd *c)
{
	struct place p;
	int i;

	for (i = 0; i < c->def->ndisks; i++) {
		const struct vk_disk *d = &c->def->disks[i];

		if (check_disk(c, i, &p) < 0 || need_bus(c, d, &p) < 0)
			return -1;
		add_drive(c, d);
		if (add_disk_device(c, d, &p) < 0)
			return -1;
	}
	return 0;
}
