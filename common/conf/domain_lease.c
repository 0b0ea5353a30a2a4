/* <lease><lockspace/><key/><target path= offset=/></lease>: a lease the
 * domain must take before it starts (the qemu driver: qemu_locks.c). */
#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "domain.h"

/* The largest offset a POSIX record lock can start at (off_t). */
#define MAX_OFFSET 0x7fffffffffffffffULL

static int parse_target(struct vk_lease *l, xmlNodePtr node)
{
	static const char *const attrs[] = {"path", "offset", NULL};
	bool set;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_str(node, "path", true, &l->path) < 0 ||
	    vk_xml_attr_uint(node, "offset", false, MAX_OFFSET, false,
			     &l->offset, &set) < 0)
		return -1;
	if (l->path[0] != '/')
		return vk_xml_error(node, "path '%s' is not absolute",
				    l->path);
	return 0;
}

static int parse_body(struct vk_lease *l, xmlNodePtr node)
{
	bool target = false;
	xmlNodePtr child;
	char *text;

	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		if (vk_xml_is(child, "target")) {
			if (target)
				return vk_xml_duplicate(child);
			target = true;
			if (parse_target(l, child) < 0)
				return -1;
			continue;
		}
		if (!vk_xml_is(child, "lockspace") && !vk_xml_is(child, "key"))
			return vk_xml_unknown(child);
		if (vk_xml_text_nonempty(child, &text) < 0 ||
		    vk_xml_set_once(child, vk_xml_is(child, "key") ? &l->key :
				    &l->lockspace, text) < 0)
			return -1;
	}
	if (!l->key)
		return vk_xml_error(node, "missing element <key>");
	if (!target)
		return vk_xml_error(node, "missing element <target>");
	return 0;
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

int vk_dom_parse_lease(struct vk_domain_def *def, xmlNodePtr node)
{
	struct vk_lease l;
	int i;

	memset(&l, 0, sizeof(l));
	if (parse_body(&l, node) < 0)
		goto fail;
	for (i = 0; i < def->nleases; i++) {
		const struct vk_lease *o = &def->leases[i];

		if (same_str(o->lockspace, l.lockspace) &&
		    same_str(o->key, l.key)) {
			vk_xml_error(node, "lease '%s%s%s' is given twice",
				     l.lockspace ? l.lockspace : "",
				     l.lockspace ? "/" : "", l.key);
			goto fail;
		}
		if (!strcmp(o->path, l.path) && o->offset == l.offset) {
			vk_xml_error(node, "target %s offset %llu is already "
				     "used by another <lease>", l.path,
				     l.offset);
			goto fail;
		}
	}
	*(struct vk_lease *)vk_array_add(&def->leases, &def->nleases,
					 sizeof(l)) = l;
	return 0;
fail:
	vk_lease_clear(&l);
	return -1;
}

void vk_dom_format_lease(struct vk_xw *w, const struct vk_lease *l)
{
	vk_xw_open(w, "lease");
	vk_xw_elem(w, "lockspace", l->lockspace);
	vk_xw_elem(w, "key", l->key);
	vk_xw_open(w, "target");
	vk_xw_attr(w, "path", l->path);
	vk_xw_attrf(w, "offset", "%llu", l->offset);
	vk_xw_close(w);
	vk_xw_close(w);
}

void vk_lease_clear(struct vk_lease *l)
{
	free(l->lockspace);
	free(l->key);
	free(l->path);
	memset(l, 0, sizeof(*l));
}

void vk_lease_copy(struct vk_lease *dst, const struct vk_lease *src)
{
	*dst = *src;
	dst->lockspace = vk_strdup(src->lockspace);
	dst->key = vk_strdup(src->key);
	dst->path = vk_strdup(src->path);
}
