/* <features>: the hypervisor features of libvirt's domain format, each
 * once.  Most are a switch (state='on|off', absent meaning on), some take
 * one value attribute, and hyperv, kvm, xen, smm, hpt and tcg have
 * children.  The canonical form writes every switch as state='on|off'
 * but for the plain ones (pae, acpi, viridian, privnet), as libvirt. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "domain.h"

const char *const vk_feature_names[] = {
	"pae", "acpi", "apic", "hap", "viridian", "privnet", "hyperv", "kvm",
	"xen", "pvspinlock", "pmu", "vmport", "gic", "smm", "ioapic", "hpt",
	"vmcoreinfo", "htm", "nested-hv", "msrs", "ccf-assist", "cfpc",
	"sbbc", "ibs", "tcg", "async-teardown", "ps2", NULL
};

static const char *const onoff[] = {"on", "off", NULL};
static const char *const yesno[] = {"yes", "no", NULL};
static const char *const v_eoi[] = {"", "on", "off", NULL};
static const char *const v_gic[] = {"", "2", "3", "host", NULL};
static const char *const v_ioapic[] = {"", "kvm", "qemu", NULL};
static const char *const v_hpt[] = {
	"", "enabled", "disabled", "required", NULL
};
static const char *const v_msrs[] = {"", "ignore", "fault", NULL};
static const char *const v_cf[] = {
	"", "broken", "workaround", "fixed", NULL
};
static const char *const v_ibs[] = {
	"", "broken", "workaround", "fixed-ibs", "fixed-ccd", "fixed-na", NULL
};
static const char *const v_hyperv[] = {"", "custom", "passthrough", NULL};

const char *const *const vk_feature_values[VK_FEAT_LAST] = {
	[VK_FEAT_APIC] = v_eoi, [VK_FEAT_GIC] = v_gic,
	[VK_FEAT_IOAPIC] = v_ioapic, [VK_FEAT_HPT] = v_hpt,
	[VK_FEAT_MSRS] = v_msrs, [VK_FEAT_CFPC] = v_cf, [VK_FEAT_SBBC] = v_cf,
	[VK_FEAT_IBS] = v_ibs, [VK_FEAT_HYPERV] = v_hyperv,
};
const char *const vk_feature_value_attr[VK_FEAT_LAST] = {
	[VK_FEAT_APIC] = "eoi", [VK_FEAT_GIC] = "version",
	[VK_FEAT_IOAPIC] = "driver", [VK_FEAT_HPT] = "resizing",
	[VK_FEAT_MSRS] = "unknown", [VK_FEAT_CFPC] = "value",
	[VK_FEAT_SBBC] = "value", [VK_FEAT_IBS] = "value",
	[VK_FEAT_HYPERV] = "mode",
};

const char *const vk_hyperv_names[] = {
	"relaxed", "vapic", "spinlocks", "vpindex", "runtime", "synic",
	"stimer", "reset", "vendor_id", "frequencies", "reenlightenment",
	"tlbflush", "ipi", "evmcs", "avic", NULL
};
const char *const vk_kvm_feature_names[] = {
	"hidden", "hint-dedicated", "poll-control", "pv-ipi", "dirty-ring",
	NULL
};
const char *const vk_xen_feature_names[] = {
	"e820_host", "passthrough", NULL
};
static const char *const xen_pt_modes[] = {"", "sync_pt", "share_pt", NULL};

/* Features that are a plain empty element, and those whose switch is
 * enabled='yes|no' rather than state=. */
static bool plain(int f)
{
	return f == VK_FEAT_PAE || f == VK_FEAT_ACPI ||
	       f == VK_FEAT_VIRIDIAN || f == VK_FEAT_PRIVNET;
}

static bool has_switch(int f)
{
	return !plain(f) && !vk_feature_values[f] && f != VK_FEAT_KVM &&
	       f != VK_FEAT_XEN && f != VK_FEAT_TCG;
}

static const char *switch_attr(int f)
{
	return f == VK_FEAT_ASYNC_TEARDOWN ? "enabled" : "state";
}

/* ATTR of NODE, on/off (or yes/no with YN), into *OUT as a tristate. */
static int attr_switch(xmlNodePtr node, const char *attr, bool yn,
		       bool required, int *out)
{
	int v = -1;

	if (vk_xml_attr_enum(node, attr, yn ? yesno : onoff, required,
			     &v) < 0)
		return -1;
	*out = v < 0 ? VK_TRI_ABSENT : v == 0 ? VK_TRI_YES : VK_TRI_NO;
	return 0;
}

/* An attribute whose VALUES have "" at 0: the index into *OUT. */
static int attr_value(xmlNodePtr node, const char *attr,
		      const char *const *values, bool required, int *out)
{
	int v = -1;

	if (vk_xml_attr_enum(node, attr, values + 1, required, &v) < 0)
		return -1;
	*out = v + 1;
	return 0;
}

/* A child with state= only (and the attributes in MORE). */
static int sub_switch(xmlNodePtr node, const char *const *more, int *out)
{
	static const char *const state[] = {"state", NULL};

	if (vk_xml_check_attrs(node, more ? more : state) < 0)
		return -1;
	return attr_switch(node, "state", false, true, out);
}

static int parse_retries(struct vk_features_ext *fx, xmlNodePtr node)
{
	unsigned long long v;
	bool set;

	if (vk_xml_attr_uint(node, "retries", false, 0xffffffffULL, false,
			     &v, &set) < 0)
		return -1;
	if (set && v < 4095)
		return vk_xml_error(node, "retries must be at least 4095, "
				    "not %llu", v);
	if (set)
		fx->hv_retries = (unsigned)v;
	if (!set && fx->hyperv[VK_HV_SPINLOCKS] == VK_TRI_YES)
		return vk_xml_error(node, "spinlocks state='on' needs a "
				    "retries attribute");
	return 0;
}

static int parse_stimer(struct vk_features_ext *fx, xmlNodePtr node)
{
	xmlNodePtr c;

	vk_xml_foreach(c, node) {
		if (!vk_xml_is(c, "direct"))
			return vk_xml_unknown(c);
		if (fx->hv_stimer_direct)
			return vk_xml_duplicate(c);
		if (vk_xml_check_empty(c) < 0 ||
		    sub_switch(c, NULL, &fx->hv_stimer_direct) < 0)
			return -1;
	}
	return 0;
}

static int parse_vendor_id(struct vk_features_ext *fx, xmlNodePtr node)
{
	char *v = NULL;
	int rc = 0;

	if (vk_xml_attr_str(node, "value", false, &v) < 0)
		return -1;
	if (fx->hyperv[VK_HV_VENDOR_ID] == VK_TRI_YES && !v)
		rc = vk_xml_error(node, "vendor_id state='on' needs a value "
				  "attribute");
	else if (v && strlen(v) > 12)
		rc = vk_xml_error(node, "vendor_id value '%s' has more than "
				  "12 characters", v);
	else if (v)
		strcpy(fx->hv_vendor_id, v);
	free(v);
	return rc;
}

static int parse_hyperv_child(struct vk_features_ext *fx, xmlNodePtr c,
			      int i)
{
	static const char *const spin[] = {"state", "retries", NULL};
	static const char *const vend[] = {"state", "value", NULL};

	if (i == VK_HV_SPINLOCKS)
		return vk_xml_check_empty(c) < 0 ||
		       sub_switch(c, spin, &fx->hyperv[i]) < 0 ||
		       parse_retries(fx, c) < 0 ? -1 : 0;
	if (i == VK_HV_VENDOR_ID)
		return vk_xml_check_empty(c) < 0 ||
		       sub_switch(c, vend, &fx->hyperv[i]) < 0 ||
		       parse_vendor_id(fx, c) < 0 ? -1 : 0;
	if (i == VK_HV_STIMER)
		return vk_xml_check_no_text(c) < 0 ||
		       sub_switch(c, NULL, &fx->hyperv[i]) < 0 ||
		       parse_stimer(fx, c) < 0 ? -1 : 0;
	return vk_xml_check_empty(c) < 0 ? -1 :
	       sub_switch(c, NULL, &fx->hyperv[i]);
}

static int parse_kvm_child(struct vk_features_ext *fx, xmlNodePtr c, int i)
{
	static const char *const ring[] = {"state", "size", NULL};
	unsigned long long v;
	bool set;

	if (vk_xml_check_empty(c) < 0)
		return -1;
	if (i != VK_KVMF_DIRTY_RING)
		return sub_switch(c, NULL, &fx->kvm[i]);
	if (sub_switch(c, ring, &fx->kvm[i]) < 0 ||
	    vk_xml_attr_uint(c, "size", false, 65536, false, &v, &set) < 0)
		return -1;
	if (set && (v < 1024 || (v & (v - 1))))
		return vk_xml_error(c, "dirty-ring size must be a power of 2 "
				    "from 1024 to 65536, not %llu", v);
	if (!set && fx->kvm[i] == VK_TRI_YES)
		return vk_xml_error(c, "dirty-ring state='on' needs a size "
				    "attribute");
	fx->kvm_dirty_ring = set ? (unsigned)v : 0;
	return 0;
}

static int parse_xen_child(struct vk_features_ext *fx, xmlNodePtr c, int i)
{
	static const char *const pt[] = {"state", "mode", NULL};

	if (vk_xml_check_empty(c) < 0)
		return -1;
	if (i != VK_XENF_PASSTHROUGH)
		return sub_switch(c, NULL, &fx->xen[i]);
	return sub_switch(c, pt, &fx->xen[i]) < 0 ? -1 :
	       attr_value(c, "mode", xen_pt_modes, false, &fx->xen_pt_mode);
}

/* The children of hyperv, kvm or xen: each of NAMES at most once. */
static int parse_group(struct vk_features_ext *fx, xmlNodePtr node, int f)
{
	const char *const *names = f == VK_FEAT_HYPERV ? vk_hyperv_names :
				   f == VK_FEAT_KVM ? vk_kvm_feature_names :
				   vk_xen_feature_names;
	unsigned seen = 0;
	xmlNodePtr c;
	int i, rc;

	if (vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(c, node) {
		i = vk_dom_child_index(c, names, &seen);
		if (i < 0)
			return -1;
		rc = f == VK_FEAT_HYPERV ? parse_hyperv_child(fx, c, i) :
		     f == VK_FEAT_KVM ? parse_kvm_child(fx, c, i) :
		     parse_xen_child(fx, c, i);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* The one sized child of smm (tseg, MiB), hpt (maxpagesize, KiB) or tcg
 * (tb-cache, MiB given, KiB kept). */
static int parse_sized(struct vk_features_ext *fx, xmlNodePtr node, int f)
{
	static const char *const unit[] = {"unit", NULL};
	const char *name = f == VK_FEAT_SMM ? "tseg" :
			   f == VK_FEAT_HPT ? "maxpagesize" : "tb-cache";
	unsigned long long *out = f == VK_FEAT_SMM ? &fx->smm_tseg :
				  f == VK_FEAT_HPT ? &fx->hpt_maxpagesize :
				  &fx->tb_cache;
	unsigned long long dflt = f == VK_FEAT_HPT ? 1024 : 1024 * 1024;
	unsigned long long scale = f == VK_FEAT_SMM ? 1024 * 1024 : 1024;
	bool seen = false;
	xmlNodePtr c;

	if (vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(c, node) {
		if (!vk_xml_is(c, name))
			return vk_xml_unknown(c);
		if (seen)
			return vk_xml_duplicate(c);
		seen = true;
		if (vk_xml_check_attrs(c, unit) < 0 ||
		    vk_xml_text_size(c, dflt, scale, 1ULL << 40, out) < 0)
			return -1;
		if (f != VK_FEAT_SMM && !*out)
			return vk_xml_error(c, "must be at least 1 KiB");
	}
	if (f == VK_FEAT_SMM)
		fx->has_tseg = seen;
	return 0;
}

static int parse_attrs(struct vk_domain_def *def, xmlNodePtr node, int f)
{
	const char *attrs[3] = {NULL, NULL, NULL};

	if (has_switch(f))
		attrs[0] = switch_attr(f);
	else if (vk_feature_values[f])
		attrs[0] = vk_feature_value_attr[f];
	if (vk_xml_check_attrs(node, attrs) < 0)
		return -1;
	def->features[f] = VK_TRI_YES;
	if (has_switch(f)) {
		if (attr_switch(node, attrs[0], f == VK_FEAT_ASYNC_TEARDOWN,
				f == VK_FEAT_VMPORT || f == VK_FEAT_PMU ||
				f == VK_FEAT_HTM || f == VK_FEAT_NESTED_HV ||
				f == VK_FEAT_CCF_ASSIST || f == VK_FEAT_PS2 ||
				f == VK_FEAT_ASYNC_TEARDOWN,
				&def->features[f]) < 0)
			return -1;
		if (!def->features[f])
			def->features[f] = VK_TRI_YES;
		return 0;
	}
	if (vk_feature_values[f] &&
	    attr_value(node, attrs[0], vk_feature_values[f],
		       f == VK_FEAT_MSRS || f == VK_FEAT_CFPC ||
		       f == VK_FEAT_SBBC || f == VK_FEAT_IBS,
		       &def->fx.value[f]) < 0)
		return -1;
	/* libvirt's default mode, written out. */
	if (f == VK_FEAT_HYPERV && !def->fx.value[f])
		def->fx.value[f] = 1;
	return 0;
}

static int parse_feature(struct vk_domain_def *def, xmlNodePtr node, int f)
{
	if (parse_attrs(def, node, f) < 0)
		return -1;
	switch (f) {
	case VK_FEAT_HYPERV:
	case VK_FEAT_KVM:
	case VK_FEAT_XEN:
		return parse_group(&def->fx, node, f);
	case VK_FEAT_SMM:
	case VK_FEAT_HPT:
	case VK_FEAT_TCG:
		return parse_sized(&def->fx, node, f);
	default:
		return vk_xml_check_empty(node);
	}
}

int vk_dom_parse_features(struct vk_domain_def *def, xmlNodePtr node)
{
	unsigned seen[(VK_FEAT_LAST + 31) / 32] = {0};
	xmlNodePtr child;
	int f;

	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	def->has_features = true;
	vk_xml_foreach(child, node) {
		for (f = 0; f < VK_FEAT_LAST; f++)
			if (vk_xml_is(child, vk_feature_names[f]))
				break;
		if (f == VK_FEAT_LAST)
			return vk_xml_unknown(child);
		if (seen[f / 32] & (1u << (f % 32)))
			return vk_xml_duplicate(child);
		seen[f / 32] |= 1u << (f % 32);
		if (parse_feature(def, child, f) < 0)
			return -1;
	}
	if (def->fx.value[VK_FEAT_HYPERV] != 2)
		return 0;
	for (f = 0; f < VK_HV_LAST; f++)
		if (def->fx.hyperv[f])
			return vk_xml_error(node, "hyperv mode='passthrough' "
					    "takes no <%s>", vk_hyperv_names[f]);
	return 0;
}

/* ---- canonical output ---- */

static const char *sw(int tri)
{
	return tri == VK_TRI_NO ? "off" : "on";
}

static void format_hyperv(struct vk_xw *w, const struct vk_features_ext *fx)
{
	int i;

	for (i = 0; i < VK_HV_LAST; i++) {
		if (!fx->hyperv[i])
			continue;
		vk_xw_open(w, vk_hyperv_names[i]);
		vk_xw_attr(w, "state", sw(fx->hyperv[i]));
		if (i == VK_HV_SPINLOCKS && fx->hv_retries)
			vk_xw_attrf(w, "retries", "%u", fx->hv_retries);
		if (i == VK_HV_VENDOR_ID && fx->hv_vendor_id[0])
			vk_xw_attr(w, "value", fx->hv_vendor_id);
		if (i == VK_HV_STIMER && fx->hv_stimer_direct) {
			vk_xw_open(w, "direct");
			vk_xw_attr(w, "state", sw(fx->hv_stimer_direct));
			vk_xw_close(w);
		}
		vk_xw_close(w);
	}
}

static void format_kvm_xen(struct vk_xw *w, const struct vk_features_ext *fx,
			   int f)
{
	const char *const *names = f == VK_FEAT_KVM ? vk_kvm_feature_names :
				   vk_xen_feature_names;
	const int *st = f == VK_FEAT_KVM ? fx->kvm : fx->xen;
	int i;

	for (i = 0; names[i]; i++) {
		if (!st[i])
			continue;
		vk_xw_open(w, names[i]);
		vk_xw_attr(w, "state", sw(st[i]));
		if (f == VK_FEAT_KVM && i == VK_KVMF_DIRTY_RING &&
		    fx->kvm_dirty_ring)
			vk_xw_attrf(w, "size", "%u", fx->kvm_dirty_ring);
		if (f == VK_FEAT_XEN && i == VK_XENF_PASSTHROUGH &&
		    fx->xen_pt_mode)
			vk_xw_attr(w, "mode", xen_pt_modes[fx->xen_pt_mode]);
		vk_xw_close(w);
	}
}

static void format_children(struct vk_xw *w, const struct vk_features_ext *fx,
			    int f)
{
	char num[32];

	switch (f) {
	case VK_FEAT_HYPERV:
		format_hyperv(w, fx);
		return;
	case VK_FEAT_KVM:
	case VK_FEAT_XEN:
		format_kvm_xen(w, fx, f);
		return;
	case VK_FEAT_SMM:
		if (!fx->has_tseg)
			return;
		snprintf(num, sizeof(num), "%llu", fx->smm_tseg);
		vk_xw_open(w, "tseg");
		vk_xw_attr(w, "unit", "MiB");
		vk_xw_text(w, num);
		vk_xw_close(w);
		return;
	case VK_FEAT_HPT:
	case VK_FEAT_TCG:
		if (!(f == VK_FEAT_HPT ? fx->hpt_maxpagesize : fx->tb_cache))
			return;
		snprintf(num, sizeof(num), "%llu", f == VK_FEAT_HPT ?
			 fx->hpt_maxpagesize : fx->tb_cache);
		vk_xw_open(w, f == VK_FEAT_HPT ? "maxpagesize" : "tb-cache");
		vk_xw_attr(w, "unit", "KiB");
		vk_xw_text(w, num);
		vk_xw_close(w);
		return;
	}
}

static bool has_children(const struct vk_features_ext *fx, int f)
{
	int i;

	if (f == VK_FEAT_SMM)
		return fx->has_tseg;
	if (f == VK_FEAT_HPT)
		return fx->hpt_maxpagesize;
	if (f == VK_FEAT_TCG)
		return fx->tb_cache;
	for (i = 0; i < VK_HV_LAST && f == VK_FEAT_HYPERV; i++)
		if (fx->hyperv[i])
			return true;
	for (i = 0; i < VK_KVMF_LAST && f == VK_FEAT_KVM; i++)
		if (fx->kvm[i])
			return true;
	for (i = 0; i < VK_XENF_LAST && f == VK_FEAT_XEN; i++)
		if (fx->xen[i])
			return true;
	return false;
}

void vk_dom_format_features(struct vk_xw *w, const struct vk_domain_def *d)
{
	int f;

	if (!d->has_features)
		return;
	vk_xw_open(w, "features");
	for (f = 0; f < VK_FEAT_LAST; f++) {
		if (!d->features[f])
			continue;
		vk_xw_open(w, vk_feature_names[f]);
		if (has_switch(f))
			vk_xw_attr(w, switch_attr(f),
				   f == VK_FEAT_ASYNC_TEARDOWN ?
				   (d->features[f] == VK_TRI_NO ? "no" : "yes") :
				   sw(d->features[f]));
		else if (vk_feature_values[f] && d->fx.value[f])
			vk_xw_attr(w, vk_feature_value_attr[f],
				   vk_feature_values[f][d->fx.value[f]]);
		if (has_children(&d->fx, f))
			format_children(w, &d->fx, f);
		vk_xw_close(w);
	}
	vk_xw_close(w);
}
