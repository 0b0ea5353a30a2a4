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
const char *const vk_board_entry_names[] = {
	"manufacturer", "product", "version", "serial", "asset", "location",
	NULL
};
const char *const vk_chassis_entry_names[] = {
	"manufacturer", "version", "serial", "asset", "sku", NULL
};
static const char *const sysinfo_type_names[] = {"smbios", NULL};

#define MAX_KIB (1ULL << 50)
/* libvirt's "unlimited" memtune value (KiB), the largest it takes. */
#define VK_MEMTUNE_UNLIMITED 9007199254740991ULL
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

const char *const vk_mem_source_names[] = {
	"file", "anonymous", "memfd", NULL
};
const char *const vk_mem_alloc_names[] = {"immediate", "ondemand", NULL};

#define MAX_ALLOC_THREADS 1024

/* <hugepages>: empty (the default page size) or <page> children. */
static int parse_hugepages(struct vk_domain_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"size", "unit", "nodeset", NULL};
	struct vk_mem_backing *mb = &def->mb;
	xmlNodePtr c;

	if (def->hugepages)
		return vk_xml_duplicate(node);
	if (check_container(node) < 0)
		return -1;
	def->hugepages = true;
	vk_xml_foreach(c, node) {
		struct vk_hugepage *p;
		int i;

		if (!vk_xml_is(c, "page"))
			return vk_xml_unknown(c);
		p = vk_array_add(&mb->pages, &mb->npages, sizeof(*p));
		if (vk_xml_check_attrs(c, attrs) < 0 ||
		    vk_xml_check_empty(c) < 0 ||
		    vk_xml_attr_size(c, "size", "unit", 1024, 1024, MAX_KIB,
				     true, &p->size, NULL) < 0 ||
		    vk_dom_parse_cpuset(c, "nodeset", &p->nodeset) < 0)
			return -1;
		if (!p->size)
			return vk_xml_error(c, "size must be at least 1 KiB");
		for (i = 0; i < mb->npages - 1; i++)
			if (!mb->pages[i].nodeset || !p->nodeset)
				return vk_xml_error(c, "a <page> without "
						    "nodeset must be the only "
						    "one");
	}
	return 0;
}

/* An element of <memoryBacking> with one enum attribute ATTR. */
static int parse_mb_enum(xmlNodePtr node, const char *attr,
			 const char *const *names, int *slot)
{
	const char *attrs[] = {attr, NULL};

	if (*slot >= 0)
		return vk_xml_duplicate(node);
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_enum(node, attr, names, true, slot) < 0)
		return -1;
	return 0;
}

static int parse_allocation(struct vk_mem_backing *mb, xmlNodePtr node)
{
	static const char *const attrs[] = {"mode", "threads", NULL};
	unsigned long long n;
	bool set;

	if (mb->alloc >= 0 || mb->alloc_threads)
		return vk_xml_duplicate(node);
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_enum(node, "mode", vk_mem_alloc_names, false,
			     &mb->alloc) < 0 ||
	    vk_xml_attr_uint(node, "threads", false, MAX_ALLOC_THREADS, false,
			     &n, &set) < 0)
		return -1;
	if (set && !n)
		return vk_xml_error(node, "threads must be at least 1");
	if (mb->alloc < 0 && !set)
		return vk_xml_error(node, "needs mode or threads");
	mb->alloc_threads = set ? (unsigned)n : 0;
	return 0;
}

/* <nosharepages/>, <locked/>, <discard/>: flags. */
static int parse_mb_flag(xmlNodePtr node, bool *flag)
{
	if (*flag)
		return vk_xml_duplicate(node);
	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_check_empty(node) < 0)
		return -1;
	*flag = true;
	return 0;
}

static int parse_memory_backing(struct vk_domain_def *def, xmlNodePtr node)
{
	struct vk_mem_backing *mb = &def->mb;
	xmlNodePtr child;
	int rc;

	if (check_container(node) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		if (vk_xml_is(child, "hugepages"))
			rc = parse_hugepages(def, child);
		else if (vk_xml_is(child, "nosharepages"))
			rc = parse_mb_flag(child, &mb->nosharepages);
		else if (vk_xml_is(child, "locked"))
			rc = parse_mb_flag(child, &mb->locked);
		else if (vk_xml_is(child, "discard"))
			rc = parse_mb_flag(child, &mb->discard);
		else if (vk_xml_is(child, "source"))
			rc = parse_mb_enum(child, "type", vk_mem_source_names,
					   &mb->source);
		else if (vk_xml_is(child, "access"))
			rc = parse_mb_enum(child, "mode", vk_mem_access_names,
					   &mb->access);
		else if (vk_xml_is(child, "allocation"))
			rc = parse_allocation(mb, child);
		else
			rc = vk_xml_unknown(child);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static void format_memory_backing(struct vk_xw *w,
				  const struct vk_domain_def *def)
{
	const struct vk_mem_backing *mb = &def->mb;
	int i;

	if (!def->hugepages && !mb->nosharepages && !mb->locked &&
	    !mb->discard && mb->source < 0 && mb->access < 0 &&
	    mb->alloc < 0 && !mb->alloc_threads)
		return;
	vk_xw_open(w, "memoryBacking");
	if (def->hugepages && !mb->npages)
		vk_xw_empty(w, "hugepages");
	else if (def->hugepages) {
		vk_xw_open(w, "hugepages");
		for (i = 0; i < mb->npages; i++) {
			vk_xw_open(w, "page");
			vk_xw_attrf(w, "size", "%llu", mb->pages[i].size);
			vk_xw_attr(w, "unit", "KiB");
			vk_xw_attr(w, "nodeset", mb->pages[i].nodeset);
			vk_xw_close(w);
		}
		vk_xw_close(w);
	}
	if (mb->nosharepages)
		vk_xw_empty(w, "nosharepages");
	if (mb->locked)
		vk_xw_empty(w, "locked");
	if (mb->source >= 0) {
		vk_xw_open(w, "source");
		vk_xw_attr(w, "type", vk_mem_source_names[mb->source]);
		vk_xw_close(w);
	}
	if (mb->access >= 0) {
		vk_xw_open(w, "access");
		vk_xw_attr(w, "mode", vk_mem_access_names[mb->access]);
		vk_xw_close(w);
	}
	if (mb->alloc >= 0 || mb->alloc_threads) {
		vk_xw_open(w, "allocation");
		if (mb->alloc >= 0)
			vk_xw_attr(w, "mode", vk_mem_alloc_names[mb->alloc]);
		if (mb->alloc_threads)
			vk_xw_attrf(w, "threads", "%u", mb->alloc_threads);
		vk_xw_close(w);
	}
	if (mb->discard)
		vk_xw_empty(w, "discard");
	vk_xw_close(w);
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
	static const char *const unit[] = {"unit", NULL};
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
		if (vk_xml_check_attrs(child, unit) < 0 ||
		    vk_xml_text_size(child, 1024, 1024, VK_MEMTUNE_UNLIMITED,
				     slot) < 0)
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

	format_memory_backing(w, def);
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
		vk_dom_format_kib(w, "hard_limit", m->hard_limit, -1);
	if (m->soft_limit)
		vk_dom_format_kib(w, "soft_limit", m->soft_limit, -1);
	if (m->swap_hard_limit)
		vk_dom_format_kib(w, "swap_hard_limit", m->swap_hard_limit, -1);
	if (m->min_guarantee)
		vk_dom_format_kib(w, "min_guarantee", m->min_guarantee, -1);
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

/* <oemStrings>: <entry>TEXT</entry>, each an SMBIOS type 11 string. */
static int parse_oem(struct vk_sysinfo *si, xmlNodePtr node)
{
	xmlNodePtr child;
	char *text;

	if (check_container(node) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		if (!vk_xml_is(child, "entry"))
			return vk_xml_unknown(child);
		if (vk_xml_text_nonempty(child, &text) < 0)
			return -1;
		*(char **)vk_array_add(&si->oem, &si->noem,
				       sizeof(*si->oem)) = text;
	}
	return 0;
}

/* <baseBoard> (any number), <chassis>, <oemStrings>. */
static int parse_sysinfo_more(struct vk_sysinfo *si, xmlNodePtr child,
			      bool *seen_chassis, bool *seen_oem)
{
	struct vk_smbios_board *b;

	if (vk_xml_is(child, "baseBoard")) {
		b = vk_array_add(&si->boards, &si->nboards, sizeof(*b));
		return parse_block(child, vk_board_entry_names, b->v);
	}
	if (vk_xml_is(child, "chassis")) {
		if (*seen_chassis)
			return vk_xml_duplicate(child);
		*seen_chassis = si->has_chassis = true;
		return parse_block(child, vk_chassis_entry_names,
				   si->chassis);
	}
	if (vk_xml_is(child, "oemStrings")) {
		if (*seen_oem)
			return vk_xml_duplicate(child);
		*seen_oem = true;
		return parse_oem(si, child);
	}
	return vk_xml_unknown(child);
}

static int parse_sysinfo(struct vk_domain_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"type", NULL};
	bool seen_bios = false, seen_system = false;
	bool seen_chassis = false, seen_oem = false;
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
		else if (parse_sysinfo_more(&def->sysinfo, child,
					    &seen_chassis, &seen_oem) < 0)
			return -1;
		else
			continue;
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
	int i;

	if (!d->sysinfo.present)
		return;
	vk_xw_open(w, "sysinfo");
	vk_xw_attr(w, "type", "smbios");
	format_block(w, "bios", vk_bios_entry_names, d->sysinfo.bios,
		     VK_BIOS_LAST);
	format_block(w, "system", vk_system_entry_names, d->sysinfo.system,
		     VK_SYSTEM_LAST);
	for (i = 0; i < d->sysinfo.nboards; i++)
		format_block(w, "baseBoard", vk_board_entry_names,
			     d->sysinfo.boards[i].v, VK_BOARD_LAST);
	if (d->sysinfo.has_chassis)
		format_block(w, "chassis", vk_chassis_entry_names,
			     d->sysinfo.chassis, VK_CHASSIS_LAST);
	if (d->sysinfo.noem) {
		vk_xw_open(w, "oemStrings");
		for (i = 0; i < d->sysinfo.noem; i++)
			vk_xw_elem(w, "entry", d->sysinfo.oem[i]);
		vk_xw_close(w);
	}
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
	if (sysinfo_uuid(def, root, has_uuid) < 0 ||
	    vk_dom_numa_finish(def, root) < 0)
		return -1;
	return vk_dom_cpu_finish(def, root);
}

/* ---- free and copy ---- */

static void sysinfo_more_clear(struct vk_sysinfo *si)
{
	int i, j;

	for (i = 0; i < si->nboards; i++)
		for (j = 0; j < VK_BOARD_LAST; j++)
			free(si->boards[i].v[j]);
	free(si->boards);
	for (j = 0; j < VK_CHASSIS_LAST; j++)
		free(si->chassis[j]);
	for (i = 0; i < si->noem; i++)
		free(si->oem[i]);
	free(si->oem);
}

/* DST is a shallow copy of SRC: make its strings its own. */
static void sysinfo_more_copy(struct vk_sysinfo *dst,
			      const struct vk_sysinfo *src)
{
	int i, j;

	dst->boards = NULL;
	if (src->nboards)
		dst->boards = vk_calloc((size_t)src->nboards,
					sizeof(*dst->boards));
	for (i = 0; i < src->nboards; i++)
		for (j = 0; j < VK_BOARD_LAST; j++)
			dst->boards[i].v[j] = vk_strdup(src->boards[i].v[j]);
	for (j = 0; j < VK_CHASSIS_LAST; j++)
		dst->chassis[j] = vk_strdup(src->chassis[j]);
	dst->oem = NULL;
	if (src->noem)
		dst->oem = vk_calloc((size_t)src->noem, sizeof(*dst->oem));
	for (i = 0; i < src->noem; i++)
		dst->oem[i] = vk_strdup(src->oem[i]);
}

void vk_dom_platform_clear(struct vk_domain_def *def)
{
	int i;

	for (i = 0; i < VK_BIOS_LAST; i++)
		free(def->sysinfo.bios[i]);
	for (i = 0; i < VK_SYSTEM_LAST; i++)
		free(def->sysinfo.system[i]);
	sysinfo_more_clear(&def->sysinfo);
	vk_dom_cpu_clear(def);
	vk_dom_timers_clear(&def->clock);
	for (i = 0; i < def->mb.npages; i++)
		free(def->mb.pages[i].nodeset);
	free(def->mb.pages);
}

void vk_dom_platform_copy(struct vk_domain_def *dst,
			  const struct vk_domain_def *src)
{
	int i;

	for (i = 0; i < VK_BIOS_LAST; i++)
		dst->sysinfo.bios[i] = vk_strdup(src->sysinfo.bios[i]);
	for (i = 0; i < VK_SYSTEM_LAST; i++)
		dst->sysinfo.system[i] = vk_strdup(src->sysinfo.system[i]);
	sysinfo_more_copy(&dst->sysinfo, &src->sysinfo);
	vk_dom_cpu_copy(dst, src);
	vk_dom_timers_copy(&dst->clock, &src->clock);
	dst->mb.pages = NULL;
	if (src->mb.npages)
		dst->mb.pages = vk_calloc((size_t)src->mb.npages,
					  sizeof(*dst->mb.pages));
	for (i = 0; i < src->mb.npages; i++) {
		dst->mb.pages[i].size = src->mb.pages[i].size;
		dst->mb.pages[i].nodeset =
			vk_strdup(src->mb.pages[i].nodeset);
	}
}
