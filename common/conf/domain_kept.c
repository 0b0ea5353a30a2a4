/* Elements the domain keeps as they were given: <metadata> (any
 * namespace, written back as it came) and the libvirt elements that no
 * virtkit driver models.  A kept element is accepted by name here, its
 * content is checked by the schema (schemas/domain*.rng), it is written
 * back in canonical form at its place, and every driver refuses it at
 * start with its reason (common/qemu/qemu_kept.c): a definition never
 * loses what the user wrote, and a guest never runs without it.
 *
 * To keep a new element: add its name to the table below with its slot
 * in the canonical output, describe it in the schema, and give the qemu
 * driver's reason in qemu_kept.c. */
#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "domain.h"

struct kept_name {
	const char *name;
	enum vk_kept_slot slot;
	bool once;		/* may appear once */
};

/* Children of <domain>. */
static const struct kept_name root_names[] = {
	/* only as vk_dom_kept_tune says (domain.c) */
	{"blkiotune", VK_KEPT_RESOURCES, true},
	{"cputune", VK_KEPT_RESOURCES, true},
	{"numatune", VK_KEPT_RESOURCES, true},
	{"resource", VK_KEPT_RESOURCES, true},
	{"on_lockfailure", VK_KEPT_LIFECYCLE, true},
	{"keywrap", VK_KEPT_TAIL, true},
	{"launchSecurity", VK_KEPT_TAIL, true},
	/* a second and later <seclabel> (domain.c keeps them) */
	{"seclabel", VK_KEPT_TAIL, false},
	{NULL, VK_KEPT_HEAD, false}
};

/* Children of <devices> (all in VK_KEPT_DEVICES). */
static const struct kept_name dev_names[] = {
	/* other devices (schemas/domain-devmisc.rng) */
	{"panic", VK_KEPT_DEVICES, false},
	{"vsock", VK_KEPT_DEVICES, true},
	{"iommu", VK_KEPT_DEVICES, true},
	{"shmem", VK_KEPT_DEVICES, false},
	{"memory", VK_KEPT_DEVICES, false},
	{"crypto", VK_KEPT_DEVICES, false},
	{NULL, VK_KEPT_DEVICES, false}
};

static const struct kept_name *find(const struct kept_name *t,
				    const char *name)
{
	for (; t->name; t++)
		if (!strcmp(t->name, name))
			return t;
	return NULL;
}

bool vk_dom_kept_root(const char *name)
{
	return find(root_names, name) != NULL;
}

bool vk_dom_kept_dev(const char *name)
{
	return find(dev_names, name) != NULL;
}

bool vk_dom_kept_fs(xmlNodePtr node)
{
	xmlNodePtr c;
	char *type;
	bool virtiofs = false;

	if (!vk_xml_is(node, "filesystem") || node->ns)
		return false;
	vk_xml_foreach(c, node) {
		if (!vk_xml_is(c, "driver"))
			continue;
		type = vk_xml_attr(c, "type");
		virtiofs = type && !strcmp(type, "virtiofs");
		free(type);
		break;
	}
	return virtiofs;
}

bool vk_dom_kept_tune(xmlNodePtr node)
{
	xmlNodePtr c;
	bool blkio = vk_xml_is(node, "blkiotune");

	if (node->ns || (!blkio && !vk_xml_is(node, "cputune")))
		return false;
	vk_xml_foreach(c, node) {
		if (blkio ? vk_xml_is(c, "device") :
		    !(vk_xml_is(c, "vcpupin") || vk_xml_is(c, "shares") ||
		      vk_xml_is(c, "cpushares")))
			return true;
	}
	return false;
}

static enum vk_kept_slot slot_of(const char *name)
{
	const struct kept_name *k = find(root_names, name);

	return k ? k->slot : VK_KEPT_DEVICES;
}

int vk_dom_keep(struct vk_kept **array, int *n, xmlNodePtr node)
{
	const char *name = (const char *)node->name;
	const struct kept_name *k = find(root_names, name);
	struct vk_kept *slot;
	int i;

	if (node->ns)
		return vk_xml_error(node, "namespace '%s' is not allowed here",
				    node->ns->href);
	if (k && k->once)
		for (i = 0; i < *n; i++)
			if (!strcmp((*array)[i].name, name))
				return vk_xml_duplicate(node);
	slot = vk_array_add(array, n, sizeof(**array));
	slot->name = vk_strdup(name);
	slot->xml = vk_xml_node_text(node);
	slot->line = (int)xmlGetLineNo(node);
	return 0;
}

/* libvirt keeps one element per namespace: a handful in practice. */
#define VK_METADATA_MAX 256

int vk_dom_parse_metadata(struct vk_domain_def *def, xmlNodePtr node)
{
	xmlNodePtr c;
	int n = 0;

	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	/* Each child is an application's own element: libvirt asks for a
	 * namespace on each, and keeps one per namespace. */
	vk_xml_foreach(c, node) {
		xmlNodePtr d;

		if (++n > VK_METADATA_MAX)
			return vk_xml_child_error(c, "more than %d elements "
				"(one per namespace)", VK_METADATA_MAX);
		if (!c->ns || !c->ns->href || !*c->ns->href)
			return vk_xml_child_error(c, "<%s> needs a namespace",
						  (const char *)c->name);
		for (d = vk_xml_first(node); d != c; d = vk_xml_next(d))
			if (d->ns && !strcmp((const char *)d->ns->href,
					     (const char *)c->ns->href))
				return vk_xml_child_error(c, "more than one "
					"element in namespace '%s'",
					(const char *)c->ns->href);
	}
	free(def->metadata);
	def->metadata = vk_xml_node_text(node);
	/* The content is kept as text: the schema sees each element without
	 * it, since libxml2 validates anyName patterns in time quadratic in
	 * the children and attributes they match (64000 empty elements:
	 * 32 s; now bounded by the 10 MiB document). */
	vk_xml_foreach(c, node) {
		xmlFreeNodeList(c->children);
		c->children = c->last = NULL;
		xmlFreePropList(c->properties);
		c->properties = NULL;
	}
	return 0;
}

void vk_dom_format_kept(struct vk_xw *w, const struct vk_domain_def *def,
			enum vk_kept_slot slot)
{
	int i;

	if (slot == VK_KEPT_DEVICES) {
		for (i = 0; i < def->nkept_devs; i++)
			vk_xw_raw(w, def->kept_devs[i].xml);
		return;
	}
	if (slot == VK_KEPT_HEAD && def->metadata)
		vk_xw_raw(w, def->metadata);
	for (i = 0; i < def->nkept; i++)
		if (slot_of(def->kept[i].name) == slot)
			vk_xw_raw(w, def->kept[i].xml);
}

void vk_kept_array_free(struct vk_kept *a, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		free(a[i].name);
		free(a[i].xml);
	}
	free(a);
}

struct vk_kept *vk_kept_array_dup(const struct vk_kept *a, int n)
{
	struct vk_kept *c;
	int i;

	if (!n)
		return NULL;
	c = vk_calloc((size_t)n, sizeof(*c));
	for (i = 0; i < n; i++) {
		c[i].name = vk_strdup(a[i].name);
		c[i].xml = vk_strdup(a[i].xml);
		c[i].line = a[i].line;
	}
	return c;
}

void vk_dom_kept_clear(struct vk_domain_def *def)
{
	free(def->metadata);
	vk_kept_array_free(def->kept, def->nkept);
	vk_kept_array_free(def->kept_devs, def->nkept_devs);
	def->metadata = NULL;
	def->kept = def->kept_devs = NULL;
	def->nkept = def->nkept_devs = 0;
}

void vk_dom_kept_copy(struct vk_domain_def *dst,
		      const struct vk_domain_def *src)
{
	dst->metadata = src->metadata ? vk_strdup(src->metadata) : NULL;
	dst->kept = vk_kept_array_dup(src->kept, src->nkept);
	dst->kept_devs = vk_kept_array_dup(src->kept_devs, src->nkept_devs);
}
