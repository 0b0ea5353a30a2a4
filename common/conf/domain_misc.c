#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "domain.h"

const char *const vk_input_type_names[] = {"mouse", "tablet", NULL};
const char *const vk_input_bus_names[] = {"ps2", "usb", "xen", NULL};
const char *const vk_balloon_model_names[] = {
	"virtio", "xen", "none", NULL
};

/* ---- <emulator> ---- */

int vk_dom_parse_emulator(struct vk_domain_def *def, xmlNodePtr node)
{
	return vk_xml_text_nonempty(node, &def->emulator);
}

/* ---- <input> ---- */

int vk_dom_parse_input(struct vk_domain_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"type", "bus", NULL};
	struct vk_input in;

	memset(&in, 0, sizeof(in));
	in.bus = -1;
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_attr_enum(node, "type", vk_input_type_names, true,
			     &in.type) < 0 ||
	    vk_xml_attr_enum(node, "bus", vk_input_bus_names, false,
			     &in.bus) < 0 ||
	    vk_dom_parse_pci_child(node, &in.addr) < 0)
		return -1;
	if (in.type == VK_INPUT_TABLET && in.bus == VK_INPUT_BUS_PS2)
		return vk_xml_error(node, "a tablet cannot be on the ps2 bus");
	*(struct vk_input *)vk_array_add(&def->inputs, &def->ninputs,
					 sizeof(in)) = in;
	return 0;
}

void vk_dom_default_inputs(struct vk_domain_def *def)
{
	bool xen_pv = def->virt_type == VK_VIRT_XEN &&
		      (!def->os.type || strcmp(def->os.type, "hvm"));
	int i;

	for (i = 0; i < def->ninputs; i++) {
		struct vk_input *in = &def->inputs[i];

		if (in->bus >= 0)
			continue;
		if (xen_pv)
			in->bus = VK_INPUT_BUS_XEN;
		else if (in->type == VK_INPUT_TABLET)
			in->bus = VK_INPUT_BUS_USB;
		else
			in->bus = VK_INPUT_BUS_PS2;
	}
}

void vk_dom_format_input(struct vk_xw *w, const struct vk_input *in)
{
	vk_xw_open(w, "input");
	vk_xw_attr(w, "type", vk_input_type_names[in->type]);
	if (in->bus >= 0)
		vk_xw_attr(w, "bus", vk_input_bus_names[in->bus]);
	vk_dom_format_address(w, &in->addr);
	vk_xw_close(w);
}

/* ---- <memballoon> ---- */

int vk_dom_parse_memballoon(struct vk_domain_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"model", NULL};

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_attr_enum(node, "model", vk_balloon_model_names, true,
			     &def->balloon) < 0 ||
	    vk_dom_parse_pci_child(node, &def->balloon_addr) < 0)
		return -1;
	if (def->balloon_addr.type != VK_ADDR_NONE &&
	    def->balloon != VK_BALLOON_VIRTIO)
		return vk_xml_error(node, "model '%s' has no address",
				    vk_balloon_model_names[def->balloon]);
	return 0;
}

void vk_dom_format_memballoon(struct vk_xw *w,
			      const struct vk_domain_def *def)
{
	vk_xw_open(w, "memballoon");
	vk_xw_attr(w, "model", vk_balloon_model_names[def->balloon]);
	vk_dom_format_address(w, &def->balloon_addr);
	vk_xw_close(w);
}

/* ---- <seclabel> ---- */

const char *const vk_seclabel_type_names[] = {"dynamic", "static", NULL};

#define MAX_LABEL 4096

/* A label: non-empty text of at most MAX_LABEL bytes, no control
 * characters. */
static int parse_label(xmlNodePtr node, char **out)
{
	const unsigned char *p;

	if (vk_xml_text_nonempty(node, out) < 0)
		return -1;
	if (strlen(*out) > MAX_LABEL)
		return vk_xml_error(node, "longer than %d bytes", MAX_LABEL);
	for (p = (const unsigned char *)*out; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return vk_xml_error(node, "control characters are "
					    "not allowed");
	return 0;
}

static int parse_seclabel_children(struct vk_seclabel *sl, xmlNodePtr node)
{
	xmlNodePtr child;
	char **slot;

	vk_xml_foreach(child, node) {
		if (vk_xml_is(child, "label"))
			slot = &sl->label;
		else if (vk_xml_is(child, "imagelabel"))
			slot = &sl->imagelabel;
		else
			return vk_xml_unknown(child);
		if (*slot)
			return vk_xml_duplicate(child);
		if (slot == &sl->imagelabel && sl->type == VK_SECLABEL_STATIC)
			return vk_xml_child_error(child, "<imagelabel> is "
						  "for a dynamic label only");
		if (parse_label(child, slot) < 0)
			return -1;
	}
	return 0;
}

int vk_dom_parse_seclabel(struct vk_domain_def *def, xmlNodePtr node,
			  unsigned flags)
{
	static const char *const attrs[] = {"type", "model", NULL};
	struct vk_seclabel *sl = &def->seclabel;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    vk_xml_attr_enum(node, "type", vk_seclabel_type_names, true,
			     &sl->type) < 0 ||
	    vk_xml_attr_str(node, "model", false, &sl->model) < 0)
		return -1;
	/* selinux, apparmor, ...: a security driver's name. */
	if (sl->model && !vk_dom_device_name_ok(sl->model))
		return vk_xml_error(node, "model '%s' is not a security model "
				    "name (letters, digits, '_', '.', '-', "
				    "':')", sl->model);
	if (parse_seclabel_children(sl, node) < 0)
		return -1;
	if (sl->type == VK_SECLABEL_STATIC && !sl->model)
		return vk_xml_error(node, "a static label needs model=");
	if (sl->type == VK_SECLABEL_STATIC && !sl->label)
		return vk_xml_error(node, "a static label needs <label>");
	/* A dynamic label is chosen when the guest starts: a config keeps
	 * only the request. */
	if (sl->type == VK_SECLABEL_DYNAMIC && (flags & VK_PARSE_INACTIVE)) {
		free(sl->label);
		free(sl->imagelabel);
		sl->label = sl->imagelabel = NULL;
	}
	return 0;
}

void vk_dom_format_seclabel(struct vk_xw *w, const struct vk_seclabel *sl,
			    unsigned flags)
{
	bool runtime = sl->type == VK_SECLABEL_DYNAMIC &&
		       (flags & VK_FMT_INACTIVE);

	if (sl->type < 0)
		return;
	vk_xw_open(w, "seclabel");
	vk_xw_attr(w, "type", vk_seclabel_type_names[sl->type]);
	vk_xw_attr(w, "model", sl->model);
	if (!runtime) {
		vk_xw_elem(w, "label", sl->label);
		vk_xw_elem(w, "imagelabel", sl->imagelabel);
	}
	vk_xw_close(w);
}

void vk_seclabel_clear(struct vk_seclabel *sl)
{
	free(sl->model);
	free(sl->label);
	free(sl->imagelabel);
	sl->model = sl->label = sl->imagelabel = NULL;
}

void vk_seclabel_copy(struct vk_seclabel *dst, const struct vk_seclabel *src)
{
	*dst = *src;
	dst->model = vk_strdup(src->model);
	dst->label = vk_strdup(src->label);
	dst->imagelabel = vk_strdup(src->imagelabel);
}
