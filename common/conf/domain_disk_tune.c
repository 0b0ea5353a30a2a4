/* <disk> tuning: <driver> and its switches, <iotune>, <blockio>,
 * <geometry>; and the release and copy of the libvirt 9.x members. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "domain.h"

/* Indexed by enum vk_disk_cache (VK_CACHE_DEFAULT is 0). */
const char *const vk_disk_cache_names[] = {
	"default", "none", "writethrough", "writeback", "directsync",
	"unsafe", NULL
};
const char *const vk_disk_error_policy_names[] = {
	"stop", "ignore", "enospace", "report", NULL
};
const char *const vk_disk_io_names[] = {
	"threads", "native", "io_uring", NULL
};
const char *const vk_disk_sw_names[] = {
	"ioeventfd", "event_idx", "copy_on_read", "packed", "ats", "iommu",
	"page_per_vq", NULL
};
const char *const vk_disk_discard_names[] = {"unmap", "ignore", NULL};
const char *const vk_disk_dzeroes_names[] = {"off", "on", "unmap", NULL};
const char *const vk_disk_rerror_names[] = {
	"stop", "report", "ignore", NULL
};
const char *const vk_geo_trans_names[] = {"none", "lba", "auto", NULL};
const char *const vk_iotune_names[] = {
	"total_bytes_sec", "read_bytes_sec", "write_bytes_sec",
	"total_iops_sec", "read_iops_sec", "write_iops_sec",
	"total_bytes_sec_max", "read_bytes_sec_max", "write_bytes_sec_max",
	"total_iops_sec_max", "read_iops_sec_max", "write_iops_sec_max",
	"size_iops_sec",
	"total_bytes_sec_max_length", "read_bytes_sec_max_length",
	"write_bytes_sec_max_length", "total_iops_sec_max_length",
	"read_iops_sec_max_length", "write_iops_sec_max_length", NULL
};

static const char *const onoff[] = {"off", "on", NULL};

#define MAX_QUEUES 1024
#define MAX_QUEUE_SIZE 1024
#define MAX_IOTHREAD 0xffffffffULL
/* QEMU's largest throttling value. */
#define MAX_IOTUNE 1000000000000000ULL
#define MAX_BLOCK_SIZE 0x7fffffffULL
#define MAX_GEOMETRY 0x7fffffffULL
#define MAX_CACHE_SIZE (1ULL << 62)

/* ---- <driver> ---- */

/* <metadata_cache>[<max_size unit=>N</max_size>]</metadata_cache> */
static int parse_mcache(struct vk_disk *d, xmlNodePtr node)
{
	static const char *const size_attrs[] = {"unit", NULL};
	xmlNodePtr child;

	if (d->x.has_mcache)
		return vk_xml_duplicate(node);
	d->x.has_mcache = true;
	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		if (!vk_xml_is(child, "max_size"))
			return vk_xml_unknown(child);
		if (d->x.mcache_max)
			return vk_xml_duplicate(child);
		if (vk_xml_check_attrs(child, size_attrs) < 0 ||
		    vk_xml_text_size(child, 1, 1, MAX_CACHE_SIZE,
				     &d->x.mcache_max) < 0)
			return -1;
		if (!d->x.mcache_max)
			return vk_xml_error(child, "size must be at least 1 "
					    "byte");
	}
	return 0;
}

static int parse_driver_uints(struct vk_disk *d, xmlNodePtr node)
{
	unsigned long long v;
	bool set;

	if (vk_xml_attr_uint(node, "iothread", false, MAX_IOTHREAD, false,
			     &v, &set) < 0)
		return -1;
	if (set && !v)
		return vk_xml_error(node, "iothread must be at least 1");
	d->x.iothread = set ? (unsigned)v : 0;
	if (vk_xml_attr_uint(node, "queues", false, MAX_QUEUES, false, &v,
			     &set) < 0)
		return -1;
	if (set && !v)
		return vk_xml_error(node, "queues must be at least 1");
	d->x.queues = set ? (unsigned)v : 0;
	if (vk_xml_attr_uint(node, "queue_size", false, MAX_QUEUE_SIZE,
			     false, &v, &set) < 0)
		return -1;
	if (set && !v)
		return vk_xml_error(node, "queue_size must be at least 1");
	d->x.queue_size = set ? (unsigned)v : 0;
	return 0;
}

static int parse_driver_enums(struct vk_disk *d, xmlNodePtr node)
{
	int i;

	if (vk_xml_attr_enum(node, "cache", vk_disk_cache_names, false,
			     &d->cache) < 0 ||
	    vk_xml_attr_enum(node, "error_policy", vk_disk_error_policy_names,
			     false, &d->error_policy) < 0 ||
	    vk_xml_attr_enum(node, "rerror_policy", vk_disk_rerror_names,
			     false, &d->x.rerror) < 0 ||
	    vk_xml_attr_enum(node, "io", vk_disk_io_names, false,
			     &d->io) < 0 ||
	    vk_xml_attr_enum(node, "discard", vk_disk_discard_names, false,
			     &d->x.discard) < 0 ||
	    vk_xml_attr_enum(node, "detect_zeroes", vk_disk_dzeroes_names,
			     false, &d->x.dzeroes) < 0)
		return -1;
	for (i = 0; i < VK_DSW_LAST; i++)
		if (vk_xml_attr_enum(node, vk_disk_sw_names[i], onoff, false,
				     &d->x.sw[i]) < 0)
			return -1;
	return 0;
}

int vk_disk_parse_driver(struct vk_disk *d, xmlNodePtr node)
{
	static const char *const attrs[] = {
		"name", "type", "cache", "error_policy", "rerror_policy", "io",
		"ioeventfd", "event_idx", "copy_on_read", "discard",
		"detect_zeroes", "iothread", "queues", "queue_size", "packed",
		"ats", "iommu", "page_per_vq", NULL
	};
	xmlNodePtr child;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    parse_driver_enums(d, node) < 0 ||
	    parse_driver_uints(d, node) < 0 ||
	    vk_xml_attr_str(node, "name", false, &d->driver_name) < 0 ||
	    vk_xml_attr_str(node, "type", false, &d->driver_type) < 0)
		return -1;
	if (d->driver_name && strpbrk(d->driver_name, " \t\n\r"))
		return vk_xml_error(node, "name '%s' is not one word",
				    d->driver_name);
	if (d->driver_type && strpbrk(d->driver_type, " \t\n\r"))
		return vk_xml_error(node, "type '%s' is not one word",
				    d->driver_type);
	vk_xml_foreach(child, node) {
		if (!vk_xml_is(child, "metadata_cache"))
			return vk_xml_unknown(child);
		if (parse_mcache(d, child) < 0)
			return -1;
	}
	return 0;
}

static bool has_driver(const struct vk_disk *d)
{
	int i;

	for (i = 0; i < VK_DSW_LAST; i++)
		if (d->x.sw[i] >= 0)
			return true;
	return d->driver_name || d->driver_type || d->cache >= 0 ||
	       d->error_policy >= 0 || d->io >= 0 || d->x.rerror >= 0 ||
	       d->x.discard >= 0 || d->x.dzeroes >= 0 || d->x.iothread ||
	       d->x.queues || d->x.queue_size || d->x.has_mcache;
}

/* Attributes in libvirt's order. */
void vk_disk_format_driver(struct vk_xw *w, const struct vk_disk *d)
{
	static const int sw_first[] = {
		VK_DSW_IOEVENTFD, VK_DSW_EVENT_IDX, VK_DSW_COPY_ON_READ
	};
	static const int sw_last[] = {
		VK_DSW_IOMMU, VK_DSW_ATS, VK_DSW_PACKED, VK_DSW_PAGE_PER_VQ
	};
	size_t i;

	if (!has_driver(d))
		return;
	vk_xw_open(w, "driver");
	vk_xw_attr(w, "name", d->driver_name);
	vk_xw_attr(w, "type", d->driver_type);
	if (d->cache >= 0)
		vk_xw_attr(w, "cache", vk_disk_cache_names[d->cache]);
	if (d->error_policy >= 0)
		vk_xw_attr(w, "error_policy",
			   vk_disk_error_policy_names[d->error_policy]);
	if (d->x.rerror >= 0)
		vk_xw_attr(w, "rerror_policy",
			   vk_disk_rerror_names[d->x.rerror]);
	if (d->io >= 0)
		vk_xw_attr(w, "io", vk_disk_io_names[d->io]);
	for (i = 0; i < sizeof(sw_first) / sizeof(*sw_first); i++)
		if (d->x.sw[sw_first[i]] >= 0)
			vk_xw_attr(w, vk_disk_sw_names[sw_first[i]],
				   onoff[d->x.sw[sw_first[i]]]);
	if (d->x.discard >= 0)
		vk_xw_attr(w, "discard", vk_disk_discard_names[d->x.discard]);
	if (d->x.iothread)
		vk_xw_attrf(w, "iothread", "%u", d->x.iothread);
	if (d->x.dzeroes >= 0)
		vk_xw_attr(w, "detect_zeroes",
			   vk_disk_dzeroes_names[d->x.dzeroes]);
	if (d->x.queues)
		vk_xw_attrf(w, "queues", "%u", d->x.queues);
	if (d->x.queue_size)
		vk_xw_attrf(w, "queue_size", "%u", d->x.queue_size);
	for (i = 0; i < sizeof(sw_last) / sizeof(*sw_last); i++)
		if (d->x.sw[sw_last[i]] >= 0)
			vk_xw_attr(w, vk_disk_sw_names[sw_last[i]],
				   onoff[d->x.sw[sw_last[i]]]);
	if (d->x.has_mcache) {
		vk_xw_open(w, "metadata_cache");
		if (d->x.mcache_max) {
			char n[32];

			snprintf(n, sizeof(n), "%llu", d->x.mcache_max);
			vk_xw_open(w, "max_size");
			vk_xw_attr(w, "unit", "bytes");
			vk_xw_text(w, n);
			vk_xw_close(w);
		}
		vk_xw_close(w);
	}
	vk_xw_close(w);
}

/* ---- <iotune> ---- */

/* A total and its read or write part exclude each other (each family
 * of three: bytes, iops, and their _max and _max_length forms). */
static int check_iotune(const struct vk_disk_iotune *t, xmlNodePtr node)
{
	int f;

	for (f = 0; f < VK_IOT_LAST - 1; f += 3) {
		if (f == VK_IOT_SIZE_IOPS)
			f++;
		if (t->v[f] && (t->v[f + 1] || t->v[f + 2]))
			return vk_xml_error(node, "<%s> and <%s> or <%s> "
					    "cannot be set together",
					    vk_iotune_names[f],
					    vk_iotune_names[f + 1],
					    vk_iotune_names[f + 2]);
	}
	return 0;
}

int vk_disk_parse_iotune(struct vk_disk *d, xmlNodePtr node)
{
	static const char *names[VK_IOT_LAST + 2];
	struct vk_disk_iotune *t = &d->x.iotune;
	unsigned seen = 0;
	xmlNodePtr child;
	int i;

	for (i = 0; i < VK_IOT_LAST; i++)
		names[i] = vk_iotune_names[i];
	names[VK_IOT_LAST] = "group_name";
	t->present = true;
	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		i = vk_dom_child_index(child, names, &seen);
		if (i < 0)
			return -1;
		if (i == VK_IOT_LAST) {
			if (vk_xml_text_nonempty(child, &t->group) < 0)
				return -1;
			continue;
		}
		if (vk_xml_check_attrs(child, NULL) < 0 ||
		    vk_xml_text_uint(child, MAX_IOTUNE, &t->v[i]) < 0)
			return -1;
	}
	return check_iotune(t, node);
}

void vk_disk_format_iotune(struct vk_xw *w, const struct vk_disk *d)
{
	const struct vk_disk_iotune *t = &d->x.iotune;
	int i;

	if (!t->present)
		return;
	vk_xw_open(w, "iotune");
	for (i = 0; i < VK_IOT_LAST; i++) {
		if (i == VK_IOT_TOTAL_BYTES_MAXLEN)
			vk_xw_elem(w, "group_name", t->group);
		if (t->v[i])
			vk_xw_elemf(w, vk_iotune_names[i], "%llu", t->v[i]);
	}
	vk_xw_close(w);
}

/* ---- <blockio>, <geometry> ---- */

int vk_disk_parse_blockio(struct vk_disk *d, xmlNodePtr node)
{
	static const char *const attrs[] = {
		"logical_block_size", "physical_block_size",
		"discard_granularity", NULL
	};
	unsigned long long l = 0, p = 0, g = 0;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_uint(node, "logical_block_size", false,
			     MAX_BLOCK_SIZE, false, &l, NULL) < 0 ||
	    vk_xml_attr_uint(node, "physical_block_size", false,
			     MAX_BLOCK_SIZE, false, &p, NULL) < 0 ||
	    vk_xml_attr_uint(node, "discard_granularity", false,
			     MAX_BLOCK_SIZE, false, &g,
			     &d->x.has_discard_gran) < 0)
		return -1;
	if (vk_xml_has_attr(node, "logical_block_size") && !l)
		return vk_xml_error(node, "logical_block_size must be at "
				    "least 1");
	if (vk_xml_has_attr(node, "physical_block_size") && !p)
		return vk_xml_error(node, "physical_block_size must be at "
				    "least 1");
	d->x.has_blockio = true;
	d->x.logical_bs = (unsigned)l;
	d->x.physical_bs = (unsigned)p;
	d->x.discard_gran = (unsigned)g;
	return 0;
}

void vk_disk_format_blockio(struct vk_xw *w, const struct vk_disk *d)
{
	if (!d->x.has_blockio)
		return;
	vk_xw_open(w, "blockio");
	if (d->x.logical_bs)
		vk_xw_attrf(w, "logical_block_size", "%u", d->x.logical_bs);
	if (d->x.physical_bs)
		vk_xw_attrf(w, "physical_block_size", "%u",
			    d->x.physical_bs);
	if (d->x.has_discard_gran)
		vk_xw_attrf(w, "discard_granularity", "%u",
			    d->x.discard_gran);
	vk_xw_close(w);
}

int vk_disk_parse_geometry(struct vk_disk *d, xmlNodePtr node)
{
	static const char *const attrs[] = {
		"cyls", "heads", "secs", "trans", NULL
	};
	static const char *const names[] = {"cyls", "heads", "secs"};
	struct vk_disk_geometry *g = &d->x.geo;
	unsigned long long v[3];
	int i;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_enum(node, "trans", vk_geo_trans_names, false,
			     &g->trans) < 0)
		return -1;
	for (i = 0; i < 3; i++) {
		if (vk_xml_attr_uint(node, names[i], false, MAX_GEOMETRY, true,
				     &v[i], NULL) < 0)
			return -1;
		if (!v[i])
			return vk_xml_error(node, "%s must be at least 1",
					    names[i]);
	}
	g->cyls = (unsigned)v[0];
	g->heads = (unsigned)v[1];
	g->secs = (unsigned)v[2];
	return 0;
}

void vk_disk_format_geometry(struct vk_xw *w, const struct vk_disk *d)
{
	const struct vk_disk_geometry *g = &d->x.geo;

	if (!g->cyls)
		return;
	vk_xw_open(w, "geometry");
	vk_xw_attrf(w, "cyls", "%u", g->cyls);
	vk_xw_attrf(w, "heads", "%u", g->heads);
	vk_xw_attrf(w, "secs", "%u", g->secs);
	if (g->trans >= 0)
		vk_xw_attr(w, "trans", vk_geo_trans_names[g->trans]);
	vk_xw_close(w);
}

/* ---- release, copy ---- */

void vk_disk_ext_clear(struct vk_disk *d)
{
	struct vk_disk_ext *x = &d->x;

	vk_encryption_clear(&d->enc);
	free(x->sgio);
	free(x->pool);
	free(x->volume);
	free(x->vol_path);
	free(x->src_query);
	free(x->raw_source);
	free(x->iotune.group);
	free(x->wwn);
	free(x->vendor);
	free(x->product);
	free(x->loadparm);
	free(x->alias);
	vk_kept_array_free(x->kept, x->nkept);
	vk_kept_array_free(x->src_kept, x->nsrc_kept);
}

void vk_disk_ext_copy(struct vk_disk *dst, const struct vk_disk *src)
{
	const struct vk_disk_ext *s = &src->x;
	struct vk_disk_ext *x = &dst->x;

	vk_encryption_copy(&dst->enc, &src->enc);
	x->sgio = vk_strdup(s->sgio);
	x->pool = vk_strdup(s->pool);
	x->volume = vk_strdup(s->volume);
	x->vol_path = vk_strdup(s->vol_path);
	x->src_query = vk_strdup(s->src_query);
	x->raw_source = vk_strdup(s->raw_source);
	x->iotune.group = vk_strdup(s->iotune.group);
	x->wwn = vk_strdup(s->wwn);
	x->vendor = vk_strdup(s->vendor);
	x->product = vk_strdup(s->product);
	x->loadparm = vk_strdup(s->loadparm);
	x->alias = vk_strdup(s->alias);
	x->kept = vk_kept_array_dup(s->kept, s->nkept);
	x->src_kept = vk_kept_array_dup(s->src_kept, s->nsrc_kept);
}
