/* QEMU's native form: option lists ("key=value,...", ",," for a comma),
 * located errors, the backends front ends name by id, the shell words of
 * a native line and the native line of a domain. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qemu_argv_parse_priv.h"
#include "qemu_command.h"
#include "qemu_status.h"
#include "util/buf.h"
#include "util/error.h"

/* ---- names ---- */

int vk_qa_index(const char *const *names, const char *s)
{
	int i;

	for (i = 0; names[i]; i++)
		if (!strcmp(names[i], s))
			return i;
	return -1;
}

/* ---- errors ---- */

int vk_qa_err(const struct vk_qa_opt *o, const char *fmt, ...)
{
	va_list ap;
	char *what;

	va_start(ap, fmt);
	what = vk_vasprintf(fmt, ap);
	va_end(ap);
	vk_error(VK_EXIT_DOCUMENT, "argument %d '-%s': %s", o->index, o->name,
		 what);
	free(what);
	return -1;
}

/* ---- option lists ---- */

/* The next item of S (up to an unescaped comma) into B; returns the
 * position after it. */
static const char *next_item(const char *s, struct vk_buf *b)
{
	for (; *s; s++) {
		if (*s == ',') {
			if (s[1] != ',')
				return s + 1;
			s++;
		}
		vk_buf_addc(b, *s);
	}
	return s;
}

/* A new item of P (the list grows by doubling: a long one costs no
 * quadratic copying). */
static struct vk_qa_kv *add_kv(struct vk_qa_props *p)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 8;
		p->v = vk_realloc(p->v, (size_t)p->cap * sizeof(*p->v));
	}
	memset(&p->v[p->n], 0, sizeof(*p->v));
	return &p->v[p->n++];
}

static int key_order(const void *a, const void *b)
{
	return strcmp((*(const struct vk_qa_kv *const *)a)->key,
		      (*(const struct vk_qa_kv *const *)b)->key);
}

/* No key of P twice, but guestfwd=, cpus= (-numa) and
 * plaintext-channel=, which may
 * come again (sorted: a long list costs no quadratic time). */
static int check_twice(const struct vk_qa_props *p)
{
	const struct vk_qa_kv **sorted;
	const char *dup = NULL;
	int i;

	if (p->n < 2)
		return 0;
	sorted = vk_calloc((size_t)p->n, sizeof(*sorted));
	for (i = 0; i < p->n; i++)
		sorted[i] = &p->v[i];
	qsort(sorted, (size_t)p->n, sizeof(*sorted), key_order);
	for (i = 1; i < p->n && !dup; i++)
		if (!strcmp(sorted[i]->key, sorted[i - 1]->key) &&
		    strcmp(sorted[i]->key, "guestfwd") &&
		    strcmp(sorted[i]->key, "cpus") &&
		    strcmp(sorted[i]->key, "plaintext-channel"))
			dup = sorted[i]->key;
	free(sorted);
	return dup ? vk_qa_err(p->opt, "'%s' given twice", dup) : 0;
}

int vk_qa_props_parse(const struct vk_qa_opt *o, const char *text,
		      const char *implied, struct vk_qa_props *p)
{
	const char *s = text;
	bool first = true;

	memset(p, 0, sizeof(*p));
	p->opt = o;
	while (*s || first) {
		struct vk_buf b = VK_BUF_INIT;
		struct vk_qa_kv *kv;
		char *eq;

		s = next_item(s, &b);
		vk_buf_add(&b, "");
		eq = strchr(b.s, '=');
		if (!*b.s && !first) {
			vk_buf_free(&b);
			return vk_qa_err(o, "empty item in '%s'", text);
		}
		kv = add_kv(p);
		if (eq) {
			kv->key = vk_strndup(b.s, (size_t)(eq - b.s));
			kv->val = vk_strdup(eq + 1);
			vk_buf_free(&b);
		} else if (first && implied) {
			kv->key = vk_strdup(implied);
			kv->val = vk_buf_steal(&b);
		} else if (!first && *b.s) {
			kv->key = vk_buf_steal(&b);
			kv->val = vk_strdup("on");
		} else {
			vk_buf_free(&b);
			return vk_qa_err(o, "'%s': expected KEY=VALUE", text);
		}
		first = false;
	}
	return check_twice(p);
}

void vk_qa_props_free(struct vk_qa_props *p)
{
	int i;

	for (i = 0; i < p->n; i++) {
		free(p->v[i].key);
		free(p->v[i].val);
	}
	free(p->v);
	p->v = NULL;
	p->n = p->cap = 0;
}

static struct vk_qa_kv *find(const struct vk_qa_props *p, const char *key)
{
	int i;

	for (i = 0; i < p->n; i++)
		if (!strcmp(p->v[i].key, key))
			return &p->v[i];
	return NULL;
}

const char *vk_qa_get(struct vk_qa_props *p, const char *key)
{
	struct vk_qa_kv *kv = find(p, key);

	if (!kv)
		return NULL;
	kv->used = true;
	return kv->val;
}

bool vk_qa_has(const struct vk_qa_props *p, const char *key)
{
	return find(p, key) != NULL;
}

const char *vk_qa_peek(const struct vk_qa_props *p, const char *key)
{
	const struct vk_qa_kv *kv = find(p, key);

	return kv ? kv->val : NULL;
}

bool vk_qa_used(const struct vk_qa_props *p, const char *key)
{
	const struct vk_qa_kv *kv = find(p, key);

	return kv && kv->used;
}

int vk_qa_get_bool(struct vk_qa_props *p, const char *key, int *out)
{
	static const char *const yes[] = {"on", "yes", "true", NULL};
	static const char *const no[] = {"off", "no", "false", NULL};
	const char *v = vk_qa_get(p, key);
	int i;

	if (!v)
		return 0;
	for (i = 0; yes[i]; i++) {
		if (!strcmp(v, yes[i])) {
			*out = 1;
			return 0;
		}
		if (!strcmp(v, no[i])) {
			*out = 0;
			return 0;
		}
	}
	return vk_qa_err(p->opt, "%s '%s': not on or off", key, v);
}

int vk_qa_uint(const char *s, unsigned long long max, unsigned long long *out)
{
	unsigned long long v = 0;

	if (!*s || strlen(s) > 20)
		return -1;
	for (; *s; s++) {
		unsigned d = (unsigned)(*s - '0');

		if (*s < '0' || *s > '9' || v > (~0ULL - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

int vk_qa_get_uint(struct vk_qa_props *p, const char *key,
		   unsigned long long max, unsigned long long *out)
{
	const char *v = vk_qa_get(p, key);

	if (v && vk_qa_uint(v, max, out) < 0)
		return vk_qa_err(p->opt, "%s '%s': not a number from 0 to "
				 "%llu", key, v, max);
	return 0;
}

int vk_qa_get_bootindex(struct vk_qa *q, struct vk_qa_props *p,
			unsigned *out)
{
	unsigned long long boot = 0;

	if (vk_qa_get_uint(p, "bootindex", 0xffff, &boot) < 0)
		return -1;
	if (vk_dom_boot_order_used(q->def, (unsigned)boot))
		return vk_qa_err(p->opt, "bootindex %llu: already used by "
				 "another device", boot);
	*out = (unsigned)boot;
	return 0;
}

int vk_qa_expect(struct vk_qa_props *p, const char *key, const char *value)
{
	const char *v = vk_qa_get(p, key);

	if (v && strcmp(v, value))
		return vk_qa_err(p->opt, "%s '%s': not supported (only "
				 "'%s')", key, v, value);
	return 0;
}

int vk_qa_check_used(const struct vk_qa_props *p, const char *what)
{
	int i;

	for (i = 0; i < p->n; i++)
		if (!p->v[i].used)
			return vk_qa_err(p->opt, "%s%s'%s=%s': unknown or not "
					 "supported", what ? what : "",
					 what ? ": " : "", p->v[i].key,
					 p->v[i].val);
	return 0;
}

int vk_qa_hex(const char *s, unsigned max, unsigned *out)
{
	char *end;
	unsigned long v;

	/* Hex digits only: strtoul would take a sign, blanks, "0x0x". */
	if (strncmp(s, "0x", 2) || !s[2] || s[2 + strspn(s + 2,
	    "0123456789abcdefABCDEF")] || strlen(s) > 10)
		return -1;
	v = strtoul(s + 2, &end, 16);
	if (*end || v > max)
		return -1;
	*out = (unsigned)v;
	return 0;
}

int vk_qa_pci_addr(struct vk_qa_props *p, struct vk_dev_addr *a)
{
	const char *bus = vk_qa_get(p, "bus"), *addr = vk_qa_get(p, "addr");
	char *slot;
	const char *dot;
	int rc;

	if (!bus && !addr)
		return 0;
	if (!bus || strcmp(bus, "pci.0") || !addr)
		return vk_qa_err(p->opt, "a PCI place other than "
				 "bus=pci.0,addr=0xS.0xF");
	dot = strchr(addr, '.');
	slot = dot ? vk_strndup(addr, (size_t)(dot - addr)) : vk_strdup(addr);
	rc = vk_qa_hex(slot, 31, &a->slot);
	free(slot);
	if (rc < 0 || (dot && vk_qa_hex(dot + 1, 7, &a->function) < 0))
		return vk_qa_err(p->opt, "bad PCI address '%s'", addr);
	a->type = VK_ADDR_PCI;
	return 0;
}

/* ---- backends ---- */

static const char *const backend_names[] = {
	"drive", "netdev", "chardev", "fsdev", "object", "tpmdev"
};

int vk_qa_add_backend(struct vk_qa *q, const struct vk_qa_opt *o, int kind,
		      const char *implied)
{
	struct vk_qa_backend *b;
	int i;

	/* Each is a device's, and a domain has at most 4096 devices: a
	 * bound that keeps the search for an id short. */
	if (q->nbackends >= 8192)
		return vk_qa_err(o, "more than 8192 backends");
	b = vk_array_add(&q->backends, &q->nbackends, sizeof(*b));
	b->kind = kind;
	if (vk_qa_props_parse(o, o->value, implied, &b->props) < 0)
		return -1;
	b->id = vk_qa_get(&b->props, "id");
	if (!b->id || !*b->id)
		return vk_qa_err(o, "no id=");
	for (i = 0; i < q->nbackends - 1; i++)
		if (q->backends[i].kind == kind &&
		    !strcmp(q->backends[i].id, b->id))
			return vk_qa_err(o, "%s id '%s' given twice",
					 backend_names[kind], b->id);
	return 0;
}

struct vk_qa_backend *vk_qa_backend(struct vk_qa *q, const struct vk_qa_opt *o,
				    int kind, const char *id)
{
	int i;

	if (!id) {
		vk_qa_err(o, "no %s=", backend_names[kind]);
		return NULL;
	}
	for (i = 0; i < q->nbackends; i++) {
		struct vk_qa_backend *b = &q->backends[i];

		if (b->kind != kind || strcmp(b->id, id))
			continue;
		if (b->used) {
			vk_qa_err(o, "%s '%s' is used twice",
				  backend_names[kind], id);
			return NULL;
		}
		b->used = true;
		return b;
	}
	vk_qa_err(o, "no -%s with id '%s'", backend_names[kind], id);
	return NULL;
}

int vk_qa_check_backends(struct vk_qa *q)
{
	int i;

	for (i = 0; i < q->nbackends; i++)
		if (!q->backends[i].used)
			return vk_qa_err(q->backends[i].props.opt,
					 "%s '%s' is not used by any device",
					 backend_names[q->backends[i].kind],
					 q->backends[i].id);
	return 0;
}

/* ---- shell words ---- */

/* A double-quoted part starting after the quote at *S. */
static int dquoted(const char **sp, struct vk_buf *b)
{
	const char *s = *sp;

	for (; *s && *s != '"'; s++) {
		if (*s == '\\' && s[1] && strchr("\"\\$`\n", s[1])) {
			if (s[1] != '\n')
				vk_buf_addc(b, s[1]);
			s++;
			continue;
		}
		/* A shell would expand these: no value of the line. */
		if (*s == '$' || *s == '`')
			return vk_error(VK_EXIT_DOCUMENT, "'%c' in double "
					"quotes: a shell expansion (quote it "
					"with '...' or \\%c)", *s, *s);
		vk_buf_addc(b, *s);
	}
	if (!*s)
		return vk_error(VK_EXIT_DOCUMENT, "unterminated \" quote");
	*sp = s + 1;
	return 0;
}

int vk_qemu_native_split(const char *s, struct vk_argv *words)
{
	while (*s) {
		struct vk_buf b = VK_BUF_INIT;
		bool word = false;

		while (*s == ' ' || *s == '\t' || *s == '\n' ||
		       (*s == '\\' && s[1] == '\n'))
			s += *s == '\\' ? 2 : 1;
		/* A comment runs to the end of the line. */
		if (*s == '#') {
			s += strcspn(s, "\n");
			continue;
		}
		while (*s && !strchr(" \t\n", *s)) {
			word = true;
			if (strchr("|&;<>()$`", *s)) {
				vk_buf_free(&b);
				return vk_error(VK_EXIT_DOCUMENT, "unquoted "
						"'%c': shell syntax, not part "
						"of an argument (quote it)",
						*s);
			}
			if (*s == '\'') {
				const char *end = strchr(s + 1, '\'');

				if (!end) {
					vk_buf_free(&b);
					return vk_error(VK_EXIT_DOCUMENT,
						"unterminated ' quote");
				}
				vk_buf_addn(&b, s + 1, (size_t)(end - s - 1));
				s = end + 1;
			} else if (*s == '"') {
				s++;
				if (dquoted(&s, &b) < 0) {
					vk_buf_free(&b);
					return -1;
				}
			} else if (*s == '\\' && s[1]) {
				if (s[1] != '\n')
					vk_buf_addc(&b, s[1]);
				s += 2;
			} else {
				vk_buf_addc(&b, *s++);
			}
		}
		if (word) {
			vk_buf_add(&b, "");
			vk_argv_add(words, b.s);
		}
		vk_buf_free(&b);
	}
	return 0;
}

/* ---- the native line of a domain ---- */

/* The options only virtkit's supervisor needs: it resumes the guest
 * (-S) and applies on_poweroff and on_crash itself (QEMU stays and
 * pauses instead of acting).  On its own, QEMU staying is what
 * on_poweroff preserve means, and pausing what on_crash preserve
 * means: those stay. */
static bool supervisor_only(const struct vk_domain_def *def,
			    const struct vk_argv *a, int i)
{
	if (!strcmp(a->v[i], "-no-shutdown"))
		return def->on_poweroff != VK_LIFE_PRESERVE;
	if (!strcmp(a->v[i], "-action") && i + 1 < a->n &&
	    !strcmp(a->v[i + 1], "panic=pause"))
		return def->on_crash != VK_LIFE_PRESERVE;
	return !strcmp(a->v[i], "-S");
}

/* S into B with QEMU's ",," for a comma. */
static void add_escaped(struct vk_buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == ',')
			vk_buf_addc(b, ',');
		vk_buf_addc(b, *s);
	}
}

/* The -netdev of a QEMU on its own for V when V is a tap vm-start
 * opens (tap,fd=N,id=hostnetK): QEMU opens the tap itself, by the
 * <target> name when there is one, and runs the ethernet <script>
 * (none for the other types: the caller puts the tap on its bridge).
 * NULL to keep V. */
static char *native_netdev(const struct vk_domain_def *def, const char *v)
{
	const char *rest = v + 7 + strspn(v + 7, "0123456789");
	const char *id = strstr(v, ",id=hostnet");
	unsigned long long k;
	const struct vk_net *n;
	struct vk_buf b = VK_BUF_INIT;

	if (strncmp(v, "tap,fd=", 7) || !id ||
	    vk_qa_uint(id + 11, 4096, &k) < 0 || k >= (unsigned)def->nnets)
		return NULL;
	n = &def->nets[k];
	vk_buf_add(&b, "tap");
	if (n->target) {
		vk_buf_add(&b, ",ifname=");
		add_escaped(&b, n->target);
	}
	vk_buf_add(&b, ",script=");
	add_escaped(&b, n->type == VK_NET_ETHERNET && n->script ? n->script :
		    "no");
	vk_buf_add(&b, ",downscript=no");
	vk_buf_add(&b, rest);
	return vk_buf_steal(&b);
}

char *vk_qemu_native_format(const struct vk_conn *c,
			    const struct vk_domain_def *doc)
{
	struct vk_qemu_start st;
	struct vk_qemu_paths p;
	struct vk_argv a = VK_ARGV_INIT, out = VK_ARGV_INIT;
	struct vk_domain_def *def = vk_domain_copy(doc);
	char *line = NULL, *hugetlbfs = NULL, *tap;
	int i, rc;

	/* What vm-start fills in at start, the same way. */
	if (vk_qemu_prepare_live(c, def, true) < 0) {
		vk_domain_free(def);
		return NULL;
	}
	memset(&st, 0, sizeof(st));
	vk_qemu_paths_init(&p, c, def->name);
	st.swtpm_dir = p.dir;
	/* Huge pages come from this host's hugetlbfs mount. */
	if (def->hugepages)
		st.hugetlbfs = hugetlbfs = vk_qemu_hugetlbfs();
	rc = vk_qemu_build_argv(def, &st, &a);
	free(hugetlbfs);
	vk_qemu_paths_clear(&p);
	if (rc < 0)
		goto out;
	vk_qemu_env(def, &out);	/* <qemu:env>, as NAME=VALUE words */
	for (i = 0; i < a.n; i++) {
		if (supervisor_only(def, &a, i)) {
			if (!strcmp(a.v[i], "-action"))
				i++;
			continue;
		}
		/* A uuid the document did not give is no part of it. */
		if (def->uuid_generated && !strcmp(a.v[i], "-uuid")) {
			i++;
			continue;
		}
		tap = i && !strcmp(a.v[i - 1], "-netdev") ?
		      native_netdev(def, a.v[i]) : NULL;
		vk_argv_add(&out, tap ? tap : a.v[i]);
		free(tap);
	}
	line = vk_argv_join(&out);
out:
	vk_argv_free(&a);
	vk_argv_free(&out);
	vk_domain_free(def);
	return line;
}

/* ---- new devices with the parser's defaults ---- */

static struct vk_domain_def *template2(const char *head, const char *devices)
{
	char *xml = vk_asprintf("<domain type='qemu'><name>unnamed</name>"
				"<memory>131072</memory><os><type>hvm</type>"
				"</os>%s<devices>%s</devices></domain>",
				head, devices);
	struct vk_domain_def *t;

	t = vk_domain_parse_string(xml, strlen(xml), "template",
				   VK_PARSE_INACTIVE | VK_PARSE_NO_SCHEMA);
	free(xml);
	/* A fixed, valid document: failing is a bug here, not an input
	 * error (an assertion). */
	if (!t)
		abort();
	return t;
}

/* Move the one element of the template's array *TARR into a new slot
 * of *ARR. */
#define TAKE(q, t, arr, n, tarr, tn) do {				\
	void *slot_ = vk_array_add(&(q)->def->arr, &(q)->def->n,	\
				   sizeof(*(q)->def->arr));		\
	memcpy(slot_, (t)->tarr, sizeof(*(t)->tarr));			\
	free((t)->tarr);						\
	(t)->tarr = NULL;						\
	(t)->tn = 0;							\
	vk_domain_free(t);						\
} while (0)

static struct vk_domain_def *template(const char *devices)
{
	return template2("", devices);
}

struct vk_domain_def *vk_qa_new_def(void)
{
	return template("");
}

struct vk_timer *vk_qa_timer(struct vk_qa *q, int name)
{
	struct vk_clock *clk = &q->def->clock;
	struct vk_domain_def *t;
	char *head;
	int i;

	for (i = 0; i < clk->ntimers; i++)
		if (clk->timers[i].name == name)
			return &clk->timers[i];
	head = vk_asprintf("<clock offset='utc'><timer name='%s'/></clock>",
			   vk_timer_name_names[name]);
	t = template2(head, "");
	free(head);
	TAKE(q, t, clock.timers, clock.ntimers, clock.timers, clock.ntimers);
	return &clk->timers[clk->ntimers - 1];
}

struct vk_disk *vk_qa_new_disk(struct vk_qa *q)
{
	struct vk_domain_def *t = template("<disk type='file'>"
					   "<target dev='hda'/></disk>");
	struct vk_disk *d;

	TAKE(q, t, disks, ndisks, disks, ndisks);
	d = &q->def->disks[q->def->ndisks - 1];
	free(d->target);
	d->target = NULL;
	d->cache = VK_CACHE_NONE_SET;
	return d;
}

struct vk_net *vk_qa_new_net(struct vk_qa *q)
{
	struct vk_domain_def *t = template("<interface type='user'/>");

	TAKE(q, t, nets, nnets, nets, nnets);
	return &q->def->nets[q->def->nnets - 1];
}

struct vk_chr *vk_qa_new_chr(struct vk_qa *q, int kind)
{
	struct vk_domain_def *t = template(kind == VK_CHR_PARALLEL ?
					   "<parallel type='null'/>" :
					   kind == VK_CHR_CONSOLE ?
					   "<console type='null'><target "
					   "type='virtio'/></console>" :
					   kind == VK_CHR_CHANNEL ?
					   "<channel type='pty'><target "
					   "type='virtio'/></channel>" :
					   "<serial type='null'/>");
	struct vk_chr *c;

	TAKE(q, t, chrs, nchrs, chrs, nchrs);
	c = &q->def->chrs[q->def->nchrs - 1];
	c->kind = kind;
	return c;
}

struct vk_graphics *vk_qa_new_graphics(struct vk_qa *q, int type)
{
	struct vk_domain_def *t = template(type == VK_GFX_SDL ?
					   "<graphics type='sdl'/>" :
					   type == VK_GFX_SPICE ?
					   "<graphics type='spice' "
					   "port='5900'/>" :
					   "<graphics type='vnc'/>");

	TAKE(q, t, graphics, ngraphics, graphics, ngraphics);
	return &q->def->graphics[q->def->ngraphics - 1];
}

struct vk_tpm *vk_qa_new_tpm(struct vk_qa *q)
{
	struct vk_domain_def *t = template("<tpm><backend type='emulator'/>"
					   "</tpm>");

	TAKE(q, t, tpms, ntpms, tpms, ntpms);
	return &q->def->tpms[q->def->ntpms - 1];
}

struct vk_input *vk_qa_new_input(struct vk_qa *q)
{
	struct vk_domain_def *t = template("<input type='mouse' bus='usb'/>");

	TAKE(q, t, inputs, ninputs, inputs, ninputs);
	return &q->def->inputs[q->def->ninputs - 1];
}
