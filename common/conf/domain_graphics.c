/* <graphics>: vnc, sdl, spice (with its <channel>, compression and
 * streaming children), rdp and desktop. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../util/error.h"
#include "domain.h"

const char *const vk_gfx_type_names[] = {
	"vnc", "sdl", "spice", "rdp", "desktop", "egl-headless", "dbus", NULL
};
const char *const vk_spice_channel_names[] = {
	"main", "display", "inputs", "cursor", "playback", "record",
	"smartcard", "usbredir", NULL
};
const char *const vk_spice_chmode_names[] = {
	"any", "secure", "insecure", NULL
};

static const char *const image_values[] = {
	"auto_glz", "auto_lz", "quic", "glz", "lz", "off", NULL
};
static const char *const wan_values[] = {"auto", "never", "always", NULL};
static const char *const onoff_values[] = {"on", "off", NULL};
static const char *const streaming_values[] = {
	"filter", "all", "off", NULL
};
static const char *const yesno_values[] = {"yes", "no", NULL};
static const char *const mouse_values[] = {"server", "client", NULL};

const char *const vk_spice_setting_elems[] = {
	"image", "jpeg", "zlib", "playback", "streaming", "clipboard",
	"mouse", "filetransfer", NULL
};
const char *const vk_spice_setting_attrs[] = {
	"compression", "compression", "compression", "compression", "mode",
	"copypaste", "mode", "enable", NULL
};
const char *const *const vk_spice_setting_values[] = {
	image_values, wan_values, wan_values, onoff_values, streaming_values,
	yesno_values, mouse_values, yesno_values
};

#define MAX_PORT 65535

/* ---- ports ---- */

/* A port attribute NAME (port= of vnc, spice and rdp, spice tlsPort=):
 * a number from MIN, or '-1' (allocate: the old spelling of
 * autoport='yes'), which stores AUTO.  Call after autoport= is read. */
static int parse_port_attr(struct vk_graphics *g, xmlNodePtr node,
			   const char *name, unsigned min, int auto_value,
			   int *out)
{
	unsigned long long port;
	char *v = vk_xml_attr(node, name);
	bool set;

	if (v && !strcmp(v, "-1")) {
		free(v);
		if (g->autoport == 0)
			return vk_xml_error(node, "%s '-1' contradicts "
					    "autoport 'no'", name);
		g->autoport = 1;
		*out = auto_value;
		return 0;
	}
	free(v);
	if (vk_xml_attr_uint(node, name, false, MAX_PORT, false, &port,
			     &set) < 0)
		return -1;
	if (set && port < min)
		return vk_xml_error(node, "%s must be at least %u", name, min);
	if (set)
		*out = (int)port;
	return 0;
}

static int parse_port(struct vk_graphics *g, xmlNodePtr node)
{
	return parse_port_attr(g, node, "port", 0, -1, &g->port);
}

/* After every port is read: no port means autoport. */
static int finish_ports(struct vk_graphics *g, xmlNodePtr node)
{
	bool any = g->port >= 0 || g->tls_port > 0;

	if (!any && g->autoport == 0)
		return vk_xml_error(node, "autoport 'no' needs a port");
	if (!any)
		g->autoport = 1;
	if (g->autoport < 0)
		g->autoport = 0;
	return 0;
}

/* spice tlsPort=; '-1' leaves 0 (allocated). */
static int parse_tls_port(struct vk_graphics *g, xmlNodePtr node)
{
	return parse_port_attr(g, node, "tlsPort", 1, 0, &g->tls_port);
}

/* ---- passwords ---- */

/* passwd= and passwdValidTo='YYYY-MM-DDTHH:MM:SS' (UTC) of vnc and
 * spice. */
static int parse_passwd(struct vk_graphics *g, xmlNodePtr node)
{
	char *v, end;
	struct tm tm, check;
	time_t t;
	int rc = 0;

	g->passwd = vk_xml_attr(node, "passwd");
	v = vk_xml_attr(node, "passwdValidTo");
	if (!v)
		return 0;
	memset(&tm, 0, sizeof(tm));
	if (sscanf(v, "%4d-%2d-%2dT%2d:%2d:%2d%c", &tm.tm_year, &tm.tm_mon,
		   &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec,
		   &end) != 6 || strlen(v) != 19) {
		rc = vk_xml_error(node, "passwdValidTo '%s' is not a time "
				  "YYYY-MM-DDTHH:MM:SS", v);
		goto out;
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	check = tm;
	t = timegm(&check);
	/* timegm normalises 02-30 into 03-02: such a date is not valid. */
	if (t == (time_t)-1 || check.tm_mday != tm.tm_mday ||
	    check.tm_mon != tm.tm_mon || check.tm_hour != tm.tm_hour ||
	    check.tm_min != tm.tm_min || check.tm_sec != tm.tm_sec) {
		rc = vk_xml_error(node, "passwdValidTo '%s' is not a valid "
				  "time", v);
		goto out;
	}
	if (!g->passwd) {
		rc = vk_xml_error(node, "passwdValidTo needs a passwd");
		goto out;
	}
	g->has_valid_to = true;
	g->valid_to = (long long)t;
out:
	free(v);
	return rc;
}

static void format_passwd(struct vk_xw *w, const struct vk_graphics *g)
{
	time_t t = (time_t)g->valid_to;
	struct tm tm;

	vk_xw_attr(w, "passwd", g->passwd);
	if (!g->has_valid_to || !gmtime_r(&t, &tm))
		return;
	vk_xw_attrf(w, "passwdValidTo", "%04d-%02d-%02dT%02d:%02d:%02d",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec);
}

/* keymap= of vnc and spice: a keymap's name (QEMU's are en-us, de-ch,
 * ...), never a path, which QEMU would read as one. */
static int parse_keymap(struct vk_graphics *g, xmlNodePtr node)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyz"
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";

	if (vk_xml_attr_str(node, "keymap", false, &g->keymap) < 0)
		return -1;
	if (g->keymap && (g->keymap[strspn(g->keymap, ok)] ||
			  strlen(g->keymap) > 32))
		return vk_xml_error(node, "keymap '%s' is not a keymap name "
				    "(up to 32 letters, digits, '-', '_')",
				    g->keymap);
	return 0;
}

/* ---- gl, egl-headless, dbus ---- */

/* <gl enable rendernode> (egl-headless: rendernode only). */
static int parse_gl(struct vk_graphics *g, xmlNodePtr node, bool enable)
{
	static const char *const with[] = {"enable", "rendernode", NULL};
	static const char *const without[] = {"rendernode", NULL};

	if (g->has_gl)
		return vk_xml_duplicate(node);
	g->has_gl = true;
	if (vk_xml_check_attrs(node, enable ? with : without) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_yesno(node, "enable", &g->gl) < 0 ||
	    vk_xml_attr_str(node, "rendernode", false, &g->rendernode) < 0)
		return -1;
	if (g->rendernode && g->rendernode[0] != '/')
		return vk_xml_error(node, "rendernode '%s' is not an absolute "
				    "path", g->rendernode);
	if (enable && g->gl < 0)
		return vk_xml_error(node, "missing attribute enable");
	return 0;
}

static int parse_audio_child(struct vk_graphics *g, xmlNodePtr node)
{
	if (g->audio_id)
		return vk_xml_duplicate(node);
	return vk_dom_parse_audio_ref(node, &g->audio_id);
}

static int parse_egl(struct vk_graphics *g, xmlNodePtr node)
{
	static const char *const attrs[] = {"type", NULL};
	xmlNodePtr child;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		if (!vk_xml_is(child, "gl"))
			return vk_xml_unknown(child);
		if (parse_gl(g, child, false) < 0)
			return -1;
	}
	return 0;
}

static int parse_dbus(struct vk_graphics *g, xmlNodePtr node)
{
	static const char *const attrs[] = {"type", "address", "p2p", NULL};
	xmlNodePtr child;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    vk_xml_attr_str(node, "address", false, &g->dbus_address) < 0 ||
	    vk_xml_attr_yesno(node, "p2p", &g->dbus_p2p) < 0)
		return -1;
	if (g->dbus_address && g->dbus_p2p >= 0)
		return vk_xml_error(node, "give address or p2p, not both");
	vk_xml_foreach(child, node) {
		int rc;

		if (vk_xml_is(child, "gl"))
			rc = parse_gl(g, child, true);
		else if (vk_xml_is(child, "audio"))
			rc = parse_audio_child(g, child);
		else
			return vk_xml_unknown(child);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static void format_gl(struct vk_xw *w, const struct vk_graphics *g)
{
	if (!g->has_gl)
		return;
	vk_xw_open(w, "gl");
	if (g->gl >= 0)
		vk_xw_attr(w, "enable", g->gl ? "yes" : "no");
	vk_xw_attr(w, "rendernode", g->rendernode);
	vk_xw_close(w);
}

static void format_audio_child(struct vk_xw *w, const struct vk_graphics *g)
{
	if (!g->audio_id)
		return;
	vk_xw_open(w, "audio");
	vk_xw_attrf(w, "id", "%u", g->audio_id);
	vk_xw_close(w);
}

/* ---- vnc, sdl, rdp, desktop ---- */

/* socket= (a unix socket path) replaces port=, autoport= and listen=. */
static int parse_vnc_socket(struct vk_graphics *g, xmlNodePtr node)
{
	static const char *const other[] = {"port", "autoport", "listen"};
	size_t i;

	if (vk_xml_attr_str(node, "socket", true, &g->socket) < 0)
		return -1;
	for (i = 0; i < sizeof(other) / sizeof(*other); i++)
		if (vk_xml_has_attr(node, other[i]))
			return vk_xml_error(node, "give socket or %s, not "
					    "both", other[i]);
	if (g->socket[0] != '/')
		return vk_xml_error(node, "socket '%s' is not an absolute "
				    "path", g->socket);
	g->autoport = 0;
	return 0;
}

/* <listen> and <audio> of vnc, then what the listen implies: a socket
 * or no listening at all has no port. */
static int parse_listens(struct vk_graphics *g, xmlNodePtr node)
{
	xmlNodePtr child;

	if (vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		int rc;

		if (vk_xml_is(child, "listen"))
			rc = vk_dom_parse_listen(g, child);
		else if (vk_xml_is(child, "audio") && g->type == VK_GFX_VNC)
			rc = parse_audio_child(g, child);
		else if (g->type == VK_GFX_SPICE)
			continue;	/* parse_spice_children */
		else
			return vk_xml_unknown(child);
		if (rc < 0)
			return -1;
	}
	return vk_dom_listen_finish(g, node);
}

static bool no_port(const struct vk_graphics *g)
{
	return g->listen_type == VK_LISTEN_SOCKET ||
	       g->listen_type == VK_LISTEN_NONE;
}

static int parse_vnc(struct vk_graphics *g, xmlNodePtr node)
{
	static const char *const attrs[] = {
		"type", "port", "autoport", "listen", "passwd", "keymap",
		"socket", "passwdValidTo", "websocket", "sharePolicy",
		"powerControl", "connected", NULL
	};

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    parse_keymap(g, node) < 0 || parse_passwd(g, node) < 0 ||
	    vk_dom_parse_vnc_extra(g, node) < 0)
		return -1;
	if (vk_xml_has_attr(node, "socket") && parse_vnc_socket(g, node) < 0)
		return -1;
	if (vk_xml_attr_str(node, "listen", false, &g->listen) < 0 ||
	    parse_listens(g, node) < 0)
		return -1;
	if (no_port(g)) {
		g->autoport = 0;
		return 0;
	}
	if (vk_xml_attr_yesno(node, "autoport", &g->autoport) < 0 ||
	    parse_port(g, node) < 0)
		return -1;
	return finish_ports(g, node);
}

static int parse_sdl(struct vk_graphics *g, xmlNodePtr node)
{
	static const char *const attrs[] = {
		"type", "display", "xauth", "fullscreen", NULL
	};
	xmlNodePtr child;

	if (vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		if (!vk_xml_is(child, "gl"))
			return vk_xml_unknown(child);
		if (parse_gl(g, child, true) < 0)
			return -1;
	}
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_attr_yesno(node, "fullscreen", &g->fullscreen) < 0 ||
	    vk_xml_attr_str(node, "display", false, &g->display) < 0)
		return -1;
	return vk_xml_attr_str(node, "xauth", false, &g->xauth);
}

static int parse_rdp(struct vk_graphics *g, xmlNodePtr node)
{
	static const char *const attrs[] = {
		"type", "port", "autoport", "replaceUser", "multiUser", NULL
	};

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_yesno(node, "autoport", &g->autoport) < 0 ||
	    parse_port(g, node) < 0 || finish_ports(g, node) < 0 ||
	    vk_xml_attr_yesno(node, "replaceUser", &g->replace_user) < 0)
		return -1;
	return vk_xml_attr_yesno(node, "multiUser", &g->multi_user);
}

static int parse_desktop(struct vk_graphics *g, xmlNodePtr node)
{
	static const char *const attrs[] = {
		"type", "display", "fullscreen", NULL
	};

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_yesno(node, "fullscreen", &g->fullscreen) < 0)
		return -1;
	return vk_xml_attr_str(node, "display", false, &g->display);
}

/* ---- spice ---- */

static int parse_spice_channel(struct vk_graphics *g, xmlNodePtr node,
			       unsigned *seen)
{
	static const char *const attrs[] = {"name", "mode", NULL};
	int ch, mode;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_enum(node, "name", vk_spice_channel_names, true,
			     &ch) < 0 ||
	    vk_xml_attr_enum(node, "mode", vk_spice_chmode_names, true,
			     &mode) < 0)
		return -1;
	if (*seen & (1u << ch))
		return vk_xml_error(node, "channel '%s' is listed twice",
				    vk_spice_channel_names[ch]);
	*seen |= 1u << ch;
	/* autoport='yes' allocates both ports, the TLS one too. */
	if (mode == VK_SPICE_SECURE && g->tls_port < 0 && g->autoport != 1)
		return vk_xml_error(node, "mode 'secure' needs a tlsPort or "
				    "autoport 'yes'");
	g->channels[ch] = mode;
	return 0;
}

/* <image compression=> and the other settings: one attribute each. */
static int parse_spice_setting(struct vk_graphics *g, xmlNodePtr node,
			       int which)
{
	const char *attr = vk_spice_setting_attrs[which];
	const char *const attrs[] = {attr, NULL};

	if (g->settings[which] >= 0)
		return vk_xml_duplicate(node);
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0)
		return -1;
	return vk_xml_attr_enum(node, attr, vk_spice_setting_values[which],
				true, &g->settings[which]);
}

static int parse_spice_children(struct vk_graphics *g, xmlNodePtr node)
{
	unsigned seen = 0;
	xmlNodePtr child;
	int i;

	if (vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		if (vk_xml_is(child, "channel")) {
			if (parse_spice_channel(g, child, &seen) < 0)
				return -1;
			continue;
		}
		if (vk_xml_is(child, "listen"))
			continue;	/* parse_listens */
		if (vk_xml_is(child, "gl")) {
			if (parse_gl(g, child, true) < 0)
				return -1;
			continue;
		}
		for (i = 0; vk_spice_setting_elems[i]; i++)
			if (vk_xml_is(child, vk_spice_setting_elems[i]))
				break;
		if (!vk_spice_setting_elems[i])
			return vk_xml_unknown(child);
		if (parse_spice_setting(g, child, i) < 0)
			return -1;
	}
	return 0;
}

static int parse_spice(struct vk_graphics *g, xmlNodePtr node)
{
	static const char *const attrs[] = {
		"type", "port", "tlsPort", "autoport", "listen", "passwd",
		"keymap", "passwdValidTo", "defaultMode", "connected", NULL
	};
	int connected = -1;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_attr_str(node, "listen", false, &g->listen) < 0 ||
	    parse_listens(g, node) < 0 ||
	    vk_xml_attr_enum(node, "defaultMode", vk_spice_chmode_names,
			     false, &g->default_mode) < 0 ||
	    vk_xml_attr_enum(node, "connected", vk_gfx_connected_names, false,
			     &connected) < 0)
		return -1;
	if (no_port(g)) {
		if (vk_xml_has_attr(node, "port") ||
		    vk_xml_has_attr(node, "tlsPort"))
			return vk_xml_error(node, "a port with a <listen "
					    "type='%s'>",
					    vk_listen_type_names[g->listen_type]);
		g->autoport = 0;
	} else if (vk_xml_attr_yesno(node, "autoport", &g->autoport) < 0 ||
		   parse_port(g, node) < 0 || parse_tls_port(g, node) < 0 ||
		   finish_ports(g, node) < 0) {
		return -1;
	}
	if (parse_keymap(g, node) < 0 || parse_passwd(g, node) < 0)
		return -1;
	return parse_spice_children(g, node);
}

int vk_dom_parse_graphics(struct vk_domain_def *def, xmlNodePtr node)
{
	static int (*const parsers[])(struct vk_graphics *, xmlNodePtr) = {
		parse_vnc, parse_sdl, parse_spice, parse_rdp, parse_desktop,
		parse_egl, parse_dbus
	};
	struct vk_graphics g;
	int i;

	memset(&g, 0, sizeof(g));
	g.port = -1;
	g.autoport = -1;
	g.fullscreen = -1;
	g.tls_port = -1;
	g.replace_user = -1;
	g.multi_user = -1;
	g.listen_type = g.default_mode = g.share = g.connected = -1;
	g.power_control = g.gl = g.dbus_p2p = -1;
	g.websocket = -2;
	for (i = 0; i < VK_SPICE_SET_LAST; i++)
		g.settings[i] = -1;
	if (vk_xml_attr_enum(node, "type", vk_gfx_type_names, true,
			     &g.type) < 0)
		return -1;
	if (parsers[g.type](&g, node) < 0) {
		vk_graphics_clear(&g);
		return -1;
	}
	*(struct vk_graphics *)vk_array_add(&def->graphics, &def->ngraphics,
					    sizeof(g)) = g;
	return 0;
}

/* ---- format ---- */

static void format_yesno(struct vk_xw *w, const char *name, int v)
{
	if (v >= 0)
		vk_xw_attr(w, name, v ? "yes" : "no");
}

/* port= and autoport= of vnc, spice and rdp.  An allocated port is
 * written only in live XML. */
static void format_port(struct vk_xw *w, const struct vk_graphics *g,
			unsigned flags)
{
	bool live = !(flags & VK_FMT_INACTIVE);

	if (g->autoport == 1 && (g->port < 0 || !live))
		vk_xw_attr(w, "port", "-1");
	else if (g->port >= 0)
		vk_xw_attrf(w, "port", "%d", g->port);
	if (g->type == VK_GFX_SPICE && g->tls_port >= 0) {
		if (g->autoport == 1 && (g->tls_port == 0 || !live))
			vk_xw_attr(w, "tlsPort", "-1");
		else
			vk_xw_attrf(w, "tlsPort", "%d", g->tls_port);
	}
	vk_xw_attr(w, "autoport", g->autoport == 1 ? "yes" : "no");
}

static void format_spice_children(struct vk_xw *w,
				  const struct vk_graphics *g)
{
	int i;

	for (i = 0; i < VK_SPICE_CH_LAST; i++) {
		if (g->channels[i] == VK_SPICE_ANY)
			continue;
		vk_xw_open(w, "channel");
		vk_xw_attr(w, "name", vk_spice_channel_names[i]);
		vk_xw_attr(w, "mode", vk_spice_chmode_names[g->channels[i]]);
		vk_xw_close(w);
	}
	for (i = 0; i < VK_SPICE_SET_LAST; i++) {
		if (g->settings[i] < 0)
			continue;
		vk_xw_open(w, vk_spice_setting_elems[i]);
		vk_xw_attr(w, vk_spice_setting_attrs[i],
			   vk_spice_setting_values[i][g->settings[i]]);
		vk_xw_close(w);
	}
}

void vk_dom_format_graphics(struct vk_xw *w, const struct vk_graphics *g,
			    unsigned flags)
{
	vk_xw_open(w, "graphics");
	vk_xw_attr(w, "type", vk_gfx_type_names[g->type]);
	if (((g->type == VK_GFX_VNC || g->type == VK_GFX_SPICE) &&
	     g->listen_type != VK_LISTEN_SOCKET &&
	     g->listen_type != VK_LISTEN_NONE) || g->type == VK_GFX_RDP)
		format_port(w, g, flags);
	if (g->type == VK_GFX_VNC)
		vk_xw_attr(w, "socket", g->socket);
	if (g->listen_type == VK_LISTEN_ADDRESS)
		vk_xw_attr(w, "listen", g->listen);
	vk_dom_format_vnc_extra(w, g);
	if (g->default_mode >= 0)
		vk_xw_attr(w, "defaultMode",
			   vk_spice_chmode_names[g->default_mode]);
	vk_xw_attr(w, "keymap", g->keymap);
	if (flags & VK_FMT_SECURE)
		format_passwd(w, g);
	vk_xw_attr(w, "display", g->display);
	vk_xw_attr(w, "xauth", g->xauth);
	format_yesno(w, "fullscreen", g->fullscreen);
	format_yesno(w, "replaceUser", g->replace_user);
	format_yesno(w, "multiUser", g->multi_user);
	vk_xw_attr(w, "address", g->dbus_address);
	format_yesno(w, "p2p", g->dbus_p2p);
	vk_dom_format_listens(w, g);
	if (g->type == VK_GFX_SPICE)
		format_spice_children(w, g);
	format_gl(w, g);
	format_audio_child(w, g);
	vk_xw_close(w);
}

void vk_graphics_clear(struct vk_graphics *g)
{
	int i;

	free(g->listen);
	if (g->passwd)
		memset(g->passwd, 0, strlen(g->passwd));
	free(g->passwd);
	free(g->keymap);
	free(g->display);
	free(g->xauth);
	free(g->socket);
	free(g->listen_network);
	for (i = 0; i < g->nextra_listens; i++)
		free(g->extra_listens[i]);
	free(g->extra_listens);
	free(g->rendernode);
	free(g->dbus_address);
	memset(g, 0, sizeof(*g));
}

void vk_graphics_copy(struct vk_graphics *dst, const struct vk_graphics *src)
{
	int i;

	*dst = *src;
	dst->listen = vk_strdup(src->listen);
	dst->passwd = vk_strdup(src->passwd);
	dst->keymap = vk_strdup(src->keymap);
	dst->display = vk_strdup(src->display);
	dst->xauth = vk_strdup(src->xauth);
	dst->socket = vk_strdup(src->socket);
	dst->listen_network = vk_strdup(src->listen_network);
	dst->rendernode = vk_strdup(src->rendernode);
	dst->dbus_address = vk_strdup(src->dbus_address);
	dst->extra_listens = NULL;
	if (src->nextra_listens)
		dst->extra_listens = vk_calloc((size_t)src->nextra_listens,
					       sizeof(char *));
	for (i = 0; i < src->nextra_listens; i++)
		dst->extra_listens[i] = vk_strdup(src->extra_listens[i]);
}
