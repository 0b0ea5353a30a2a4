/* The root elements of libvirt 9.x beside <memory> and <vcpu>: <title>,
 * <genid>, <maxMemory>, <vcpus>, <iothreads>, <iothreadids>, <pm>, and
 * libvirt's QEMU passthrough <qemu:commandline>.  Parse, canonical
 * write, free and copy side by side. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "../util/uuid.h"
#include "domain_platform.h"

#define MAX_VCPUS 4096
#define MAX_IOTHREADS 1024
#define MAX_SLOTS 255
#define MAX_KIB (1ULL << 50)
#define MAX_QEMU_ARGS 4096

/* ---- <title>, <genid> ---- */

static int parse_title(struct vk_domain_def *def, xmlNodePtr node)
{
	char *t;

	if (vk_xml_plain_text(node, false, &t) < 0)
		return -1;
	def->res.title = t;
	if (strchr(t, '\n'))
		return vk_xml_error(node, "must be one line");
	return 0;
}

/* Empty: a new one, as libvirt does for each definition. */
static int parse_genid(struct vk_domain_def *def, xmlNodePtr node)
{
	char *text;
	int rc = 0;

	if (vk_xml_plain_text(node, true, &text) < 0)
		return -1;
	def->res.has_genid = true;
	if (!*text)
		rc = vk_uuid_generate(def->res.genid);
	else if (vk_uuid_parse(text, def->res.genid) < 0)
		rc = vk_xml_error(node, "'%s' is not a valid GUID", text);
	free(text);
	return rc;
}

/* ---- <maxMemory slots unit> ---- */

static int parse_max_memory(struct vk_domain_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"slots", "unit", NULL};
	unsigned long long slots;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_text_size(node, 1024, 1024, MAX_KIB,
			     &def->res.max_memory) < 0 ||
	    vk_xml_attr_uint(node, "slots", false, MAX_SLOTS, true, &slots,
			     NULL) < 0)
		return -1;
	if (!def->res.max_memory)
		return vk_xml_error(node, "must be at least 1 KiB");
	def->res.max_memory_slots = (unsigned)slots;
	return 0;
}

/* ---- <vcpus><vcpu id enabled hotpluggable order> ---- */

static int parse_vcpu_state(struct vk_resources *r, xmlNodePtr node)
{
	static const char *const attrs[] = {
		"id", "enabled", "hotpluggable", "order", NULL
	};
	struct vk_vcpu_state v = {.enabled = -1, .hotpluggable = -1};
	unsigned long long id, order;
	bool has_order;
	int i;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_uint(node, "id", false, MAX_VCPUS - 1, true, &id,
			     NULL) < 0 ||
	    vk_xml_attr_yesno(node, "enabled", &v.enabled) < 0 ||
	    vk_xml_attr_yesno(node, "hotpluggable", &v.hotpluggable) < 0 ||
	    vk_xml_attr_uint(node, "order", false, MAX_VCPUS, false, &order,
			     &has_order) < 0)
		return -1;
	if (v.enabled < 0)
		return vk_xml_error(node, "missing attribute 'enabled'");
	if (has_order && !order)
		return vk_xml_error(node, "order must be at least 1");
	for (i = 0; i < r->nvcpu_states; i++)
		if (r->vcpu_states[i].id == id)
			return vk_xml_error(node, "vcpu %llu is given twice",
					    id);
	v.id = (unsigned)id;
	v.order = has_order ? (unsigned)order : 0;
	vk_array_add(&r->vcpu_states, &r->nvcpu_states, sizeof(v));
	for (i = r->nvcpu_states - 1; i > 0 &&
	     r->vcpu_states[i - 1].id > v.id; i--)
		r->vcpu_states[i] = r->vcpu_states[i - 1];
	r->vcpu_states[i] = v;
	return 0;
}

static int parse_vcpus(struct vk_domain_def *def, xmlNodePtr node)
{
	xmlNodePtr c;

	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(c, node) {
		if (!vk_xml_is(c, "vcpu"))
			return vk_xml_unknown(c);
		if (parse_vcpu_state(&def->res, c) < 0)
			return -1;
	}
	return 0;
}

/* ---- <iothreads>, <iothreadids> ---- */

static int parse_iothreads(struct vk_domain_def *def, xmlNodePtr node)
{
	unsigned long long n;

	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_text_uint(node, MAX_IOTHREADS, &n) < 0)
		return -1;
	def->res.iothreads = (unsigned)n;
	return 0;
}

static int parse_iothreadids(struct vk_domain_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"id", NULL};
	struct vk_resources *r = &def->res;
	xmlNodePtr c;

	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(c, node) {
		unsigned long long id;
		int i;

		if (!vk_xml_is(c, "iothread"))
			return vk_xml_unknown(c);
		if (vk_xml_check_attrs(c, attrs) < 0 ||
		    vk_xml_check_empty(c) < 0 ||
		    vk_xml_attr_uint(c, "id", false, 0xffffffffULL, true, &id,
				     NULL) < 0)
			return -1;
		if (!id)
			return vk_xml_error(c, "id must be at least 1");
		if (r->niothreadids == MAX_IOTHREADS)
			return vk_xml_error(c, "more than %d iothreads",
					    MAX_IOTHREADS);
		for (i = 0; i < r->niothreadids; i++)
			if (r->iothreadids[i].id == id)
				return vk_xml_error(c, "iothread %llu is given "
						    "twice", id);
		vk_array_add(&r->iothreadids, &r->niothreadids,
			     sizeof(*r->iothreadids));
		for (i = r->niothreadids - 1; i > 0 &&
		     r->iothreadids[i - 1].id > id; i--)
			r->iothreadids[i] = r->iothreadids[i - 1];
		r->iothreadids[i].id = (unsigned)id;
		r->iothreadids[i].cpuset = NULL;
	}
	return 0;
}

/* ---- <pm> ---- */

static int parse_pm(struct vk_domain_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"enabled", NULL};
	xmlNodePtr c;

	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	def->res.has_pm = true;
	vk_xml_foreach(c, node) {
		int *slot;

		if (vk_xml_is(c, "suspend-to-mem"))
			slot = &def->res.pm_mem;
		else if (vk_xml_is(c, "suspend-to-disk"))
			slot = &def->res.pm_disk;
		else
			return vk_xml_unknown(c);
		if (*slot >= 0)
			return vk_xml_duplicate(c);
		if (vk_xml_check_attrs(c, attrs) < 0 ||
		    vk_xml_check_empty(c) < 0)
			return -1;
		if (!vk_xml_has_attr(c, "enabled"))
			return vk_xml_error(c, "missing attribute 'enabled'");
		if (vk_xml_attr_yesno(c, "enabled", slot) < 0)
			return -1;
	}
	return 0;
}

int vk_dom_parse_res(struct vk_domain_def *def, xmlNodePtr node)
{
	if (vk_xml_is(node, "title"))
		return parse_title(def, node);
	if (vk_xml_is(node, "genid"))
		return parse_genid(def, node);
	if (vk_xml_is(node, "maxMemory"))
		return parse_max_memory(def, node);
	if (vk_xml_is(node, "vcpus"))
		return parse_vcpus(def, node);
	if (vk_xml_is(node, "iothreads"))
		return parse_iothreads(def, node);
	if (vk_xml_is(node, "iothreadids"))
		return parse_iothreadids(def, node);
	if (vk_xml_is(node, "pm"))
		return parse_pm(def, node);
	return vk_xml_unknown(node);
}

/* The first child of ROOT named NAME, or ROOT (for messages). */
static xmlNodePtr at(xmlNodePtr root, const char *name)
{
	xmlNodePtr c;

	vk_xml_foreach(c, root)
		if (vk_xml_is(c, name))
			return c;
	return root;
}

int vk_dom_res_finish(struct vk_domain_def *def, xmlNodePtr root)
{
	struct vk_resources *r = &def->res;
	unsigned vcpus = def->vcpus ? def->vcpus : 1;
	unsigned enabled = 0;
	int i;

	if (r->max_memory && r->max_memory < def->memory)
		return vk_xml_error(at(root, "maxMemory"), "%llu KiB is less "
				    "than <memory> (%llu KiB)", r->max_memory,
				    def->memory);
	if (r->niothreadids && r->iothreads &&
	    (unsigned)r->niothreadids > r->iothreads)
		return vk_xml_error(at(root, "iothreadids"), "%d iothreads "
				    "are more than <iothreads> (%u)",
				    r->niothreadids, r->iothreads);
	if (!r->nvcpu_states)
		return 0;
	/* <vcpus> lists every vcpu; the enabled ones are current=. */
	if ((unsigned)r->nvcpu_states != vcpus ||
	    r->vcpu_states[r->nvcpu_states - 1].id != vcpus - 1)
		return vk_xml_error(at(root, "vcpus"), "lists %d vcpus, not "
				    "the %u vcpus 0 .. %u", r->nvcpu_states,
				    vcpus, vcpus - 1);
	for (i = 0; i < r->nvcpu_states; i++)
		enabled += r->vcpu_states[i].enabled == 1;
	if (!enabled)
		return vk_xml_error(at(root, "vcpus"), "enables no vcpu");
	if ((def->vcpus_current ? def->vcpus_current : vcpus) != enabled)
		return vk_xml_error(at(root, "vcpus"), "enables %u vcpus, "
				    "not the current %u", enabled,
				    def->vcpus_current ? def->vcpus_current
						       : vcpus);
	return 0;
}

/* <title> and <genid> (after <uuid>). */
void vk_dom_format_res_head(struct vk_xw *w, const struct vk_domain_def *d)
{
	char uuid[VK_UUID_STRLEN + 1];

	if (d->res.has_genid) {
		vk_uuid_format(d->res.genid, uuid);
		vk_xw_elem(w, "genid", uuid);
	}
	vk_xw_elem(w, "title", d->res.title);
}

void vk_dom_format_max_memory(struct vk_xw *w,
			      const struct vk_domain_def *d)
{
	char n[24];

	if (!d->res.max_memory)
		return;
	snprintf(n, sizeof(n), "%llu", d->res.max_memory);
	vk_xw_open(w, "maxMemory");
	vk_xw_attrf(w, "slots", "%u", d->res.max_memory_slots);
	vk_xw_attr(w, "unit", "KiB");
	vk_xw_text(w, n);
	vk_xw_close(w);
}

/* <vcpus>, <iothreads>, <iothreadids> (after <vcpu>). */
void vk_dom_format_res_cpus(struct vk_xw *w, const struct vk_domain_def *d)
{
	const struct vk_resources *r = &d->res;
	int i;

	if (r->nvcpu_states) {
		vk_xw_open(w, "vcpus");
		for (i = 0; i < r->nvcpu_states; i++) {
			const struct vk_vcpu_state *v = &r->vcpu_states[i];

			vk_xw_open(w, "vcpu");
			vk_xw_attrf(w, "id", "%u", v->id);
			vk_xw_attr(w, "enabled", v->enabled ? "yes" : "no");
			if (v->hotpluggable >= 0)
				vk_xw_attr(w, "hotpluggable",
					   v->hotpluggable ? "yes" : "no");
			if (v->order)
				vk_xw_attrf(w, "order", "%u", v->order);
			vk_xw_close(w);
		}
		vk_xw_close(w);
	}
	if (r->iothreads || r->niothreadids)
		vk_xw_elemf(w, "iothreads", "%u", r->iothreads > (unsigned)
			    r->niothreadids ? r->iothreads
					    : (unsigned)r->niothreadids);
	if (!r->niothreadids)
		return;
	vk_xw_open(w, "iothreadids");
	for (i = 0; i < r->niothreadids; i++) {
		vk_xw_open(w, "iothread");
		vk_xw_attrf(w, "id", "%u", r->iothreadids[i].id);
		vk_xw_close(w);
	}
	vk_xw_close(w);
}

/* <pm> (after the lifecycle actions). */
void vk_dom_format_pm(struct vk_xw *w, const struct vk_domain_def *d)
{
	if (!d->res.has_pm)
		return;
	if (d->res.pm_mem < 0 && d->res.pm_disk < 0) {
		vk_xw_empty(w, "pm");
		return;
	}
	vk_xw_open(w, "pm");
	if (d->res.pm_mem >= 0) {
		vk_xw_open(w, "suspend-to-mem");
		vk_xw_attr(w, "enabled", d->res.pm_mem ? "yes" : "no");
		vk_xw_close(w);
	}
	if (d->res.pm_disk >= 0) {
		vk_xw_open(w, "suspend-to-disk");
		vk_xw_attr(w, "enabled", d->res.pm_disk ? "yes" : "no");
		vk_xw_close(w);
	}
	vk_xw_close(w);
}

/* ---- <qemu:commandline> ---- */

bool vk_dom_is_qemu_ns(xmlNodePtr node)
{
	return node->ns && node->ns->href &&
	       !strcmp((const char *)node->ns->href, VK_QEMU_NS);
}

/* Whether NODE is the element NAME of the QEMU namespace. */
static bool is_q(xmlNodePtr node, const char *name)
{
	return vk_dom_is_qemu_ns(node) &&
	       !strcmp((const char *)node->name, name);
}

/* An environment variable's name: a letter or '_', then those or
 * digits (libvirt's rule). */
static bool env_name_ok(const char *s)
{
	if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
	      *s == '_'))
		return false;
	for (s++; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

static int parse_qemu_child(struct vk_qemu_ns *q, xmlNodePtr c)
{
	static const char *const arg_attrs[] = {"value", NULL};
	static const char *const env_attrs[] = {"name", "value", NULL};
	struct vk_qemu_env *e;
	char *v = NULL;

	if (!is_q(c, "arg") && !is_q(c, "env"))
		return vk_xml_unknown(c);
	if (q->nargs + q->nenv >= MAX_QEMU_ARGS)
		return vk_xml_error(c, "more than %d arguments",
				    MAX_QEMU_ARGS);
	if (is_q(c, "arg")) {
		if (vk_xml_check_attrs(c, arg_attrs) < 0 ||
		    vk_xml_check_empty(c) < 0)
			return -1;
		v = vk_xml_attr(c, "value");
		if (!v)
			return vk_xml_error(c, "missing attribute 'value'");
		*(char **)vk_array_add(&q->args, &q->nargs,
				       sizeof(*q->args)) = v;
		return 0;
	}
	if (vk_xml_check_attrs(c, env_attrs) < 0 ||
	    vk_xml_check_empty(c) < 0 ||
	    vk_xml_attr_str(c, "name", true, &v) < 0)
		return -1;
	e = vk_array_add(&q->env, &q->nenv, sizeof(*q->env));
	e->name = v;
	if (!env_name_ok(v))
		return vk_xml_error(c, "'%s' is not a variable name (a "
				    "letter or '_', then those or digits)",
				    v);
	e->value = vk_xml_attr(c, "value");
	return 0;
}

int vk_dom_parse_qemu_ns(struct vk_domain_def *def, xmlNodePtr node)
{
	xmlNodePtr c;

	if (!is_q(node, "commandline"))
		return vk_xml_unknown(node);
	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	if (def->qemu.nargs || def->qemu.nenv)
		return vk_xml_duplicate(node);
	vk_xml_foreach(c, node)
		if (parse_qemu_child(&def->qemu, c) < 0)
			return -1;
	return 0;
}

void vk_dom_format_qemu_ns(struct vk_xw *w, const struct vk_domain_def *d)
{
	const struct vk_qemu_ns *q = &d->qemu;
	int i;

	if (!q->nargs && !q->nenv)
		return;
	vk_xw_open(w, "qemu:commandline");
	for (i = 0; i < q->nargs; i++) {
		vk_xw_open(w, "qemu:arg");
		vk_xw_attr(w, "value", q->args[i]);
		vk_xw_close(w);
	}
	for (i = 0; i < q->nenv; i++) {
		vk_xw_open(w, "qemu:env");
		vk_xw_attr(w, "name", q->env[i].name);
		vk_xw_attr(w, "value", q->env[i].value);
		vk_xw_close(w);
	}
	vk_xw_close(w);
}

/* ---- free and copy ---- */

void vk_dom_res_clear(struct vk_domain_def *def)
{
	int i;

	free(def->res.title);
	free(def->res.vcpu_states);
	for (i = 0; i < def->res.niothreadids; i++)
		free(def->res.iothreadids[i].cpuset);
	free(def->res.iothreadids);
	for (i = 0; i < def->qemu.nargs; i++)
		free(def->qemu.args[i]);
	free(def->qemu.args);
	for (i = 0; i < def->qemu.nenv; i++) {
		free(def->qemu.env[i].name);
		free(def->qemu.env[i].value);
	}
	free(def->qemu.env);
}

void vk_dom_res_copy(struct vk_domain_def *dst,
		     const struct vk_domain_def *src)
{
	const struct vk_resources *s = &src->res;
	struct vk_resources *d = &dst->res;
	int i;

	d->title = vk_strdup(s->title);
	d->vcpu_states = NULL;
	if (s->nvcpu_states) {
		d->vcpu_states = vk_calloc((size_t)s->nvcpu_states,
					   sizeof(*d->vcpu_states));
		memcpy(d->vcpu_states, s->vcpu_states,
		       (size_t)s->nvcpu_states * sizeof(*d->vcpu_states));
	}
	d->iothreadids = NULL;
	if (s->niothreadids)
		d->iothreadids = vk_calloc((size_t)s->niothreadids,
					   sizeof(*d->iothreadids));
	for (i = 0; i < s->niothreadids; i++) {
		d->iothreadids[i].id = s->iothreadids[i].id;
		d->iothreadids[i].cpuset = vk_strdup(s->iothreadids[i].cpuset);
	}
	dst->qemu.args = NULL;
	if (src->qemu.nargs)
		dst->qemu.args = vk_calloc((size_t)src->qemu.nargs,
					   sizeof(char *));
	for (i = 0; i < src->qemu.nargs; i++)
		dst->qemu.args[i] = vk_strdup(src->qemu.args[i]);
	dst->qemu.env = NULL;
	if (src->qemu.nenv)
		dst->qemu.env = vk_calloc((size_t)src->qemu.nenv,
					  sizeof(*dst->qemu.env));
	for (i = 0; i < src->qemu.nenv; i++) {
		dst->qemu.env[i].name = vk_strdup(src->qemu.env[i].name);
		dst->qemu.env[i].value = vk_strdup(src->qemu.env[i].value);
	}
}
