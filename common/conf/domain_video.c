/* <video>, <sound> and <watchdog>: the emulated display adapters, sound
 * cards (their backends, <audio>, are in domain_audio.c) and the
 * hardware watchdog. */
#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "domain.h"

const char *const vk_video_model_names[] = {
	"vga", "cirrus", "vmvga", "xen", "vbox", "qxl", "virtio", "bochs",
	"ramfb", "none", "gop", "parallels", NULL
};
const char *const vk_video_driver_names[] = {"qemu", "vhostuser", NULL};
const char *const vk_sound_model_names[] = {
	"es1370", "sb16", "ac97", "ich6", "ich7", "ich9", "usb", "pcspk",
	NULL
};
const char *const vk_codec_type_names[] = {
	"duplex", "micro", "output", NULL
};
const char *const vk_wd_model_names[] = {"i6300esb", "ib700", NULL};
const char *const vk_wd_action_names[] = {
	"reset", "shutdown", "poweroff", "pause", "dump", "none", NULL
};

#define MAX_VRAM (4u * 1024 * 1024)	/* KiB: 4 GiB */
#define MAX_HEADS 16
#define MAX_RES 65535

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
	static const char *const attrs[] = {
		"accel3d", "accel2d", "rendernode", NULL
	};

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_yesno(node, "accel3d", &v->accel3d) < 0 ||
	    vk_xml_attr_yesno(node, "accel2d", &v->accel2d) < 0 ||
	    vk_xml_attr_str(node, "rendernode", false, &v->rendernode) < 0)
		return -1;
	if (v->rendernode && v->rendernode[0] != '/')
		return vk_xml_error(node, "rendernode '%s' is not an absolute "
				    "path", v->rendernode);
	return 0;
}

static int parse_resolution(struct vk_video *v, xmlNodePtr node)
{
	static const char *const attrs[] = {"x", "y", NULL};
	unsigned long long x, y;
	bool set;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_uint(node, "x", false, MAX_RES, true, &x, &set) < 0 ||
	    vk_xml_attr_uint(node, "y", false, MAX_RES, true, &y, &set) < 0)
		return -1;
	if (!x || !y)
		return vk_xml_error(node, "%s must be at least 1",
				    !x ? "x" : "y");
	v->res_x = (unsigned)x;
	v->res_y = (unsigned)y;
	return 0;
}

/* A size in KiB attribute of <model> (vram, ram, vram64, vgamem). */
static int parse_kib(xmlNodePtr node, const char *name, unsigned *out)
{
	unsigned long long v;
	bool set;

	if (vk_xml_attr_uint(node, name, false, MAX_VRAM, false, &v,
			     &set) < 0)
		return -1;
	if (set && !v)
		return vk_xml_error(node, "%s must be at least 1", name);
	*out = set ? (unsigned)v : 0;
	return 0;
}

static const char *const onoff[] = {"off", "on", NULL};

static int parse_model_attrs(struct vk_video *v, xmlNodePtr node)
{
	static const char *const attrs[] = {
		"type", "vram", "ram", "vram64", "vgamem", "heads", "primary",
		"blob", NULL
	};
	static const char *const qxl_only[] = {"ram", "vram64", "vgamem"};
	unsigned long long heads;
	bool has_heads;
	size_t i;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    vk_xml_attr_enum(node, "type", vk_video_model_names, true,
			     &v->model) < 0 ||
	    parse_kib(node, "vram", &v->vram) < 0 ||
	    parse_kib(node, "ram", &v->ram) < 0 ||
	    parse_kib(node, "vram64", &v->vram64) < 0 ||
	    parse_kib(node, "vgamem", &v->vgamem) < 0 ||
	    vk_xml_attr_uint(node, "heads", false, MAX_HEADS, false, &heads,
			     &has_heads) < 0 ||
	    vk_xml_attr_yesno(node, "primary", &v->primary) < 0 ||
	    vk_xml_attr_enum(node, "blob", onoff, false, &v->blob) < 0)
		return -1;
	if (has_heads && !heads)
		return vk_xml_error(node, "heads must be at least 1");
	v->heads = has_heads ? (unsigned)heads : 0;
	/* As libvirt: these sizes are qxl's alone. */
	for (i = 0; i < sizeof(qxl_only) / sizeof(*qxl_only); i++)
		if (v->model != VK_VIDEO_QXL &&
		    vk_xml_has_attr(node, qxl_only[i]))
			return vk_xml_error(node, "%s is only for model type "
					    "'qxl'", qxl_only[i]);
	if (v->model == VK_VIDEO_NONE && node->properties->next)
		return vk_xml_error(node, "model type 'none' takes no other "
				    "attribute");
	return 0;
}

static int parse_model(struct vk_video *v, xmlNodePtr node)
{
	xmlNodePtr child, accel = NULL, res = NULL;

	if (parse_model_attrs(v, node) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		xmlNodePtr *slot;

		if (vk_xml_is(child, "acceleration"))
			slot = &accel;
		else if (vk_xml_is(child, "resolution"))
			slot = &res;
		else
			return vk_xml_unknown(child);
		if (*slot)
			return vk_xml_duplicate(child);
		*slot = child;
		if (v->model == VK_VIDEO_NONE)
			return vk_xml_child_error(child, "model type 'none' "
						  "has no <%s>",
						  (const char *)child->name);
		if (slot == &accel ? parse_acceleration(v, child) < 0 :
		    parse_resolution(v, child) < 0)
			return -1;
	}
	return 0;
}

/* <driver name> and the virtio options (vk_virtio_opt_names). */
static int parse_video_driver(struct vk_video *v, xmlNodePtr node)
{
	const char *attrs[VK_VIRTIO_OPT_LAST + 2];
	int i;

	for (i = 0; i < VK_VIRTIO_OPT_LAST; i++)
		attrs[i] = vk_virtio_opt_names[i];
	attrs[i++] = "name";
	attrs[i] = NULL;
	v->drv.present = true;
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_enum(node, "name", vk_video_driver_names, false,
			     &v->driver) < 0)
		return -1;
	for (i = 0; i < VK_VIRTIO_OPT_LAST; i++)
		if (vk_xml_attr_enum(node, vk_virtio_opt_names[i], onoff, false,
				     &v->drv.opt[i]) < 0)
			return -1;
	return 0;
}

void vk_video_init(struct vk_video *v)
{
	int i;

	memset(v, 0, sizeof(*v));
	v->accel3d = v->accel2d = -1;
	v->primary = v->blob = v->driver = -1;
	for (i = 0; i < VK_VIRTIO_OPT_LAST; i++)
		v->drv.opt[i] = -1;
}

static int parse_video_children(struct vk_video *v, xmlNodePtr node)
{
	static const char *const names[] = {
		"model", "driver", "address", NULL
	};
	unsigned seen = 0;
	xmlNodePtr child;

	vk_xml_foreach(child, node) {
		int rc;

		switch (vk_dom_child_index(child, names, &seen)) {
		case 0:
			rc = parse_model(v, child);
			break;
		case 1:
			rc = parse_video_driver(v, child);
			break;
		case 2:
			rc = vk_dom_parse_address(child,
						  VK_ADDR_MASK(VK_ADDR_PCI),
						  &v->addr);
			break;
		default:
			return -1;
		}
		if (rc < 0)
			return -1;
	}
	if (!(seen & 1))
		return vk_xml_error(node, "missing element <model>");
	return 0;
}

int vk_dom_parse_video(struct vk_domain_def *def, xmlNodePtr node)
{
	struct vk_video v;

	vk_video_init(&v);
	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    parse_video_children(&v, node) < 0) {
		free(v.rendernode);
		return -1;
	}
	*(struct vk_video *)vk_array_add(&def->videos, &def->nvideos,
					 sizeof(v)) = v;
	return 0;
}

static void format_yesno(struct vk_xw *w, const char *name, int v)
{
	if (v >= 0)
		vk_xw_attr(w, name, v ? "yes" : "no");
}

static void format_kib(struct vk_xw *w, const char *name, unsigned kib)
{
	if (kib)
		vk_xw_attrf(w, name, "%u", kib);
}

static void format_model(struct vk_xw *w, const struct vk_video *v)
{
	vk_xw_open(w, "model");
	vk_xw_attr(w, "type", vk_video_model_names[v->model]);
	format_kib(w, "ram", v->ram);
	format_kib(w, "vram", v->vram);
	format_kib(w, "vram64", v->vram64);
	format_kib(w, "vgamem", v->vgamem);
	if (v->heads)
		vk_xw_attrf(w, "heads", "%u", v->heads);
	format_yesno(w, "primary", v->primary);
	if (v->blob >= 0)
		vk_xw_attr(w, "blob", onoff[v->blob]);
	if (v->accel3d >= 0 || v->accel2d >= 0 || v->rendernode) {
		vk_xw_open(w, "acceleration");
		format_yesno(w, "accel3d", v->accel3d);
		format_yesno(w, "accel2d", v->accel2d);
		vk_xw_attr(w, "rendernode", v->rendernode);
		vk_xw_close(w);
	}
	if (v->res_x) {
		vk_xw_open(w, "resolution");
		vk_xw_attrf(w, "x", "%u", v->res_x);
		vk_xw_attrf(w, "y", "%u", v->res_y);
		vk_xw_close(w);
	}
	vk_xw_close(w);
}

void vk_dom_format_video(struct vk_xw *w, const struct vk_video *v)
{
	vk_xw_open(w, "video");
	if (v->drv.present) {
		int i;

		vk_xw_open(w, "driver");
		if (v->driver >= 0)
			vk_xw_attr(w, "name", vk_video_driver_names[v->driver]);
		for (i = 0; i < VK_VIRTIO_OPT_LAST; i++)
			if (v->drv.opt[i] >= 0)
				vk_xw_attr(w, vk_virtio_opt_names[i],
					   onoff[v->drv.opt[i]]);
		vk_xw_close(w);
	}
	format_model(w, v);
	vk_dom_format_address(w, &v->addr);
	vk_xw_close(w);
}

/* ---- <sound> ---- */

static int parse_codec(struct vk_sound *snd, xmlNodePtr node)
{
	static const char *const attrs[] = {"type", NULL};
	int type;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_enum(node, "type", vk_codec_type_names, true,
			     &type) < 0)
		return -1;
	if (snd->ncodecs == VK_SOUND_MAX_CODECS)
		return vk_xml_child_error(node, "more than %d codecs",
					  VK_SOUND_MAX_CODECS);
	snd->codecs[snd->ncodecs++] = type;
	return 0;
}

static int parse_sound_children(struct vk_sound *snd, xmlNodePtr node)
{
	xmlNodePtr child;
	bool audio = false;

	if (vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		if (vk_xml_is(child, "codec")) {
			if (parse_codec(snd, child) < 0)
				return -1;
		} else if (vk_xml_is(child, "audio")) {
			if (audio)
				return vk_xml_duplicate(child);
			audio = true;
			if (vk_dom_parse_audio_ref(child, &snd->audio_id) < 0)
				return -1;
		} else if (vk_xml_is(child, "address")) {
			if (snd->addr.type != VK_ADDR_NONE)
				return vk_xml_duplicate(child);
			/* model='usb': the port vm-define assigns */
			if (vk_dom_parse_address(child,
						 VK_ADDR_MASK(VK_ADDR_PCI) |
						 VK_ADDR_MASK(VK_ADDR_USB),
						 &snd->addr) < 0)
				return -1;
		} else {
			return vk_xml_unknown(child);
		}
	}
	return 0;
}

int vk_dom_parse_sound(struct vk_domain_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"model", NULL};
	struct vk_sound snd;

	memset(&snd, 0, sizeof(snd));
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_attr_enum(node, "model", vk_sound_model_names, true,
			     &snd.model) < 0 ||
	    parse_sound_children(&snd, node) < 0)
		return -1;
	if (snd.addr.type != VK_ADDR_NONE && (snd.model == VK_SOUND_SB16 ||
					      snd.model == VK_SOUND_PCSPK))
		return vk_xml_error(node, "model '%s' is an ISA device: it "
				    "has no PCI address",
				    vk_sound_model_names[snd.model]);
	if ((snd.addr.type == VK_ADDR_USB) != (snd.model == VK_SOUND_USB &&
					       snd.addr.type != VK_ADDR_NONE))
		return vk_xml_error(node, "model '%s': an address of type "
				    "'%s' does not fit it",
				    vk_sound_model_names[snd.model],
				    vk_addr_type_names[snd.addr.type]);
	*(struct vk_sound *)vk_array_add(&def->sounds, &def->nsounds,
					 sizeof(snd)) = snd;
	return 0;
}

void vk_dom_format_sound(struct vk_xw *w, const struct vk_sound *snd)
{
	int i;

	vk_xw_open(w, "sound");
	vk_xw_attr(w, "model", vk_sound_model_names[snd->model]);
	for (i = 0; i < snd->ncodecs; i++) {
		vk_xw_open(w, "codec");
		vk_xw_attr(w, "type", vk_codec_type_names[snd->codecs[i]]);
		vk_xw_close(w);
	}
	if (snd->audio_id) {
		vk_xw_open(w, "audio");
		vk_xw_attrf(w, "id", "%u", snd->audio_id);
		vk_xw_close(w);
	}
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
