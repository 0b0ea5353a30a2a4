/* <alias name='...'/> of any device: see domain_alias.h. */
#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "domain.h"

/* libvirt's schema: letters, digits, '_', '-' and '.'. */
static const char alias_chars[] = "abcdefghijklmnopqrstuvwxyz"
	"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.";
/* A user alias takes no '.' (libvirt drops such a one from a config). */
#define USER_CHARS_LEN (sizeof(alias_chars) - 2)

int vk_dom_parse_alias(xmlNodePtr node, char **alias)
{
	static const char *const attrs[] = {"name", NULL};
	char *name = NULL;

	if (*alias)
		return vk_xml_duplicate(node);
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_str(node, "name", true, &name) < 0)
		return -1;
	if (name[strspn(name, alias_chars)]) {
		vk_xml_error(node, "name '%s' is not an alias (letters, "
			     "digits, '_', '-', '.')", name);
		free(name);
		return -1;
	}
	*alias = name;
	return 0;
}

bool vk_dom_alias_is_user(const char *alias)
{
	size_t n = strlen(VK_ALIAS_USER_PREFIX);
	size_t i;

	if (!alias || strncmp(alias, VK_ALIAS_USER_PREFIX, n))
		return false;
	for (i = n; alias[i]; i++)
		if (!memchr(alias_chars, alias[i], USER_CHARS_LEN))
			return false;
	return true;
}

bool vk_dom_alias_shown(const char *alias, unsigned flags)
{
	return alias && (!(flags & VK_FMT_INACTIVE) ||
			 vk_dom_alias_is_user(alias));
}

void vk_dom_format_alias(struct vk_xw *w, const char *alias,
			 unsigned flags)
{
	if (!vk_dom_alias_shown(alias, flags))
		return;
	vk_xw_open(w, "alias");
	vk_xw_attr(w, "name", alias);
	vk_xw_close(w);
}

/* The <alias> child of device DEV that counts, or NULL. */
static xmlNodePtr alias_of(xmlNodePtr dev, unsigned flags, char **name)
{
	xmlNodePtr child;

	vk_xml_foreach(child, dev) {
		if (!vk_xml_is(child, "alias") || child->ns)
			continue;
		*name = vk_xml_attr(child, "name");
		if (*name && (!(flags & VK_PARSE_INACTIVE) ||
			      vk_dom_alias_is_user(*name)))
			return child;
		free(*name);
		*name = NULL;
		return NULL;
	}
	return NULL;
}

struct seen_alias {
	char *name;
	xmlNodePtr node;
	int pos;		/* document order */
};

static int cmp_alias(const void *a, const void *b)
{
	const struct seen_alias *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : x->pos - y->pos;
}

int vk_dom_alias_finish(xmlNodePtr root, unsigned flags)
{
	struct seen_alias *seen = NULL, *s;
	xmlNodePtr devs, dev, a;
	int n = 0, i, bad = -1;
	char *name;

	vk_xml_foreach(devs, root) {
		if (!vk_xml_is(devs, "devices"))
			continue;
		vk_xml_foreach(dev, devs) {
			a = alias_of(dev, flags, &name);
			if (!a)
				continue;
			s = vk_array_add(&seen, &n, sizeof(*seen));
			s->name = name;
			s->node = a;
			s->pos = n;
		}
	}
	if (n > 1)
		qsort(seen, (size_t)n, sizeof(*seen), cmp_alias);
	/* Of the twins, the one that comes second in the document is
	 * reported; of several pairs, the earliest such. */
	for (i = 1; i < n; i++)
		if (!strcmp(seen[i].name, seen[i - 1].name) &&
		    (bad < 0 || seen[i].pos < seen[bad].pos))
			bad = i;
	if (bad >= 0)
		vk_xml_error(seen[bad].node, "alias '%s' is already used by "
			     "another device", seen[bad].name);
	for (i = 0; i < n; i++)
		free(seen[i].name);
	free(seen);
	return bad >= 0 ? -1 : 0;
}
