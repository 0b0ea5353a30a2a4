/* Display and sound devices as a group: the checks that need every device of the group (audio
 * ids, the primary video), libvirt's default audio backend, and the
 * group's free and copy. */
#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "domain.h"

/* ---- whole-document checks and defaults ---- */

/* The Nth (from 0) child named NAME of ROOT's <devices>, else ROOT. */
static xmlNodePtr nth_device(xmlNodePtr root, const char *name, int n)
{
	xmlNodePtr devs, child;

	vk_xml_foreach(devs, root) {
		if (!vk_xml_is(devs, "devices"))
			continue;
		vk_xml_foreach(child, devs)
			if (vk_xml_is(child, name) && !n--)
				return child;
	}
	return root;
}

static bool audio_exists(const struct vk_domain_def *def, unsigned id)
{
	int i;

	for (i = 0; i < def->naudios; i++)
		if (def->audios[i].id == id)
			return true;
	return false;
}

static int check_audio_refs(const struct vk_domain_def *def,
			    xmlNodePtr root)
{
	int i;

	for (i = 0; i < def->nsounds; i++)
		if (def->sounds[i].audio_id &&
		    !audio_exists(def, def->sounds[i].audio_id))
			return vk_xml_error(nth_device(root, "sound", i),
					    "no <audio> has id %u",
					    def->sounds[i].audio_id);
	for (i = 0; i < def->ngraphics; i++)
		if (def->graphics[i].audio_id &&
		    !audio_exists(def, def->graphics[i].audio_id))
			return vk_xml_error(nth_device(root, "graphics", i),
					    "no <audio> has id %u",
					    def->graphics[i].audio_id);
	return 0;
}

/* libvirt's qemu driver gives sound cards a backend when none is
 * given: SPICE's beside a SPICE display, else none. */
static void default_audio(struct vk_domain_def *def)
{
	struct vk_audio *a;
	int i;

	if ((def->virt_type != VK_VIRT_QEMU && def->virt_type != VK_VIRT_KVM)
	    || !def->nsounds || def->naudios)
		return;
	a = vk_array_add(&def->audios, &def->naudios, sizeof(*a));
	a->id = 1;
	a->type = VK_AUDIO_NONE;
	for (i = 0; i < def->ngraphics; i++)
		if (def->graphics[i].type == VK_GFX_SPICE)
			a->type = VK_AUDIO_SPICE;
}

/* One primary video at most, and it goes first; 'none' stands alone. */
static int check_videos(struct vk_domain_def *def, xmlNodePtr root)
{
	int i, primary = -1;

	for (i = 0; i < def->nvideos; i++) {
		if (def->videos[i].model == VK_VIDEO_NONE && def->nvideos > 1)
			return vk_xml_error(nth_device(root, "video", i),
					    "model type 'none' must be the "
					    "only video");
		if (def->videos[i].primary != 1)
			continue;
		if (primary >= 0)
			return vk_xml_error(nth_device(root, "video", i),
					    "more than one primary video");
		primary = i;
	}
	if (primary > 0) {
		struct vk_video v = def->videos[primary];

		memmove(def->videos + 1, def->videos,
			(size_t)primary * sizeof(v));
		def->videos[0] = v;
	}
	return 0;
}

int vk_dom_display_finish(struct vk_domain_def *def, xmlNodePtr root)
{
	if (check_audio_refs(def, root) < 0 || check_videos(def, root) < 0)
		return -1;
	default_audio(def);
	return 0;
}

/* ---- free, copy ---- */

void vk_dom_display_clear(struct vk_domain_def *def)
{
	int i;

	for (i = 0; i < def->ninputs; i++)
		free(def->inputs[i].source);
	free(def->inputs);
	for (i = 0; i < def->ngraphics; i++)
		vk_graphics_clear(&def->graphics[i]);
	free(def->graphics);
	for (i = 0; i < def->nvideos; i++)
		free(def->videos[i].rendernode);
	free(def->videos);
	free(def->sounds);
	vk_audio_array_clear(def->audios, def->naudios);
	for (i = 0; i < def->nredirdevs; i++)
		vk_chr_clear(&def->redirdevs[i].chr);
	free(def->redirdevs);
	free(def->usbdevs);
	free(def->hubs);
}

void vk_dom_display_copy(struct vk_domain_def *dst,
			 const struct vk_domain_def *src)
{
	int i;

	dst->inputs = vk_array_dup(src->inputs, src->ninputs,
				sizeof(*dst->inputs));
	for (i = 0; i < src->ninputs; i++)
		dst->inputs[i].source = vk_strdup(src->inputs[i].source);
	dst->graphics = vk_array_dup(src->graphics, src->ngraphics,
				  sizeof(*dst->graphics));
	for (i = 0; i < src->ngraphics; i++)
		vk_graphics_copy(&dst->graphics[i], &src->graphics[i]);
	dst->videos = vk_array_dup(src->videos, src->nvideos,
				sizeof(*dst->videos));
	for (i = 0; i < src->nvideos; i++)
		dst->videos[i].rendernode =
			vk_strdup(src->videos[i].rendernode);
	dst->sounds = vk_array_dup(src->sounds, src->nsounds,
				sizeof(*dst->sounds));
	dst->audios = vk_audio_array_copy(src->audios, src->naudios);
	dst->redirdevs = vk_array_dup(src->redirdevs, src->nredirdevs,
				   sizeof(*dst->redirdevs));
	for (i = 0; i < src->nredirdevs; i++)
		vk_chr_copy(&dst->redirdevs[i].chr, &src->redirdevs[i].chr);
	dst->usbdevs = vk_array_dup(src->usbdevs, src->nusbdevs,
				 sizeof(*dst->usbdevs));
	dst->hubs = vk_array_dup(src->hubs, src->nhubs, sizeof(*dst->hubs));
}
