/* The test driver: a fake hypervisor whose whole state is one file.
 *
 * test:///default starts with one running domain named "test".
 * test:///PATH starts from the host description at PATH: a <node>
 * document whose <domain> children (inline, or <domain file='x.xml'/>
 * relative to PATH) are all running.  Every change is written back to
 * the state file STATE/INSTANCE.xml under the instance lock, where each
 * domain is a <domstatus> holding its <config> and/or <live> domain. */
#include <errno.h>
#include <libgen.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "driver/driver.h"
#include "util/error.h"
#include "util/file.h"
#include "util/lock.h"

struct test_priv {
	char *state;		/* the state file */
	char *lock;		/* its lock */
	char *host;		/* host description (test:///PATH) or NULL */
};

/* The state as loaded: every domain, and the next id to hand out. */
struct test_state {
	struct vk_dom **doms;
	int n;
	int nextid;
};

static const char default_node[] =
	"<node>\n"
	"  <domain type='test'>\n"
	"    <name>test</name>\n"
	"    <uuid>a6b4c1f2-7d0e-4c55-9e3a-2f1d8b7c6e01</uuid>\n"
	"    <memory>8388608</memory>\n"
	"    <currentMemory>2097152</currentMemory>\n"
	"    <vcpu>2</vcpu>\n"
	"    <os>\n"
	"      <type>hvm</type>\n"
	"    </os>\n"
	"  </domain>\n"
	"</node>\n";

static int ensure_state(struct vk_conn *c);

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static int test_open(struct vk_conn *c)
{
	const char *path = c->parsed.path ? c->parsed.path : "";
	struct test_priv *p;
	char *inst, *real = NULL;

	if (!strcmp(path, "/default")) {
		inst = vk_strdup("default");
	} else if (path[0] == '/' && path[1]) {
		real = realpath(path, NULL);
		if (!real)
			return vk_error_errno(VK_EXIT_NOT_FOUND, errno,
					      "cannot open host description %s",
					      path);
		inst = vk_asprintf("file-%016llx",
				   (unsigned long long)fnv1a(real));
	} else {
		return vk_error(VK_EXIT_USAGE,
				"test connection '%s' needs a path: "
				"test:///default or test:///PATH", c->uri);
	}
	c->session = geteuid() != 0;
	if (vk_paths_init(&c->paths, "test", c->session) < 0) {
		free(inst);
		free(real);
		return -1;
	}
	p = vk_calloc(1, sizeof(*p));
	p->state = vk_asprintf("%s/%s.xml", c->paths.config, inst);
	p->lock = vk_asprintf("%s/%s.lock", c->paths.run, inst);
	p->host = real;
	free(inst);
	c->priv = p;
	return ensure_state(c);
}

static void test_close(struct vk_conn *c)
{
	struct test_priv *p = c->priv;

	if (!p)
		return;
	free(p->state);
	free(p->lock);
	free(p->host);
	free(p);
}


/* A <domain> element of the node document, parsed on its own. */
static struct vk_domain_def *parse_domain_node(xmlNodePtr node,
					       const char *base, bool live)
{
	struct vk_domain_def *def;
	char *file = vk_xml_attr(node, "file");

	if (file) {
		char *dir = vk_strdup(base), *path;

		path = file[0] == '/' ? vk_strdup(file)
				      : vk_asprintf("%s/%s", dirname(dir), file);
		def = vk_domain_parse_file(path, VK_PARSE_INACTIVE);
		free(path);
		free(dir);
		free(file);
		return def;
	}
	return vk_domain_parse_node(node, live ? 0 : VK_PARSE_INACTIVE);
}

static void state_add(struct test_state *st, struct vk_dom *d)
{
	st->doms = vk_realloc(st->doms, (size_t)(st->n + 1) * sizeof(d));
	st->doms[st->n++] = d;
}

static void state_clear(struct test_state *st)
{
	vk_dom_list_free(st->doms, st->n);
	memset(st, 0, sizeof(*st));
}

/* <domstatus state= id= persistent= autostart=> <config>? <live>? */
static int parse_domstatus(struct test_state *st, xmlNodePtr node,
			   const char *base)
{
	static const char *const attrs[] = {"state", "id", "persistent",
					    "autostart", NULL};
	struct vk_domain_def *defs[2] = {NULL, NULL};
	unsigned long long id = 0;
	int state = VK_STATE_SHUTOFF, persistent = 0, autostart = 0;
	bool has_id = false;
	struct vk_dom *d;
	xmlNodePtr ch, dn;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_dom_state_attr(node, &state) < 0 ||
	    vk_xml_attr_uint(node, "id", false, 1u << 30, false, &id,
			     &has_id) < 0 ||
	    vk_xml_attr_yesno(node, "persistent", &persistent) < 0 ||
	    vk_xml_attr_yesno(node, "autostart", &autostart) < 0)
		return -1;
	vk_xml_foreach(ch, node) {
		int live = vk_xml_is(ch, "live");

		if (!live && !vk_xml_is(ch, "config")) {
			vk_xml_error(ch, "unknown element");
			goto fail;
		}
		dn = vk_xml_first(ch);
		if (!dn || defs[live]) {
			vk_xml_error(ch, "needs one <domain>");
			goto fail;
		}
		defs[live] = parse_domain_node(dn, base, live);
		if (!defs[live])
			goto fail;
	}
	if (!defs[0] && !defs[1]) {
		vk_xml_error(node, "holds no domain");
		goto fail;
	}
	d = vk_dom_new(defs[0] ? defs[0] : defs[1]);
	d->def = defs[0];
	d->live = defs[1];
	d->state = state;
	d->id = has_id ? (int)id : -1;
	d->persistent = persistent && defs[0];
	d->autostart = autostart;
	if (d->live)
		d->live->id = d->id;
	state_add(st, d);
	return 0;
fail:
	vk_domain_free(defs[0]);
	vk_domain_free(defs[1]);
	return -1;
}

/* A host description's <domain>: defined and running. */
static int parse_host_domain(struct test_state *st, xmlNodePtr node,
			     const char *base)
{
	struct vk_domain_def *def = parse_domain_node(node, base, false);
	struct vk_dom *d;

	if (!def)
		return -1;
	d = vk_dom_new(def);
	d->def = def;
	d->live = vk_domain_copy(def);
	d->id = d->live->id = st->nextid++;
	d->state = VK_STATE_RUNNING;
	d->persistent = true;
	state_add(st, d);
	return 0;
}

static int parse_node(struct test_state *st, xmlDocPtr doc, const char *base)
{
	xmlNodePtr root = xmlDocGetRootElement(doc), ch;
	unsigned long long next = 1;

	if (!root || !vk_xml_is(root, "node"))
		return vk_xml_error(root, "a host description's root must "
					  "be <node>");
	if (vk_xml_attr_uint(root, "nextid", false, 1u << 30, false, &next,
			     NULL) < 0)
		return -1;
	st->nextid = (int)next;
	vk_xml_foreach(ch, root) {
		int rc;

		if (vk_xml_is(ch, "domain"))
			rc = parse_host_domain(st, ch, base);
		else if (vk_xml_is(ch, "domstatus"))
			rc = parse_domstatus(st, ch, base);
		else
			rc = vk_xml_error(ch, "unknown element");
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* Load the state: the state file, else the host description or the
 * built-in default. */
static int state_load(struct test_priv *p, struct test_state *st)
{
	const char *base = p->host ? p->host : p->state;
	xmlDocPtr doc;
	int rc;

	memset(st, 0, sizeof(*st));
	if (access(p->state, F_OK) == 0)
		doc = vk_xml_parse_file(p->state);
	else if (p->host)
		doc = vk_xml_parse_file(p->host);
	else
		doc = vk_xml_parse(default_node, sizeof(default_node) - 1,
				   "test:///default");
	if (!doc)
		return -1;
	rc = parse_node(st, doc, base);
	xmlFreeDoc(doc);
	if (rc < 0)
		state_clear(st);
	return rc;
}

/* Indent every line of XML by four spaces into B. */
static void add_indented(struct vk_buf *b, const char *xml)
{
	while (*xml) {
		const char *nl = strchr(xml, '\n');
		size_t n = nl ? (size_t)(nl - xml) + 1 : strlen(xml);

		vk_buf_add(b, "      ");
		vk_buf_addn(b, xml, n);
		xml += n;
	}
}

static void add_def(struct vk_buf *b, const char *wrap,
		    const struct vk_domain_def *def, unsigned flags)
{
	char *xml = vk_domain_format(def, flags | VK_FMT_SECURE);

	vk_buf_addf(b, "    <%s>\n", wrap);
	add_indented(b, xml);
	vk_buf_addf(b, "    </%s>\n", wrap);
	free(xml);
}

static int state_save(struct test_priv *p, const struct test_state *st)
{
	struct vk_buf b = VK_BUF_INIT;
	int i, rc;

	vk_buf_addf(&b, "<node nextid='%d'>\n", st->nextid);
	for (i = 0; i < st->n; i++) {
		const struct vk_dom *d = st->doms[i];

		vk_buf_addf(&b, "  <domstatus state='%s'", vk_state_name(d->state));
		if (d->id >= 0)
			vk_buf_addf(&b, " id='%d'", d->id);
		vk_buf_addf(&b, " persistent='%s' autostart='%s'>\n",
			    d->persistent ? "yes" : "no",
			    d->autostart ? "yes" : "no");
		if (d->def)
			add_def(&b, "config", d->def, VK_FMT_INACTIVE);
		if (d->live)
			add_def(&b, "live", d->live, 0);
		vk_buf_add(&b, "  </domstatus>\n");
	}
	vk_buf_add(&b, "</node>\n");
	rc = vk_file_replace(p->state, b.s, b.len, 0600);
	vk_buf_free(&b);
	return rc;
}

/* Lock the instance for a change. Returns the lock or -1. */
static int state_lock(struct vk_conn *c)
{
	struct test_priv *p = c->priv;
	int fd;

	if (vk_mkdir_p(c->paths.config, 0700) < 0 ||
	    vk_mkdir_p(c->paths.run, 0700) < 0)
		return -1;
	fd = vk_lock(p->lock, 0, "the test driver state");
	if (fd >= 0)
		vk_file_clean_temps(c->paths.config);
	return fd;
}

/* The first connection to an instance writes its initial state, so that
 * generated uuids and ids stay what they first were. */
static int ensure_state(struct vk_conn *c)
{
	struct test_priv *p = c->priv;
	struct test_state st;
	int lock, rc = 0;

	if (access(p->state, F_OK) == 0)
		return 0;
	lock = state_lock(c);
	if (lock < 0)
		return -1;
	if (access(p->state, F_OK) != 0) {
		rc = state_load(p, &st);
		if (rc == 0)
			rc = state_save(p, &st);
		state_clear(&st);
	}
	vk_unlock(lock);
	return rc;
}

static int test_list(struct vk_conn *c, struct vk_dom ***doms, int *n,
		     unsigned flags)
{
	(void)flags;	/* the whole state is one small file */
	struct test_state st;
	int i;

	if (state_load(c->priv, &st) < 0)
		return -1;
	for (i = 0; i < st.n; i++)
		if (st.doms[i]->live)
			st.doms[i]->memory = st.doms[i]->live->current_memory;
	*doms = st.doms;
	*n = st.n;
	return 0;
}

static int find_uuid(const struct test_state *st, const unsigned char *u)
{
	int i;

	for (i = 0; i < st->n; i++)
		if (!memcmp(st->doms[i]->uuid, u, VK_UUID_LEN))
			return i;
	return -1;
}

/* Lock and load the state for DEF, a domain to add or replace: its
 * identity is checked, *EXISTING is the index of the same-named one or
 * -1.  Returns the lock, or -1 (the lock released). */
static int lock_for_new(struct vk_conn *c, struct test_state *st,
			struct vk_domain_def *def, int *existing)
{
	int lock = state_lock(c);

	if (lock < 0)
		return -1;
	if (state_load(c->priv, st) < 0 ||
	    vk_dom_check_identity(st->doms, st->n, def, def->uuid_generated,
				  existing) < 0) {
		vk_unlock(lock);
		return -1;
	}
	return lock;
}

static int test_define(struct vk_conn *c, struct vk_domain_def *def,
		       const char *expect, struct vk_dom **out)
{
	struct test_state st = {0};
	struct vk_dom *d;
	int lock, existing, rc = -1;

	lock = lock_for_new(c, &st, def, &existing);
	if (lock < 0)
		goto out;
	d = existing >= 0 ? st.doms[existing] : NULL;
	if (vk_dom_check_expect(d, expect) < 0)
		goto out;
	if (!d) {
		d = vk_dom_new(def);
		state_add(&st, d);
	}
	vk_domain_free(d->def);
	d->def = def;
	def = NULL;
	d->persistent = true;
	if (state_save(c->priv, &st) < 0)
		goto out;
	*out = vk_dom_new(d->def);
	(*out)->def = vk_domain_copy(d->def);
	(*out)->persistent = true;
	rc = 0;
out:
	vk_domain_free(def);
	state_clear(&st);
	vk_unlock(lock);
	return rc;
}

static int test_undefine(struct vk_conn *c, const struct vk_dom *dom,
			 unsigned flags)
{
	struct test_state st = {0};
	int lock, i, rc = -1;

	(void)flags;	/* the fake hypervisor keeps no NVRAM */
	lock = state_lock(c);
	if (lock < 0 || state_load(c->priv, &st) < 0)
		goto out;
	i = find_uuid(&st, dom->uuid);
	if (i < 0 || !st.doms[i]->persistent) {
		vk_error(VK_EXIT_NOT_FOUND, "domain '%s' not found", dom->name);
		goto out;
	}
	if (st.doms[i]->live) {
		vk_domain_free(st.doms[i]->def);
		st.doms[i]->def = NULL;
		st.doms[i]->persistent = false;
	} else {
		vk_dom_free(st.doms[i]);
		memmove(st.doms + i, st.doms + i + 1,
			(size_t)(st.n - i - 1) * sizeof(*st.doms));
		st.n--;
	}
	rc = state_save(c->priv, &st);
out:
	state_clear(&st);
	vk_unlock(lock);
	return rc;
}


/* Load the state under the lock, find DOM, apply OP, save.  OP returns 0
 * to save, 1 to save nothing, -1 on error. */
static int mutate(struct vk_conn *c, const struct vk_dom *dom,
		  int (*op)(struct test_state *st, int i, long arg), long arg)
{
	struct test_state st = {0};
	int lock, i, rc = -1;

	lock = state_lock(c);
	if (lock < 0 || state_load(c->priv, &st) < 0)
		goto out;
	i = find_uuid(&st, dom->uuid);
	if (i < 0) {
		vk_error(VK_EXIT_NOT_FOUND, "domain '%s' not found", dom->name);
		goto out;
	}
	rc = op(&st, i, arg);
	if (rc == 0)
		rc = state_save(c->priv, &st);
	else if (rc > 0)
		rc = 0;
out:
	state_clear(&st);
	vk_unlock(lock);
	return rc;
}

static void boot(struct test_state *st, struct vk_dom *d, long paused)
{
	vk_domain_free(d->live);
	d->live = vk_domain_copy(d->def);
	d->id = d->live->id = st->nextid++;
	d->state = paused ? VK_STATE_PAUSED : VK_STATE_RUNNING;
}

/* A domain that stops: shut off when persistent, gone when transient. */
static void halt(struct test_state *st, int i)
{
	struct vk_dom *d = st->doms[i];

	if (!d->persistent) {
		vk_dom_free(d);
		memmove(st->doms + i, st->doms + i + 1,
			(size_t)(st->n - i - 1) * sizeof(*st->doms));
		st->n--;
		return;
	}
	vk_domain_free(d->live);
	d->live = NULL;
	d->id = -1;
	d->state = VK_STATE_SHUTOFF;
}

static int op_start(struct test_state *st, int i, long flags)
{
	struct vk_dom *d = st->doms[i];

	if (vk_dom_is_active(d))
		return vk_dom_conflict(d, "already running");
	boot(st, d, flags & VK_START_PAUSED);
	return 0;
}

static int op_stop(struct test_state *st, int i, long unused)
{
	(void)unused;
	if (!vk_dom_is_active(st->doms[i]))
		return vk_dom_conflict(st->doms[i], "not running");
	halt(st, i);
	return 0;
}

static int op_reboot(struct test_state *st, int i, long unused)
{
	(void)unused;
	if (!vk_dom_is_active(st->doms[i]))
		return vk_dom_conflict(st->doms[i], "not running");
	return st->doms[i]->state == VK_STATE_RUNNING ? 1
		: vk_dom_conflict(st->doms[i], "paused");
}

static int op_pause(struct test_state *st, int i, long pause)
{
	struct vk_dom *d = st->doms[i];

	if (!vk_dom_is_active(d))
		return vk_dom_conflict(d, "not running");
	if (pause && d->state == VK_STATE_PAUSED)
		return vk_dom_conflict(d, "already paused");
	if (!pause && d->state != VK_STATE_PAUSED)
		return vk_dom_conflict(d, "not paused");
	d->state = pause ? VK_STATE_PAUSED : VK_STATE_RUNNING;
	return 0;
}

static int op_autostart(struct test_state *st, int i, long on)
{
	struct vk_dom *d = st->doms[i];

	if (!d->persistent)
		return vk_dom_conflict(d, "transient: autostart needs a "
					  "persistent domain");
	d->autostart = on;
	return 0;
}

static int test_start(struct vk_conn *c, const struct vk_dom *dom,
		      unsigned flags)
{
	return mutate(c, dom, op_start, (long)flags);
}

static int test_stop(struct vk_conn *c, const struct vk_dom *dom)
{
	return mutate(c, dom, op_stop, 0);
}

static int test_reboot(struct vk_conn *c, const struct vk_dom *dom)
{
	return mutate(c, dom, op_reboot, 0);
}

static int test_suspend(struct vk_conn *c, const struct vk_dom *dom)
{
	return mutate(c, dom, op_pause, 1);
}

static int test_resume(struct vk_conn *c, const struct vk_dom *dom)
{
	return mutate(c, dom, op_pause, 0);
}

static int test_set_autostart(struct vk_conn *c, const struct vk_dom *dom,
			      bool on)
{
	return mutate(c, dom, op_autostart, on);
}

static int test_create(struct vk_conn *c, struct vk_domain_def *def,
		       unsigned flags, struct vk_dom **out)
{
	struct test_state st = {0};
	struct vk_dom *d;
	int lock, existing, rc = -1;

	lock = lock_for_new(c, &st, def, &existing);
	if (lock < 0)
		goto out;
	if (existing >= 0 && vk_dom_is_active(st.doms[existing])) {
		vk_dom_conflict(st.doms[existing], "already running");
		goto out;
	}
	d = existing >= 0 ? st.doms[existing] : NULL;
	if (!d) {
		d = vk_dom_new(def);
		state_add(&st, d);
	}
	/* A transient run of a defined domain keeps its config. */
	vk_domain_free(d->live);
	d->live = def;
	def = NULL;
	d->id = d->live->id = st.nextid++;
	d->state = (flags & VK_START_PAUSED) ? VK_STATE_PAUSED
					      : VK_STATE_RUNNING;
	if (state_save(c->priv, &st) < 0)
		goto out;
	*out = vk_dom_new(d->live);
	(*out)->live = vk_domain_copy(d->live);
	(*out)->id = d->id;
	(*out)->state = d->state;
	rc = 0;
out:
	vk_domain_free(def);
	state_clear(&st);
	vk_unlock(lock);
	return rc;
}

const struct vk_driver vk_test_driver = {
	.name = "test",
	.open = test_open,
	.close = test_close,
	.list = test_list,
	.define = test_define,
	.undefine = test_undefine,
	.start = test_start,
	.create = test_create,
	.shutdown = test_stop,
	.reboot = test_reboot,
	.destroy = test_stop,
	.suspend = test_suspend,
	.resume = test_resume,
	.set_autostart = test_set_autostart,
};
