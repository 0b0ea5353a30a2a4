/* The QEMU 7.2 command line: graphics (video: qemu_command_av.c).
 *
 *   sdl     -display sdl [-full-screen]   (else -display none)
 *   vnc     -vnc LISTEN:DISPLAY[,to=100][,password=on] [-k KEYMAP]
 *           (a socket: -vnc unix:PATH[,password=on])
 *   spice   -spice port=P,addr=LISTEN,disable-ticketing=on (no passwd)
 *           [,image-compression=X][,jpeg-wan-compression=X]
 *           [,zlib-glz-wan-compression=X][,playback-compression=on|off]
 *           [,streaming-video=X][,plaintext-channel=NAME]...
 * The VNC and SPICE passwords never go on the command line: the
 * supervisor sets them over QMP (set_password).  rdp and desktop
 * (VirtualBox) have no QEMU counterpart. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "qemu_command_priv.h"
#include "qemu_spice.h"
#include "util/error.h"

/* ---- vnc and sdl ---- */

static void add_listen(struct vk_buf *b, const char *listen)
{
	bool v6 = strchr(listen, ':') != NULL;

	if (v6)
		vk_buf_addc(b, '[');
	vk_qcmd_esc(b, listen);
	if (v6)
		vk_buf_addc(b, ']');
}

/* -vnc with the address in B, then the options every VNC display has. */
static int push_vnc(struct vk_qcmd *c, const struct vk_graphics *g,
		    struct vk_buf *b)
{
	static const char *const share[] = {
		"allow-exclusive", "force-shared", "ignore"
	};

	/* The password itself is set over QMP. */
	if (g->passwd)
		vk_buf_add(b, ",password=on");
	if (g->websocket == -1)
		vk_buf_add(b, ",websocket=on");
	else if (g->websocket >= 0)
		vk_buf_addf(b, ",websocket=%d", g->websocket);
	if (g->share >= 0)
		vk_buf_addf(b, ",share=%s", share[g->share]);
	if (g->power_control == 1)
		vk_buf_add(b, ",power-control=on");
	if (g->audio_id)
		vk_buf_addf(b, ",audiodev=" VK_AUDIO_QEMU_ID_FMT, g->audio_id);
	vk_qcmd_push(c, "-vnc", b);
	if (g->keymap)
		vk_argv_add2(c->a, "-k", g->keymap);
	return 0;
}

static int add_vnc(struct vk_qcmd *c, const struct vk_graphics *g)
{
	struct vk_buf b = VK_BUF_INIT;

	if (g->listen_type == VK_LISTEN_NONE) {
		vk_buf_add(&b, "none");
		return push_vnc(c, g, &b);
	}
	if (g->socket) {
		vk_buf_add(&b, "unix:");
		vk_qcmd_esc(&b, g->socket);
		return push_vnc(c, g, &b);
	}
	if (g->autoport != 1 && g->port >= 0 &&
	    (g->port < 5900 || g->port > 65535))
		return vk_error(VK_EXIT_DOCUMENT, "graphics vnc port %d: not "
				"a VNC port (5900 to 65535)", g->port);
	add_listen(&b, g->listen ? g->listen : "127.0.0.1");
	/* Autoport: the first free display from 0 (the supervisor asks
	 * QEMU which one it took). */
	if (g->autoport == 1 || g->port < 0)
		vk_buf_add(&b, ":0,to=100");
	else
		vk_buf_addf(&b, ":%d", g->port - 5900);
	return push_vnc(c, g, &b);
}

static int check_sdl(const struct vk_graphics *g)
{
	/* They would be QEMU's environment, which is not ours to set. */
	if (g->display)
		return vk_qcmd_refuse_why("QEMU uses the environment's "
					  "DISPLAY", "graphics sdl display");
	if (g->xauth)
		return vk_qcmd_refuse_why("QEMU uses the environment's "
					  "XAUTHORITY", "graphics sdl xauth");
	return 0;
}

/* ---- spice ---- */

static int check_spice(const struct vk_graphics *g)
{
	static const char tls[] = "QEMU's SPICE TLS port needs "
				  "certificates, which virtkit does not "
				  "configure";
	int i;

	/* tlsPort='-1' (0 here) asks for a TLS port only where TLS is set
	 * up, as libvirt allocates one only when qemu.conf enables SPICE
	 * TLS: virtkit has no TLS setting, so none is allocated. */
	if (g->tls_port > 0)
		return vk_qcmd_refuse_why(tls, "graphics spice tlsPort");
	if (g->default_mode == VK_SPICE_SECURE)
		return vk_qcmd_refuse_why(tls, "graphics spice defaultMode "
					  "'secure'");
	if (g->gl == 1)
		return vk_qcmd_refuse_why("it needs a GPU render node, which "
					  "virtkit gives QEMU none of",
					  "graphics spice gl");
	if (g->listen_type == VK_LISTEN_NONE)
		return vk_qcmd_refuse_why("QEMU's SPICE server needs a port or "
					  "a socket", "graphics spice <listen "
					  "type='none'>");
	if (g->listen_type == VK_LISTEN_SOCKET) {
		if (!g->socket)
			return vk_qcmd_refuse_why("virtkit makes no socket "
						  "path up", "graphics spice "
						  "<listen type='socket'> "
						  "without a socket");
		return 0;
	}
	/* Only the TLS port carries them (autoport would allocate it). */
	for (i = 0; i < VK_SPICE_CH_LAST; i++)
		if (g->channels[i] == VK_SPICE_SECURE)
			return vk_qcmd_refuse_why(tls, "graphics spice channel "
						  "'%s' mode 'secure'",
						  vk_spice_channel_names[i]);
	/* vm-start picks the port (vk_qemu_spice_ports). */
	if (g->autoport == 1 && g->port < 0)
		return vk_qcmd_refuse_why("QEMU's SPICE server cannot pick a "
					  "free port; vm-start picks one",
					  "graphics spice autoport without a "
					  "port");
	if (g->port < 1)
		return vk_error(VK_EXIT_DOCUMENT, "graphics spice port %d: "
				"not a port (1 to 65535)", g->port);
	if (g->keymap)
		return vk_qcmd_refuse_why("a SPICE client sends scan codes",
					  "graphics spice keymap");
	return 0;
}

const char *const vk_qemu_spice_options[VK_SPICE_SET_LAST] = {
	[VK_SPICE_IMAGE] = "image-compression",
	[VK_SPICE_JPEG] = "jpeg-wan-compression",
	[VK_SPICE_ZLIB] = "zlib-glz-wan-compression",
	[VK_SPICE_PLAYBACK] = "playback-compression",
	[VK_SPICE_STREAMING] = "streaming-video",
};

static int add_spice(struct vk_qcmd *c, const struct vk_graphics *g)
{
	struct vk_buf b = VK_BUF_INIT;
	int i;

	if (check_spice(g) < 0)
		return -1;
	if (g->listen_type == VK_LISTEN_SOCKET) {
		vk_buf_add(&b, "unix=on");
		vk_qcmd_kv(&b, "addr", g->socket);
	} else {
		vk_buf_addf(&b, "port=%d", g->port);
		vk_qcmd_kv(&b, "addr", g->listen ? g->listen : "127.0.0.1");
	}
	/* Without a password anyone may connect; with one, the supervisor
	 * sets it over QMP and QEMU asks for it. */
	if (!g->passwd)
		vk_buf_add(&b, ",disable-ticketing=on");
	for (i = 0; i < VK_QEMU_SPICE_DIRECT; i++)
		if (g->settings[i] >= 0)
			vk_buf_addf(&b, ",%s=%s", vk_qemu_spice_options[i],
				    vk_spice_setting_values[i][g->settings[i]]);
	/* copypaste and filetransfer 'no' (index 1), mouse mode. */
	if (g->settings[VK_SPICE_CLIPBOARD] == 1)
		vk_buf_add(&b, ",disable-copy-paste=on");
	if (g->settings[VK_SPICE_FILETRANSFER] == 1)
		vk_buf_add(&b, ",disable-agent-file-xfer=on");
	if (g->settings[VK_SPICE_MOUSE] >= 0)
		vk_buf_addf(&b, ",agent-mouse=%s",
			    g->settings[VK_SPICE_MOUSE] ? "on" : "off");
	/* Secure channels need the TLS port: refused above. */
	for (i = 0; i < VK_SPICE_CH_LAST; i++)
		if (g->channels[i] == VK_SPICE_INSECURE)
			vk_buf_addf(&b, ",plaintext-channel=%s",
				    vk_spice_channel_names[i]);
	vk_qcmd_push(c, "-spice", &b);
	return 0;
}

/* Whether nothing listens on TCP PORT (any address) now. */
static bool port_free(int port)
{
	struct sockaddr_in a;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;
	bool ok;

	if (fd < 0)
		return false;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)port);
	a.sin_addr.s_addr = htonl(INADDR_ANY);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	ok = !bind(fd, (struct sockaddr *)&a, sizeof(a));
	close(fd);
	return ok;
}

int vk_qemu_spice_ports(struct vk_domain_def *live, bool pretend)
{
	int i, port = 5900;

	for (i = 0; i < live->ngraphics; i++) {
		struct vk_graphics *g = &live->graphics[i];

		if (g->type != VK_GFX_SPICE || g->autoport != 1)
			continue;
		/* A line for later, elsewhere: a fixed port, the one
		 * libvirt's domxml-to-native prints (5901: VNC autoport's
		 * first display, 5900, stays free for the same line). */
		if (pretend) {
			g->port = 5901;
			continue;
		}
		while (port <= 65535 && !port_free(port))
			port++;
		if (port > 65535)
			return vk_error(VK_EXIT_FAILED, "graphics spice: no "
					"free TCP port from 5900 up");
		g->port = port++;
	}
	return 0;
}

char *vk_qemu_passwd_expiry(const struct vk_graphics *g)
{
	if (!g->passwd || !g->has_valid_to)
		return NULL;
	return vk_asprintf("%lld", g->valid_to);
}

/* What every display's listen and gl need. */
static int check_listen(const struct vk_graphics *g)
{
	const char *type = vk_gfx_type_names[g->type];

	if (g->nextra_listens)
		return vk_qcmd_refuse_why("QEMU listens in one place per "
					  "display", "graphics %s with more "
					  "than one <listen>", type);
	if (g->listen_type == VK_LISTEN_NETWORK && !g->listen)
		return vk_qcmd_refuse_why("vm-start finds the network's "
					  "address; a command line alone "
					  "cannot", "graphics %s <listen "
					  "type='network'>", type);
	if (g->type == VK_GFX_SDL && g->gl == 1)
		return vk_qcmd_refuse_why("it needs a GPU render node, which "
					  "virtkit gives QEMU none of",
					  "graphics sdl gl");
	return 0;
}

/* ---- all graphics ---- */

int vk_qcmd_display(struct vk_qcmd *c)
{
	const struct vk_graphics *by_type[VK_GFX_LAST] = {NULL};
	const struct vk_graphics *sdl;
	int i;

	for (i = 0; i < c->def->ngraphics; i++) {
		const struct vk_graphics *g = &c->def->graphics[i];

		if (g->type == VK_GFX_RDP)
			return vk_qcmd_refuse_why("QEMU has no RDP server",
						  "graphics rdp");
		if (g->type == VK_GFX_DESKTOP)
			return vk_qcmd_refuse_why("it is VirtualBox's viewer",
						  "graphics desktop");
		if (g->type == VK_GFX_EGL)
			return vk_qcmd_refuse_why("it needs a GPU render node, "
						  "which virtkit gives QEMU "
						  "none of", "graphics "
						  "egl-headless");
		if (g->type == VK_GFX_DBUS)
			return vk_qcmd_refuse_why("virtkit runs no D-Bus bus "
						  "for QEMU's display",
						  "graphics dbus");
		if (by_type[g->type])
			return vk_qcmd_refuse_why("QEMU 7.2 has one display "
						  "of each kind",
						  "a second graphics %s",
						  vk_gfx_type_names[g->type]);
		by_type[g->type] = g;
	}
	for (i = 0; i < c->def->ngraphics; i++)
		if (check_listen(&c->def->graphics[i]) < 0)
			return -1;
	sdl = by_type[VK_GFX_SDL];
	if (sdl && check_sdl(sdl) < 0)
		return -1;
	vk_argv_add2(c->a, "-display", sdl ? "sdl" : "none");
	if (sdl && sdl->fullscreen == 1)
		vk_argv_add(c->a, "-full-screen");
	if (by_type[VK_GFX_VNC] && add_vnc(c, by_type[VK_GFX_VNC]) < 0)
		return -1;
	if (by_type[VK_GFX_SPICE] && add_spice(c, by_type[VK_GFX_SPICE]) < 0)
		return -1;
	return 0;
}
