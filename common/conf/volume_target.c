/* The parts of a <volume> beyond name, sizes, path, format and
 * permissions, as libvirt 9.x spells them (common/conf/volume_priv.h):
 *   <target><timestamps><atime|btime|ctime|mtime>S.N</..>  (output;
 *            accepted and ignored on input)
 *   <target><compat>1.1</compat>           qcow2 compat level
 *   <target><nocow/>                        chattr +C (btrfs)
 *   <target><clusterSize unit>N</..>        qcow2 cluster size
 *   <target><features><lazy_refcounts/><extended_l2/></features>
 * (<target><encryption> is common/conf/encryption.c's.)
 *   <backingStore><path/><format type/><permissions/><timestamps/>
 */
#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "../util/uuid.h"
#include "volume_priv.h"

int vk_vol_parse_abs_path(xmlNodePtr node, char **out)
{
	char *p;

	if (vk_xml_text_nonempty(node, &p) < 0)
		return -1;
	if (p[0] != '/') {
		vk_xml_error(node, "'%s' is not an absolute path", p);
		free(p);
		return -1;
	}
	return vk_xml_set_once(node, out, p);
}

/* ---- <timestamps> ---- */

static const char *const time_names[] = {
	"atime", "btime", "ctime", "mtime", NULL
};

/* SECONDS[.NANOSECONDS], up to 9 digits after the point. */
static bool is_timestamp(const char *s)
{
	size_t n = strspn(s, "0123456789"), f;

	if (!n)
		return false;
	if (!s[n])
		return true;
	if (s[n] != '.')
		return false;
	f = strspn(s + n + 1, "0123456789");
	return f <= 9 && !s[n + 1 + f];
}

/* Checked, then ignored: they describe a file, not a request. */
static int parse_timestamps(xmlNodePtr node)
{
	bool seen[VK_VOL_NTIMES] = {false};
	xmlNodePtr c;
	char *t;
	int i;

	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(c, node) {
		for (i = 0; time_names[i] && !vk_xml_is(c, time_names[i]); i++)
			;
		if (!time_names[i])
			return vk_xml_unknown(c);
		if (seen[i])
			return vk_xml_duplicate(c);
		seen[i] = true;
		if (vk_xml_plain_text(c, true, &t) < 0)
			return -1;
		if (!is_timestamp(t)) {
			vk_xml_error(c, "'%s' is not a time (seconds, then "
				     "up to 9 decimals)", t);
			free(t);
			return -1;
		}
		free(t);
	}
	return 0;
}

/* ---- <compat>, <clusterSize>, <features>, <nocow> ---- */

static int parse_compat(struct vk_vol_def *def, xmlNodePtr node)
{
	static const char *const levels[] = {"0.10", "1.1", NULL};
	char *v;

	if (vk_xml_plain_text(node, true, &v) < 0)
		return -1;
	if (!vk_vol_in_list(levels, v)) {
		vk_xml_error(node, "compat '%s' is not a qcow2 compat level "
			     "(0.10 or 1.1)", v);
		free(v);
		return -1;
	}
	return vk_xml_set_once(node, &def->target.compat, v);
}

static int parse_cluster_size(struct vk_vol_def *def, xmlNodePtr node)
{
	unsigned long long v;

	if (def->target.cluster_size)
		return vk_xml_duplicate(node);
	if (vk_size_node(node, &v) < 0)
		return -1;
	/* qcow2's limits: a power of two from 512 bytes to 2 MiB */
	if (v < 512 || v > (2ULL << 20) || (v & (v - 1)))
		return vk_xml_error(node, "cluster size %llu is not a power "
				    "of two from 512 bytes to 2 MiB", v);
	def->target.cluster_size = v;
	return 0;
}

static int parse_features(struct vk_vol_def *def, xmlNodePtr node)
{
	xmlNodePtr c;
	bool *flag;

	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(c, node) {
		if (vk_xml_is(c, "lazy_refcounts"))
			flag = &def->target.lazy_refcounts;
		else if (vk_xml_is(c, "extended_l2"))
			flag = &def->target.extended_l2;
		else
			return vk_xml_unknown(c);
		if (*flag)
			return vk_xml_duplicate(c);
		if (vk_xml_check_attrs(c, NULL) < 0 ||
		    vk_xml_check_empty(c) < 0)
			return -1;
		*flag = true;
	}
	return 0;
}

/* ---- dispatch ---- */

static const char *const part_names[] = {
	"timestamps", "compat", "clusterSize", "features", "nocow", NULL
};

bool vk_vol_target_part(xmlNodePtr c)
{
	int i;

	for (i = 0; part_names[i]; i++)
		if (vk_xml_is(c, part_names[i]))
			return true;
	return false;
}

int vk_vol_parse_target_part(struct vk_vol_def *def, xmlNodePtr c)
{
	if (vk_xml_is(c, "timestamps"))
		return parse_timestamps(c);
	if (vk_xml_is(c, "compat"))
		return parse_compat(def, c);
	if (vk_xml_is(c, "clusterSize"))
		return parse_cluster_size(def, c);
	if (vk_xml_is(c, "features"))
		return parse_features(def, c);
	/* <nocow/> */
	if (def->target.nocow)
		return vk_xml_duplicate(c);
	if (vk_xml_check_attrs(c, NULL) < 0 || vk_xml_check_empty(c) < 0)
		return -1;
	def->target.nocow = true;
	return 0;
}

/* ---- <backingStore> ---- */

int vk_vol_parse_backing(struct vk_vol_def *def, xmlNodePtr node)
{
	static const char *const fattrs[] = {"type", NULL};
	struct vk_perms perms;
	xmlNodePtr c;
	char *type;
	bool pseen = false, tseen = false;
	int rc;

	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(c, node) {
		if (vk_xml_is(c, "path")) {
			if (vk_vol_parse_abs_path(c, &def->backing.path) < 0)
				return -1;
		} else if (vk_xml_is(c, "format")) {
			type = NULL;
			if (vk_xml_check_attrs(c, fattrs) < 0 ||
			    vk_xml_check_empty(c) < 0 ||
			    vk_xml_attr_str(c, "type", true, &type) < 0)
				return -1;
			if (!vk_vol_in_list(vk_vol_file_formats, type)) {
				vk_xml_error(c, "unknown backing format '%s'",
					     type);
				free(type);
				return -1;
			}
			if (vk_xml_set_once(c, &def->backing.format, type) < 0)
				return -1;
		} else if (vk_xml_is(c, "permissions")) {
			/* the backing file's, as found: not ours to set */
			if (pseen)
				return vk_xml_duplicate(c);
			pseen = true;
			vk_perms_init(&perms);
			rc = vk_perms_parse(&perms, c);
			vk_perms_clear(&perms);
			if (rc < 0)
				return -1;
		} else if (vk_xml_is(c, "timestamps")) {
			if (tseen)
				return vk_xml_duplicate(c);
			tseen = true;
			if (parse_timestamps(c) < 0)
				return -1;
		} else {
			return vk_xml_unknown(c);
		}
	}
	if (!def->backing.path)
		return vk_xml_error(node, "missing element <path>");
	return 0;
}

/* ---- format ---- */

static void format_times(struct vk_xw *w, const struct vk_vol_times *t)
{
	int i;

	vk_xw_open(w, "timestamps");
	for (i = 0; i < VK_VOL_NTIMES; i++) {
		if (t->nsec[i] < 0)
			continue;
		if (t->nsec[i])
			vk_xw_elemf(w, time_names[i], "%lld.%09ld", t->sec[i],
				    t->nsec[i]);
		else
			vk_xw_elemf(w, time_names[i], "%lld", t->sec[i]);
	}
	vk_xw_close(w);
}

void vk_vol_format_target_parts(struct vk_xw *w,
				const struct vk_vol_def *def)
{
	if (def->target.times_set)
		format_times(w, &def->target.times);
	vk_xw_elem(w, "compat", def->target.compat);
	if (def->target.nocow)
		vk_xw_empty(w, "nocow");
	if (def->target.cluster_size)
		vk_xw_size(w, "clusterSize", "B", def->target.cluster_size);
	if (def->target.lazy_refcounts || def->target.extended_l2) {
		vk_xw_open(w, "features");
		if (def->target.lazy_refcounts)
			vk_xw_empty(w, "lazy_refcounts");
		if (def->target.extended_l2)
			vk_xw_empty(w, "extended_l2");
		vk_xw_close(w);
	}
}

void vk_vol_format_backing(struct vk_xw *w, const struct vk_vol_def *def)
{
	if (!def->backing.path)
		return;
	vk_xw_open(w, "backingStore");
	vk_xw_elem(w, "path", def->backing.path);
	if (def->backing.format) {
		vk_xw_open(w, "format");
		vk_xw_attr(w, "type", def->backing.format);
		vk_xw_close(w);
	}
	vk_xw_close(w);
}

void vk_vol_parts_free(struct vk_vol_def *def)
{
	free(def->target.compat);
	free(def->backing.path);
	free(def->backing.format);
}

void vk_vol_parts_copy(struct vk_vol_def *dst, const struct vk_vol_def *src)
{
	dst->target.compat = vk_strdup(src->target.compat);
	dst->backing.path = vk_strdup(src->backing.path);
	dst->backing.format = vk_strdup(src->backing.format);
}
