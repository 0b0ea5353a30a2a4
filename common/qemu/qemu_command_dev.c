/* The QEMU 7.2 command line for a domain: input, the balloon, sound,
 * the watchdog and the security label.  Disks, interfaces, controllers,
 * character devices, graphics and video have files of their own
 * (qemu_command_{disk,net,ctrl,chr,gfx}.c).
 *
 *   input tablet|mouse usb   -device usb-tablet|usb-mouse,bus=usb.0,
 *                            id=inputN (ps2 mouse: the PC's own)
 *   memballoon virtio        -device virtio-balloon-pci,id=balloon0[,ADDR]
 *   sound MODEL              -audiodev none,id=audio0 (once), then
 *                            -device ES1370|sb16|AC97,id=soundN,
 *                            audiodev=audio0[,ADDR], or for ich6
 *                            -device intel-hda,id=soundN[,ADDR]
 *                            -device hda-duplex,id=soundN-codec0,
 *                            bus=soundN.0,cad=0,audiodev=audio0
 *   watchdog MODEL ACTION    -device i6300esb|ib700,id=watchdog0[,ADDR]
 *                            -action watchdog=ACTION (dump: pause; the
 *                            supervisor dumps the core and resumes)
 *
 * QEMU ids:  drive-TARGET / disk-TARGET for a disk, hostnetN / netN for
 * the Nth interface, inputN, charserialP / serialP, charparallelP /
 * parallelP, charconsoleP / consoleP (virtio console), usb, ahci0, scsi0,
 * virtio-serial0, balloon0, videoN, soundN, watchdog0. */
#include <stdlib.h>
#include <string.h>

#include "qemu_command_priv.h"
#include "util/error.h"

/* ---- input ---- */

int vk_qcmd_inputs(struct vk_qcmd *c)
{
	int i;

	for (i = 0; i < c->def->ninputs; i++) {
		const struct vk_input *in = &c->def->inputs[i];

		if (in->addr.type != VK_ADDR_NONE)
			return vk_qcmd_refuse_why("USB and PS/2 input devices "
						  "sit on no PCI slot",
						  "input with a PCI address");
		if (in->bus == VK_INPUT_BUS_XEN)
			return vk_qcmd_refuse_why("it is Xen's paravirtual "
						  "input", "input bus 'xen'");
		if (in->bus != VK_INPUT_BUS_USB) {
			/* The PC's PS/2 mouse is always there. */
			if (!c->x86 || in->type != VK_INPUT_MOUSE)
				return vk_qcmd_refuse_why("only the PC has a "
					"PS/2 mouse", "input %s on bus 'ps2'",
					vk_input_type_names[in->type]);
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

/* ---- memory balloon ---- */

int vk_qcmd_balloon(struct vk_qcmd *c)
{
	struct vk_buf b = VK_BUF_INIT;

	/* Absent means virtio, as libvirt adds one to every QEMU guest. */
	if (c->def->balloon == VK_BALLOON_XEN)
		return vk_qcmd_refuse_why("it is Xen's balloon driver",
					  "memballoon model 'xen'");
	if (c->def->balloon == VK_BALLOON_NONE)
		return 0;
	vk_buf_add(&b, "virtio-balloon-pci,id=balloon0");
	if (vk_qcmd_pci_addr(c, &c->def->balloon_addr, "memballoon",
			     &b) < 0) {
		vk_buf_free(&b);
		return -1;
	}
	vk_qcmd_push(c, "-device", &b);
	return 0;
}

/* ---- sound ---- */

/* One silent backend for every card: the guest's sound goes nowhere. */
#define AUDIODEV "audio0"

static int add_sound(struct vk_qcmd *c, const struct vk_sound *snd, int i)
{
	static const char *const dev[] = {
		[VK_SOUND_ES1370] = "ES1370", [VK_SOUND_SB16] = "sb16",
		[VK_SOUND_AC97] = "AC97", [VK_SOUND_ICH6] = "intel-hda",
	};
	struct vk_buf b = VK_BUF_INIT;

	if (snd->model == VK_SOUND_SB16 && !c->x86)
		return vk_qcmd_refuse_why("it is an ISA card", "sound model "
					  "'sb16' on arch '%s'",
					  c->def->os.arch);
	vk_buf_addf(&b, "%s,id=sound%d", dev[snd->model], i);
	/* The HDA controller takes the audio backend on its codec. */
	if (snd->model != VK_SOUND_ICH6)
		vk_buf_add(&b, ",audiodev=" AUDIODEV);
	if (vk_qcmd_pci_addr(c, &snd->addr, "sound", &b) < 0) {
		vk_buf_free(&b);
		return -1;
	}
	vk_qcmd_push(c, "-device", &b);
	if (snd->model == VK_SOUND_ICH6) {
		vk_argv_add(c->a, "-device");
		vk_argv_addf(c->a, "hda-duplex,id=sound%d-codec0,bus=sound%d.0,"
			     "cad=0,audiodev=" AUDIODEV, i, i);
	}
	return 0;
}

int vk_qcmd_sounds(struct vk_qcmd *c)
{
	int i;

	if (c->def->nsounds)
		vk_argv_add2(c->a, "-audiodev", "none,id=" AUDIODEV);
	for (i = 0; i < c->def->nsounds; i++)
		if (add_sound(c, &c->def->sounds[i], i) < 0)
			return -1;
	return 0;
}

/* ---- watchdog ---- */

int vk_qcmd_watchdog(struct vk_qcmd *c)
{
	static const char *const dev[] = {
		[VK_WD_I6300ESB] = "i6300esb", [VK_WD_IB700] = "ib700",
	};
	const struct vk_watchdog *wd = &c->def->watchdog;
	struct vk_buf b = VK_BUF_INIT;

	if (wd->model < 0)
		return 0;
	if (wd->model == VK_WD_IB700 && !c->x86)
		return vk_qcmd_refuse_why("it is an ISA card", "watchdog "
					  "model 'ib700' on arch '%s'",
					  c->def->os.arch);
	vk_buf_addf(&b, "%s,id=watchdog0", dev[wd->model]);
	if (vk_qcmd_pci_addr(c, &wd->addr, "watchdog", &b) < 0) {
		vk_buf_free(&b);
		return -1;
	}
	vk_qcmd_push(c, "-device", &b);
	/* QEMU's own names for the documented actions but dump, which
	 * QEMU lacks: it pauses the guest, and the supervisor (told by
	 * vm-start) dumps its core and resumes it. */
	vk_argv_add(c->a, "-action");
	vk_argv_addf(c->a, "watchdog=%s", wd->action == VK_WD_DUMP ? "pause" :
		     vk_wd_action_names[wd->action]);
	return 0;
}

/* ---- security label ---- */

int vk_qcmd_seclabel(struct vk_qcmd *c)
{
	const struct vk_seclabel *sl = &c->def->seclabel;

	if (sl->type < 0)
		return 0;
	return vk_qcmd_refuse_why("virtkit has no SELinux or AppArmor "
				  "security driver to apply it",
				  "seclabel type '%s'%s%s%s",
				  vk_seclabel_type_names[sl->type],
				  sl->model ? " model '" : "",
				  sl->model ? sl->model : "",
				  sl->model ? "'" : "");
}
