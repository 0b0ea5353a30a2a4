/* <memoryBacking>, <blkiotune>, <memtune> and <sysinfo>: the resource
 * tuning and the SMBIOS values of a domain; also the dispatch, the
 * whole-document checks, free and copy of every platform element. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "../util/uuid.h"
#include "domain_platform.h"

const char *const vk_smbios_mode_names[] = {
	"emulate", "host", "sysinfo", NULL
};
const char *const vk_bios_entry_names[] = {
	"vendor", "version", "date", "release", NULL
};
const char *const vk_system_entry_names[] = {
	"manufacturer", "product", "version", "serial", "uuid", "sku",
	"family", NULL
};
static const char *const sysinfo_type_names[] = {"smbios", NULL};

#define MAX_KIB (1ULL << 50)
#define MIN_WEIGHT 100
#define MAX_WEIGHT 1000

/* An element that holds only elements: no attributes, no text. */
static int check_container(xmlNodePtr node)
{
	if (vk_xml_check_attrs(node, NULL) < 0)
		return -1;
	return vk_xml_check_no_text(node);
}

/* ---- <memoryBacking> ---- */

static int parse_memory_backing(struct vk_domain_def *def, xmlNodePtr node)
{
	xmlNodePtr child;

	if (check_container(node) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		if (!vk_xml_is(child, "hugepages"))
			return vk_xml_unknown(child);
		if (def->hugepages)
			return vk_xml_duplicate(child);
		if (vk_xml_check_attrs(child, NULL) < 0 ||
		    vk_xml_check_empty(child) < 0)
			return -1;
		def->hugepages = true;
	}
	return 0;
}

/* ---- <blkiotune> ---- */

static int parse_blkiotune(struct vk_domain_def *def, xmlNodePtr node)
{
	unsigned long long v;
	xmlNodePtr child;

	if (check_container(node) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		if (!vk_xml_is(child, "weight"))
			return vk_xml_unknown(child);
		if (def->blkio_weight)
			return vk_xml_duplicate(child);
		if (vk_xml_check_attrs(child, NULL) < 0 ||
		    vk_xml_text_uint(child, MAX_WEIGHT, &v) < 0)
			return -1;
		if (v < MIN_WEIGHT)
			return vk_xml_error(child, "must be between %d and %d",
					    MIN_WEIGHT, MAX_WEIGHT);
		def->blkio_weight = (unsigned)v;
	}
	return 0;
}

/* ---- <memtune> ---- */

static unsigned long long *memtune_slot(struct vk_memtune *m,
					xmlNodePtr node)
{
	if (vk_xml_is(node, "hard_limit"))
		return &m->hard_limit;
	if (vk_xml_is(node, "soft_limit"))
		return &m->soft_limit;
	if (vk_xml_is(node, "swap_hard_limit"))
		return &m->swap_hard_limit;
	if (vk_xml_is(node, "min_guarantee"))
		return &m->min_guarantee;
	return NULL;
}

static int parse_memtune(struct vk_domain_def *def, xmlNodePtr node)
{
	struct vk_memtune *m = &def->memtune;
	xmlNodePtr child, swap = NULL;

	if (check_container(node) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		unsigned long long *slot = memtune_slot(m, child);

		if (!slot)
			return vk_xml_unknown(child);
		if (*slot)
			return vk_xml_duplicate(child);
		if (vk_xml_check_attrs(child, NULL) < 0 ||
		    vk_xml_text_uint(child, MAX_KIB, slot) < 0)
			return -1;
		if (!*slot)
			return vk_xml_error(child, "must be at least 1 KiB");
		if (slot == &m->swap_hard_limit)
			swap = child;
	}
	if (swap && m->hard_limit && m->swap_hard_limit < m->hard_limit)
		return vk_xml_error(swap, "%llu KiB is less than hard_limit "
				    "(%llu KiB)", m->swap_hard_limit,
				    m->hard_limit);
	return 0;
}

void vk_dom_format_tune(struct vk_xw *w, const struct vk_domain_def *def)
{
	const struct vk_memtune *m = &def->memtune;

	if (def->hugepages) {
		vk_xw_open(w, "memoryBacking");
		vk_xw_empty(w, "hugepages");
		vk_xw_close(w);
	}
	if (def->blkio_weight) {
		vk_xw_open(w, "blkiotune");
		vk_xw_elemf(w, "weight", "%u", def->blkio_weight);
		vk_xw_close(w);
	}
	if (!m->hard_limit && !m->soft_limit && !m->swap_hard_limit &&
	    !m->min_guarantee)
		return;
	vk_xw_open(w, "memtune");
	if (m->hard_limit)
		vk_xw_elemf(w, "hard_limit", "%llu", m->hard_limit);
	if (m->soft_limit)
		vk_xw_elemf(w, "soft_limit", "%llu", m->soft_limit);
	if (m->swap_hard_limit)
		vk_xw_elemf(w, "swap_hard_limit", "%llu", m->swap_hard_limit);
	if (m->min_guarantee)
		vk_xw_elemf(w, "min_guarantee", "%llu", m->min_guarantee);
	vk_xw_close(w);
}

/* ---- <sysinfo> ---- */

static int parse_entry(xmlNodePtr node, const char *const *names,
		       char **values)
{
	static const char *const attrs[] = {"name", NULL};
	unsigned char uuid[VK_UUID_LEN];
	char *text;
	int i = -1;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_attr_enum(node, "name", names, true, &i) < 0)
		return -1;
	if (values[i])
		return vk_xml_error(node, "entry '%s' is given twice",
				    names[i]);
	if (vk_xml_text(node, true, &text) < 0)
		return -1;
	if (!*text) {
		free(text);
		return vk_xml_error(node, "entry '%s' is empty", names[i]);
	}
	if (names == vk_system_entry_names && i == VK_SYSTEM_UUID) {
		if (vk_uuid_parse(text, uuid) < 0) {
			vk_xml_error(node, "'%s' is not a valid UUID", text);
			free(text);
			return -1;
		}
		text = vk_realloc(text, VK_UUID_STRLEN + 1);
		vk_uuid_format(uuid, text);
	}
	values[i] = text;
	return 0;
}

static int parse_block(xmlNodePtr node, const char *const *names,
		       char **values)
{
	xmlNodePtr child;

	if (check_container(node) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		if (!vk_xml_is(child, "entry"))
			return vk_xml_unknown(child);
		if (parse_entry(child, names, values) < 0)
			return -1;
	}
	return 0;
}

static int parse_sysinfo(struct vk_domain_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"type", NULL};
	bool seen_bios = false, seen_system = false;
	xmlNodePtr child;
	int type;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    vk_xml_attr_enum(node, "type", sysinfo_type_names, true,
			     &type) < 0)
		return -1;
	def->sysinfo.present = true;
	vk_xml_foreach(child, node) {
		bool *seen;
		int rc;

		if (vk_xml_is(child, "bios"))
			seen = &seen_bios;
		else if (vk_xml_is(child, "system"))
			seen = &seen_system;
		else
			return vk_xml_unknown(child);
		if (*seen)
			return vk_xml_duplicate(child);
		*seen = true;
		if (seen == &seen_bios)
			rc = parse_block(child, vk_bios_entry_names,
					 def->sysinfo.bios);
		else
			rc = parse_block(child, vk_system_entry_names,
					 def->sysinfo.system);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static void format_block(struct vk_xw *w, const char *block,
			 const char *const *names, char *const *values,
			 int n)
{
	int i;

	for (i = 0; i < n && !values[i]; i++)
		;
	if (i == n)
		return;
	vk_xw_open(w, block);
	for (i = 0; i < n; i++) {
		if (!values[i])
			continue;
		vk_xw_open(w, "entry");
		vk_xw_attr(w, "name", names[i]);
		vk_xw_text(w, values[i]);
		vk_xw_close(w);
	}
	vk_xw_close(w);
}

void vk_dom_format_sysinfo(struct vk_xw *w, const struct vk_domain_def *d)
{
	if (!d->sysinfo.present)
		return;
	vk_xw_open(w, "sysinfo");
	vk_xw_attr(w, "type", "smbios");
	format_block(w, "bios", vk_bios_entry_names, d->sysinfo.bios,
		     VK_BIOS_LAST);
	format_block(w, "system", vk_system_entry_names, d->sysinfo.system,
		     VK_SYSTEM_LAST);
	vk_xw_close(w);
}

/* ---- dispatch and whole-document checks ---- */

int vk_dom_parse_platform(struct vk_domain_def *def, xmlNodePtr node)
{
	if (vk_xml_is(node, "memoryBacking"))
		return parse_memory_backing(def, node);
	if (vk_xml_is(node, "blkiotune"))
		return parse_blkiotune(def, node);
	if (vk_xml_is(node, "memtune"))
		return parse_memtune(def, node);
	if (vk_xml_is(node, "sysinfo"))
		return parse_sysinfo(def, node);
	if (vk_xml_is(node, "cputune"))
		return vk_dom_parse_cputune(def, node);
	if (vk_xml_is(node, "cpu"))
		return vk_dom_parse_cpu(def, node);
	return vk_xml_unknown(node);
}

/* The element under PARENT named NAME (and, when ATTR is set, whose
 * attribute ATTR is VALUE), or NULL. */
static xmlNodePtr find(xmlNodePtr parent, const char *name, const char *attr,
		       const char *value)
{
	xmlNodePtr c;

	if (!parent)
		return NULL;
	vk_xml_foreach(c, parent) {
		char *v;
		bool ok;

		if (!vk_xml_is(c, name))
			continue;
		if (!attr)
			return c;
		v = vk_xml_attr(c, attr);
		ok = v && !strcmp(v, value);
		free(v);
		if (ok)
			return c;
	}
	return NULL;
}

/* The system uuid entry is the domain's uuid: equal to <uuid>, or the
 * domain's uuid when <uuid> is absent. */
static int sysinfo_uuid(struct vk_domain_def *def, xmlNodePtr root,
			bool *has_uuid)
{
	const char *text = def->sysinfo.system[VK_SYSTEM_UUID];
	unsigned char u[VK_UUID_LEN];
	char dom[VK_UUID_STRLEN + 1];
	xmlNodePtr entry;

	if (!text)
		return 0;
	vk_uuid_parse(text, u);
	if (!*has_uuid) {
		memcpy(def->uuid, u, sizeof(u));
		*has_uuid = true;
		return 0;
	}
	if (!memcmp(def->uuid, u, sizeof(u)))
		return 0;
	vk_uuid_format(def->uuid, dom);
	entry = find(find(find(root, "sysinfo", NULL, NULL), "system", NULL,
			  NULL), "entry", "name", "uuid");
	return vk_xml_error(entry ? entry : root, "uuid entry '%s' does not "
			    "match the domain's uuid '%s'", text, dom);
}

int vk_dom_platform_finish(struct vk_domain_def *def, xmlNodePtr root,
			   bool *has_uuid)
{
	xmlNodePtr smbios;

	if (def->os.smbios == VK_SMBIOS_SYSINFO && !def->sysinfo.present) {
		smbios = find(find(root, "os", NULL, NULL), "smbios", NULL,
			      NULL);
		return vk_xml_error(smbios ? smbios : root, "mode 'sysinfo' "
				    "needs a <sysinfo> element");
	}
	if (sysinfo_uuid(def, root, has_uuid) < 0)
		return -1;
	return vk_dom_cpu_finish(def, root);
}

/* ---- free and copy ---- */

void vk_dom_platform_clear(struct vk_domain_def *def)
{
	int i;

	for (i = 0; i < VK_BIOS_LAST; i++)
		free(def->sysinfo.bios[i]);
	for (i = 0; i < VK_SYSTEM_LAST; i++)
		free(def->sysinfo.system[i]);
	vk_dom_cpu_clear(def);
	vk_dom_timers_clear(&def->clock);
}

void vk_dom_platform_copy(struct vk_domain_def *dst,
			  const struct vk_domain_def *src)
{
	int i;

	for (i = 0; i < VK_BIOS_LAST; i++)
		dst->sysinfo.bios[i] = vk_strdup(src->sysinfo.bios[i]);
	for (i = 0; i < VK_SYSTEM_LAST; i++)
		dst->sysinfo.system[i] = vk_strdup(src->sysinfo.system[i]);
	vk_dom_cpu_copy(dst, src);
	vk_dom_timers_copy(&dst->clock, &src->clock);
}
