/* The QEMU 7.2 command line for a domain: input, graphics, video and the
 * balloon.  Disks, interfaces, controllers and character devices have
 * files of their own (qemu_command_{disk,net,ctrl,chr}.c).
 *
 * QEMU ids:  drive-TARGET / disk-TARGET for a disk, hostnetN / netN for
 * the Nth interface, inputN, charserialP / serialP, charparallelP /
 * parallelP, charconsoleP / consoleP (virtio console), usb, ahci0, scsi0,
 * virtio-serial0, balloon0, video0. */
#include <stdlib.h>
#include <string.h>

#include "qemu_command_priv.h"
#include "util/error.h"
#include "util/mac.h"

/* ---- input ---- */

int vk_qcmd_inputs(struct vk_qcmd *c)
{
	int i;

	for (i = 0; i < c->def->ninputs; i++) {
		const struct vk_input *in = &c->def->inputs[i];

		if (in->bus == VK_INPUT_BUS_XEN)
			return vk_qcmd_refuse("input bus 'xen'");
		if (in->bus != VK_INPUT_BUS_USB) {
			/* The PC's PS/2 mouse is always there. */
			if (!c->x86 || in->type != VK_INPUT_MOUSE)
				return vk_qcmd_refuse("input %s on bus "
					"'ps2'", vk_input_type_names[in->type]);
			continue;
		}
		vk_qcmd_need_usb(c);
		vk_argv_add(c->a, "-device");
		vk_argv_addf(c->a, "%s,bus=usb.0,id=input%d",
			     in->type == VK_INPUT_TABLET ? "usb-tablet" :
			     "usb-mouse", i);
	}
	return 0;
}

/* ---- graphics ---- */

static int add_vnc(struct vk_qcmd *c, const struct vk_graphics *g)
{
	const char *listen = g->listen ? g->listen : "127.0.0.1";
	struct vk_buf b = VK_BUF_INIT;
	bool v6 = strchr(listen, ':') != NULL;

	if (g->autoport != 1 && g->port >= 0 &&
	    (g->port < 5900 || g->port > 65535))
		return vk_error(VK_EXIT_DOCUMENT, "graphics vnc port %d: not "
				"a VNC port (5900 to 65535)", g->port);
	if (v6)
		vk_buf_addc(&b, '[');
	vk_qcmd_esc(&b, listen);
	if (v6)
		vk_buf_addc(&b, ']');
	/* Autoport: the first free display from 0 (the supervisor asks
	 * QEMU which one it took). */
	if (g->autoport == 1 || g->port < 0)
		vk_buf_add(&b, ":0,to=100");
	else
		vk_buf_addf(&b, ":%d", g->port - 5900);
	/* The password itself is set over QMP. */
	if (g->passwd)
		vk_buf_add(&b, ",password=on");
	vk_qcmd_push(c, "-vnc", &b);
	if (g->keymap)
		vk_argv_add2(c->a, "-k", g->keymap);
	return 0;
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
	if (g->keymap)
		return vk_qcmd_refuse("graphics sdl keymap");
	return 0;
}

int vk_qcmd_display(struct vk_qcmd *c)
{
	const struct vk_graphics *vnc = NULL, *sdl = NULL;
	int i;

	for (i = 0; i < c->def->ngraphics; i++) {
		const struct vk_graphics *g = &c->def->graphics[i];
		const struct vk_graphics **slot = g->type == VK_GFX_VNC ?
						  &vnc : &sdl;

		if (*slot)
			return vk_qcmd_refuse("a second graphics %s",
					      vk_gfx_type_names[g->type]);
		*slot = g;
	}
	if (sdl && check_sdl(sdl) < 0)
		return -1;
	vk_argv_add2(c->a, "-display", sdl ? "sdl" : "none");
	if (sdl && sdl->fullscreen == 1)
		vk_argv_add(c->a, "-full-screen");
	return vnc ? add_vnc(c, vnc) : 0;
}

int vk_qcmd_video(struct vk_qcmd *c)
{
	if (c->def->ngraphics)
		vk_argv_add2(c->a, "-device", "VGA,id=video0");
	return 0;
}

/* ---- memory balloon ---- */

int vk_qcmd_balloon(struct vk_qcmd *c)
{
	/* Absent means virtio, as libvirt adds one to every QEMU guest. */
	if (c->def->balloon == VK_BALLOON_XEN)
		return vk_qcmd_refuse("memballoon model 'xen'");
	if (c->def->balloon != VK_BALLOON_NONE)
		vk_argv_add2(c->a, "-device", "virtio-balloon-pci,id=balloon0");
	return 0;
}
