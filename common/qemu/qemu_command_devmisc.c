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
 *   tpm emulator        -chardev socket,id=chrtpm0,path=DIR/swtpm.sock
 *   (or external, at    -tpmdev emulator,id=tpm-tpm0,chardev=chrtpm0
 *   its socket)         -device tpm-crb|tpm-tis|tpm-spapr,tpmdev=tpm-tpm0,
 *                       id=tpm0 (vm-start runs swtpm: qemu_tpm.h)
 *   tpm passthrough     -tpmdev passthrough,id=tpm-tpm0,path=DEV, then
 *                       the same -device
 */
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>

#include "qemu_command_priv.h"
#include "qemu_tpm.h"
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
	if (vk_qcmd_virtio_opts(&b, &r->drv, r->model, "rng") < 0) {
		vk_buf_free(&b);
		return -1;
	}
	return vk_qcmd_push_pci(c, &r->addr, "rng", &b);
}

/* What the qemu driver does not do with a TPM, or NULL. */
static const char *tpm_refusal(const struct vk_qcmd *c,
			       const struct vk_tpm *t, char **what)
{
	int model = vk_tpm_model(c->def, t);
	struct stat st;

	if (model == VK_TPM_SPAPR_PROXY) {
		*what = vk_strdup("<tpm model='spapr-tpm-proxy'>");
		return "virtkit implements no pSeries TPM proxy";
	}
	if (model == VK_TPM_SPAPR && c->x86) {
		*what = vk_strdup("<tpm model='tpm-spapr'>");
		return "tpm-spapr is a device of pSeries (ppc64) machines";
	}
	if (model == VK_TPM_CRB && !c->x86) {
		*what = vk_strdup("<tpm model='tpm-crb'>");
		return "QEMU has tpm-crb on PC machines only";
	}
	if (t->type == VK_TPM_PASSTHROUGH &&
	    stat(t->path ? t->path : "/dev/tpm0", &st) < 0) {
		*what = vk_asprintf("<tpm><backend type='passthrough'> of %s",
				    t->path ? t->path : "/dev/tpm0");
		return "the host has no such TPM device";
	}
	if (t->type == VK_TPM_EXTERNAL &&
	    (stat(t->path, &st) < 0 || !S_ISSOCK(st.st_mode))) {
		*what = vk_asprintf("<tpm><backend type='external'> at %s",
				    t->path);
		return "no swtpm listens there: an external TPM is started "
		       "by its user before the guest";
	}
	if (t->type != VK_TPM_EMULATOR)
		return NULL;
	if (model == VK_TPM_CRB && vk_tpm_version(c->def, t) == VK_TPM_V12) {
		*what = vk_strdup("<tpm model='tpm-crb'> with version '1.2'");
		return "QEMU's tpm-crb implements TPM 2.0 only";
	}
	if (t->secret) {
		*what = vk_strdup("<tpm><backend><encryption secret>");
		return "virtkit has no secrets yet to give swtpm the key of "
		       "the TPM state";
	}
	if (t->has_profile) {
		*what = vk_strdup("<tpm><backend><profile>");
		return "swtpm 0.7 has no TPM profiles (swtpm 0.10 added them)";
	}
	return NULL;
}

static int add_tpm(struct vk_qcmd *c, int i)
{
	const struct vk_tpm *t = &c->def->tpms[i];
	struct vk_buf b = VK_BUF_INIT;
	const char *why;
	char *what = NULL, *sock = NULL;

	why = tpm_refusal(c, t, &what);
	if (why) {
		vk_qcmd_refuse_why(why, "%s", what);
		free(what);
		return -1;
	}
	if (t->type == VK_TPM_PASSTHROUGH) {
		vk_buf_addf(&b, "passthrough,id=tpm-tpm%d", i);
		vk_qcmd_kv(&b, "path", t->path ? t->path : "/dev/tpm0");
	} else {
		if (t->type == VK_TPM_EMULATOR)
			sock = c->st->swtpm_dir ?
			       vk_asprintf("%s/%s", c->st->swtpm_dir,
					   VK_QEMU_SWTPM_SOCK) :
			       vk_asprintf("/run/virtkit/qemu/%s.d/%s",
					   c->def->name, VK_QEMU_SWTPM_SOCK);
		vk_buf_addf(&b, "socket,id=chrtpm%d", i);
		vk_qcmd_kv(&b, "path", sock ? sock : t->path);
		free(sock);
		vk_qcmd_push(c, "-chardev", &b);
		vk_buf_addf(&b, "emulator,id=tpm-tpm%d,chardev=chrtpm%d", i, i);
	}
	vk_qcmd_push(c, "-tpmdev", &b);
	vk_buf_addf(&b, "%s,tpmdev=tpm-tpm%d,id=tpm%d",
		    vk_tpm_model_names[vk_tpm_model(c->def, t)], i, i);
	vk_qcmd_push(c, "-device", &b);
	return 0;
}

/* One TPM: QEMU's machines have one TPM interface (libvirt's second
 * one can only be a pSeries TPM proxy, which is refused). */
static int add_tpms(struct vk_qcmd *c)
{
	if (c->def->ntpms > 1)
		return vk_qcmd_refuse_why("a machine has one TPM interface",
					  "a second <tpm>");
	return c->def->ntpms ? add_tpm(c, 0) : 0;
}

int vk_qcmd_devmisc(struct vk_qcmd *c)
{
	int i;

	for (i = 0; i < c->def->nrngs; i++)
		if (add_rng(c, i) < 0)
			return -1;
	return add_tpms(c);
}
