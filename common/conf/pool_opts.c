/* The parts of a <pool> beyond devices, directories and hosts, as
 * libvirt 9.x spells them (common/conf/pool_priv.h):
 *   <source><initiator><iqn name/></initiator>     iscsi
 *   <source><auth type='chap' username><secret uuid|usage/></auth>
 *   <source><protocol ver/>                         netfs (nfsvers=)
 *   <source><vendor name/><product name/>           kept as given
 *   <features><cow state='yes|no'/></features>
 *   <refresh><volume allocation='default|capacity'/></refresh>
 *   <fs:mount_opts><fs:option name/></fs:mount_opts>  fs, netfs
 * Which pool types take which part pool.c decides.
 */
#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "../util/uuid.h"
#include "domain.h"
#include "pool_priv.h"

/* ---- <initiator> ---- */

/* An iSCSI name as RFC 3720 spells one: "iqn.", "eui." or "naa.", then
 * no blank (it goes to iscsiadm as a value). */
static int check_iscsi_name(xmlNodePtr node, const char *name)
{
	const char *p;

	if (strncmp(name, "iqn.", 4) && strncmp(name, "eui.", 4) &&
	    strncmp(name, "naa.", 4))
		return vk_xml_error(node, "'%s' is not an iSCSI name (iqn., "
				    "eui. or naa.)", name);
	for (p = name; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return vk_xml_error(node, "'%s' is not an iSCSI name "
					    "(it holds a blank)", name);
	return 0;
}

int vk_pool_parse_initiator(struct vk_pool_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"name", NULL};
	xmlNodePtr c;
	char *name = NULL;

	if (def->source.initiator)
		return vk_xml_duplicate(node);
	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(c, node) {
		if (!vk_xml_is(c, "iqn"))
			return vk_xml_unknown(c);
		if (vk_xml_check_attrs(c, attrs) < 0 ||
		    vk_xml_check_empty(c) < 0 ||
		    vk_xml_attr_str(c, "name", true, &name) < 0)
			return -1;
		if (check_iscsi_name(c, name) < 0 ||
		    vk_xml_set_once(c, &def->source.initiator, name) < 0) {
			free(name);
			return -1;
		}
	}
	if (!def->source.initiator)
		return vk_xml_error(node, "missing element <iqn>");
	return 0;
}

/* ---- <auth> ---- */

static int parse_auth_secret(struct vk_pool_auth *a, xmlNodePtr node)
{
	static const char *const attrs[] = {"uuid", "usage", NULL};
	char *uuid = NULL;

	if (a->secret_uuid_set || a->secret_usage)
		return vk_xml_duplicate(node);
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_str(node, "uuid", false, &uuid) < 0 ||
	    vk_xml_attr_str(node, "usage", false, &a->secret_usage) < 0)
		goto fail;
	if (!uuid == !a->secret_usage) {
		vk_xml_error(node, "give either uuid= or usage=");
		goto fail;
	}
	if (uuid) {
		if (vk_uuid_parse(uuid, a->secret_uuid) < 0) {
			vk_xml_error(node, "uuid '%s' is not a UUID", uuid);
			goto fail;
		}
		a->secret_uuid_set = true;
	}
	free(uuid);
	return 0;
fail:
	free(uuid);
	free(a->secret_usage);
	a->secret_usage = NULL;
	return -1;
}

int vk_pool_parse_auth(struct vk_pool_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"type", "username", NULL};
	static const char *const types[] = {"chap", "ceph", NULL};
	struct vk_pool_auth *a = &def->source.auth;
	xmlNodePtr c;
	int type = -1;

	if (a->type != VK_POOL_AUTH_NONE)
		return vk_xml_duplicate(node);
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    vk_xml_attr_enum(node, "type", types, true, &type) < 0)
		return -1;
	if (type != 0)
		return vk_xml_error(node, "auth type 'ceph' is for rbd pools "
				    "(%s pools take 'chap')",
				    vk_pool_type_names[def->type]);
	a->type = VK_POOL_AUTH_CHAP;
	if (vk_xml_attr_str(node, "username", true, &a->username) < 0)
		return -1;
	vk_xml_foreach(c, node) {
		if (!vk_xml_is(c, "secret"))
			return vk_xml_unknown(c);
		if (parse_auth_secret(a, c) < 0)
			return -1;
	}
	if (!a->secret_uuid_set && !a->secret_usage)
		return vk_xml_error(node, "missing element <secret>");
	return 0;
}

/* ---- <vendor>, <product> ---- */

int vk_pool_parse_named(xmlNodePtr node, char **slot)
{
	static const char *const attrs[] = {"name", NULL};
	char *name = NULL;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_str(node, "name", true, &name) < 0)
		return -1;
	return vk_xml_set_once(node, slot, name);
}

/* ---- <protocol> ---- */

int vk_pool_parse_protocol(struct vk_pool_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"ver", NULL};
	unsigned long long ver = 0;

	if (def->source.nfs_ver)
		return vk_xml_duplicate(node);
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_uint(node, "ver", false, 0xffffffffULL, true, &ver,
			     NULL) < 0)
		return -1;
	if (!ver)
		return vk_xml_error(node, "ver 0 is not an NFS version");
	def->source.nfs_ver = (unsigned)ver;
	return 0;
}

/* ---- <features> ---- */

int vk_pool_parse_features(struct vk_pool_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"state", NULL};
	static const char *const yesno[] = {"no", "yes", NULL};
	xmlNodePtr c;

	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(c, node) {
		if (!vk_xml_is(c, "cow"))
			return vk_xml_unknown(c);
		if (def->cow >= 0)
			return vk_xml_duplicate(c);
		if (vk_xml_check_attrs(c, attrs) < 0 ||
		    vk_xml_check_empty(c) < 0 ||
		    vk_xml_attr_enum(c, "state", yesno, true, &def->cow) < 0)
			return -1;
	}
	return 0;
}

/* ---- <refresh> ---- */

static const char *const refresh_allocs[] = {"default", "capacity", NULL};

int vk_pool_parse_refresh(struct vk_pool_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"allocation", NULL};
	xmlNodePtr c;
	bool seen = false;
	int v = -1;

	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(c, node) {
		if (!vk_xml_is(c, "volume"))
			return vk_xml_unknown(c);
		if (seen)
			return vk_xml_duplicate(c);
		seen = true;
		if (vk_xml_check_attrs(c, attrs) < 0 ||
		    vk_xml_check_empty(c) < 0 ||
		    vk_xml_attr_enum(c, "allocation", refresh_allocs, false,
				     &v) < 0)
			return -1;
		if (v >= 0)
			def->refresh_alloc = v == 0 ? VK_POOL_REFRESH_DEFAULT :
					     VK_POOL_REFRESH_CAPACITY;
	}
	return 0;
}

/* ---- <fs:mount_opts> ---- */

static bool in_fs_ns(xmlNodePtr node, const char *name)
{
	return node && node->type == XML_ELEMENT_NODE && node->ns &&
	       node->ns->href &&
	       !strcmp((const char *)node->ns->href, VK_POOL_FS_NS) &&
	       !strcmp((const char *)node->name, name);
}

bool vk_pool_is_mount_opts(xmlNodePtr node)
{
	return in_fs_ns(node, "mount_opts");
}

/* A mount option: printable, no blank, no ',' (that would be two) and
 * not starting with '-'. */
static int check_mount_opt(xmlNodePtr node, const char *o)
{
	const char *p;

	for (p = o; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f || *p == ',')
			break;
	if (*p || o[0] == '-')
		return vk_xml_error(node, "'%s' is not one mount option", o);
	return 0;
}

int vk_pool_parse_mount_opts(struct vk_pool_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"name", NULL};
	xmlNodePtr c;
	char *o;

	if (def->nmount_opts)
		return vk_xml_duplicate(node);
	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(c, node) {
		if (!in_fs_ns(c, "option"))
			return vk_xml_unknown(c);
		o = NULL;
		if (vk_xml_check_attrs(c, attrs) < 0 ||
		    vk_xml_check_empty(c) < 0 ||
		    vk_xml_attr_str(c, "name", true, &o) < 0)
			return -1;
		*(char **)vk_array_add(&def->mount_opts, &def->nmount_opts,
				       sizeof(char *)) = o;
		if (check_mount_opt(c, o) < 0)
			return -1;
	}
	return 0;
}

/* ---- format ---- */

void vk_pool_format_source_opts(struct vk_xw *w,
				const struct vk_pool_def *def)
{
	const struct vk_pool_source *s = &def->source;
	char uuid[VK_UUID_STRLEN + 1];

	if (s->initiator) {
		vk_xw_open(w, "initiator");
		vk_xw_open(w, "iqn");
		vk_xw_attr(w, "name", s->initiator);
		vk_xw_close(w);
		vk_xw_close(w);
	}
	if (s->auth.type == VK_POOL_AUTH_CHAP) {
		vk_xw_open(w, "auth");
		vk_xw_attr(w, "type", "chap");
		vk_xw_attr(w, "username", s->auth.username);
		vk_xw_open(w, "secret");
		if (s->auth.secret_uuid_set) {
			vk_uuid_format(s->auth.secret_uuid, uuid);
			vk_xw_attr(w, "uuid", uuid);
		}
		vk_xw_attr(w, "usage", s->auth.secret_usage);
		vk_xw_close(w);
		vk_xw_close(w);
	}
	if (s->vendor) {
		vk_xw_open(w, "vendor");
		vk_xw_attr(w, "name", s->vendor);
		vk_xw_close(w);
	}
	if (s->product) {
		vk_xw_open(w, "product");
		vk_xw_attr(w, "name", s->product);
		vk_xw_close(w);
	}
	if (s->nfs_ver) {
		vk_xw_open(w, "protocol");
		vk_xw_attrf(w, "ver", "%u", s->nfs_ver);
		vk_xw_close(w);
	}
}

void vk_pool_format_features(struct vk_xw *w, const struct vk_pool_def *def)
{
	if (def->cow < 0)
		return;
	vk_xw_open(w, "features");
	vk_xw_open(w, "cow");
	vk_xw_attr(w, "state", def->cow ? "yes" : "no");
	vk_xw_close(w);
	vk_xw_close(w);
}

void vk_pool_format_tail(struct vk_xw *w, const struct vk_pool_def *def)
{
	int i;

	if (def->refresh_alloc != VK_POOL_REFRESH_UNSET) {
		vk_xw_open(w, "refresh");
		vk_xw_open(w, "volume");
		vk_xw_attr(w, "allocation",
			   refresh_allocs[def->refresh_alloc ==
					  VK_POOL_REFRESH_CAPACITY]);
		vk_xw_close(w);
		vk_xw_close(w);
	}
	if (!def->nmount_opts)
		return;
	vk_xw_open(w, "fs:mount_opts");
	for (i = 0; i < def->nmount_opts; i++) {
		vk_xw_open(w, "fs:option");
		vk_xw_attr(w, "name", def->mount_opts[i]);
		vk_xw_close(w);
	}
	vk_xw_close(w);
}

/* ---- free and copy ---- */

void vk_pool_opts_free(struct vk_pool_def *def)
{
	int i;

	free(def->source.initiator);
	free(def->source.vendor);
	free(def->source.product);
	free(def->source.auth.username);
	free(def->source.auth.secret_usage);
	for (i = 0; i < def->nmount_opts; i++)
		free(def->mount_opts[i]);
	free(def->mount_opts);
}

void vk_pool_opts_copy(struct vk_pool_def *dst,
		       const struct vk_pool_def *src)
{
	int i;

	dst->source.initiator = vk_strdup(src->source.initiator);
	dst->source.vendor = vk_strdup(src->source.vendor);
	dst->source.product = vk_strdup(src->source.product);
	dst->source.auth.username = vk_strdup(src->source.auth.username);
	dst->source.auth.secret_usage =
		vk_strdup(src->source.auth.secret_usage);
	dst->mount_opts = NULL;
	if (src->nmount_opts)
		dst->mount_opts = vk_calloc((size_t)src->nmount_opts,
					    sizeof(char *));
	for (i = 0; i < src->nmount_opts; i++)
		dst->mount_opts[i] = vk_strdup(src->mount_opts[i]);
}
