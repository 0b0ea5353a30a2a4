/* The QEMU 7.2 command line: audio backends (-audiodev), sound cards,
 * USB redirection and hubs (the forms are listed in qemu_command_av.c). */
#include <stdlib.h>
#include <string.h>

#include "qemu_command_priv.h"
#include "util/error.h"

/* ---- audio backends ---- */

/* QEMU's name of each <audio> attribute (enum vk_audio_attr order) and
 * of each <input>/<output> one (vk_audio_io.attrs order); NULL: none. */
static const char *const audio_opts[VK_AUDIO_NATTRS] = {
	"timer-period", "path", "server", NULL, "try-mmap", "exclusive",
	"dsp-policy", NULL
};
static const char *const io_opts[VK_AUDIO_IO_NATTRS] = {
	"mixing-engine", "fixed-settings", "voices", "buffer-length", "dev",
	"buffer-count", "try-poll", "name", "stream-name", "latency",
	"client-name", "connect-ports", "exact-name", "server-name",
	"frequency", "channels", "format"
};

/* VAL for QEMU: yes/no become on/off. */
static void add_opt(struct vk_buf *b, const char *prefix, const char *key,
		    const char *val)
{
	vk_buf_addf(b, ",%s%s=", prefix, key);
	if (!strcmp(val, "yes"))
		vk_buf_add(b, "on");
	else if (!strcmp(val, "no"))
		vk_buf_add(b, "off");
	else
		vk_qcmd_esc(b, val);
}

static void add_io(struct vk_buf *b, const char *prefix,
		   const struct vk_audio_io *io)
{
	int i;

	for (i = 0; i < VK_AUDIO_IO_NATTRS; i++)
		if (io->attrs[i])
			add_opt(b, prefix, io_opts[i], io->attrs[i]);
}

static bool has_gfx(const struct vk_domain_def *def, int type)
{
	int i;

	for (i = 0; i < def->ngraphics; i++)
		if (def->graphics[i].type == type)
			return true;
	return false;
}

static int check_audio(const struct vk_qcmd *c, const struct vk_audio *a)
{
	const char *type = vk_audio_type_names[a->type];

	switch (a->type) {
	case VK_AUDIO_COREAUDIO:
		return vk_qcmd_refuse_why("it is macOS's sound system",
					  "audio type 'coreaudio'");
	case VK_AUDIO_PIPEWIRE:
		return vk_qcmd_refuse_why("QEMU 7.2 has no PipeWire backend",
					  "audio type 'pipewire'");
	case VK_AUDIO_DBUS:
		return vk_qcmd_refuse_why("it needs the D-Bus display",
					  "audio type 'dbus'");
	case VK_AUDIO_SPICE:
		if (!has_gfx(c->def, VK_GFX_SPICE))
			return vk_qcmd_refuse_why("it needs a <graphics "
						  "type='spice'>", "audio "
						  "type 'spice'");
		break;
	case VK_AUDIO_FILE:
		if (!a->attrs[VK_AUDIO_PATH])
			return vk_qcmd_refuse_why("QEMU would write qemu.wav "
						  "in its working directory",
						  "audio type 'file' without "
						  "a path");
		break;
	}
	if (a->attrs[VK_AUDIO_SDL_DRIVER])
		return vk_qcmd_refuse_why("SDL takes its driver from QEMU's "
					  "environment", "audio type '%s' "
					  "driver", type);
	return 0;
}

static int add_audio(struct vk_qcmd *c, const struct vk_audio *a)
{
	static const char *const drv[VK_AUDIO_LAST] = {
		[VK_AUDIO_NONE] = "none", [VK_AUDIO_ALSA] = "alsa",
		[VK_AUDIO_JACK] = "jack", [VK_AUDIO_OSS] = "oss",
		[VK_AUDIO_PULSEAUDIO] = "pa", [VK_AUDIO_SDL] = "sdl",
		[VK_AUDIO_SPICE] = "spice", [VK_AUDIO_FILE] = "wav",
	};
	struct vk_buf b = VK_BUF_INIT;
	int i;

	if (check_audio(c, a) < 0)
		return -1;
	vk_buf_addf(&b, "%s,id=" VK_AUDIO_QEMU_ID_FMT, drv[a->type], a->id);
	for (i = 0; i < VK_AUDIO_NATTRS; i++)
		if (a->attrs[i] && audio_opts[i])
			add_opt(&b, "", audio_opts[i], a->attrs[i]);
	add_io(&b, "in.", &a->in);
	add_io(&b, "out.", &a->out);
	vk_qcmd_push(c, "-audiodev", &b);
	return 0;
}

int vk_qcmd_audios(struct vk_qcmd *c)
{
	int i;

	for (i = 0; i < c->def->naudios; i++)
		if (add_audio(c, &c->def->audios[i]) < 0)
			return -1;
	return 0;
}

/* ---- sound ---- */

/* The backend of SND: its <audio id>, else the first one. */
static int sound_audio(const struct vk_qcmd *c, const struct vk_sound *snd,
		       unsigned *id)
{
	if (snd->audio_id) {
		*id = snd->audio_id;
		return 0;
	}
	if (!c->def->naudios)
		return vk_error(VK_EXIT_DOCUMENT, "sound model '%s': no "
				"<audio> backend",
				vk_sound_model_names[snd->model]);
	*id = c->def->audios[0].id;
	return 0;
}

static void add_codecs(struct vk_qcmd *c, const struct vk_sound *snd, int i,
		       unsigned audio)
{
	static const char *const dev[] = {
		[VK_CODEC_DUPLEX] = "hda-duplex", [VK_CODEC_MICRO] = "hda-micro",
		[VK_CODEC_OUTPUT] = "hda-output",
	};
	int k, n = snd->ncodecs ? snd->ncodecs : 1;

	for (k = 0; k < n; k++) {
		vk_argv_add(c->a, "-device");
		vk_argv_addf(c->a, "%s,id=sound%d-codec%d,bus=sound%d.0,cad=%d,"
			     "audiodev=" VK_AUDIO_QEMU_ID_FMT,
			     dev[snd->ncodecs ? snd->codecs[k] :
				 VK_CODEC_DUPLEX], i, k, i, k, audio);
	}
}

static int check_sound(const struct vk_qcmd *c, const struct vk_sound *snd)
{
	const char *name = vk_sound_model_names[snd->model];
	bool hda = snd->model == VK_SOUND_ICH6 || snd->model == VK_SOUND_ICH9;

	if (snd->model == VK_SOUND_ICH7)
		return vk_qcmd_refuse_why("QEMU has no ICH7 HDA controller",
					  "sound model 'ich7'");
	if ((snd->model == VK_SOUND_SB16 || snd->model == VK_SOUND_PCSPK) &&
	    !c->x86)
		return vk_qcmd_refuse_why("it is a PC's ISA device", "sound "
					  "model '%s' on arch '%s'", name,
					  c->def->os.arch);
	if (snd->ncodecs && !hda)
		return vk_qcmd_refuse_why("only HDA controllers have codecs",
					  "sound model '%s' codec", name);
	if (snd->model == VK_SOUND_PCSPK)
		return vk_qcmd_no_pci(&snd->addr, name);
	return 0;
}

static int usb_bus(struct vk_qcmd *c, const struct vk_dev_addr *a,
		   const char *who, struct vk_buf *b);

static int add_sound(struct vk_qcmd *c, const struct vk_sound *snd, int i)
{
	static const char *const dev[] = {
		[VK_SOUND_ES1370] = "ES1370", [VK_SOUND_SB16] = "sb16",
		[VK_SOUND_AC97] = "AC97", [VK_SOUND_ICH6] = "intel-hda",
		[VK_SOUND_ICH9] = "ich9-intel-hda",
		[VK_SOUND_USB] = "usb-audio",
	};
	bool hda = snd->model == VK_SOUND_ICH6 || snd->model == VK_SOUND_ICH9;
	struct vk_buf b = VK_BUF_INIT;
	unsigned audio = 0;

	if (check_sound(c, snd) < 0 || sound_audio(c, snd, &audio) < 0)
		return -1;
	if (snd->model == VK_SOUND_PCSPK) {
		vk_argv_add(c->a, "-machine");
		vk_argv_addf(c->a, "pcspk-audiodev=" VK_AUDIO_QEMU_ID_FMT,
			     audio);
		return 0;
	}
	vk_buf_addf(&b, "%s,id=sound%d", dev[snd->model], i);
	if (snd->model == VK_SOUND_USB && usb_bus(c, &snd->addr, "sound",
						  &b) < 0) {
		vk_buf_free(&b);
		return -1;
	}
	/* The HDA controller takes the audio backend on its codecs. */
	if (!hda)
		vk_buf_addf(&b, ",audiodev=" VK_AUDIO_QEMU_ID_FMT, audio);
	if (snd->model == VK_SOUND_USB)
		vk_qcmd_push(c, "-device", &b);
	else if (vk_qcmd_push_pci(c, &snd->addr, "sound", &b) < 0)
		return -1;
	if (hda)
		add_codecs(c, snd, i, audio);
	return 0;
}

int vk_qcmd_sounds(struct vk_qcmd *c)
{
	int i;

	if (vk_qcmd_audios(c) < 0)
		return -1;
	for (i = 0; i < c->def->nsounds; i++)
		if (add_sound(c, &c->def->sounds[i], i) < 0)
			return -1;
	return 0;
}

/* ---- USB redirection, hubs ---- */

/* ",bus=usb.0", or the USB address A gives. */
static int usb_bus(struct vk_qcmd *c, const struct vk_dev_addr *a,
		   const char *who, struct vk_buf *b)
{
	if (a->type == VK_ADDR_USB)
		return vk_qcmd_usb_addr(c, a, who, b);
	vk_qcmd_need_usb(c);
	vk_buf_add(b, ",bus=usb.0");
	return 0;
}

/* usb-redir's filter: "class:vendor:product:version:allow|...", -1 for
 * any. */
static void add_filter(struct vk_qcmd *c, struct vk_buf *b)
{
	const struct vk_domain_def *def = c->def;
	int i;

	if (!def->nusbdevs)
		return;
	vk_buf_add(b, ",filter=");
	for (i = 0; i < def->nusbdevs; i++) {
		const struct vk_usbdev_rule *r = &def->usbdevs[i];

		if (i)
			vk_buf_addc(b, '|');
		if (r->class_ >= 0)
			vk_buf_addf(b, "0x%02x:", r->class_);
		else
			vk_buf_add(b, "-1:");
		if (r->vendor >= 0)
			vk_buf_addf(b, "0x%04x:", r->vendor);
		else
			vk_buf_add(b, "-1:");
		if (r->product >= 0)
			vk_buf_addf(b, "0x%04x:", r->product);
		else
			vk_buf_add(b, "-1:");
		if (r->version >= 0)
			vk_buf_addf(b, "0x%04x:", r->version);
		else
			vk_buf_add(b, "-1:");
		vk_buf_addf(b, "%d", r->allow ? 1 : 0);
	}
}

static int add_redirdev(struct vk_qcmd *c, int i)
{
	const struct vk_redirdev *r = &c->def->redirdevs[i];
	struct vk_buf b = VK_BUF_INIT;
	char *id = vk_asprintf("charredir%d", i);
	int rc;

	if (r->chr.type == VK_CHR_SPICEVMC) {
		rc = has_gfx(c->def, VK_GFX_SPICE) ? 0 :
		     vk_qcmd_refuse_why("it needs a <graphics type='spice'>",
					"redirdev type 'spicevmc'");
		if (!rc) {
			vk_argv_add(c->a, "-chardev");
			vk_argv_addf(c->a, "spicevmc,id=%s,name=usbredir", id);
		}
	} else {
		rc = vk_qcmd_chardev(c, &r->chr, id);
	}
	if (rc < 0) {
		free(id);
		return -1;
	}
	vk_buf_addf(&b, "usb-redir,chardev=%s,id=redir%d", id, i);
	free(id);
	if (usb_bus(c, &r->addr, "redirdev", &b) < 0) {
		vk_buf_free(&b);
		return -1;
	}
	add_filter(c, &b);
	if (r->boot_order)
		vk_buf_addf(&b, ",bootindex=%u", r->boot_order);
	vk_qcmd_push(c, "-device", &b);
	return 0;
}

int vk_qcmd_redirdevs(struct vk_qcmd *c)
{
	int i;

	for (i = 0; i < c->def->nredirdevs; i++)
		if (add_redirdev(c, i) < 0)
			return -1;
	for (i = 0; i < c->def->nhubs; i++) {
		struct vk_buf b = VK_BUF_INIT;

		vk_buf_addf(&b, "usb-hub,id=hub%d", i);
		if (usb_bus(c, &c->def->hubs[i].addr, "hub", &b) < 0) {
			vk_buf_free(&b);
			return -1;
		}
		vk_qcmd_push(c, "-device", &b);
	}
	return 0;
}
