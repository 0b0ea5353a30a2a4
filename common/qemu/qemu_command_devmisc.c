/* The QEMU 7.2 command line for the other devices: <rng> (and the virtio
 * <driver> options of the devices that have them).
 *
 *   rng random [FILE]   -object rng-random,id=objrngN[,filename=FILE]
 *   rng builtin         -object rng-builtin,id=objrngN
 *   rng egd             -chardev BACKEND,id=charrngN (as a <serial>'s)
 *                       -object rng-egd,id=objrngN,chardev=charrngN
 *   then                -device virtio-rng-pci[-transitional|
 *                       -non-transitional],rng=objrngN,id=rngN
 *                       [,max-bytes=B,period=MS][,DRIVER][,ADDR]
 *   <driver>            ,iommu_platform=,ats=,packed=,page-per-vq=
 *                       (on|off, as given)
 */
#include <stdlib.h>
#include <string.h>

#include "qemu_command_priv.h"
#include "util/error.h"

/* QEMU's period when <rate> has none: libvirt's default, 1 s. */
#define RNG_PERIOD_MS 1000

int vk_qcmd_virtio_opts(struct vk_buf *b, const struct vk_virtio_opts *d,
			int model, const char *who)
{
	static const char *const key[VK_VIRTIO_OPT_LAST] = {
		[VK_VIRTIO_IOMMU] = "iommu_platform", [VK_VIRTIO_ATS] = "ats",
		[VK_VIRTIO_PACKED] = "packed",
		[VK_VIRTIO_PAGE_PER_VQ] = "page-per-vq",
	};
	int i;

	if (d->opt[VK_VIRTIO_IOMMU] == 1 && model == VK_VIRTIO_TRANSITIONAL)
		return vk_qcmd_refuse_why("QEMU's transitional virtio devices "
					  "lack the IOMMU platform feature",
					  "%s model 'virtio-transitional' with "
					  "driver iommu='on'", who);
	for (i = 0; i < VK_VIRTIO_OPT_LAST; i++)
		if (d->opt[i] >= 0)
			vk_buf_addf(b, ",%s=%s", key[i],
				    d->opt[i] ? "on" : "off");
	return 0;
}

/* The PCI device of a virtio MODEL: BASE, BASE-transitional or
 * BASE-non-transitional. */
void vk_qcmd_virtio_model(struct vk_buf *b, const char *base, int model)
{
	vk_buf_add(b, base);
	if (model == VK_VIRTIO_TRANSITIONAL)
		vk_buf_add(b, "-transitional");
	else if (model == VK_VIRTIO_NON_TRANSITIONAL)
		vk_buf_add(b, "-non-transitional");
}

static int add_rng(struct vk_qcmd *c, int i)
{
	const struct vk_rng *r = &c->def->rngs[i];
	struct vk_buf b = VK_BUF_INIT;
	char *id;
	int rc;

	switch (r->backend) {
	case VK_RNG_RANDOM:
		vk_buf_addf(&b, "rng-random,id=objrng%d", i);
		vk_qcmd_kv(&b, "filename", r->device);
		break;
	case VK_RNG_BUILTIN:
		vk_buf_addf(&b, "rng-builtin,id=objrng%d", i);
		break;
	default:
		id = vk_asprintf("charrng%d", i);
		rc = vk_qcmd_chardev(c, &r->chr, id);
		free(id);
		if (rc < 0)
			return -1;
		vk_buf_addf(&b, "rng-egd,id=objrng%d,chardev=charrng%d", i, i);
		break;
	}
	vk_qcmd_push(c, "-object", &b);
	vk_qcmd_virtio_model(&b, "virtio-rng-pci", r->model);
	vk_buf_addf(&b, ",rng=objrng%d,id=rng%d", i, i);
	if (r->rate_bytes)
		vk_buf_addf(&b, ",max-bytes=%llu,period=%llu", r->rate_bytes,
			    r->rate_period ? r->rate_period : RNG_PERIOD_MS);
	if (vk_qcmd_virtio_opts(&b, &r->drv, r->model, "rng") < 0 ||
	    vk_qcmd_pci_addr(c, &r->addr, "rng", &b) < 0) {
		vk_buf_free(&b);
		return -1;
	}
	vk_qcmd_push(c, "-device", &b);
	return 0;
}

int vk_qcmd_devmisc(struct vk_qcmd *c)
{
	int i;

	for (i = 0; i < c->def->nrngs; i++)
		if (add_rng(c, i) < 0)
			return -1;
	return 0;
}
