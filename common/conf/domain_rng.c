/* <rng>: the guest's random number generator, fed by a host file
 * (backend random), QEMU's own generator (builtin) or an EGD peer over a
 * character device (egd); and the virtio <driver> options several
 * devices share. */
#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "domain.h"

const char *const vk_virtio_opt_names[] = {
	"iommu", "ats", "packed", "page_per_vq", NULL
};
const char *const vk_virtio_model_names[] = {
	"virtio", "virtio-transitional", "virtio-non-transitional", NULL
};
const char *const vk_rng_backend_names[] = {
	"random", "egd", "builtin", NULL
};

/* libvirt's on/off, as 1/0. */
static const char *const onoff_names[] = {"off", "on", NULL};

#define MAX_RATE 0xffffffffull	/* bytes per period, ms (QEMU's uint64,
				 * libvirt's unsigned int) */

/* ---- <driver> of a virtio device ---- */

int vk_dom_parse_virtio_driver(xmlNodePtr node, struct vk_virtio_opts *d)
{
	int i;

	if (d->present)
		return vk_xml_duplicate(node);
	d->present = true;
	if (vk_xml_check_attrs(node, vk_virtio_opt_names) < 0 ||
	    vk_xml_check_empty(node) < 0)
		return -1;
	for (i = 0; i < VK_VIRTIO_OPT_LAST; i++)
		if (vk_xml_attr_enum(node, vk_virtio_opt_names[i], onoff_names,
				     false, &d->opt[i]) < 0)
			return -1;
	return 0;
}

void vk_dom_format_virtio_driver(struct vk_xw *w,
				 const struct vk_virtio_opts *d)
{
	int i;

	if (!d->present)
		return;
	vk_xw_open(w, "driver");
	for (i = 0; i < VK_VIRTIO_OPT_LAST; i++)
		if (d->opt[i] >= 0)
			vk_xw_attr(w, vk_virtio_opt_names[i],
				   onoff_names[d->opt[i]]);
	vk_xw_close(w);
}

static void virtio_opts_init(struct vk_virtio_opts *d)
{
	int i;

	d->present = false;
	for (i = 0; i < VK_VIRTIO_OPT_LAST; i++)
		d->opt[i] = -1;
}

/* ---- <rng> ---- */

static int parse_backend(struct vk_rng *r, xmlNodePtr node)
{
	static const char *const attrs[] = {"model", NULL};
	static const char *const egd_attrs[] = {"model", "type", NULL};
	unsigned seen = 0;
	xmlNodePtr child;
	int rc;

	if (vk_xml_attr_enum(node, "model", vk_rng_backend_names, true,
			     &r->backend) < 0 ||
	    vk_xml_check_attrs(node, r->backend == VK_RNG_EGD ? egd_attrs :
			       attrs) < 0)
		return -1;
	switch (r->backend) {
	case VK_RNG_RANDOM:
		/* The host file as text; none: QEMU's default. */
		if (vk_xml_first(node))
			return vk_xml_unknown(vk_xml_first(node));
		if (vk_xml_text(node, true, &r->device) < 0)
			return -1;
		if (r->device && !*r->device) {
			free(r->device);
			r->device = NULL;
		}
		if (r->device && r->device[0] != '/')
			return vk_xml_error(node, "'%s' is not an absolute "
					    "path", r->device);
		return 0;
	case VK_RNG_BUILTIN:
		return vk_xml_check_empty(node);
	default:
		break;
	}
	r->chr.kind = VK_CHR_RNG;
	r->chr.type = VK_CHR_PTY;
	r->chr.protocol = VK_TCP_RAW;
	if (vk_xml_check_no_text(node) < 0 ||
	    vk_chr_parse_type(&r->chr, node, true) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		rc = vk_chr_parse_host(&r->chr, child, &seen);
		if (rc < 0)
			return -1;
		if (!rc)
			return vk_xml_unknown(child);
	}
	return vk_chr_check_host(&r->chr, node);
}

static int parse_rate(struct vk_rng *r, xmlNodePtr node)
{
	static const char *const attrs[] = {"bytes", "period", NULL};
	bool set;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_uint(node, "bytes", false, MAX_RATE, true,
			     &r->rate_bytes, &set) < 0 ||
	    vk_xml_attr_uint(node, "period", false, MAX_RATE, false,
			     &r->rate_period, &set) < 0)
		return -1;
	if (!r->rate_bytes)
		return vk_xml_error(node, "bytes must be at least 1");
	if (set && !r->rate_period)
		return vk_xml_error(node, "period must be at least 1 ms");
	return 0;
}

static int parse_rng_children(struct vk_rng *r, xmlNodePtr node)
{
	static const char *const names[] = {
		"backend", "rate", "driver", "address", "alias", NULL
	};
	unsigned seen = 0;
	xmlNodePtr child;
	int rc;

	vk_xml_foreach(child, node) {
		switch (vk_dom_child_index(child, names, &seen)) {
		case 0:
			rc = parse_backend(r, child);
			break;
		case 1:
			rc = parse_rate(r, child);
			break;
		case 2:
			rc = vk_dom_parse_virtio_driver(child, &r->drv);
			break;
		case 3:
			rc = vk_dom_parse_address(child,
						  VK_ADDR_MASK(VK_ADDR_PCI),
						  &r->addr);
			break;
		case 4:
			rc = vk_dom_parse_alias(child, &r->alias);
			break;
		default:
			return -1;
		}
		if (rc < 0)
			return -1;
	}
	if (!(seen & 1))
		return vk_xml_error(node, "missing element <backend>");
	return 0;
}

static void rng_clear(struct vk_rng *r)
{
	free(r->device);
	free(r->alias);
	vk_chr_clear(&r->chr);
	memset(r, 0, sizeof(*r));
}

int vk_dom_parse_rng(struct vk_domain_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"model", NULL};
	struct vk_rng r;

	memset(&r, 0, sizeof(r));
	virtio_opts_init(&r.drv);
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    vk_xml_attr_enum(node, "model", vk_virtio_model_names, true,
			     &r.model) < 0 ||
	    parse_rng_children(&r, node) < 0) {
		rng_clear(&r);
		return -1;
	}
	*(struct vk_rng *)vk_array_add(&def->rngs, &def->nrngs,
				       sizeof(r)) = r;
	return 0;
}

static void format_rng(struct vk_xw *w, const struct vk_rng *r,
		       unsigned flags)
{
	vk_xw_open(w, "rng");
	vk_xw_attr(w, "model", vk_virtio_model_names[r->model]);
	if (r->rate_bytes) {
		vk_xw_open(w, "rate");
		vk_xw_attrf(w, "bytes", "%llu", r->rate_bytes);
		if (r->rate_period)
			vk_xw_attrf(w, "period", "%llu", r->rate_period);
		vk_xw_close(w);
	}
	vk_xw_open(w, "backend");
	vk_xw_attr(w, "model", vk_rng_backend_names[r->backend]);
	if (r->backend == VK_RNG_EGD) {
		vk_xw_attr(w, "type", vk_chr_type_names[r->chr.type]);
		vk_chr_format_host(w, &r->chr, flags);
	} else if (r->device) {
		vk_xw_text(w, r->device);
	}
	vk_xw_close(w);
	vk_dom_format_virtio_driver(w, &r->drv);
	vk_dom_format_alias(w, r->alias, flags);
	vk_dom_format_address(w, &r->addr);
	vk_xw_close(w);
}

/* ---- the group ---- */

void vk_dom_format_devmisc(struct vk_xw *w, const struct vk_domain_def *d,
			   unsigned flags)
{
	int i;

	for (i = 0; i < d->nrngs; i++)
		format_rng(w, &d->rngs[i], flags);
	vk_dom_format_tpms(w, d, flags);
}

void vk_dom_devmisc_init(struct vk_domain_def *def)
{
	def->balloon_opts.autodeflate = -1;
	def->balloon_opts.free_page_reporting = -1;
	virtio_opts_init(&def->balloon_opts.drv);
}

void vk_dom_devmisc_clear(struct vk_domain_def *def)
{
	int i;

	free(def->balloon_opts.alias);
	def->balloon_opts.alias = NULL;
	for (i = 0; i < def->nrngs; i++)
		rng_clear(&def->rngs[i]);
	free(def->rngs);
	def->rngs = NULL;
	def->nrngs = 0;
	vk_dom_tpms_clear(def);
}

void vk_dom_devmisc_copy(struct vk_domain_def *dst,
			 const struct vk_domain_def *src)
{
	int i;

	dst->balloon_opts.alias = vk_strdup(src->balloon_opts.alias);
	dst->rngs = NULL;
	dst->nrngs = 0;
	for (i = 0; i < src->nrngs; i++) {
		struct vk_rng *r = vk_array_add(&dst->rngs, &dst->nrngs,
						sizeof(*r));

		*r = src->rngs[i];
		r->device = vk_strdup(src->rngs[i].device);
		r->alias = vk_strdup(src->rngs[i].alias);
		vk_chr_copy(&r->chr, &src->rngs[i].chr);
	}
	vk_dom_tpms_copy(dst, src);
}
