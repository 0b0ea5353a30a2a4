/* <vcpu cpuset>, <cputune> and <cpu>: where the virtual CPUs run and what
 * they look like.  Cpusets are checked as sets of host CPUs and written
 * in their canonical form (util/cpuset.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/cpuset.h"
#include "../util/error.h"
#include "domain_platform.h"

const char *const vk_cpu_match_names[] = {
	"minimum", "exact", "strict", NULL
};
const char *const vk_cpu_policy_names[] = {
	"force", "require", "optional", "disable", "forbid", NULL
};
const char *const vk_cpu_mode_names[] = {
	"custom", "host-model", "host-passthrough", "maximum", NULL
};
const char *const vk_cpu_check_names[] = {
	"none", "partial", "full", NULL
};
const char *const vk_cpu_fallback_names[] = {"allow", "forbid", NULL};
const char *const vk_cache_mode_names[] = {
	"emulate", "passthrough", "disable", NULL
};

#define MAX_VCPUS 4096
/* cgroup cpu.shares accepts 2 .. 262144. */
#define MIN_SHARES 2
#define MAX_SHARES 262144
#define MAX_FEATURES 256

/* ---- cpusets ---- */

int vk_dom_parse_cpuset(xmlNodePtr node, const char *attr, char **out)
{
	struct vk_cpuset set;
	char *s = vk_xml_attr(node, attr);
	int rc = 0;

	if (!s)
		return 0;
	if (vk_cpuset_parse(s, &set) < 0)
		rc = vk_xml_error(node, "%s '%s' is not valid (a list of N, "
				  "N-M, ^N, CPUs below %d)", attr, s,
				  VK_CPUSET_MAX);
	else if (vk_cpuset_empty(&set))
		rc = vk_xml_error(node, "%s '%s' selects no CPU", attr, s);
	else
		*out = vk_cpuset_format(&set);
	free(s);
	return rc;
}

/* ---- <cputune> ---- */

static int parse_vcpupin(struct vk_cputune *t, xmlNodePtr node)
{
	static const char *const attrs[] = {"vcpu", "cpuset", NULL};
	unsigned long long vcpu;
	char *cpuset = NULL;
	int i;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_uint(node, "vcpu", false, MAX_VCPUS - 1, true, &vcpu,
			     NULL) < 0)
		return -1;
	if (!vk_xml_has_attr(node, "cpuset"))
		return vk_xml_error(node, "missing attribute 'cpuset'");
	for (i = 0; i < t->npins; i++)
		if (t->pins[i].vcpu == vcpu)
			return vk_xml_error(node, "vcpu %llu is pinned twice",
					    vcpu);
	if (vk_dom_parse_cpuset(node, "cpuset", &cpuset) < 0)
		return -1;
	/* Keep the pins in vcpu order: one canonical form. */
	vk_array_add(&t->pins, &t->npins, sizeof(*t->pins));
	for (i = t->npins - 1; i > 0 && t->pins[i - 1].vcpu > vcpu; i--)
		t->pins[i] = t->pins[i - 1];
	t->pins[i].vcpu = (unsigned)vcpu;
	t->pins[i].cpuset = cpuset;
	return 0;
}

/* <shares>, or <cpushares> as the documentation's example spells it. */
static int parse_shares(struct vk_cputune *t, xmlNodePtr node)
{
	unsigned long long v;

	if (t->shares)
		return vk_xml_child_error(node, "more than one <shares>");
	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_text_uint(node, MAX_SHARES, &v) < 0)
		return -1;
	if (v < MIN_SHARES)
		return vk_xml_error(node, "must be between %d and %d",
				    MIN_SHARES, MAX_SHARES);
	t->shares = v;
	return 0;
}

int vk_dom_parse_cputune(struct vk_domain_def *def, xmlNodePtr node)
{
	xmlNodePtr child;

	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		int rc;

		if (vk_xml_is(child, "vcpupin"))
			rc = parse_vcpupin(&def->cputune, child);
		else if (vk_xml_is(child, "shares") ||
			 vk_xml_is(child, "cpushares"))
			rc = parse_shares(&def->cputune, child);
		else
			rc = vk_xml_unknown(child);
		if (rc < 0)
			return -1;
	}
	return 0;
}

void vk_dom_format_cputune(struct vk_xw *w, const struct vk_domain_def *d)
{
	const struct vk_cputune *t = &d->cputune;
	int i;

	if (!t->npins && !t->shares)
		return;
	vk_xw_open(w, "cputune");
	for (i = 0; i < t->npins; i++) {
		vk_xw_open(w, "vcpupin");
		vk_xw_attrf(w, "vcpu", "%u", t->pins[i].vcpu);
		vk_xw_attr(w, "cpuset", t->pins[i].cpuset);
		vk_xw_close(w);
	}
	if (t->shares)
		vk_xw_elemf(w, "shares", "%llu", t->shares);
	vk_xw_close(w);
}

/* ---- <cpu> ---- */

/* CPU model and feature names: what QEMU and cpu_map.xml use. */
static bool cpu_name_ok(const char *s)
{
	if (!*s || strlen(s) > 64)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_' || *s == '-' ||
		      *s == '.'))
			return false;
	return true;
}

static int parse_cpu_name(xmlNodePtr node, char **slot)
{
	if (*slot)
		return vk_xml_duplicate(node);
	if (vk_xml_text_nonempty(node, slot) < 0)
		return -1;
	if (vk_xml_is(node, "model") && !cpu_name_ok(*slot))
		return vk_xml_error(node, "'%s' is not a CPU model name "
				    "(letters, digits, '_', '-', '.')", *slot);
	return 0;
}

/* <model fallback vendor_id>NAME</model>. */
static int parse_model(struct vk_cpu *cpu, xmlNodePtr node)
{
	static const char *const attrs[] = {"fallback", "vendor_id", NULL};
	char *text;

	if (cpu->model)
		return vk_xml_duplicate(node);
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_attr_enum(node, "fallback", vk_cpu_fallback_names, false,
			     &cpu->fallback) < 0 ||
	    vk_xml_attr_str(node, "vendor_id", false, &cpu->vendor_id) < 0)
		return -1;
	if (cpu->vendor_id && strlen(cpu->vendor_id) != 12)
		return vk_xml_error(node, "vendor_id '%s' is not 12 characters",
				    cpu->vendor_id);
	if (vk_xml_text(node, true, &text) < 0)
		return -1;
	if (!*text) {
		free(text);
		return vk_xml_error(node, "is empty");
	}
	cpu->model = text;
	if (!cpu_name_ok(text))
		return vk_xml_error(node, "'%s' is not a CPU model name "
				    "(letters, digits, '_', '-', '.')", text);
	return 0;
}

/* sockets, cores and threads are required; dies and clusters are 1
 * when absent (0 here: written back only when given). */
static int parse_topology(struct vk_cpu *cpu, xmlNodePtr node)
{
	static const char *const attrs[] = {
		"sockets", "dies", "clusters", "cores", "threads", NULL
	};
	unsigned long long v[5];
	bool set;
	int i;

	if (cpu->sockets)
		return vk_xml_duplicate(node);
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0)
		return -1;
	for (i = 0; i < 5; i++) {
		v[i] = 0;
		if (vk_xml_attr_uint(node, attrs[i], false, MAX_VCPUS,
				     i != 1 && i != 2, &v[i], &set) < 0)
			return -1;
		if (set && !v[i])
			return vk_xml_error(node, "%s must be at least 1",
					    attrs[i]);
	}
	cpu->sockets = (unsigned)v[0];
	cpu->dies = (unsigned)v[1];
	cpu->clusters = (unsigned)v[2];
	cpu->cores = (unsigned)v[3];
	cpu->threads = (unsigned)v[4];
	return 0;
}

/* <cache level mode>: level only with mode 'emulate'. */
static int parse_cache(struct vk_cpu *cpu, xmlNodePtr node)
{
	static const char *const attrs[] = {"level", "mode", NULL};
	unsigned long long level;
	bool set;

	if (cpu->cache_mode >= 0)
		return vk_xml_duplicate(node);
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_enum(node, "mode", vk_cache_mode_names, true,
			     &cpu->cache_mode) < 0 ||
	    vk_xml_attr_uint(node, "level", false, 3, false, &level,
			     &set) < 0)
		return -1;
	if (set && !level)
		return vk_xml_error(node, "level must be 1, 2 or 3");
	if (set && cpu->cache_mode != VK_CACHE_EMULATE)
		return vk_xml_error(node, "level needs mode 'emulate'");
	cpu->cache_level = set ? (int)level : -1;
	return 0;
}

static int parse_feature(struct vk_cpu *cpu, xmlNodePtr node)
{
	static const char *const attrs[] = {"policy", "name", NULL};
	int policy = VK_CPU_REQUIRE, i;
	char *name = NULL;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_enum(node, "policy", vk_cpu_policy_names, false,
			     &policy) < 0 ||
	    vk_xml_attr_str(node, "name", true, &name) < 0)
		return -1;
	if (!cpu_name_ok(name)) {
		vk_xml_error(node, "'%s' is not a CPU feature name (letters, "
			     "digits, '_', '-', '.')", name);
		free(name);
		return -1;
	}
	for (i = 0; i < cpu->nfeatures; i++) {
		if (!strcmp(cpu->features[i].name, name)) {
			vk_xml_error(node, "feature '%s' is listed twice",
				     name);
			free(name);
			return -1;
		}
	}
	if (cpu->nfeatures == MAX_FEATURES) {
		free(name);
		return vk_xml_error(node, "more than %d features",
				    MAX_FEATURES);
	}
	vk_array_add(&cpu->features, &cpu->nfeatures, sizeof(*cpu->features));
	cpu->features[cpu->nfeatures - 1].name = name;
	cpu->features[cpu->nfeatures - 1].policy = policy;
	return 0;
}

static int parse_cpu_child(struct vk_cpu *cpu, xmlNodePtr child)
{
	if (vk_xml_is(child, "model"))
		return parse_model(cpu, child);
	if (vk_xml_is(child, "vendor"))
		return parse_cpu_name(child, &cpu->vendor);
	if (vk_xml_is(child, "topology"))
		return parse_topology(cpu, child);
	if (vk_xml_is(child, "feature"))
		return parse_feature(cpu, child);
	if (vk_xml_is(child, "cache"))
		return parse_cache(cpu, child);
	if (vk_xml_is(child, "numa"))
		return vk_dom_parse_numa(cpu, child);
	return vk_xml_unknown(child);
}

static int parse_cpu_attrs(struct vk_cpu *cpu, xmlNodePtr node)
{
	static const char *const attrs[] = {
		"match", "mode", "check", "migratable", NULL
	};
	static const char *const onoff[] = {"off", "on", NULL};

	cpu->match = cpu->mode = cpu->check = cpu->migratable = -1;
	cpu->fallback = cpu->cache_level = cpu->cache_mode = -1;
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    vk_xml_attr_enum(node, "match", vk_cpu_match_names, false,
			     &cpu->match) < 0 ||
	    vk_xml_attr_enum(node, "mode", vk_cpu_mode_names, false,
			     &cpu->mode) < 0 ||
	    vk_xml_attr_enum(node, "check", vk_cpu_check_names, false,
			     &cpu->check) < 0 ||
	    vk_xml_attr_enum(node, "migratable", onoff, false,
			     &cpu->migratable) < 0)
		return -1;
	if (cpu->migratable >= 0 && cpu->mode != VK_CPU_MODE_HOST_PASSTHROUGH &&
	    cpu->mode != VK_CPU_MODE_MAXIMUM)
		return vk_xml_error(node, "migratable needs mode "
				    "'host-passthrough' or 'maximum'");
	return 0;
}

int vk_dom_parse_cpu(struct vk_domain_def *def, xmlNodePtr node)
{
	struct vk_cpu *cpu = &def->cpu;
	xmlNodePtr child;
	bool has_match = vk_xml_has_attr(node, "match");

	if (parse_cpu_attrs(cpu, node) < 0)
		return -1;
	vk_xml_foreach(child, node)
		if (parse_cpu_child(cpu, child) < 0)
			return -1;
	if (!cpu->model && cpu->mode <= VK_CPU_MODE_CUSTOM &&
	    (cpu->vendor || cpu->nfeatures))
		return vk_xml_error(node, "%s needs a <model>",
				    cpu->vendor ? "<vendor>" : "<feature>");
	if (cpu->model && cpu->mode > VK_CPU_MODE_HOST_MODEL)
		return vk_xml_error(node, "mode '%s' takes no <model>",
				    vk_cpu_mode_names[cpu->mode]);
	/* match= with topology only is the form of libvirt before 0.7.6
	 * (where it was required): kept, though there is nothing to match.
	 * A model without match= is matched exactly. */
	if (cpu->model && !has_match && cpu->mode <= VK_CPU_MODE_CUSTOM)
		cpu->match = VK_CPU_MATCH_EXACT;
	/* An empty <cpu/> says nothing: dropped, as libvirt does. */
	cpu->present = cpu->model || cpu->sockets || cpu->mode >= 0 ||
		       cpu->check >= 0 || cpu->cache_mode >= 0 ||
		       cpu->ncells;
	return 0;
}

void vk_dom_format_cpu(struct vk_xw *w, const struct vk_domain_def *def)
{
	const struct vk_cpu *cpu = &def->cpu;
	int i;

	if (!cpu->present)
		return;
	vk_xw_open(w, "cpu");
	if (cpu->mode >= 0)
		vk_xw_attr(w, "mode", vk_cpu_mode_names[cpu->mode]);
	if (cpu->match >= 0)
		vk_xw_attr(w, "match", vk_cpu_match_names[cpu->match]);
	if (cpu->check >= 0)
		vk_xw_attr(w, "check", vk_cpu_check_names[cpu->check]);
	if (cpu->migratable >= 0)
		vk_xw_attr(w, "migratable", cpu->migratable ? "on" : "off");
	if (cpu->model) {
		vk_xw_open(w, "model");
		if (cpu->fallback >= 0)
			vk_xw_attr(w, "fallback",
				   vk_cpu_fallback_names[cpu->fallback]);
		vk_xw_attr(w, "vendor_id", cpu->vendor_id);
		vk_xw_text(w, cpu->model);
		vk_xw_close(w);
	}
	vk_xw_elem(w, "vendor", cpu->vendor);
	if (cpu->sockets) {
		vk_xw_open(w, "topology");
		vk_xw_attrf(w, "sockets", "%u", cpu->sockets);
		if (cpu->dies)
			vk_xw_attrf(w, "dies", "%u", cpu->dies);
		if (cpu->clusters)
			vk_xw_attrf(w, "clusters", "%u", cpu->clusters);
		vk_xw_attrf(w, "cores", "%u", cpu->cores);
		vk_xw_attrf(w, "threads", "%u", cpu->threads);
		vk_xw_close(w);
	}
	if (cpu->cache_mode >= 0) {
		vk_xw_open(w, "cache");
		if (cpu->cache_level >= 0)
			vk_xw_attrf(w, "level", "%d", cpu->cache_level);
		vk_xw_attr(w, "mode", vk_cache_mode_names[cpu->cache_mode]);
		vk_xw_close(w);
	}
	for (i = 0; i < cpu->nfeatures; i++) {
		vk_xw_open(w, "feature");
		vk_xw_attr(w, "policy",
			   vk_cpu_policy_names[cpu->features[i].policy]);
		vk_xw_attr(w, "name", cpu->features[i].name);
		vk_xw_close(w);
	}
	vk_dom_format_numa(w, cpu);
	vk_xw_close(w);
}

/* ---- whole-document checks ---- */

/* The first child of PARENT named NAME, or NULL. */
static xmlNodePtr child_named(xmlNodePtr parent, const char *name)
{
	xmlNodePtr c;

	vk_xml_foreach(c, parent)
		if (vk_xml_is(c, name))
			return c;
	return NULL;
}

/* vcpupin and topology against the number of vcpus. */
int vk_dom_cpu_finish(const struct vk_domain_def *def, xmlNodePtr root)
{
	const struct vk_cpu *cpu = &def->cpu;
	/* Called before the root's defaults: no <vcpu> is one. */
	unsigned vcpus = def->vcpus ? def->vcpus : 1;
	xmlNodePtr node, pin;
	unsigned long long n;

	if (cpu->sockets) {
		n = (unsigned long long)cpu->sockets * cpu->cores *
		    cpu->threads * (cpu->dies ? cpu->dies : 1) *
		    (cpu->clusters ? cpu->clusters : 1);
		node = child_named(child_named(root, "cpu"), "topology");
		if (n != vcpus)
			return vk_xml_error(node, "it holds %llu vcpus, not "
					    "the %u vcpus of <vcpu>", n, vcpus);
	}
	node = child_named(root, "cputune");
	if (!node)
		return 0;
	vk_xml_foreach(pin, node) {
		char *v;

		if (!vk_xml_is(pin, "vcpupin"))
			continue;
		v = vk_xml_attr(pin, "vcpu");
		n = strtoull(v, NULL, 10);
		free(v);
		if (n >= vcpus)
			return vk_xml_error(pin, "vcpu %llu does not exist "
					    "(the domain has %u vcpus)", n,
					    vcpus);
	}
	return 0;
}

/* ---- free and copy ---- */

void vk_dom_cpu_clear(struct vk_domain_def *def)
{
	int i;

	for (i = 0; i < def->cputune.npins; i++)
		free(def->cputune.pins[i].cpuset);
	free(def->cputune.pins);
	free(def->cpu.model);
	free(def->cpu.vendor_id);
	free(def->cpu.vendor);
	vk_dom_numa_clear(&def->cpu);
	for (i = 0; i < def->cpu.nfeatures; i++)
		free(def->cpu.features[i].name);
	free(def->cpu.features);
}

void vk_dom_cpu_copy(struct vk_domain_def *dst,
		     const struct vk_domain_def *src)
{
	int i;

	dst->cputune.pins = NULL;
	if (src->cputune.npins) {
		dst->cputune.pins = vk_malloc((size_t)src->cputune.npins *
					      sizeof(*dst->cputune.pins));
		for (i = 0; i < src->cputune.npins; i++) {
			dst->cputune.pins[i].vcpu = src->cputune.pins[i].vcpu;
			dst->cputune.pins[i].cpuset =
				vk_strdup(src->cputune.pins[i].cpuset);
		}
	}
	dst->cpu.model = vk_strdup(src->cpu.model);
	dst->cpu.vendor_id = vk_strdup(src->cpu.vendor_id);
	dst->cpu.vendor = vk_strdup(src->cpu.vendor);
	vk_dom_numa_copy(&dst->cpu, &src->cpu);
	dst->cpu.features = NULL;
	if (src->cpu.nfeatures) {
		dst->cpu.features = vk_malloc((size_t)src->cpu.nfeatures *
					      sizeof(*dst->cpu.features));
		for (i = 0; i < src->cpu.nfeatures; i++) {
			dst->cpu.features[i].policy =
				src->cpu.features[i].policy;
			dst->cpu.features[i].name =
				vk_strdup(src->cpu.features[i].name);
		}
	}
}
