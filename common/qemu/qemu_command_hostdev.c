/* The QEMU 7.2 command line: host directories (<filesystem>, virtio-9p)
 * and host devices (<hostdev>, usb-host and vfio-pci), and the check at
 * start that the host devices are there.
 *
 *   -fsdev local,id=fsdev-fsN,path=DIR,security_model=M
 *          [,writeout=immediate][,readonly=on]
 *   -device virtio-9p-pci,id=fsN,fsdev=fsdev-fsN,mount_tag=TAG[,ADDR]
 *       M: passthrough, mapped, none (accessmode squash)
 *   -device usb-host,bus=usb.0,vendorid=0xVVVV,productid=0xPPPP,
 *       id=hostdevN[,bootindex=B]
 *   -device usb-host,bus=usb.0,hostbus=BUS,hostaddr=DEV,id=hostdevN
 *       [,bootindex=B]
 *   -device vfio-pci,host=DDDD:BB:SS.F,id=hostdevN[,ADDR][,romfile=F]
 *       [,rombar=0|1][,bootindex=B]
 * N counts the filesystems and the host devices in document order;
 * ADDR is ",bus=pci.0,addr=0xS.0xF" (vk_qcmd_pci_addr). */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qemu_command_priv.h"
#include "qemu_hostdev.h"
#include "util/error.h"
#include "util/file.h"

#define MAX_MOUNT_TAG 31	/* QEMU's virtio-9p limit, in bytes */

/* ---- filesystems ---- */

static int check_fs(const struct vk_fs *fs)
{
	if (fs->type == VK_FS_TEMPLATE)
		return vk_qcmd_refuse_why("templates are OpenVZ's",
					  "filesystem type 'template'");
	if (fs->driver > VK_FSDRV_HANDLE)
		return vk_qcmd_refuse_why("loop, nbd and ploop filesystems "
					  "are LXC's and OpenVZ's",
					  "filesystem driver type '%s'",
					  vk_fs_driver_names[fs->driver]);
	if (fs->driver == VK_FSDRV_HANDLE)
		return vk_qcmd_refuse_why("QEMU 6.0 removed the 9p handle "
					  "fsdriver",
					  "filesystem driver type 'handle'");
	if (fs->source[0] != '/')
		return vk_error(VK_EXIT_DOCUMENT, "filesystem '%s': source "
				"'%s' is not an absolute path", fs->target,
				fs->source);
	if (strlen(fs->target) > MAX_MOUNT_TAG)
		return vk_qcmd_refuse_why("virtio-9p mount tags hold 31 bytes",
					  "filesystem target dir '%s'",
					  fs->target);
	return 0;
}

int vk_qcmd_filesystems(struct vk_qcmd *c)
{
	static const char *const model[] = {
		[VK_FS_PASSTHROUGH] = "passthrough",
		[VK_FS_MAPPED] = "mapped", [VK_FS_SQUASH] = "none",
	};
	int i, rc;

	for (i = 0; i < c->def->nfss; i++) {
		const struct vk_fs *fs = &c->def->fss[i];
		struct vk_buf b = VK_BUF_INIT;
		char *who;

		if (check_fs(fs) < 0)
			return -1;
		vk_buf_addf(&b, "local,id=fsdev-fs%d", i);
		vk_qcmd_kv(&b, "path", fs->source);
		vk_qcmd_kv(&b, "security_model", model[fs->accessmode]);
		if (fs->wr_immediate)
			vk_buf_add(&b, ",writeout=immediate");
		if (fs->readonly)
			vk_buf_add(&b, ",readonly=on");
		vk_qcmd_push(c, "-fsdev", &b);
		vk_buf_addf(&b, "virtio-9p-pci,id=fs%d,fsdev=fsdev-fs%d", i, i);
		vk_qcmd_kv(&b, "mount_tag", fs->target);
		who = vk_asprintf("filesystem '%s'", fs->target);
		rc = vk_qcmd_push_pci(c, &fs->addr, who, &b);
		free(who);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* ---- host devices ---- */

/* "usb 1234:beef", "usb bus 1 device 5", "pci 0000:06:02.0" (caller
 * frees). */
static char *hostdev_name(const struct vk_hostdev *h)
{
	if (h->type == VK_HOSTDEV_PCI)
		return vk_asprintf("pci %04x:%02x:%02x.%x", h->src.domain,
				   h->src.bus, h->src.slot, h->src.function);
	if (h->by_id)
		return vk_asprintf("usb %04x:%04x", h->vendor, h->product);
	return vk_asprintf("usb bus %u device %u", h->usb_bus, h->usb_device);
}

static int add_hostdev(struct vk_qcmd *c, const struct vk_hostdev *h,
		       int n)
{
	struct vk_buf b = VK_BUF_INIT;
	char *who = hostdev_name(h);
	int rc = 0;

	if (h->type == VK_HOSTDEV_USB && h->by_id &&
	    (!h->vendor || !h->product)) {
		rc = vk_qcmd_refuse_why("QEMU's usb-host reads id 0 as any "
					"vendor or product", "hostdev %s: id 0",
					who);
	} else if (h->type == VK_HOSTDEV_USB) {
		vk_qcmd_need_usb(c);
		vk_buf_add(&b, "usb-host,bus=usb.0");
		if (h->by_id)
			vk_buf_addf(&b, ",vendorid=0x%04x,productid=0x%04x",
				    h->vendor, h->product);
		else
			vk_buf_addf(&b, ",hostbus=%u,hostaddr=%u", h->usb_bus,
				    h->usb_device);
		vk_buf_addf(&b, ",id=hostdev%d", n);
	} else if (h->driver > VK_HOSTDEV_VFIO) {
		rc = vk_qcmd_refuse_why("QEMU 7.2 assigns host PCI devices "
					"through VFIO only", "hostdev %s: "
					"driver '%s'", who,
					vk_hostdev_driver_names[h->driver]);
	} else if (h->managed) {
		rc = vk_qcmd_refuse_why("virtkit does not rebind host "
					"devices: bind it to vfio-pci and use "
					"managed='no'", "hostdev %s: "
					"managed='yes'", who);
	} else {
		vk_buf_addf(&b, "vfio-pci,host=%04x:%02x:%02x.%x,id=hostdev%d",
			    h->src.domain, h->src.bus, h->src.slot,
			    h->src.function, n);
		free(who);
		who = vk_asprintf("hostdev %04x:%02x:%02x.%x", h->src.domain,
				  h->src.bus, h->src.slot, h->src.function);
		rc = vk_qcmd_pci_addr(c, &h->addr, who, &b);
		vk_qcmd_rom(&b, &h->rom);
	}
	free(who);
	if (rc < 0) {
		vk_buf_free(&b);
		return -1;
	}
	if (h->boot_order)
		vk_buf_addf(&b, ",bootindex=%u", h->boot_order);
	vk_qcmd_push(c, "-device", &b);
	return 0;
}

int vk_qcmd_hostdevs(struct vk_qcmd *c)
{
	int i;

	for (i = 0; i < c->def->nhostdevs; i++)
		if (add_hostdev(c, &c->def->hostdevs[i], i) < 0)
			return -1;
	return 0;
}

/* ---- at start ---- */

/* The number in sysfs file DIR/NAME (base 16 when HEX), or -1. */
static long sysfs_num(const char *dir, const char *name, bool hex)
{
	char *path = vk_asprintf("%s/%s", dir, name);
	char *text = vk_file_read(path, 64, NULL);
	char *end;
	long v = -1;

	free(path);
	if (!text) {
		vk_error_clear();
		return -1;
	}
	errno = 0;
	v = strtol(text, &end, hex ? 16 : 10);
	if (errno || end == text)
		v = -1;
	free(text);
	return v;
}

/* Whether a USB device on the host matches H. */
static bool usb_present(const struct vk_hostdev *h)
{
	const char *root = "/sys/bus/usb/devices";
	bool found = false;
	char **names;
	int n, i;

	vk_dir_names(root, "", &names, &n);
	for (i = 0; i < n && !found; i++) {
		char *dir = vk_asprintf("%s/%s", root, names[i]);

		if (h->by_id)
			found = sysfs_num(dir, "idVendor", true) ==
				(long)h->vendor &&
				sysfs_num(dir, "idProduct", true) ==
				(long)h->product;
		else
			found = sysfs_num(dir, "busnum", false) ==
				(long)h->usb_bus &&
				sysfs_num(dir, "devnum", false) ==
				(long)h->usb_device;
		free(dir);
	}
	vk_names_free(names, n);
	return found;
}

/* A PCI device must exist and be bound to vfio-pci. */
static int check_pci(const struct vk_hostdev *h, const char *who)
{
	char *dir = vk_asprintf("/sys/bus/pci/devices/%04x:%02x:%02x.%x",
				h->src.domain, h->src.bus, h->src.slot,
				h->src.function);
	char *link = vk_asprintf("%s/driver", dir);
	char target[PATH_MAX];
	const char *drv;
	ssize_t len;
	int rc = 0;

	len = readlink(link, target, sizeof(target) - 1);
	if (access(dir, F_OK) < 0) {
		rc = vk_error(VK_EXIT_FAILED, "hostdev %s: no such host "
			      "device", who);
	} else if (len < 0) {
		rc = vk_error(VK_EXIT_FAILED, "hostdev %s: not bound to "
			      "vfio-pci (bind it first)", who);
	} else {
		target[len] = '\0';
		drv = strrchr(target, '/') ? strrchr(target, '/') + 1 : target;
		if (strcmp(drv, "vfio-pci"))
			rc = vk_error(VK_EXIT_FAILED, "hostdev %s: bound to "
				      "driver '%s', not vfio-pci (bind it "
				      "first)", who, drv);
	}
	free(link);
	free(dir);
	return rc;
}

int vk_qemu_hostdevs_check(const struct vk_domain_def *def)
{
	int i, rc = 0;

	for (i = 0; i < def->nhostdevs && !rc; i++) {
		const struct vk_hostdev *h = &def->hostdevs[i];
		char *who = hostdev_name(h);

		if (h->type == VK_HOSTDEV_PCI && h->managed)
			;	/* refused with the command line */
		else if (h->type == VK_HOSTDEV_PCI)
			rc = check_pci(h, who);
		else if (h->by_id && (!h->vendor || !h->product))
			;	/* refused with the command line (id 0) */
		else if (h->startup_policy == VK_STARTUP_OPTIONAL)
			;	/* optional: QEMU's usb-host starts without it
				 * and attaches it when it appears */
		else if (!usb_present(h))
			rc = vk_error(VK_EXIT_FAILED, "hostdev %s: no such "
				      "host device", who);
		free(who);
	}
	return rc;
}
