#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "domain.h"

const char *const vk_input_type_names[] = {"mouse", "tablet", NULL};
const char *const vk_input_bus_names[] = {"ps2", "usb", "xen", NULL};
const char *const vk_gfx_type_names[] = {"vnc", "sdl", NULL};
const char *const vk_balloon_model_names[] = {
	"virtio", "xen", "none", NULL
};

#define MAX_VNC_PORT 65535

/* ---- <emulator> ---- */

int vk_dom_parse_emulator(struct vk_domain_def *def, xmlNodePtr node)
{
	return vk_xml_text_nonempty(node, &def->emulator);
}

/* ---- <input> ---- */

int vk_dom_parse_input(struct vk_domain_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"type", "bus", NULL};
	struct vk_input in = {VK_INPUT_MOUSE, -1};

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_enum(node, "type", vk_input_type_names, true,
			     &in.type) < 0 ||
	    vk_xml_attr_enum(node, "bus", vk_input_bus_names, false,
			     &in.bus) < 0)
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
	vk_xw_close(w);
}

/* ---- <graphics> ---- */

/* port='-1' is the old spelling of autoport='yes'. */
static int parse_vnc_port(struct vk_graphics *g, xmlNodePtr node)
{
	unsigned long long port;
	char *v = vk_xml_attr(node, "port");
	bool set;

	if (v && !strcmp(v, "-1")) {
		free(v);
		if (g->autoport == 0)
			return vk_xml_error(node, "port '-1' contradicts "
					    "autoport 'no'");
		g->autoport = 1;
		return 0;
	}
	free(v);
	if (vk_xml_attr_uint(node, "port", false, MAX_VNC_PORT, false, &port,
			     &set) < 0)
		return -1;
	if (set)
		g->port = (int)port;
	if (!set && g->autoport == 0)
		return vk_xml_error(node, "autoport 'no' needs a port");
	if (!set)
		g->autoport = 1;
	if (g->autoport < 0)
		g->autoport = 0;
	return 0;
}

static int parse_vnc(struct vk_graphics *g, xmlNodePtr node)
{
	static const char *const attrs[] = {
		"type", "port", "autoport", "listen", "passwd", "keymap", NULL
	};

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_attr_yesno(node, "autoport", &g->autoport) < 0 ||
	    parse_vnc_port(g, node) < 0 ||
	    vk_xml_attr_str(node, "listen", false, &g->listen) < 0 ||
	    vk_xml_attr_str(node, "keymap", false, &g->keymap) < 0)
		return -1;
	g->passwd = vk_xml_attr(node, "passwd");
	return 0;
}

static int parse_sdl(struct vk_graphics *g, xmlNodePtr node)
{
	static const char *const attrs[] = {
		"type", "display", "xauth", "fullscreen", NULL
	};

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_attr_yesno(node, "fullscreen", &g->fullscreen) < 0 ||
	    vk_xml_attr_str(node, "display", false, &g->display) < 0)
		return -1;
	return vk_xml_attr_str(node, "xauth", false, &g->xauth);
}

int vk_dom_parse_graphics(struct vk_domain_def *def, xmlNodePtr node)
{
	struct vk_graphics g;
	int rc;

	memset(&g, 0, sizeof(g));
	g.port = -1;
	g.autoport = -1;
	g.fullscreen = -1;
	if (vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_enum(node, "type", vk_gfx_type_names, true,
			     &g.type) < 0)
		return -1;
	rc = g.type == VK_GFX_VNC ? parse_vnc(&g, node) : parse_sdl(&g, node);
	if (rc < 0) {
		vk_graphics_clear(&g);
		return -1;
	}
	*(struct vk_graphics *)vk_array_add(&def->graphics, &def->ngraphics,
					    sizeof(g)) = g;
	return 0;
}

static void format_vnc(struct vk_xw *w, const struct vk_graphics *g,
		       unsigned flags)
{
	bool live = !(flags & VK_FMT_INACTIVE);

	if (g->autoport == 1 && (g->port < 0 || !live))
		vk_xw_attr(w, "port", "-1");
	else
		vk_xw_attrf(w, "port", "%d", g->port);
	vk_xw_attr(w, "autoport", g->autoport == 1 ? "yes" : "no");
	vk_xw_attr(w, "listen", g->listen);
	vk_xw_attr(w, "keymap", g->keymap);
	if (flags & VK_FMT_SECURE)
		vk_xw_attr(w, "passwd", g->passwd);
}

void vk_dom_format_graphics(struct vk_xw *w, const struct vk_graphics *g,
			    unsigned flags)
{
	vk_xw_open(w, "graphics");
	vk_xw_attr(w, "type", vk_gfx_type_names[g->type]);
	if (g->type == VK_GFX_VNC) {
		format_vnc(w, g, flags);
	} else {
		vk_xw_attr(w, "display", g->display);
		vk_xw_attr(w, "xauth", g->xauth);
		if (g->fullscreen >= 0)
			vk_xw_attr(w, "fullscreen",
				   g->fullscreen ? "yes" : "no");
	}
	vk_xw_close(w);
}

void vk_graphics_clear(struct vk_graphics *g)
{
	free(g->listen);
	free(g->passwd);
	free(g->keymap);
	free(g->display);
	free(g->xauth);
	memset(g, 0, sizeof(*g));
}

void vk_graphics_copy(struct vk_graphics *dst, const struct vk_graphics *src)
{
	*dst = *src;
	dst->listen = vk_strdup(src->listen);
	dst->passwd = vk_strdup(src->passwd);
	dst->keymap = vk_strdup(src->keymap);
	dst->display = vk_strdup(src->display);
	dst->xauth = vk_strdup(src->xauth);
}

/* ---- <memballoon> ---- */

int vk_dom_parse_memballoon(struct vk_domain_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"model", NULL};

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0)
		return -1;
	return vk_xml_attr_enum(node, "model", vk_balloon_model_names, true,
				&def->balloon);
}

void vk_dom_format_memballoon(struct vk_xw *w, int model)
{
	vk_xw_open(w, "memballoon");
	vk_xw_attr(w, "model", vk_balloon_model_names[model]);
	vk_xw_close(w);
}
