/* The QEMU 7.2 command line: input devices, video adapters, sound cards
 * and their audio backends, USB redirection and hubs.
 *
 *   input mouse|tablet|keyboard usb   -device usb-mouse|usb-tablet|usb-kbd,
 *                                     bus=usb.0,id=inputN
 *   input mouse|keyboard ps2          (the PC's own)
 *   input mouse|tablet|keyboard virtio
 *                                     -device virtio-mouse-pci|
 *                                     virtio-tablet-pci|virtio-keyboard-pci,
 *                                     id=inputN[,VIRTIO][,ADDR]
 *   input passthrough                 -device virtio-input-host-pci,
 *                                     id=inputN,evdev=PATH[,VIRTIO][,ADDR]
 *   input evdev                       -object input-linux,id=inputN,
 *                                     evdev=PATH[,grab_all=on][,repeat=on]
 *                                     [,grab-toggle=KEYS]
 *   video (first: the primary)        -device VGA|cirrus-vga|vmware-svga|
 *                                     qxl-vga|virtio-vga|bochs-display|
 *                                     ramfb,id=videoN[,vgamem_mb=MiB]
 *                                     [,ram_size=B,vram_size=B,
 *                                     vram64_size_mb=M][,max_outputs=N]
 *                                     [,xres=X,yres=Y][,blob=on][,VIRTIO]
 *                                     [,ADDR]; further ones: qxl,
 *                                     secondary-vga, virtio-gpu-pci, ...
 *   audio ID TYPE                     -audiodev none|alsa|jack|oss|pa|sdl|
 *                                     spice|wav,id=audioID[,OPTIONS]
 *                                     [,in.OPT=V][,out.OPT=V]
 *   sound es1370|sb16|ac97|usb        -device ES1370|sb16|AC97|usb-audio,
 *                                     id=soundN,audiodev=audioID[,ADDR]
 *   sound ich6|ich9                   -device intel-hda|ich9-intel-hda,
 *                                     id=soundN[,ADDR], then per codec K
 *                                     -device hda-duplex|hda-micro|
 *                                     hda-output,id=soundN-codecK,
 *                                     bus=soundN.0,cad=K,audiodev=audioID
 *   sound pcspk                       -machine pcspk-audiodev=audioID
 *   redirdev N                        -chardev spicevmc,id=charredirN,
 *                                     name=usbredir (or the tcp socket)
 *                                     -device usb-redir,chardev=charredirN,
 *                                     id=redirN,bus=usb.0[,filter=RULES]
 *                                     [,bootindex=B]
 *   hub N                             -device usb-hub,id=hubN,bus=usb.0
 * VIRTIO is [,iommu_platform=on][,ats=on][,packed=on][,page-per-vq=on]
 * (vk_qcmd_virtio_opts). */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "qemu_command_priv.h"
#include "util/error.h"

int vk_qcmd_no_pci(const struct vk_dev_addr *a, const char *what)
{
	if (a->type == VK_ADDR_NONE)
		return 0;
	return vk_qcmd_refuse_why("it sits on no PCI slot", "%s with a PCI "
				  "address", what);
}

/* ---- input ---- */

/* An evdev device must be there when QEMU starts. */
static int check_evdev(const struct vk_input *in)
{
	struct stat sb;

	if (!stat(in->source, &sb) && S_ISCHR(sb.st_mode))
		return 0;
	return vk_qcmd_refuse_why("the host has no such input device",
				  "input type '%s' source '%s'",
				  vk_input_type_names[in->type], in->source);
}

static int add_evdev(struct vk_qcmd *c, const struct vk_input *in, int i)
{
	struct vk_buf b = VK_BUF_INIT;

	if (check_evdev(in) < 0)
		return -1;
	vk_buf_addf(&b, "input-linux,id=input%d", i);
	vk_qcmd_kv(&b, "evdev", in->source);
	if (in->grab == VK_GRAB_ALL)
		vk_buf_add(&b, ",grab_all=on");
	if (in->repeat >= 0)
		vk_buf_addf(&b, ",repeat=%s", in->repeat ? "on" : "off");
	if (in->grab_toggle >= 0)
		vk_buf_addf(&b, ",grab-toggle=%s",
			    vk_input_toggle_names[in->grab_toggle]);
	vk_qcmd_push(c, "-object", &b);
	return 0;
}

static int add_virtio_input(struct vk_qcmd *c, const struct vk_input *in,
			    int i)
{
	static const char *const dev[] = {
		[VK_INPUT_MOUSE] = "virtio-mouse-pci",
		[VK_INPUT_TABLET] = "virtio-tablet-pci",
		[VK_INPUT_KEYBOARD] = "virtio-keyboard-pci",
		[VK_INPUT_PASSTHROUGH] = "virtio-input-host-pci",
	};
	struct vk_buf b = VK_BUF_INIT;

	if (in->model == VK_VIRTIO_TRANSITIONAL)
		return vk_qcmd_refuse_why("QEMU's virtio input devices are "
					  "virtio 1.0 only", "input model "
					  "'virtio-transitional'");
	if (in->type == VK_INPUT_PASSTHROUGH && check_evdev(in) < 0)
		return -1;
	vk_buf_addf(&b, "%s,id=input%d", dev[in->type], i);
	if (in->type == VK_INPUT_PASSTHROUGH)
		vk_qcmd_kv(&b, "evdev", in->source);
	if (vk_qcmd_virtio_opts(&b, &in->drv, VK_VIRTIO_MODEL, "input") < 0) {
		vk_buf_free(&b);
		return -1;
	}
	return vk_qcmd_push_pci(c, &in->addr, "input", &b);
}

static int add_input(struct vk_qcmd *c, const struct vk_input *in, int i)
{
	const char *type = vk_input_type_names[in->type];

	if (in->type == VK_INPUT_EVDEV)
		return add_evdev(c, in, i);
	if (in->bus == VK_INPUT_BUS_VIRTIO)
		return add_virtio_input(c, in, i);
	if (in->drv.present)
		return vk_qcmd_refuse_why("only virtio devices have them",
					  "input driver options on bus '%s'",
					  vk_input_bus_names[in->bus]);
	if (in->bus != VK_INPUT_BUS_USB && vk_qcmd_no_pci(&in->addr,
							   "input") < 0)
		return -1;
	if (in->bus == VK_INPUT_BUS_XEN)
		return vk_qcmd_refuse_why("it is Xen's paravirtual input",
					  "input bus 'xen'");
	if (in->bus == VK_INPUT_BUS_PS2) {
		/* The PC's PS/2 mouse and keyboard are always there. */
		if (!c->x86)
			return vk_qcmd_refuse_why("only the PC has a PS/2 "
						  "port", "input %s on bus "
						  "'ps2'", type);
		return 0;
	}
	if (in->addr.type == VK_ADDR_USB) {
		struct vk_buf b = VK_BUF_INIT;

		vk_buf_addf(&b, "%s,id=input%d", in->type == VK_INPUT_TABLET ?
			    "usb-tablet" : in->type == VK_INPUT_KEYBOARD ?
			    "usb-kbd" : "usb-mouse", i);
		if (vk_qcmd_usb_addr(c, &in->addr, "input", &b) < 0) {
			vk_buf_free(&b);
			return -1;
		}
		vk_qcmd_push(c, "-device", &b);
		return 0;
	}
	if (vk_qcmd_no_pci(&in->addr, "input") < 0)
		return -1;
	vk_qcmd_need_usb(c);
	vk_argv_add(c->a, "-device");
	vk_argv_addf(c->a, "%s,bus=usb.0,id=input%d",
		     in->type == VK_INPUT_TABLET ? "usb-tablet" :
		     in->type == VK_INPUT_KEYBOARD ? "usb-kbd" : "usb-mouse",
		     i);
	return 0;
}

int vk_qcmd_inputs(struct vk_qcmd *c)
{
	int i;

	for (i = 0; i < c->def->ninputs; i++)
		if (add_input(c, &c->def->inputs[i], i) < 0)
			return -1;
	return 0;
}

/* ---- video ---- */

/* vram (KiB) as the model's video memory option. */
static int add_vram(const struct vk_video *v, struct vk_buf *b)
{
	unsigned mib = v->vram / 1024;

	if (!v->vram)
		return 0;
	/* qxl rounds its (32-bit) VRAM bar up to a power of two, at
	 * least 4 KiB: take only what it will honour. */
	if (v->model == VK_VIDEO_QXL) {
		if ((v->vram & (v->vram - 1)) || v->vram < 4)
			return vk_qcmd_refuse_why("qxl takes a power of two "
						  "KiB from 4", "video model "
						  "'qxl' vram %u", v->vram);
		vk_buf_addf(b, ",vram_size=%llu",
			    (unsigned long long)v->vram * 1024);
		return 0;
	}
	if (v->model == VK_VIDEO_VIRTIO || v->model == VK_VIDEO_RAMFB)
		return vk_qcmd_refuse_why("the adapter has no video memory "
					  "size", "video model '%s' vram %u",
					  vk_video_model_names[v->model],
					  v->vram);
	if (v->model == VK_VIDEO_BOCHS) {
		vk_buf_addf(b, ",vgamem=%llu",
			    (unsigned long long)v->vram * 1024);
		return 0;
	}
	/* QEMU rounds VGA memory up to a power of two MiB (cirrus takes
	 * 4, 8 or 16): take only what it will honour. */
	if (v->vram % 1024 || (mib & (mib - 1)) || mib > 512 ||
	    (v->model == VK_VIDEO_CIRRUS && (mib < 4 || mib > 16)))
		return vk_qcmd_refuse_why(v->model == VK_VIDEO_CIRRUS ?
					  "cirrus takes 4096, 8192 or 16384" :
					  "QEMU takes a power of two MiB: "
					  "1024, 2048, ... 524288",
					  "video model '%s' vram %u",
					  vk_video_model_names[v->model],
					  v->vram);
	vk_buf_addf(b, ",vgamem_mb=%u", mib);
	return 0;
}

/* qxl's other memory sizes. */
static int add_qxl_mem(const struct vk_video *v, struct vk_buf *b)
{
	if (v->ram) {
		if (v->ram & (v->ram - 1))
			return vk_qcmd_refuse_why("qxl takes a power of two "
						  "KiB", "video model 'qxl' "
						  "ram %u", v->ram);
		vk_buf_addf(b, ",ram_size=%llu",
			    (unsigned long long)v->ram * 1024);
	}
	if (v->vram64)
		vk_buf_addf(b, ",vram64_size_mb=%u", (v->vram64 + 1023) / 1024);
	if (v->vgamem)
		vk_buf_addf(b, ",vgamem_mb=%u", (v->vgamem + 1023) / 1024);
	return 0;
}

/* What QEMU cannot do with V, refused. */
static int check_video(const struct vk_video *v, int i)
{
	const char *name = vk_video_model_names[v->model];
	bool virtio = v->model == VK_VIDEO_VIRTIO, opts = false;
	int k;

	switch (v->model) {
	case VK_VIDEO_XEN:
		return vk_qcmd_refuse_why("it is Xen's paravirtual "
					  "framebuffer", "video model 'xen'");
	case VK_VIDEO_VBOX:
		return vk_qcmd_refuse_why("it is VirtualBox's adapter",
					  "video model 'vbox'");
	case VK_VIDEO_GOP:
		return vk_qcmd_refuse_why("it is bhyve's UEFI framebuffer",
					  "video model 'gop'");
	case VK_VIDEO_PARALLELS:
		return vk_qcmd_refuse_why("it is Parallels' adapter",
					  "video model 'parallels'");
	}
	if (v->accel3d == 1)
		return vk_qcmd_refuse_why("3D needs virgl and a GPU render "
					  "node, which QEMU here has not",
					  "video acceleration accel3d");
	if (v->accel2d == 1)
		return vk_qcmd_refuse_why("QEMU's emulated adapters have no "
					  "2D acceleration",
					  "video acceleration accel2d");
	if (v->rendernode)
		return vk_qcmd_refuse_why("it is for 3D (virgl)", "video "
					  "acceleration rendernode");
	if (v->driver == VK_VIDEO_DRV_VHOSTUSER)
		return vk_qcmd_refuse_why("virtkit runs no vhost-user-gpu "
					  "backend", "video driver "
					  "'vhostuser'");
	for (k = 0; k < VK_VIRTIO_OPT_LAST; k++)
		opts |= v->drv.opt[k] >= 0;
	if (opts && !virtio)
		return vk_qcmd_refuse_why("only virtio adapters have them",
					  "video model '%s' driver options",
					  name);
	if (v->blob == 1 && !virtio)
		return vk_qcmd_refuse_why("only virtio-gpu has blob "
					  "resources", "video model '%s' blob",
					  name);
	if (v->blob == 1)
		return vk_qcmd_refuse_why("blob resources need the guest's "
					  "memory in a memfd",
					  "video model 'virtio' blob");
	if (v->heads > 1 && v->model != VK_VIDEO_QXL && !virtio)
		return vk_qcmd_refuse_why("only qxl and virtio have several "
					  "heads", "video model '%s' heads %u",
					  name, v->heads);
	if (v->res_x && (v->model == VK_VIDEO_CIRRUS ||
			 v->model == VK_VIDEO_VMVGA ||
			 v->model == VK_VIDEO_RAMFB))
		return vk_qcmd_refuse_why("the adapter has no resolution "
					  "setting", "video model '%s' "
					  "resolution", name);
	/* Cirrus and vmvga are VGA cards only. */
	if (i && (v->model == VK_VIDEO_CIRRUS || v->model == VK_VIDEO_VMVGA))
		return vk_qcmd_refuse_why("it is a VGA card: only the "
					  "primary can be one",
					  "a second video model '%s'", name);
	return 0;
}

/* The device for V, the Nth adapter. */
static const char *video_device(const struct vk_qcmd *c,
				const struct vk_video *v, int i)
{
	switch (v->model) {
	case VK_VIDEO_VGA:
		return i ? "secondary-vga" : "VGA";
	case VK_VIDEO_CIRRUS:
		return "cirrus-vga";
	case VK_VIDEO_VMVGA:
		return "vmware-svga";
	case VK_VIDEO_QXL:
		return i ? "qxl" : "qxl-vga";
	case VK_VIDEO_VIRTIO:
		/* virtio-vga carries a VGA: the PC's primary only. */
		return i || !c->x86 ? "virtio-gpu-pci" : "virtio-vga";
	case VK_VIDEO_BOCHS:
		return "bochs-display";
	default:
		return "ramfb";
	}
}

static int add_video(struct vk_qcmd *c, const struct vk_video *v, int i)
{
	struct vk_buf b = VK_BUF_INIT;

	if (check_video(v, i) < 0)
		return -1;
	vk_buf_addf(&b, "%s,id=video%d", video_device(c, v, i), i);
	if (add_vram(v, &b) < 0 ||
	    (v->model == VK_VIDEO_QXL && add_qxl_mem(v, &b) < 0)) {
		vk_buf_free(&b);
		return -1;
	}
	if (v->heads && (v->model == VK_VIDEO_QXL ||
			 v->model == VK_VIDEO_VIRTIO))
		vk_buf_addf(&b, ",max_outputs=%u", v->heads);
	if (v->res_x)
		vk_buf_addf(&b, ",xres=%u,yres=%u", v->res_x, v->res_y);
	if (vk_qcmd_virtio_opts(&b, &v->drv, VK_VIRTIO_MODEL, "video") < 0) {
		vk_buf_free(&b);
		return -1;
	}
	if (v->model == VK_VIDEO_RAMFB) {
		vk_qcmd_push(c, "-device", &b);
		return vk_qcmd_no_pci(&v->addr, "video model 'ramfb'");
	}
	return vk_qcmd_push_pci(c, &v->addr, "video", &b);
}

int vk_qcmd_video(struct vk_qcmd *c)
{
	int i;

	/* A display with no adapter given gets the standard VGA. */
	if (!c->def->nvideos && c->def->ngraphics)
		vk_argv_add2(c->a, "-device", "VGA,id=video0");
	/* model 'none': no adapter at all (-nodefaults gives none). */
	if (c->def->nvideos == 1 && c->def->videos[0].model == VK_VIDEO_NONE)
		return 0;
	for (i = 0; i < c->def->nvideos; i++)
		if (add_video(c, &c->def->videos[i], i) < 0)
			return -1;
	return 0;
}
