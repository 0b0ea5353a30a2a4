/* <video>, <sound> and <watchdog>: the emulated display adapters, sound
 * cards and the hardware watchdog. */
#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "domain.h"

const char *const vk_video_model_names[] = {
	"vga", "cirrus", "vmvga", "xen", "vbox", "qxl", NULL
};
const char *const vk_sound_model_names[] = {
	"es1370", "sb16", "ac97", "ich6", NULL
};
const char *const vk_wd_model_names[] = {"i6300esb", "ib700", NULL};
const char *const vk_wd_action_names[] = {
	"reset", "shutdown", "poweroff", "pause", "dump", "none", NULL
};

#define MAX_VRAM (4u * 1024 * 1024)	/* KiB: 4 GiB */
#define MAX_HEADS 16

int vk_dom_parse_pci_child(xmlNodePtr node, struct vk_dev_addr *a)
{
	xmlNodePtr child;

	if (vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		if (!vk_xml_is(child, "address"))
			return vk_xml_unknown(child);
		if (a->type != VK_ADDR_NONE)
			return vk_xml_duplicate(child);
		if (vk_dom_parse_address(child, VK_ADDR_MASK(VK_ADDR_PCI),
					 a) < 0)
			return -1;
	}
	return 0;
}

/* ---- <video> ---- */

static int parse_acceleration(struct vk_video *v, xmlNodePtr node)
{
	static const char *const attrs[] = {"accel3d", "accel2d", NULL};

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_yesno(node, "accel3d", &v->accel3d) < 0)
		return -1;
	return vk_xml_attr_yesno(node, "accel2d", &v->accel2d);
}

static int parse_model(struct vk_video *v, xmlNodePtr node)
{
	static const char *const attrs[] = {"type", "vram", "heads", NULL};
	unsigned long long vram, heads;
	bool has_vram, has_heads;
	xmlNodePtr child, accel = NULL;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    vk_xml_attr_enum(node, "type", vk_video_model_names, true,
			     &v->model) < 0 ||
	    vk_xml_attr_uint(node, "vram", false, MAX_VRAM, false, &vram,
			     &has_vram) < 0 ||
	    vk_xml_attr_uint(node, "heads", false, MAX_HEADS, false, &heads,
			     &has_heads) < 0)
		return -1;
	if ((has_vram && !vram) || (has_heads && !heads))
		return vk_xml_error(node, "%s must be at least 1",
				    has_vram && !vram ? "vram" : "heads");
	v->vram = has_vram ? (unsigned)vram : 0;
	v->heads = has_heads ? (unsigned)heads : 0;
	vk_xml_foreach(child, node) {
		if (!vk_xml_is(child, "acceleration"))
			return vk_xml_unknown(child);
		if (accel)
			return vk_xml_duplicate(child);
		accel = child;
		if (parse_acceleration(v, child) < 0)
			return -1;
	}
	return 0;
}

int vk_dom_parse_video(struct vk_domain_def *def, xmlNodePtr node)
{
	struct vk_video v;
	xmlNodePtr child, model = NULL;

	memset(&v, 0, sizeof(v));
	v.accel3d = v.accel2d = -1;
	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		if (vk_xml_is(child, "model")) {
			if (model)
				return vk_xml_duplicate(child);
			model = child;
			if (parse_model(&v, child) < 0)
				return -1;
		} else if (vk_xml_is(child, "address")) {
			if (v.addr.type != VK_ADDR_NONE)
				return vk_xml_duplicate(child);
			if (vk_dom_parse_address(child,
						 VK_ADDR_MASK(VK_ADDR_PCI),
						 &v.addr) < 0)
				return -1;
		} else {
			return vk_xml_unknown(child);
		}
	}
	if (!model)
		return vk_xml_error(node, "missing element <model>");
	*(struct vk_video *)vk_array_add(&def->videos, &def->nvideos,
					 sizeof(v)) = v;
	return 0;
}

static void format_yesno(struct vk_xw *w, const char *name, int v)
{
	if (v >= 0)
		vk_xw_attr(w, name, v ? "yes" : "no");
}

void vk_dom_format_video(struct vk_xw *w, const struct vk_video *v)
{
	vk_xw_open(w, "video");
	vk_xw_open(w, "model");
	vk_xw_attr(w, "type", vk_video_model_names[v->model]);
	if (v->vram)
		vk_xw_attrf(w, "vram", "%u", v->vram);
	if (v->heads)
		vk_xw_attrf(w, "heads", "%u", v->heads);
	if (v->accel3d >= 0 || v->accel2d >= 0) {
		vk_xw_open(w, "acceleration");
		format_yesno(w, "accel3d", v->accel3d);
		format_yesno(w, "accel2d", v->accel2d);
		vk_xw_close(w);
	}
	vk_xw_close(w);
	vk_dom_format_address(w, &v->addr);
	vk_xw_close(w);
}

/* ---- <sound> ---- */

int vk_dom_parse_sound(struct vk_domain_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"model", NULL};
	struct vk_sound snd;

	memset(&snd, 0, sizeof(snd));
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_attr_enum(node, "model", vk_sound_model_names, true,
			     &snd.model) < 0 ||
	    vk_dom_parse_pci_child(node, &snd.addr) < 0)
		return -1;
	if (snd.addr.type != VK_ADDR_NONE && snd.model == VK_SOUND_SB16)
		return vk_xml_error(node, "model 'sb16' is an ISA device: it "
				    "has no PCI address");
	*(struct vk_sound *)vk_array_add(&def->sounds, &def->nsounds,
					 sizeof(snd)) = snd;
	return 0;
}

void vk_dom_format_sound(struct vk_xw *w, const struct vk_sound *snd)
{
	vk_xw_open(w, "sound");
	vk_xw_attr(w, "model", vk_sound_model_names[snd->model]);
	vk_dom_format_address(w, &snd->addr);
	vk_xw_close(w);
}

/* ---- <watchdog> ---- */

int vk_dom_parse_watchdog(struct vk_domain_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"model", "action", NULL};
	struct vk_watchdog *wd = &def->watchdog;

	wd->action = VK_WD_RESET;
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_attr_enum(node, "model", vk_wd_model_names, true,
			     &wd->model) < 0 ||
	    vk_xml_attr_enum(node, "action", vk_wd_action_names, false,
			     &wd->action) < 0 ||
	    vk_dom_parse_pci_child(node, &wd->addr) < 0)
		return -1;
	if (wd->addr.type != VK_ADDR_NONE && wd->model == VK_WD_IB700)
		return vk_xml_error(node, "model 'ib700' is an ISA device: "
				    "it has no PCI address");
	return 0;
}

void vk_dom_format_watchdog(struct vk_xw *w, const struct vk_watchdog *wd)
{
	if (wd->model < 0)
		return;
	vk_xw_open(w, "watchdog");
	vk_xw_attr(w, "model", vk_wd_model_names[wd->model]);
	vk_xw_attr(w, "action", vk_wd_action_names[wd->action]);
	vk_dom_format_address(w, &wd->addr);
	vk_xw_close(w);
}
