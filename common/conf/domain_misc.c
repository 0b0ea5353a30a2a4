#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "domain.h"

const char *const vk_balloon_model_names[] = {
	"virtio", "xen", "none", "virtio-transitional",
	"virtio-non-transitional", NULL
};

/* ---- <emulator> ---- */

int vk_dom_parse_emulator(struct vk_domain_def *def, xmlNodePtr node)
{
	return vk_xml_text_nonempty(node, &def->emulator);
}

/* ---- <input> ---- */

const char *const vk_input_type_names[] = {
	"mouse", "tablet", "keyboard", "passthrough", "evdev", NULL
};
const char *const vk_input_bus_names[] = {
	"ps2", "usb", "xen", "virtio", NULL
};
const char *const vk_input_grab_names[] = {"all", NULL};
const char *const vk_input_toggle_names[] = {
	"ctrl-ctrl", "alt-alt", "shift-shift", "meta-meta", "scrolllock",
	"ctrl-scrolllock", NULL
};
static const char *const onoff[] = {"off", "on", NULL};

/* <source evdev> of passthrough, <source dev grab repeat grabToggle>
 * of evdev. */
static int parse_input_source(struct vk_input *in, xmlNodePtr node)
{
	static const char *const pass[] = {"evdev", NULL};
	static const char *const evdev[] = {
		"dev", "grab", "repeat", "grabToggle", NULL
	};
	bool ev = in->type == VK_INPUT_EVDEV;

	if (in->type != VK_INPUT_PASSTHROUGH && !ev)
		return vk_xml_child_error(node, "<source> is only for type "
					  "'passthrough' or 'evdev'");
	if (vk_xml_check_attrs(node, ev ? evdev : pass) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_str(node, ev ? "dev" : "evdev", true,
			    &in->source) < 0 ||
	    vk_xml_attr_enum(node, "grab", vk_input_grab_names, false,
			     &in->grab) < 0 ||
	    vk_xml_attr_enum(node, "repeat", onoff, false, &in->repeat) < 0 ||
	    vk_xml_attr_enum(node, "grabToggle", vk_input_toggle_names, false,
			     &in->grab_toggle) < 0)
		return -1;
	if (in->source[0] != '/')
		return vk_xml_error(node, "'%s' is not an absolute path",
				    in->source);
	return 0;
}

static int parse_input_children(struct vk_input *in, xmlNodePtr node)
{
	static const char *const names[] = {
		"source", "driver", "address", NULL
	};
	unsigned seen = 0;
	xmlNodePtr child;

	if (vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		int rc;

		switch (vk_dom_child_index(child, names, &seen)) {
		case 0:
			rc = parse_input_source(in, child);
			break;
		case 1:
			rc = vk_dom_parse_virtio_driver(child, &in->drv);
			break;
		case 2:
			rc = vk_dom_parse_address(child,
						  VK_ADDR_MASK(VK_ADDR_PCI) |
						  VK_ADDR_MASK(VK_ADDR_USB),
						  &in->addr);
			break;
		default:
			return -1;
		}
		if (rc < 0)
			return -1;
	}
	if ((in->type == VK_INPUT_PASSTHROUGH || in->type == VK_INPUT_EVDEV)
	    && !in->source)
		return vk_xml_error(node, "type '%s' needs a <source>",
				    vk_input_type_names[in->type]);
	return 0;
}

/* libvirt's rules for bus and model by type. */
static int check_input(const struct vk_input *in, xmlNodePtr node)
{
	if (in->type == VK_INPUT_TABLET && in->bus == VK_INPUT_BUS_PS2)
		return vk_xml_error(node, "a tablet cannot be on the ps2 bus");
	if (in->type == VK_INPUT_PASSTHROUGH && in->bus >= 0 &&
	    in->bus != VK_INPUT_BUS_VIRTIO)
		return vk_xml_error(node, "type 'passthrough' is on bus "
				    "'virtio' only");
	if (in->type == VK_INPUT_EVDEV && in->bus >= 0)
		return vk_xml_error(node, "type 'evdev' is on no bus: it "
				    "takes no bus attribute");
	if (in->model >= 0 && in->bus != VK_INPUT_BUS_VIRTIO &&
	    in->type != VK_INPUT_PASSTHROUGH)
		return vk_xml_error(node, "model '%s' needs bus 'virtio'",
				    vk_virtio_model_names[in->model]);
	return 0;
}

int vk_dom_parse_input(struct vk_domain_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"type", "bus", "model", NULL};
	struct vk_input in;
	int i;

	memset(&in, 0, sizeof(in));
	in.bus = in.model = in.grab = in.grab_toggle = in.repeat = -1;
	for (i = 0; i < VK_VIRTIO_OPT_LAST; i++)
		in.drv.opt[i] = -1;
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_attr_enum(node, "type", vk_input_type_names, true,
			     &in.type) < 0 ||
	    vk_xml_attr_enum(node, "bus", vk_input_bus_names, false,
			     &in.bus) < 0 ||
	    vk_xml_attr_enum(node, "model", vk_virtio_model_names, false,
			     &in.model) < 0 ||
	    parse_input_children(&in, node) < 0 || check_input(&in, node) < 0) {
		free(in.source);
		return -1;
	}
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
		if (in->type == VK_INPUT_PASSTHROUGH)
			in->bus = VK_INPUT_BUS_VIRTIO;
		else if (in->type == VK_INPUT_EVDEV)
			continue;	/* no bus, as libvirt writes it */
		else if (xen_pv)
			in->bus = VK_INPUT_BUS_XEN;
		else if (in->type == VK_INPUT_TABLET)
			in->bus = VK_INPUT_BUS_USB;
		else
			in->bus = VK_INPUT_BUS_PS2;
	}
}

void vk_dom_format_input(struct vk_xw *w, const struct vk_input *in)
{
	bool ev = in->type == VK_INPUT_EVDEV;

	vk_xw_open(w, "input");
	vk_xw_attr(w, "type", vk_input_type_names[in->type]);
	if (in->bus >= 0)
		vk_xw_attr(w, "bus", vk_input_bus_names[in->bus]);
	if (in->model >= 0)
		vk_xw_attr(w, "model", vk_virtio_model_names[in->model]);
	if (in->source) {
		vk_xw_open(w, "source");
		vk_xw_attr(w, ev ? "dev" : "evdev", in->source);
		if (in->grab >= 0)
			vk_xw_attr(w, "grab", vk_input_grab_names[in->grab]);
		if (in->grab_toggle >= 0)
			vk_xw_attr(w, "grabToggle",
				   vk_input_toggle_names[in->grab_toggle]);
		if (in->repeat >= 0)
			vk_xw_attr(w, "repeat", onoff[in->repeat]);
		vk_xw_close(w);
	}
	vk_dom_format_virtio_driver(w, &in->drv);
	vk_dom_format_address(w, &in->addr);
	vk_xw_close(w);
}

/* ---- <memballoon> ---- */

static const char *const onoff_names[] = {"off", "on", NULL};

/* The longest statistics period, seconds (QEMU's is an int). */
#define MAX_STATS_PERIOD 0x7fffffffull

static bool balloon_virtio(int model)
{
	return model == VK_BALLOON_VIRTIO || model == VK_BALLOON_VIRTIO_TRANS ||
	       model == VK_BALLOON_VIRTIO_NONTRANS;
}

static int parse_stats(struct vk_balloon_opts *o, xmlNodePtr node)
{
	static const char *const attrs[] = {"period", NULL};
	bool set;

	o->has_stats = true;
	return vk_xml_check_attrs(node, attrs) < 0 ||
	       vk_xml_check_empty(node) < 0 ||
	       vk_xml_attr_uint(node, "period", false, MAX_STATS_PERIOD, true,
				&o->stats_period, &set) < 0 ? -1 : 0;
}

static int parse_balloon_children(struct vk_domain_def *def, xmlNodePtr node)
{
	static const char *const names[] = {
		"address", "stats", "driver", "alias", NULL
	};
	struct vk_balloon_opts *o = &def->balloon_opts;
	unsigned seen = 0;
	xmlNodePtr child;
	int rc;

	if (vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		switch (vk_dom_child_index(child, names, &seen)) {
		case 0:
			rc = vk_dom_parse_address(child,
						  VK_ADDR_MASK(VK_ADDR_PCI),
						  &def->balloon_addr);
			break;
		case 1:
			rc = parse_stats(o, child);
			break;
		case 2:
			rc = vk_dom_parse_virtio_driver(child, &o->drv);
			break;
		case 3:
			rc = vk_dom_parse_alias(child, &o->alias);
			break;
		default:
			return -1;
		}
		if (rc < 0)
			return -1;
	}
	return 0;
}

int vk_dom_parse_memballoon(struct vk_domain_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {
		"model", "autodeflate", "freePageReporting", NULL
	};
	struct vk_balloon_opts *o = &def->balloon_opts;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_attr_enum(node, "model", vk_balloon_model_names, true,
			     &def->balloon) < 0 ||
	    vk_xml_attr_enum(node, "autodeflate", onoff_names, false,
			     &o->autodeflate) < 0 ||
	    vk_xml_attr_enum(node, "freePageReporting", onoff_names, false,
			     &o->free_page_reporting) < 0 ||
	    parse_balloon_children(def, node) < 0)
		return -1;
	if (balloon_virtio(def->balloon))
		return 0;
	if (def->balloon_addr.type != VK_ADDR_NONE)
		return vk_xml_error(node, "model '%s' has no address",
				    vk_balloon_model_names[def->balloon]);
	if (o->autodeflate >= 0 || o->free_page_reporting >= 0 ||
	    o->has_stats || o->drv.present)
		return vk_xml_error(node, "autodeflate, freePageReporting, "
				    "<stats> and <driver> are for a virtio "
				    "balloon only");
	return 0;
}

void vk_dom_format_memballoon(struct vk_xw *w,
			      const struct vk_domain_def *def, unsigned flags)
{
	const struct vk_balloon_opts *o = &def->balloon_opts;

	vk_xw_open(w, "memballoon");
	vk_xw_attr(w, "model", vk_balloon_model_names[def->balloon]);
	if (o->autodeflate >= 0)
		vk_xw_attr(w, "autodeflate", onoff_names[o->autodeflate]);
	if (o->free_page_reporting >= 0)
		vk_xw_attr(w, "freePageReporting",
			   onoff_names[o->free_page_reporting]);
	if (o->has_stats) {
		vk_xw_open(w, "stats");
		vk_xw_attrf(w, "period", "%llu", o->stats_period);
		vk_xw_close(w);
	}
	vk_dom_format_alias(w, o->alias, flags);
	vk_dom_format_address(w, &def->balloon_addr);
	vk_dom_format_virtio_driver(w, &o->drv);
	vk_xw_close(w);
}

/* ---- <seclabel> ---- */

const char *const vk_seclabel_type_names[] = {
	"dynamic", "static", "none", NULL
};

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
		else if (vk_xml_is(child, "baselabel"))
			slot = &sl->baselabel;
		else
			return vk_xml_unknown(child);
		if (*slot)
			return vk_xml_duplicate(child);
		if (sl->type == VK_SECLABEL_NONE)
			return vk_xml_child_error(child, "type 'none' takes no "
						  "label");
		if (slot != &sl->label && sl->type == VK_SECLABEL_STATIC)
			return vk_xml_child_error(child, "<%s> is for a "
						  "dynamic label only",
						  (const char *)child->name);
		if (parse_label(child, slot) < 0)
			return -1;
	}
	return 0;
}

int vk_dom_parse_seclabel(struct vk_domain_def *def, xmlNodePtr node,
			  unsigned flags)
{
	static const char *const attrs[] = {"type", "model", "relabel", NULL};
	struct vk_seclabel *sl = &def->seclabel;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    vk_xml_attr_enum(node, "type", vk_seclabel_type_names, true,
			     &sl->type) < 0 ||
	    vk_xml_attr_str(node, "model", false, &sl->model) < 0 ||
	    vk_xml_attr_yesno(node, "relabel", &sl->relabel) < 0)
		return -1;
	/* libvirt: a dynamic label is always relabelled; none never. */
	if (sl->type == VK_SECLABEL_DYNAMIC && sl->relabel == 0)
		return vk_xml_error(node, "a dynamic label needs relabel='yes'");
	if (sl->type == VK_SECLABEL_NONE && sl->relabel == 1)
		return vk_xml_error(node, "type 'none' cannot relabel");
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
	if (sl->relabel >= 0)
		vk_xw_attr(w, "relabel", sl->relabel ? "yes" : "no");
	if (!runtime) {
		vk_xw_elem(w, "label", sl->label);
		vk_xw_elem(w, "imagelabel", sl->imagelabel);
	}
	vk_xw_elem(w, "baselabel", sl->baselabel);
	vk_xw_close(w);
}

void vk_seclabel_clear(struct vk_seclabel *sl)
{
	free(sl->model);
	free(sl->label);
	free(sl->imagelabel);
	free(sl->baselabel);
	sl->model = sl->label = sl->imagelabel = sl->baselabel = NULL;
}

void vk_seclabel_copy(struct vk_seclabel *dst, const struct vk_seclabel *src)
{
	*dst = *src;
	dst->model = vk_strdup(src->model);
	dst->label = vk_strdup(src->label);
	dst->imagelabel = vk_strdup(src->imagelabel);
	dst->baselabel = vk_strdup(src->baselabel);
}
