/* The QEMU 7.2 command line for a domain: the balloon, the watchdog
 * and the security label.  Disks, interfaces, controllers, character
 * devices, graphics, input, video and sound have files of their own
 * (qemu_command_{disk,net,ctrl,chr,gfx,av,audio}.c).
 *
 *   memballoon virtio        -device virtio-balloon-pci[-transitional|
 *                            -non-transitional],id=balloon0
 *                            [,deflate-on-oom=][,free-page-reporting=]
 *                            [,guest-stats-polling-interval=S]
 *                            [,DRIVER][,ADDR]
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

/* ---- memory balloon ---- */

int vk_qcmd_balloon(struct vk_qcmd *c)
{
	const struct vk_balloon_opts *o = &c->def->balloon_opts;
	int model = c->def->balloon;
	struct vk_buf b = VK_BUF_INIT;

	/* Absent means virtio, as libvirt adds one to every QEMU guest. */
	if (model == VK_BALLOON_XEN)
		return vk_qcmd_refuse_why("it is Xen's balloon driver",
					  "memballoon model 'xen'");
	if (model == VK_BALLOON_NONE)
		return 0;
	vk_qcmd_virtio_model(&b, "virtio-balloon-pci",
			     model == VK_BALLOON_VIRTIO_TRANS ?
			     VK_VIRTIO_TRANSITIONAL :
			     model == VK_BALLOON_VIRTIO_NONTRANS ?
			     VK_VIRTIO_NON_TRANSITIONAL : VK_VIRTIO_MODEL);
	vk_buf_add(&b, ",id=balloon0");
	if (o->autodeflate >= 0)
		vk_buf_addf(&b, ",deflate-on-oom=%s",
			    o->autodeflate ? "on" : "off");
	if (o->free_page_reporting >= 0)
		vk_buf_addf(&b, ",free-page-reporting=%s",
			    o->free_page_reporting ? "on" : "off");
	/* QEMU takes the polling interval at creation as well as by
	 * qom-set later (what libvirt does). */
	if (o->stats_period)
		vk_buf_addf(&b, ",guest-stats-polling-interval=%llu",
			    o->stats_period);
	if (vk_qcmd_virtio_opts(&b, &o->drv, model == VK_BALLOON_VIRTIO_TRANS ?
				VK_VIRTIO_TRANSITIONAL : VK_VIRTIO_MODEL,
				"memballoon") < 0) {
		vk_buf_free(&b);
		return -1;
	}
	return vk_qcmd_push_pci(c, &c->def->balloon_addr, "memballoon", &b);
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
	if (vk_qcmd_push_pci(c, &wd->addr, "watchdog", &b) < 0)
		return -1;
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

	/* type='none': no security driver, which is what runs here. */
	if (sl->type < 0 || sl->type == VK_SECLABEL_NONE)
		return 0;
	return vk_qcmd_refuse_why("virtkit has no SELinux or AppArmor "
				  "security driver to apply it",
				  "seclabel type '%s'%s%s%s",
				  vk_seclabel_type_names[sl->type],
				  sl->model ? " model '" : "",
				  sl->model ? sl->model : "",
				  sl->model ? "'" : "");
}
