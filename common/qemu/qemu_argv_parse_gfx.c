/* A QEMU command line to a domain: video adapters, sound cards and the
 * watchdog, as qemu_command_gfx.c and qemu_command_dev.c write them:
 *   -device VGA|cirrus-vga|vmware-svga|qxl-vga,id=video0[,vgamem_mb=M
 *           |,vram_size=B][,max_outputs=N][,ADDR]; qxl or secondary-vga
 *           for the further ones.  A lone plain VGA beside a display is
 *           the adapter virtkit gives a display without <video>.
 *   -audiodev none|spice,id=audioN, -device ES1370|sb16|AC97,id=soundN,
 *           audiodev=audioN or intel-hda,id=soundN with its hda-duplex
 *   -device i6300esb|ib700,id=watchdog0[,ADDR] -action watchdog=ACTION */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qemu_argv_parse_priv.h"
#include "util/error.h"

/* ---- video ---- */

static const struct {
	const char *drv;
	int model;
	bool first;		/* the first adapter's device */
} videos[] = {
	{"VGA", VK_VIDEO_VGA, true}, {"cirrus-vga", VK_VIDEO_CIRRUS, true},
	{"vmware-svga", VK_VIDEO_VMVGA, true}, {"qxl-vga", VK_VIDEO_QXL, true},
	{"qxl", VK_VIDEO_QXL, false}, {"secondary-vga", VK_VIDEO_VGA, false},
	{NULL, 0, false}
};

static int video_index(const char *drv)
{
	int i;

	for (i = 0; videos[i].drv; i++)
		if (!strcmp(videos[i].drv, drv))
			return i;
	return -1;
}

static const char *const sounds[] = {
	[VK_SOUND_ES1370] = "ES1370", [VK_SOUND_SB16] = "sb16",
	[VK_SOUND_AC97] = "AC97", [VK_SOUND_ICH6] = "intel-hda", NULL
};

static int sound_index(const char *drv)
{
	return vk_qa_index(sounds, drv);
}

bool vk_qa_is_gfx_driver(const char *drv)
{
	return video_index(drv) >= 0 || sound_index(drv) >= 0 ||
	       !strcmp(drv, "hda-duplex") || !strcmp(drv, "i6300esb") ||
	       !strcmp(drv, "ib700");
}

static int video(struct vk_qa *q, struct vk_qa_props *p, int k)
{
	unsigned long long mib = 0, bytes = 0, heads = 0;
	struct vk_video *v;
	char id[16];

	snprintf(id, sizeof(id), "video%d", q->def->nvideos);
	if (videos[k].first != !q->def->nvideos)
		return vk_qa_err(p->opt, "'%s' as adapter %d", videos[k].drv,
				 q->def->nvideos);
	if (vk_qa_expect(p, "id", id) < 0 ||
	    vk_qa_get_uint(p, "vgamem_mb", 512, &mib) < 0 ||
	    vk_qa_get_uint(p, "vram_size", 1ULL << 40, &bytes) < 0 ||
	    vk_qa_get_uint(p, "max_outputs", 16, &heads) < 0)
		return -1;
	v = vk_array_add(&q->def->videos, &q->def->nvideos, sizeof(*v));
	vk_video_init(v);
	v->model = videos[k].model;
	v->vram = (unsigned)(mib ? mib * 1024 : bytes / 1024);
	v->heads = (unsigned)heads;
	return vk_qa_pci_addr(p, &v->addr);
}

int vk_qa_video_finish(struct vk_qa *q)
{
	const struct vk_video *v = q->def->videos;

	if (q->def->nvideos == 1 && q->def->ngraphics &&
	    v->model == VK_VIDEO_VGA && !v->vram && !v->heads &&
	    v->addr.type == VK_ADDR_NONE) {
		free(q->def->videos);
		q->def->videos = NULL;
		q->def->nvideos = 0;
	}
	return 0;
}

/* ---- sound, watchdog ---- */

/* The cards' backend: the first -audiodev. */
static int expect_audiodev(struct vk_qa *q, struct vk_qa_props *p)
{
	char id[24];

	if (!q->def->naudios)
		return vk_qa_err(p->opt, "a sound card before -audiodev");
	snprintf(id, sizeof(id), VK_AUDIO_QEMU_ID_FMT, q->def->audios[0].id);
	return vk_qa_expect(p, "audiodev", id);
}

static int sound(struct vk_qa *q, struct vk_qa_props *p, int model)
{
	struct vk_sound *snd;
	char id[16];

	snprintf(id, sizeof(id), "sound%d", q->def->nsounds);
	if (vk_qa_expect(p, "id", id) < 0 ||
	    (model != VK_SOUND_ICH6 && expect_audiodev(q, p) < 0))
		return -1;
	snd = vk_array_add(&q->def->sounds, &q->def->nsounds, sizeof(*snd));
	snd->model = model;
	return vk_qa_pci_addr(p, &snd->addr);
}

/* intel-hda's codec, right after it. */
static int codec(struct vk_qa *q, struct vk_qa_props *p)
{
	int n = q->def->nsounds - 1;
	char id[32], bus[32];

	if (n < 0 || q->def->sounds[n].model != VK_SOUND_ICH6)
		return vk_qa_err(p->opt, "hda-duplex without intel-hda");
	snprintf(id, sizeof(id), "sound%d-codec0", n);
	snprintf(bus, sizeof(bus), "sound%d.0", n);
	return vk_qa_expect(p, "id", id) < 0 ||
	       vk_qa_expect(p, "bus", bus) < 0 ||
	       vk_qa_expect(p, "cad", "0") < 0 ||
	       expect_audiodev(q, p) < 0 ? -1 : 0;
}

int vk_qa_audiodev(struct vk_qa *q, const struct vk_qa_opt *o)
{
	struct vk_audio *a;
	unsigned id;
	char type[8], end;

	/* A silent or SPICE backend: none|spice,id=audioN. */
	if (sscanf(o->value, "%7[a-z],id=audio%u%c", type, &id, &end) != 2 ||
	    (strcmp(type, "none") && strcmp(type, "spice")) || !id ||
	    id > 255)
		return vk_qa_err(o, "'%s': not none|spice,id=audioN",
				 o->value);
	a = vk_array_add(&q->def->audios, &q->def->naudios, sizeof(*a));
	a->id = id;
	a->type = strcmp(type, "none") ? VK_AUDIO_SPICE : VK_AUDIO_NONE;
	return 0;
}

static int watchdog(struct vk_qa *q, struct vk_qa_props *p, const char *drv)
{
	struct vk_watchdog *wd = &q->def->watchdog;

	if (wd->model >= 0)
		return vk_qa_err(p->opt, "a second watchdog");
	if (vk_qa_expect(p, "id", "watchdog0") < 0)
		return -1;
	wd->model = strcmp(drv, "ib700") ? VK_WD_I6300ESB : VK_WD_IB700;
	return vk_qa_pci_addr(p, &wd->addr);
}

int vk_qa_watchdog_action(struct vk_qa *q, const struct vk_qa_opt *o,
			  const char *action)
{
	int i;

	for (i = 0; vk_wd_action_names[i]; i++)
		if (i != VK_WD_DUMP && !strcmp(vk_wd_action_names[i], action)) {
			q->def->watchdog.action = i;
			return 0;
		}
	return vk_qa_err(o, "watchdog '%s': not supported", action);
}

int vk_qa_dev_gfx(struct vk_qa *q, struct vk_qa_props *p, const char *drv)
{
	int k = video_index(drv);

	if (k >= 0)
		return video(q, p, k);
	k = sound_index(drv);
	if (k >= 0)
		return sound(q, p, k);
	if (!strcmp(drv, "hda-duplex"))
		return codec(q, p);
	return watchdog(q, p, drv);
}

/* ---- the older forms ---- */

/* -vga std|cirrus|vmware|qxl|none: the first adapter. */
int vk_qa_old_vga(struct vk_qa *q, const struct vk_qa_opt *o)
{
	static const struct { const char *name; int model; } vgas[] = {
		{"std", VK_VIDEO_VGA}, {"cirrus", VK_VIDEO_CIRRUS},
		{"vmware", VK_VIDEO_VMVGA}, {"qxl", VK_VIDEO_QXL},
		{NULL, 0}
	};
	struct vk_video *v;
	int i;

	if (!strcmp(o->value, "none"))
		return 0;
	for (i = 0; vgas[i].name && strcmp(vgas[i].name, o->value); i++)
		;
	if (!vgas[i].name)
		return vk_qa_err(o, "VGA '%s': not supported", o->value);
	if (q->def->nvideos)
		return vk_qa_err(o, "a second first adapter");
	v = vk_array_add(&q->def->videos, &q->def->nvideos, sizeof(*v));
	vk_video_init(v);
	v->model = vgas[i].model;
	return 0;
}

/* -soundhw es1370,sb16,ac97,hda */
int vk_qa_soundhw(struct vk_qa *q, const struct vk_qa_opt *o)
{
	static const char *const names[] = {
		[VK_SOUND_ES1370] = "es1370", [VK_SOUND_SB16] = "sb16",
		[VK_SOUND_AC97] = "ac97", [VK_SOUND_ICH6] = "hda", NULL
	};
	const char *s = o->value;

	while (*s) {
		size_t n = strcspn(s, ",");
		struct vk_sound *snd;
		int i;

		for (i = 0; names[i] && (strlen(names[i]) != n ||
					 strncmp(names[i], s, n)); i++)
			;
		if (!names[i])
			return vk_qa_err(o, "sound card '%.*s': not es1370, "
					 "sb16, ac97 or hda", (int)n, s);
		snd = vk_array_add(&q->def->sounds, &q->def->nsounds,
				   sizeof(*snd));
		snd->model = i;
		s += n + (s[n] == ',');
	}
	return 0;
}

/* -watchdog MODEL, -watchdog-action ACTION */
int vk_qa_old_watchdog(struct vk_qa *q, const struct vk_qa_opt *o)
{
	struct vk_watchdog *wd = &q->def->watchdog;

	if (!strcmp(o->name, "watchdog-action"))
		return vk_qa_watchdog_action(q, o, o->value);
	if (wd->model >= 0)
		return vk_qa_err(o, "a second watchdog");
	if (!strcmp(o->value, "i6300esb"))
		wd->model = VK_WD_I6300ESB;
	else if (!strcmp(o->value, "ib700"))
		wd->model = VK_WD_IB700;
	else
		return vk_qa_err(o, "watchdog '%s': not i6300esb or ib700",
				 o->value);
	return 0;
}
