#include <errno.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "driver.h"
#include "util/error.h"
#include "util/proc.h"
#include "util/uuid.h"

static const struct vk_driver *const drivers[] = {
	&vk_qemu_driver, &vk_test_driver,
};

static const struct vk_driver *find_driver(const char *scheme)
{
	size_t i;

	for (i = 0; i < sizeof(drivers) / sizeof(drivers[0]); i++)
		if (!strcmp(drivers[i]->name, scheme))
			return drivers[i];
	return NULL;
}

struct vk_conn *vk_conn_open(const char *uri)
{
	struct vk_conn *c = vk_calloc(1, sizeof(*c));

	if (!uri)
		uri = vk_uri_default();
	c->uri = vk_strdup(uri);
	if (vk_uri_parse(uri, &c->parsed) < 0)
		goto fail;
	if (c->parsed.transport || c->parsed.host) {
		vk_error(VK_EXIT_USAGE,
			 "remote connections are not supported yet: '%s'",
			 uri);
		goto fail;
	}
	c->drv = find_driver(c->parsed.scheme);
	if (!c->drv) {
		if (!strcmp(c->parsed.scheme, "lxc") ||
		    !strcmp(c->parsed.scheme, "xen"))
			vk_error(VK_EXIT_FAILED,
				 "the %s driver is not available yet",
				 c->parsed.scheme);
		else
			vk_error(VK_EXIT_USAGE,
				 "unknown connection URI scheme '%s' in '%s'",
				 c->parsed.scheme, uri);
		goto fail;
	}
	if (c->drv->open(c) < 0)
		goto fail;
	return c;
fail:
	c->drv = NULL;
	vk_conn_close(c);
	return NULL;
}

void vk_conn_close(struct vk_conn *c)
{
	if (!c)
		return;
	if (c->drv && c->drv->close)
		c->drv->close(c);
	vk_paths_clear(&c->paths);
	vk_uri_clear(&c->parsed);
	free(c->uri);
	free(c);
}

static int unsupported(const struct vk_conn *c, const char *op)
{
	return vk_error(VK_EXIT_FAILED,
			"%s: operation not supported by the %s driver", op,
			c->drv->name);
}

int vk_dom_list(struct vk_conn *c, struct vk_dom ***doms, int *n,
		unsigned flags)
{
	*doms = NULL;
	*n = 0;
	if (!c->drv->list)
		return unsupported(c, "list");
	return c->drv->list(c, doms, n, flags);
}

void vk_dom_list_free(struct vk_dom **doms, int n)
{
	int i;

	for (i = 0; i < n; i++)
		vk_dom_free(doms[i]);
	free(doms);
}

/* Which of DOMS IDENT names: a running id, then a uuid, then a name. */
static int match(struct vk_dom **doms, int n, const char *ident)
{
	unsigned char u[VK_UUID_LEN];
	char *end;
	long id;
	int i;

	errno = 0;
	id = strtol(ident, &end, 10);
	if (*ident && !*end && !errno && id >= 0)
		for (i = 0; i < n; i++)
			if (doms[i]->id == id)
				return i;
	if (vk_uuid_parse(ident, u) == 0)
		for (i = 0; i < n; i++)
			if (!memcmp(doms[i]->uuid, u, VK_UUID_LEN))
				return i;
	for (i = 0; i < n; i++)
		if (!strcmp(doms[i]->name, ident))
			return i;
	return -1;
}

/* Could IDENT be an id or a uuid (which outrank names)? */
static bool id_or_uuid(const char *ident)
{
	unsigned char u[VK_UUID_LEN];
	const char *p = ident;

	while (*p >= '0' && *p <= '9')
		p++;
	return (*ident && !*p) || vk_uuid_parse(ident, u) == 0;
}

struct vk_dom *vk_dom_lookup(struct vk_conn *c, const char *ident)
{
	struct vk_dom **doms, *d = NULL;
	int n, i;

	if (c->drv->lookup && !id_or_uuid(ident)) {
		d = c->drv->lookup(c, ident);
		if (!d && vk_error_code() == VK_EXIT_NOT_FOUND)
			vk_error(VK_EXIT_NOT_FOUND, "domain '%s' not found",
				 ident);
		return d;
	}
	if (vk_dom_list(c, &doms, &n, VK_LIST_BRIEF) < 0)
		return NULL;
	i = match(doms, n, ident);
	if (i < 0)
		vk_error(VK_EXIT_NOT_FOUND, "domain '%s' not found", ident);
	else if (c->drv->lookup)
		d = c->drv->lookup(c, doms[i]->name);
	else {
		d = doms[i];
		doms[i] = NULL;
	}
	vk_dom_list_free(doms, n);
	return d;
}

struct vk_dom *vk_dom_define(struct vk_conn *c, struct vk_domain_def *def,
			     const char *expect)
{
	struct vk_dom *out = NULL;

	if (!c->drv->define) {
		vk_domain_free(def);
		unsupported(c, "define");
		return NULL;
	}
	if (c->drv->define(c, def, expect, &out) < 0)
		return NULL;
	return out;
}

int vk_dom_undefine_flags(struct vk_conn *c, const struct vk_dom *dom,
			  unsigned flags)
{
	if (!c->drv->undefine)
		return unsupported(c, "undefine");
	if (!dom->persistent)
		return vk_error(VK_EXIT_CONFLICT,
				"domain '%s' is not persistent", dom->name);
	return c->drv->undefine(c, dom, flags);
}

int vk_dom_undefine(struct vk_conn *c, const struct vk_dom *dom)
{
	return vk_dom_undefine_flags(c, dom, 0);
}

char *vk_dom_xml(const struct vk_dom *dom, unsigned flags)
{
	const struct vk_domain_def *def = dom->live;

	if ((flags & VK_FMT_INACTIVE) || !def)
		def = dom->def ? dom->def : dom->live;
	if (!def) {
		vk_error(VK_EXIT_FAILED, "domain '%s' has no definition",
			 dom->name);
		return NULL;
	}
	if (def == dom->live && dom->id >= 0)
		flags &= ~(unsigned)VK_FMT_INACTIVE;
	else
		flags |= VK_FMT_INACTIVE;
	return vk_domain_format(def, flags);
}

struct vk_dom *vk_dom_new_named(const char *name, const unsigned char *uuid)
{
	struct vk_dom *d = vk_calloc(1, sizeof(*d));

	d->name = vk_strdup(name);
	memcpy(d->uuid, uuid, VK_UUID_LEN);
	d->id = -1;
	d->state = VK_STATE_SHUTOFF;
	return d;
}

struct vk_dom *vk_dom_new(const struct vk_domain_def *def)
{
	return vk_dom_new_named(def->name, def->uuid);
}

void vk_dom_free(struct vk_dom *dom)
{
	if (!dom)
		return;
	free(dom->name);
	vk_domain_free(dom->def);
	vk_domain_free(dom->live);
	free(dom);
}

int vk_dom_check_identity(struct vk_dom **doms, int n,
			  struct vk_domain_def *def, bool generated,
			  int *existing)
{
	char want[VK_UUID_STRLEN + 1], have[VK_UUID_STRLEN + 1];
	int i;

	*existing = -1;
	for (i = 0; i < n; i++) {
		if (strcmp(doms[i]->name, def->name))
			continue;
		*existing = i;
		if (generated)
			memcpy(def->uuid, doms[i]->uuid, VK_UUID_LEN);
		if (memcmp(doms[i]->uuid, def->uuid, VK_UUID_LEN)) {
			vk_uuid_format(doms[i]->uuid, have);
			return vk_error(VK_EXIT_CONFLICT,
					"domain '%s' already exists with uuid %s",
					def->name, have);
		}
	}
	for (i = 0; i < n; i++) {
		if (i == *existing ||
		    memcmp(doms[i]->uuid, def->uuid, VK_UUID_LEN))
			continue;
		vk_uuid_format(def->uuid, want);
		return vk_error(VK_EXIT_CONFLICT,
				"uuid %s is already used by domain '%s'", want,
				doms[i]->name);
	}
	return 0;
}

int vk_dom_check_expect(const struct vk_dom *dom, const char *expect)
{
	char *now;
	int same;

	if (!expect)
		return 0;
	now = dom && dom->def ? vk_domain_format(dom->def, VK_FMT_INACTIVE |
							   VK_FMT_SECURE)
			      : NULL;
	same = now && !strcmp(now, expect);
	free(now);
	if (same)
		return 0;
	return vk_error(VK_EXIT_CONFLICT,
			"the configuration changed while it was edited");
}

void vk_console_clear(struct vk_console *con)
{
	free(con->pty);
	free(con->log);
	free(con->lock);
	memset(con, 0, sizeof(*con));
}

int vk_dom_conflict(const struct vk_dom *dom, const char *why)
{
	return vk_error(VK_EXIT_CONFLICT, "domain '%s' is %s", dom->name, why);
}

bool vk_dom_is_active(const struct vk_dom *dom)
{
	return dom->id >= 0;
}

#define DISPATCH(c, op, ...)                                            \
	((c)->drv->op ? (c)->drv->op(c, __VA_ARGS__) : unsupported(c, #op))

int vk_dom_start(struct vk_conn *c, const struct vk_dom *dom, unsigned flags)
{
	return DISPATCH(c, start, dom, flags);
}

struct vk_dom *vk_dom_create(struct vk_conn *c, struct vk_domain_def *def,
			     unsigned flags)
{
	struct vk_dom *out = NULL;

	if (!c->drv->create) {
		vk_domain_free(def);
		unsupported(c, "create");
		return NULL;
	}
	if (c->drv->create(c, def, flags, &out) < 0)
		return NULL;
	return out;
}

int vk_dom_shutdown(struct vk_conn *c, const struct vk_dom *dom)
{
	return DISPATCH(c, shutdown, dom);
}

int vk_dom_reboot(struct vk_conn *c, const struct vk_dom *dom)
{
	return DISPATCH(c, reboot, dom);
}

int vk_dom_destroy(struct vk_conn *c, const struct vk_dom *dom)
{
	return DISPATCH(c, destroy, dom);
}

int vk_dom_suspend(struct vk_conn *c, const struct vk_dom *dom)
{
	return DISPATCH(c, suspend, dom);
}

int vk_dom_resume(struct vk_conn *c, const struct vk_dom *dom)
{
	return DISPATCH(c, resume, dom);
}

int vk_dom_set_autostart(struct vk_conn *c, const struct vk_dom *dom,
			 bool on)
{
	return DISPATCH(c, set_autostart, dom, on);
}

int vk_dom_console(struct vk_conn *c, const struct vk_dom *dom,
		   struct vk_console *out)
{
	memset(out, 0, sizeof(*out));
	return DISPATCH(c, console, dom, out);
}

int vk_dom_wait_stopped(struct vk_conn *c, const struct vk_dom *dom,
			int timeout_ms)
{
	long long end = vk_now_ms() + timeout_ms;
	char uuid[VK_UUID_STRLEN + 1];
	int delay = 10;

	vk_uuid_format(dom->uuid, uuid);
	for (;;) {
		struct vk_dom *d = vk_dom_lookup(c, uuid);
		bool running = d && vk_dom_is_active(d);

		vk_dom_free(d);
		if (!running) {
			vk_error_clear();
			return 0;
		}
		if (timeout_ms >= 0 && vk_now_ms() >= end)
			return vk_error(VK_EXIT_FAILED,
					"domain '%s' is still running after "
					"%d s", dom->name, timeout_ms / 1000);
		usleep((useconds_t)delay * 1000);
		if (delay < 200)
			delay *= 2;
	}
}

struct vk_domain_def *vk_domain_parse_node(xmlNodePtr node, unsigned flags)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	struct vk_domain_def *def;

	doc->URL = xmlStrdup(node->doc->URL);
	xmlDocSetRootElement(doc, xmlDocCopyNode(node, doc, 1));
	def = vk_domain_parse(doc, flags);
	xmlFreeDoc(doc);
	return def;
}

int vk_dom_state_attr(xmlNodePtr node, int *state)
{
	char *s = vk_xml_attr(node, "state");
	int i;

	for (i = 0; s && i < VK_STATE_LAST; i++)
		if (!strcmp(s, vk_state_name(i)))
			break;
	free(s);
	if (i >= VK_STATE_LAST)
		return vk_xml_error(node, "bad or missing state");
	*state = i;
	return 0;
}
