/* A QEMU command line to a domain: controllers, host devices and
 * filesystems, as qemu_command_ctrl.c and the storage device files
 * write them.
 *
 * Controllers: the explicit ones come first, before any other device;
 * one met after another device was added by virtkit for the device
 * after it (ahciN, scsiN with virtio-scsi-pci, virtio-serialN, ccidN,
 * fdc0 on q35, usb) and is no element of its own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qemu_argv_parse_priv.h"
#include "util/error.h"

/* ---- controllers ---- */

static const struct {
	const char *drv;
	const char *prefix;	/* of its id; index after it */
	int type;
	int model;
} ctrls[] = {
	{"ahci", "ahci", VK_CTRL_SATA, -1},
	{"virtio-scsi-pci", "scsi", VK_CTRL_SCSI, -1},
	{"lsi", "scsi", VK_CTRL_SCSI, VK_SCSI_LSILOGIC},
	{"mptsas1068", "scsi", VK_CTRL_SCSI, VK_SCSI_LSISAS1068},
	{"megasas", "scsi", VK_CTRL_SCSI, VK_SCSI_LSISAS1078},
	{"pvscsi", "scsi", VK_CTRL_SCSI, VK_SCSI_VMPVSCSI},
	{"virtio-serial-pci", "virtio-serial", VK_CTRL_VSERIAL, -1},
	{"usb-ccid", "ccid", VK_CTRL_CCID, -1},
	{"isa-fdc", "fdc", VK_CTRL_FDC, -1},	/* q35's floppy controller */
	{"qemu-xhci", NULL, -1, -1},
	{NULL, NULL, 0, 0}
};

static int ctrl_index(const char *drv)
{
	int i;

	for (i = 0; ctrls[i].drv; i++)
		if (!strcmp(ctrls[i].drv, drv))
			return i;
	return -1;
}

bool vk_qa_is_ctrl_driver(const char *drv)
{
	return ctrl_index(drv) >= 0;
}

/* The index in the controller's id ("scsi2": 2). */
static int id_index(struct vk_qa_props *p, const char *prefix,
		    unsigned *index)
{
	const char *id = vk_qa_get(p, "id");
	unsigned long long n;
	size_t len = strlen(prefix);

	if (!id || strncmp(id, prefix, len) || vk_qa_uint(id + len, 31, &n))
		return vk_qa_err(p->opt, "id '%s': not %sN", id ? id : "",
				 prefix);
	*index = (unsigned)n;
	return 0;
}

static int ctrl_vserial(struct vk_qa_props *p, struct vk_controller *k)
{
	unsigned long long ports = 0, vectors = 0;
	bool has_p = vk_qa_has(p, "max_ports"), has_v = vk_qa_has(p, "vectors");

	if (vk_qa_get_uint(p, "max_ports", 31, &ports) < 0 ||
	    vk_qa_get_uint(p, "vectors", 1024, &vectors) < 0)
		return -1;
	k->ports = has_p ? (int)ports : -1;
	k->vectors = has_v ? (int)vectors : -1;
	return 0;
}

int vk_qa_dev_ctrl(struct vk_qa *q, struct vk_qa_props *p, const char *drv)
{
	int i = ctrl_index(drv);
	struct vk_controller *k;
	unsigned index = 0;

	if (!ctrls[i].prefix)
		return vk_qa_expect(p, "id", "usb");
	if (id_index(p, ctrls[i].prefix, &index) < 0)
		return -1;
	if (q->dev_seen) {
		/* Added by virtkit before the device that needs it. */
		if (ctrls[i].model >= 0)
			return vk_qa_err(p->opt, "a %s controller after the "
					 "devices (explicit ones come first)",
					 drv);
		return 0;
	}
	k = vk_array_add(&q->def->controllers, &q->def->ncontrollers,
			 sizeof(*k));
	vk_controller_init(k, ctrls[i].type, ctrls[i].model);
	k->index = index;
	if (k->type == VK_CTRL_VSERIAL && ctrl_vserial(p, k) < 0)
		return -1;
	if (!strcmp(drv, "virtio-scsi-pci") && vk_qa_has(p, "iothread")) {
		unsigned n = 0;

		if (vk_qa_iothread_ref(p, &n) < 0)
			return -1;
		k->has_driver = true;
		k->driver.iothread = (int)n;
	}
	if (k->type == VK_CTRL_CCID || k->type == VK_CTRL_FDC)
		return 0;
	return vk_qa_pci_addr(p, &k->addr);
}

/* ---- host devices ---- */

static int hex_id(struct vk_qa_props *p, const char *key, unsigned *out)
{
	const char *v = vk_qa_get(p, key);

	if (!v || vk_qa_hex(v, 0xffff, out) < 0)
		return vk_qa_err(p->opt, "%s '%s': not 0xNNNN", key,
				 v ? v : "");
	return 0;
}

static int usb_host(struct vk_qa_props *p, struct vk_hostdev *h)
{
	unsigned long long bus = 0, dev = 0;

	h->type = VK_HOSTDEV_USB;
	if (vk_qa_expect(p, "bus", "usb.0") < 0)
		return -1;
	if (vk_qa_has(p, "vendorid") || vk_qa_has(p, "productid")) {
		h->by_id = true;
		return hex_id(p, "vendorid", &h->vendor) < 0 ||
		       hex_id(p, "productid", &h->product) < 0 ? -1 : 0;
	}
	if (vk_qa_get_uint(p, "hostbus", 0xffff, &bus) < 0 ||
	    vk_qa_get_uint(p, "hostaddr", 0xffff, &dev) < 0)
		return -1;
	if (!bus || !dev)
		return vk_qa_err(p->opt, "no vendorid/productid or "
				 "hostbus/hostaddr");
	h->usb_bus = (unsigned)bus;
	h->usb_device = (unsigned)dev;
	return 0;
}

/* host=DDDD:BB:SS.F */
static int pci_host(struct vk_qa_props *p, struct vk_hostdev *h)
{
	const char *v = vk_qa_get(p, "host");
	unsigned d, b, s, f;
	char end;

	h->type = VK_HOSTDEV_PCI;
	if (!v || strspn(v, "0123456789abcdefABCDEF:.") != strlen(v) ||
	    sscanf(v, "%4x:%2x:%2x.%1x%c", &d, &b, &s, &f, &end) != 4 ||
	    s > 31 || f > 7)
		return vk_qa_err(p->opt, "host '%s': not DDDD:BB:SS.F",
				 v ? v : "");
	h->src.type = VK_ADDR_PCI;
	h->src.domain = d;
	h->src.bus = b;
	h->src.slot = s;
	h->src.function = f;
	/* <rom>: romfile= empty is enabled='no' (vk_qcmd_rom) */
	v = vk_qa_get(p, "romfile");
	if (v && !*v)
		h->rom.enabled = 0;
	else if (v)
		h->rom.file = vk_strdup(v);
	if (vk_qa_has(p, "rombar")) {
		unsigned long long bar;

		if (vk_qa_get_uint(p, "rombar", 1, &bar) < 0)
			return -1;
		h->rom.bar = (int)bar;
	}
	return vk_qa_pci_addr(p, &h->addr);
}

int vk_qa_dev_hostdev(struct vk_qa *q, struct vk_qa_props *p,
		      const char *drv)
{
	struct vk_hostdev *h;
	unsigned boot;

	vk_qa_get(p, "id");
	if (vk_qa_get_bootindex(q, p, &boot) < 0)
		return -1;
	h = vk_array_add(&q->def->hostdevs, &q->def->nhostdevs, sizeof(*h));
	vk_hostdev_init(h);
	h->boot_order = boot;
	return strcmp(drv, "usb-host") ? pci_host(p, h) : usb_host(p, h);
}

/* ---- filesystems ---- */

int vk_qa_dev_fs(struct vk_qa *q, struct vk_qa_props *p)
{
	static const char *const models[] = {
		[VK_FS_PASSTHROUGH] = "passthrough", [VK_FS_MAPPED] = "mapped",
		[VK_FS_SQUASH] = "none",
	};
	struct vk_qa_backend *be;
	const char *tag = vk_qa_get(p, "mount_tag"), *path, *model, *wr;
	struct vk_fs *fs;
	int ro = 0, i;

	be = vk_qa_backend(q, p->opt, VK_QA_FSDEV, vk_qa_get(p, "fsdev"));
	if (!be)
		return -1;
	vk_qa_get(p, "id");
	path = vk_qa_get(&be->props, "path");
	model = vk_qa_get(&be->props, "security_model");
	wr = vk_qa_get(&be->props, "writeout");
	if (wr && strcmp(wr, "immediate"))
		return vk_qa_err(be->props.opt, "writeout '%s': not immediate",
				 wr);
	if (!tag || !*tag || !path || !*path)
		return vk_qa_err(p->opt, "no mount_tag= or fsdev path=");
	if (vk_qa_expect(&be->props, "type", "local") < 0 ||
	    vk_qa_get_bool(&be->props, "readonly", &ro) < 0 ||
	    vk_qa_check_used(&be->props, NULL) < 0)
		return -1;
	fs = vk_array_add(&q->def->fss, &q->def->nfss, sizeof(*fs));
	fs->type = VK_FS_MOUNT;
	fs->source = vk_strdup(path);
	fs->target = vk_strdup(tag);
	fs->readonly = ro;
	fs->driver = -1;
	fs->wr_immediate = wr != NULL;
	for (i = 0; i < 3 && (!model || strcmp(models[i], model)); i++)
		;
	if (i == 3)
		return vk_qa_err(be->props.opt, "security_model '%s': not "
				 "passthrough, mapped or none",
				 model ? model : "");
	fs->accessmode = i;
	return vk_qa_pci_addr(p, &fs->addr);
}
