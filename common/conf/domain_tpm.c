/* <tpm>: a TPM for the guest, from a host TPM (backend passthrough), an
 * swtpm the driver runs (emulator) or one the user runs (external).
 * Absent model and version take libvirt's defaults when written (and
 * when a driver asks, vk_tpm_model / vk_tpm_version). */
#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "domain.h"

const char *const vk_tpm_model_names[] = {
	"tpm-tis", "tpm-crb", "tpm-spapr", "spapr-tpm-proxy", NULL
};
const char *const vk_tpm_type_names[] = {
	"passthrough", "emulator", "external", NULL
};
const char *const vk_tpm_version_names[] = {"1.2", "2.0", NULL};
const char *const vk_tpm_pcr_bank_names[] = {
	"sha1", "sha256", "sha384", "sha512", NULL
};
static const char *const source_type_names[] = {"file", "dir", NULL};
static const char *const remove_names[] = {"check", "fips-host", NULL};

#define ADDR_TYPES (VK_ADDR_MASK(VK_ADDR_PCI) | VK_ADDR_MASK(VK_ADDR_ISA) | \
		    VK_ADDR_MASK(VK_ADDR_DIMM) | VK_ADDR_MASK(VK_ADDR_VMMIO) | \
		    VK_ADDR_MASK(VK_ADDR_SPAPRVIO) | VK_ADDR_MASK(VK_ADDR_CCW))

static bool arch_ppc64(const struct vk_domain_def *def)
{
	return def->os.arch && !strncmp(def->os.arch, "ppc64", 5);
}

int vk_tpm_model(const struct vk_domain_def *def, const struct vk_tpm *t)
{
	if (t->model >= 0)
		return t->model;
	return arch_ppc64(def) ? VK_TPM_SPAPR : VK_TPM_TIS;
}

int vk_tpm_version(const struct vk_domain_def *def, const struct vk_tpm *t)
{
	int model = vk_tpm_model(def, t);

	if (t->version >= 0)
		return t->version;
	/* libvirt's: 2.0 where 1.2 cannot work, else 1.2. */
	return model == VK_TPM_CRB || model == VK_TPM_SPAPR ? VK_TPM_V2 :
	       VK_TPM_V12;
}

/* ---- <backend> ---- */

static int parse_pcr_banks(struct vk_tpm *t, xmlNodePtr node)
{
	unsigned seen = 0;
	xmlNodePtr child;
	int i;

	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	t->has_pcr_banks = true;
	vk_xml_foreach(child, node) {
		i = vk_dom_child_index(child, vk_tpm_pcr_bank_names, &seen);
		if (i < 0 || vk_xml_check_attrs(child,
					NULL) < 0 ||
		    vk_xml_check_empty(child) < 0)
			return -1;
	}
	t->pcr_banks = seen;
	return 0;
}

static int parse_profile(struct vk_tpm *t, xmlNodePtr node)
{
	static const char *const attrs[] = {
		"source", "name", "removeDisabled", NULL
	};

	t->has_profile = true;
	return vk_xml_check_attrs(node, attrs) < 0 ||
	       vk_xml_check_empty(node) < 0 ||
	       vk_xml_attr_str(node, "source", false, &t->profile_source) < 0 ||
	       vk_xml_attr_str(node, "name", false, &t->profile_name) < 0 ||
	       vk_xml_attr_enum(node, "removeDisabled", remove_names, false,
				&t->profile_remove) < 0 ? -1 : 0;
}

static int parse_source(struct vk_tpm *t, xmlNodePtr node)
{
	static const char *const attrs[] = {"type", "path", NULL};
	static const char *const ext_attrs[] = {"type", "mode", "path", NULL};
	static const char *const unix_names[] = {"unix", NULL};
	static const char *const mode_names[] = {"connect", NULL};
	int v = 0;

	if (t->type == VK_TPM_EXTERNAL)
		return vk_xml_check_attrs(node, ext_attrs) < 0 ||
		       vk_xml_check_empty(node) < 0 ||
		       vk_xml_attr_enum(node, "type", unix_names, true,
					&v) < 0 ||
		       vk_xml_attr_enum(node, "mode", mode_names, false,
					&v) < 0 ||
		       vk_xml_attr_str(node, "path", true, &t->path) < 0 ?
		       -1 : 0;
	return vk_xml_check_attrs(node, attrs) < 0 ||
	       vk_xml_check_empty(node) < 0 ||
	       vk_xml_attr_enum(node, "type", source_type_names, true,
				&t->source_type) < 0 ||
	       vk_xml_attr_str(node, "path", true, &t->source_path) < 0 ?
	       -1 : 0;
}

static int parse_emulator_child(struct vk_tpm *t, xmlNodePtr child,
				unsigned *seen)
{
	static const char *const names[] = {
		"encryption", "active_pcr_banks", "source", "profile", NULL
	};
	static const char *const enc_attrs[] = {"secret", NULL};

	switch (vk_dom_child_index(child, names, seen)) {
	case 0:
		return vk_xml_check_attrs(child, enc_attrs) < 0 ||
		       vk_xml_check_empty(child) < 0 ||
		       vk_xml_attr_str(child, "secret", true,
				       &t->secret) < 0 ? -1 : 0;
	case 1:
		return parse_pcr_banks(t, child);
	case 2:
		return parse_source(t, child);
	case 3:
		return parse_profile(t, child);
	default:
		return -1;
	}
}

static int parse_backend(struct vk_tpm *t, xmlNodePtr node)
{
	static const char *const pt_attrs[] = {"type", NULL};
	static const char *const emu_attrs[] = {
		"type", "version", "persistent_state", "debug", NULL
	};
	static const char *const dev_attrs[] = {"path", NULL};
	unsigned long long debug;
	unsigned seen = 0;
	xmlNodePtr child;

	if (vk_xml_attr_enum(node, "type", vk_tpm_type_names, true,
			     &t->type) < 0 ||
	    vk_xml_check_attrs(node, t->type == VK_TPM_EMULATOR ? emu_attrs :
			       pt_attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    vk_xml_attr_enum(node, "version", vk_tpm_version_names, false,
			     &t->version) < 0 ||
	    vk_xml_attr_yesno(node, "persistent_state",
			      &t->persistent_state) < 0 ||
	    vk_xml_attr_uint(node, "debug", false, 0xffffffffull, false,
			     &debug, &t->has_debug) < 0)
		return -1;
	t->debug = (unsigned)debug;
	vk_xml_foreach(child, node) {
		if (t->type == VK_TPM_EMULATOR) {
			if (parse_emulator_child(t, child, &seen) < 0)
				return -1;
			continue;
		}
		if (!vk_xml_is(child, t->type == VK_TPM_PASSTHROUGH ?
			       "device" : "source"))
			return vk_xml_unknown(child);
		if (seen++)
			return vk_xml_duplicate(child);
		if (t->type == VK_TPM_EXTERNAL) {
			if (parse_source(t, child) < 0)
				return -1;
		} else if (vk_xml_check_attrs(child, dev_attrs) < 0 ||
			   vk_xml_check_empty(child) < 0 ||
			   vk_xml_attr_str(child, "path", true,
					   &t->path) < 0) {
			return -1;
		}
	}
	if (t->type == VK_TPM_EXTERNAL && !t->path)
		return vk_xml_error(node, "missing element <source>");
	return 0;
}

/* ---- <tpm> ---- */

static void tpm_clear(struct vk_tpm *t)
{
	free(t->path);
	free(t->secret);
	free(t->source_path);
	free(t->profile_source);
	free(t->profile_name);
	free(t->alias);
	memset(t, 0, sizeof(*t));
}

static int parse_tpm_children(struct vk_tpm *t, xmlNodePtr node)
{
	static const char *const names[] = {
		"backend", "alias", "address", NULL
	};
	unsigned seen = 0;
	xmlNodePtr child;
	int rc;

	vk_xml_foreach(child, node) {
		switch (vk_dom_child_index(child, names, &seen)) {
		case 0:
			rc = parse_backend(t, child);
			break;
		case 1:
			rc = vk_dom_parse_alias(child, &t->alias);
			break;
		case 2:
			rc = vk_dom_parse_address(child, ADDR_TYPES, &t->addr);
			break;
		default:
			return -1;
		}
		if (rc < 0)
			return -1;
	}
	if (!(seen & 1))
		return vk_xml_error(node, "missing element <backend>");
	return 0;
}

int vk_dom_parse_tpm(struct vk_domain_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"model", NULL};
	struct vk_tpm t;

	memset(&t, 0, sizeof(t));
	t.model = t.version = t.persistent_state = -1;
	t.source_type = t.profile_remove = -1;
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    vk_xml_attr_enum(node, "model", vk_tpm_model_names, false,
			     &t.model) < 0 ||
	    parse_tpm_children(&t, node) < 0) {
		tpm_clear(&t);
		return -1;
	}
	*(struct vk_tpm *)vk_array_add(&def->tpms, &def->ntpms,
				       sizeof(t)) = t;
	return 0;
}

static void format_emulator(struct vk_xw *w, const struct vk_tpm *t)
{
	int i;

	if (t->secret) {
		vk_xw_open(w, "encryption");
		vk_xw_attr(w, "secret", t->secret);
		vk_xw_close(w);
	}
	if (t->has_pcr_banks) {
		vk_xw_open(w, "active_pcr_banks");
		for (i = 0; vk_tpm_pcr_bank_names[i]; i++)
			if (t->pcr_banks & (1u << i))
				vk_xw_empty(w, vk_tpm_pcr_bank_names[i]);
		vk_xw_close(w);
	}
	if (t->source_path) {
		vk_xw_open(w, "source");
		vk_xw_attr(w, "type", source_type_names[t->source_type]);
		vk_xw_attr(w, "path", t->source_path);
		vk_xw_close(w);
	}
	if (t->has_profile) {
		vk_xw_open(w, "profile");
		if (t->profile_source)
			vk_xw_attr(w, "source", t->profile_source);
		if (t->profile_name)
			vk_xw_attr(w, "name", t->profile_name);
		if (t->profile_remove >= 0)
			vk_xw_attr(w, "removeDisabled",
				   remove_names[t->profile_remove]);
		vk_xw_close(w);
	}
}

static void format_tpm(struct vk_xw *w, const struct vk_domain_def *def,
		       const struct vk_tpm *t, unsigned flags)
{
	vk_xw_open(w, "tpm");
	vk_xw_attr(w, "model", vk_tpm_model_names[vk_tpm_model(def, t)]);
	vk_xw_open(w, "backend");
	vk_xw_attr(w, "type", vk_tpm_type_names[t->type]);
	if (t->type == VK_TPM_EMULATOR) {
		vk_xw_attr(w, "version",
			   vk_tpm_version_names[vk_tpm_version(def, t)]);
		if (t->persistent_state >= 0)
			vk_xw_attr(w, "persistent_state",
				   t->persistent_state ? "yes" : "no");
		if (t->has_debug)
			vk_xw_attrf(w, "debug", "%u", t->debug);
		format_emulator(w, t);
	} else if (t->type == VK_TPM_PASSTHROUGH && t->path) {
		vk_xw_open(w, "device");
		vk_xw_attr(w, "path", t->path);
		vk_xw_close(w);
	} else if (t->type == VK_TPM_EXTERNAL) {
		vk_xw_open(w, "source");
		vk_xw_attr(w, "type", "unix");
		vk_xw_attr(w, "mode", "connect");
		vk_xw_attr(w, "path", t->path);
		vk_xw_close(w);
	}
	vk_xw_close(w);
	vk_dom_format_alias(w, t->alias, flags);
	vk_dom_format_address(w, &t->addr);
	vk_xw_close(w);
}

void vk_dom_format_tpms(struct vk_xw *w, const struct vk_domain_def *d,
			unsigned flags)
{
	int i;

	for (i = 0; i < d->ntpms; i++)
		format_tpm(w, d, &d->tpms[i], flags);
}

void vk_dom_tpms_clear(struct vk_domain_def *def)
{
	int i;

	for (i = 0; i < def->ntpms; i++)
		tpm_clear(&def->tpms[i]);
	free(def->tpms);
	def->tpms = NULL;
	def->ntpms = 0;
}

void vk_dom_tpms_copy(struct vk_domain_def *dst,
		      const struct vk_domain_def *src)
{
	int i;

	dst->tpms = NULL;
	dst->ntpms = 0;
	for (i = 0; i < src->ntpms; i++) {
		const struct vk_tpm *s = &src->tpms[i];
		struct vk_tpm *t = vk_array_add(&dst->tpms, &dst->ntpms,
						sizeof(*t));

		*t = *s;
		t->path = vk_strdup(s->path);
		t->secret = vk_strdup(s->secret);
		t->source_path = vk_strdup(s->source_path);
		t->profile_source = vk_strdup(s->profile_source);
		t->profile_name = vk_strdup(s->profile_name);
		t->alias = vk_strdup(s->alias);
	}
}
