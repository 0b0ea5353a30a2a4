/* A QEMU command line to a domain: disks.  virtkit's form, a
 * "-drive if=none,id=drive-T" backend with a "-device" front end
 * (ide-hd, ide-cd, scsi-hd, scsi-cd, virtio-blk-pci, usb-storage,
 * floppy), and the older forms "-drive file=..,if=ide,index=N",
 * -hda..-hdd, -cdrom, -fda, -fdb.  A source under /dev/ is a block
 * device, anything else a file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qemu_argv_parse_priv.h"
#include "util/error.h"

/* "PREFIX" followed by the letters of unit N: hda, hdz, hdaa. */
static char *unit_name(const char *prefix, unsigned n)
{
	char letters[8];
	int i = (int)sizeof(letters) - 1;

	letters[i] = '\0';
	do {
		letters[--i] = (char)('a' + n % 26);
		n = n / 26;
	} while (n-- > 0 && i > 0);
	return vk_asprintf("%s%s", prefix, letters + i);
}

static bool target_used(const struct vk_domain_def *def, const char *t)
{
	int i;

	for (i = 0; i < def->ndisks; i++)
		if (def->disks[i].target && !strcmp(def->disks[i].target, t))
			return true;
	return false;
}

/* The first free PREFIXx name. */
static char *free_name(struct vk_qa *q, const char *prefix)
{
	static const char *const prefixes[] = {
		"hd", "sd", "vd", "fd", "xvd", NULL
	};
	unsigned *n = &q->free_unit[vk_qa_index(prefixes, prefix)];

	for (;; (*n)++) {
		char *t = unit_name(prefix, *n);

		if (!target_used(q->def, t))
			return t;
		free(t);
	}
}

static void add_host(struct vk_disk *d, const char *name, int port)
{
	struct vk_disk_host *h = vk_array_add(&d->hosts, &d->nhosts,
					      sizeof(*h));

	h->name = vk_strdup(name);
	h->port = port;
}

static int host_port(struct vk_qa_props *p, const char *key, int *port)
{
	unsigned long long v = 0;

	if (vk_qa_get_uint(p, key, 65535, &v) < 0)
		return -1;
	*port = (int)v;
	return 0;
}

/* file.driver=vvfat|nbd|rbd: a directory or network source. */
static int driver_source(struct vk_qa_props *p, const char *drv,
			 struct vk_disk *d)
{
	const char *dir, *host, *pool, *image;
	char key[32];
	int i, port = 0, rw = 0, fl = 0;

	if (!strcmp(drv, "vvfat")) {
		dir = vk_qa_get(p, "file.dir");
		if (!dir || !*dir || vk_qa_get_bool(p, "file.rw", &rw) < 0 ||
		    vk_qa_get_bool(p, "file.floppy", &fl) < 0)
			return vk_qa_err(p->opt, "vvfat: no file.dir=");
		d->type = VK_DISK_DIR;
		d->source = vk_strdup(dir);
		return 0;
	}
	d->type = VK_DISK_NETWORK;
	if (!strcmp(drv, "nbd")) {
		host = vk_qa_get(p, "file.server.host");
		if (vk_qa_expect(p, "file.server.type", "inet") < 0 ||
		    host_port(p, "file.server.port", &port) < 0)
			return -1;
		if (!host || !*host)
			return vk_qa_err(p->opt, "nbd: no file.server.host=");
		d->protocol = VK_PROTO_NBD;
		add_host(d, host, port == 10809 ? 0 : port);
		return 0;
	}
	if (strcmp(drv, "rbd"))
		return vk_qa_err(p->opt, "file.driver '%s': not supported",
				 drv);
	pool = vk_qa_get(p, "file.pool");
	image = vk_qa_get(p, "file.image");
	if (!pool || !image || !*pool || !*image)
		return vk_qa_err(p->opt, "rbd: no file.pool= or file.image=");
	d->protocol = VK_PROTO_RBD;
	d->source_name = vk_asprintf("%s/%s", pool, image);
	for (i = 0; ; i++) {
		snprintf(key, sizeof(key), "file.server.%d.host", i);
		host = vk_qa_get(p, key);
		if (!host)
			break;
		snprintf(key, sizeof(key), "file.server.%d.port", i);
		if (host_port(p, key, &port) < 0)
			return -1;
		add_host(d, host, port == 6789 ? 0 : port);
	}
	return 0;
}

/* werror=, rerror=, aio= */
static int drive_policies(struct vk_qa_props *p, struct vk_disk *d)
{
	static const char *const errpol[] = {"stop", "ignore", "enospc", NULL};
	const char *werror = vk_qa_get(p, "werror");
	const char *rerror = vk_qa_get(p, "rerror");
	const char *aio = vk_qa_get(p, "aio");

	if (werror) {
		d->error_policy = vk_qa_index(errpol, werror);
		if (d->error_policy < 0)
			return vk_qa_err(p->opt, "werror '%s': not stop, "
					 "ignore or enospc", werror);
	}
	if (rerror && (!werror || strcmp(rerror, werror) ||
		       d->error_policy == VK_ERRPOL_ENOSPACE))
		return vk_qa_err(p->opt, "rerror '%s': not the same as "
				 "werror", rerror);
	if (aio) {
		d->io = vk_qa_index(vk_disk_io_names, aio);
		if (d->io < 0)
			return vk_qa_err(p->opt, "aio '%s': not threads or "
					 "native", aio);
	}
	return 0;
}

/* Source, format, cache, policies and read-only of a -drive list. */
static int drive_props(struct vk_qa_props *p, struct vk_disk *d)
{
	static const char *const caches[] = {
		"default", "none", "writethrough", "writeback", NULL
	};
	const char *file = vk_qa_get(p, "file");
	const char *drv = vk_qa_get(p, "file.driver");
	const char *format = vk_qa_get(p, "format");
	const char *cache = vk_qa_get(p, "cache");
	int ro = 0, i;

	if (file && !*file)
		file = NULL;
	if (drv && (file || driver_source(p, drv, d) < 0))
		return file ? vk_qa_err(p->opt, "file= with file.driver=") :
			      -1;
	if (file) {
		d->source = vk_strdup(file);
		d->type = strncmp(file, "/dev/", 5) ? VK_DISK_FILE :
			  VK_DISK_BLOCK;
	}
	/* raw is what the driver assumes without a <driver>. */
	if (format && strcmp(format, "raw")) {
		if (!vk_dom_device_name_ok(format))
			return vk_qa_err(p->opt, "bad format '%s'", format);
		d->driver_name = vk_strdup("qemu");
		d->driver_type = vk_strdup(format);
	}
	d->cache = VK_CACHE_NONE_SET;
	/* QEMU 0.10's spellings, on libvirt 0.9's lines. */
	if (cache && !strcmp(cache, "off"))
		cache = "none";
	else if (cache && !strcmp(cache, "on"))
		cache = "writethrough";
	if (cache) {
		for (i = 1; caches[i] && strcmp(caches[i], cache); i++)
			;
		if (!caches[i])
			return vk_qa_err(p->opt, "cache '%s': not supported",
					 cache);
		d->cache = i;
	}
	if (vk_qa_get_bool(p, "readonly", &ro) < 0 ||
	    drive_policies(p, d) < 0)
		return -1;
	d->readonly = ro;
	return 0;
}

/* A cdrom is read-only anyway: no <readonly/> for it. */
static void finish_disk(struct vk_disk *d)
{
	if (d->device == VK_DISK_CDROM)
		d->readonly = false;
}

/* ---- the old forms ---- */

struct old_if {
	const char *name;
	const char *prefix;
	int bus;
	unsigned units;		/* per bus; 0: no bus/unit */
};

static const struct old_if old_ifs[] = {
	{"ide", "hd", VK_BUS_IDE, 2}, {"scsi", "sd", VK_BUS_SCSI, 7},
	{"virtio", "vd", VK_BUS_VIRTIO, 0}, {"floppy", "fd", VK_BUS_FDC, 0},
	{"xen", "xvd", VK_BUS_XEN, 0}, {NULL, NULL, 0, 0}
};

static int old_index(struct vk_qa_props *p, const struct old_if *oi,
		     unsigned long long *idx)
{
	unsigned long long bus = 0, unit = 0;
	bool has_idx = vk_qa_has(p, "index");
	bool has_bu = vk_qa_has(p, "bus") || vk_qa_has(p, "unit");

	if (has_idx && has_bu)
		return vk_qa_err(p->opt, "index= with bus= or unit=");
	if (vk_qa_get_uint(p, "index", 1000, idx) < 0 ||
	    vk_qa_get_uint(p, "bus", 100, &bus) < 0 ||
	    vk_qa_get_uint(p, "unit", 100, &unit) < 0)
		return -1;
	if (has_bu) {
		if (!oi->units && bus)
			return vk_qa_err(p->opt, "bus=%llu on if=%s", bus,
					 oi->name);
		if (oi->units && unit >= oi->units)
			return vk_qa_err(p->opt, "unit=%llu on if=%s (units "
					 "0 to %u)", unit, oi->name,
					 oi->units - 1);
		*idx = oi->units ? bus * oi->units + unit : unit;
	}
	return has_idx || has_bu ? 1 : 0;
}

/* -drive without if=none: one disk of its own. */
static int old_drive(struct vk_qa *q, struct vk_qa_props *p)
{
	const char *ifn = vk_qa_get(p, "if");
	const char *media = vk_qa_get(p, "media");
	const char *serial = vk_qa_get(p, "serial");
	const struct old_if *oi;
	unsigned long long idx = 0;
	struct vk_disk *d;
	char *target;
	int has, boot = 0;

	if (!ifn)
		ifn = "ide";	/* QEMU's default interface */
	for (oi = old_ifs; oi->name && strcmp(oi->name, ifn); oi++)
		;
	if (!oi->name)
		return vk_qa_err(p->opt, "interface '%s': not supported", ifn);
	has = old_index(p, oi, &idx);
	/* boot=on: the drive is bootable, as every drive is now; the id
	 * is QEMU's own name for it. */
	if (has < 0 || vk_qa_get_bool(p, "boot", &boot) < 0)
		return -1;
	vk_qa_get(p, "id");
	target = has ? unit_name(oi->prefix, (unsigned)idx) :
		 free_name(q, oi->prefix);
	if (target_used(q->def, target)) {
		vk_qa_err(p->opt, "unit %s is used twice", target);
		free(target);
		return -1;
	}
	d = vk_qa_new_disk(q);
	d->bus = oi->bus;
	d->target = target;
	d->device = oi->bus == VK_BUS_FDC ? VK_DISK_FLOPPY : VK_DISK_DISK;
	if (media && !strcmp(media, "cdrom"))
		d->device = VK_DISK_CDROM;
	else if (media && strcmp(media, "disk"))
		return vk_qa_err(p->opt, "media '%s': not disk or cdrom",
				 media);
	if (serial)
		d->serial = vk_strdup(serial);
	if (drive_props(p, d) < 0 || vk_qa_check_used(p, NULL) < 0)
		return -1;
	finish_disk(d);
	return 0;
}

int vk_qa_drive(struct vk_qa *q, const struct vk_qa_opt *o)
{
	struct vk_qa_props p;
	int rc = 0;

	q->dev_seen = true;
	if (vk_qa_props_parse(o, o->value, NULL, &p) < 0)
		rc = -1;
	else if (!vk_qa_has(&p, "if") || strcmp(vk_qa_get(&p, "if"), "none"))
		rc = old_drive(q, &p);
	/* if=none: a backend, taken by its -device. */
	vk_qa_props_free(&p);
	return rc;
}

int vk_qa_drive_short(struct vk_qa *q, const struct vk_qa_opt *o)
{
	struct vk_disk *d;
	char *t;

	q->dev_seen = true;
	if (!strcmp(o->name, "cdrom"))
		t = vk_strdup("hdc");
	else
		t = vk_strdup(o->name);	/* hda..hdd, fda, fdb */
	if (target_used(q->def, t)) {
		free(t);
		return vk_qa_err(o, "unit %s is used twice",
				 !strcmp(o->name, "cdrom") ? "hdc" : o->name);
	}
	d = vk_qa_new_disk(q);
	d->target = t;
	d->bus = t[0] == 'f' ? VK_BUS_FDC : VK_BUS_IDE;
	d->device = t[0] == 'f' ? VK_DISK_FLOPPY :
		    !strcmp(o->name, "cdrom") ? VK_DISK_CDROM : VK_DISK_DISK;
	if (*o->value) {
		d->source = vk_strdup(o->value);
		d->type = strncmp(o->value, "/dev/", 5) ? VK_DISK_FILE :
			  VK_DISK_BLOCK;
	}
	return 0;
}

/* ---- front ends ---- */

static const char *const disk_drivers[] = {
	"ide-hd", "ide-cd", "scsi-hd", "scsi-cd", "virtio-blk-pci",
	"usb-storage", "floppy", NULL
};

bool vk_qa_is_disk_driver(const char *drv)
{
	return vk_qa_index(disk_drivers, drv) >= 0;
}

/* "NAME.N" (bus=ide.1, bus=ahci0.3) into *N. */
static bool bus_unit(const char *bus, const char *name, unsigned long long max,
		     unsigned long long *n)
{
	size_t len = strlen(name);

	return !strncmp(bus, name, len) && bus[len] == '.' &&
	       vk_qa_uint(bus + len + 1, max, n) == 0;
}

/* "PREFIXC.N" with a controller index C: *C and *N. */
static bool ctrl_unit(const char *bus, const char *prefix,
		      unsigned long long max, unsigned long long *c,
		      unsigned long long *n)
{
	size_t len = strlen(prefix);
	const char *dot;
	char *num;
	bool ok;

	if (!bus || strncmp(bus, prefix, len) || !(dot = strchr(bus, '.')))
		return false;
	num = vk_strndup(bus + len, (size_t)(dot - bus - (long)len));
	ok = vk_qa_uint(num, 31, c) == 0 && vk_qa_uint(dot + 1, max, n) == 0;
	free(num);
	return ok;
}

/* The unit of target name T after PREFIX (hdc: 2), or -1. */
static long name_unit(const char *t, const char *prefix)
{
	long idx = 0;

	if (strncmp(t, prefix, strlen(prefix)) || !t[strlen(prefix)])
		return -1;
	for (t += strlen(prefix); *t; t++) {
		if (*t < 'a' || *t > 'z' || idx > 100000)
			return -1;
		idx = idx * 26 + (*t - 'a' + 1);
	}
	return idx - 1;
}

/* Where a front end puts its disk. */
struct place {
	int bus;		/* enum vk_disk_bus */
	const char *prefix;	/* of target names on that bus */
	unsigned long long ctrl, unit;
	bool units;		/* the bus addresses by unit */
};

static int front_place(struct vk_qa_props *p, const char *drv,
		       struct place *pl)
{
	const char *bus = vk_qa_get(p, "bus");
	unsigned long long b = 0, unit = 0;

	memset(pl, 0, sizeof(*pl));
	pl->units = true;
	if (!strncmp(drv, "ide-", 4)) {
		if (vk_qa_get_uint(p, "unit", 1, &unit) < 0)
			return -1;
		if (bus && bus_unit(bus, "ide", 1, &b)) {
			pl->bus = VK_BUS_IDE;
			pl->prefix = "hd";
			pl->unit = b * 2 + unit;
		} else if (ctrl_unit(bus, "ahci", 5, &pl->ctrl, &pl->unit) &&
			   !vk_qa_has(p, "unit")) {
			pl->bus = VK_BUS_SATA;
			pl->prefix = "sd";
		} else {
			return vk_qa_err(p->opt, "bus '%s': not ide.0, ide.1 "
					 "or ahciC.N", bus ? bus : "");
		}
	} else if (!strncmp(drv, "scsi-", 5)) {
		if (!ctrl_unit(bus, "scsi", 0, &pl->ctrl, &b))
			return vk_qa_err(p->opt, "bus '%s': not scsiC.0",
					 bus ? bus : "");
		if (vk_qa_expect(p, "lun", "0") < 0 ||
		    vk_qa_get_uint(p, "scsi-id", 255, &pl->unit) < 0)
			return -1;
		pl->bus = VK_BUS_SCSI;
		pl->prefix = "sd";
	} else if (!strcmp(drv, "floppy")) {
		if (vk_qa_get_uint(p, "unit", 1, &pl->unit) < 0)
			return -1;
		pl->bus = VK_BUS_FDC;
		pl->prefix = "fd";
	} else {
		bool usb = !strcmp(drv, "usb-storage");

		if (usb && vk_qa_expect(p, "bus", "usb.0") < 0)
			return -1;
		pl->bus = usb ? VK_BUS_USB : VK_BUS_VIRTIO;
		pl->prefix = usb ? "sd" : "vd";
		pl->units = false;
	}
	return 0;
}

/* The bus, target and drive address of front end DRV: the target is
 * the name virtkit's drive id keeps (drive-TARGET), else the name of
 * the unit; a place other than the one the name gives is an
 * <address type='drive'>. */
static int front_target(struct vk_qa *q, struct vk_qa_props *p,
			const char *drv, const char *drive, struct vk_disk *d)
{
	struct place pl;
	const char *t = !strncmp(drive, "drive-", 6) ? drive + 6 : "";
	long named;

	if (front_place(p, drv, &pl) < 0)
		return -1;
	d->bus = pl.bus;
	named = name_unit(t, pl.prefix);
	if (named >= 0 && vk_dom_device_name_ok(t) && !target_used(q->def, t))
		d->target = vk_strdup(t);
	else if (pl.units)
		d->target = unit_name(pl.prefix, (unsigned)pl.unit);
	else
		d->target = free_name(q, pl.prefix);
	if (target_used(q->def, d->target))
		return vk_qa_err(p->opt, "unit %s is used twice", d->target);
	if (!pl.units) {
		if (pl.bus == VK_BUS_VIRTIO)
			return vk_qa_pci_addr(p, &d->addr);
		return 0;
	}
	if (pl.ctrl || name_unit(d->target, pl.prefix) != (long)pl.unit) {
		d->addr.type = VK_ADDR_DRIVE;
		d->addr.controller = (unsigned)pl.ctrl;
		d->addr.bus = pl.bus == VK_BUS_IDE ? (unsigned)pl.unit / 2 : 0;
		d->addr.unit = pl.bus == VK_BUS_IDE ? (unsigned)pl.unit % 2 :
			       (unsigned)pl.unit;
	}
	return 0;
}

int vk_qa_dev_disk(struct vk_qa *q, struct vk_qa_props *p, const char *drv)
{
	const char *drive = vk_qa_get(p, "drive");
	const char *serial = vk_qa_get(p, "serial");
	struct vk_qa_backend *be;
	unsigned boot;
	unsigned iothread = 0;
	struct vk_disk *d;
	int share = 0;

	be = vk_qa_backend(q, p->opt, VK_QA_DRIVE, drive);
	if (!be)
		return -1;
	vk_qa_get(&be->props, "if");
	vk_qa_get(p, "id");
	if (vk_qa_get_bootindex(q, p, &boot) < 0 ||
	    vk_qa_get_bool(p, "share-rw", &share) < 0 ||
	    vk_qa_iothread_ref(p, &iothread) < 0)
		return -1;
	/* Not in the domain yet while its target is chosen. */
	d = vk_qa_new_disk(q);
	q->def->ndisks--;
	if (front_target(q, p, drv, drive, d) < 0) {
		vk_disk_clear(d);
		return -1;
	}
	q->def->ndisks++;
	d->device = strstr(drv, "-cd") ? VK_DISK_CDROM :
		    !strcmp(drv, "floppy") ? VK_DISK_FLOPPY : VK_DISK_DISK;
	d->serial = serial ? vk_strdup(serial) : NULL;
	d->shareable = share;
	d->boot_order = boot;
	d->x.iothread = iothread;
	if (drive_props(&be->props, d) < 0 ||
	    vk_qa_check_used(&be->props, NULL) < 0)
		return -1;
	finish_disk(d);
	return 0;
}

/* -global isa-fdc.bootindexA=N: the boot order of floppy drive A. */
int vk_qa_global(struct vk_qa *q, const struct vk_qa_opt *o)
{
	const char *v = o->value;
	unsigned long long order;
	char t[4] = "fda";
	int i;

	if (!strncmp(v, "kvm-pit.lost_tick_policy=", 25))
		return vk_qa_global_pit(q, o);
	if (strncmp(v, "isa-fdc.bootindex", 17) || (v[17] != 'A' &&
	    v[17] != 'B') || v[18] != '=')
		return vk_qa_err(o, "'%s': not supported", v);
	if (vk_qa_uint(v + 19, 0xffff, &order) < 0 || !order)
		return vk_qa_err(o, "bad boot index '%s'", v + 19);
	t[2] = (char)('a' + v[17] - 'A');
	for (i = 0; i < q->def->ndisks; i++)
		if (!strcmp(q->def->disks[i].target, t))
			break;
	if (i == q->def->ndisks)
		return vk_qa_err(o, "no floppy drive %c before it", v[17]);
	q->def->disks[i].boot_order = (unsigned)order;
	return 0;
}
