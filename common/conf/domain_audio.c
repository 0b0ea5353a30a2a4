/* <audio id type>: the host side of sound (a backend that sound cards
 * and displays name by id), with its <input> and <output> settings.
 * Each attribute is described once in a table (its kind and the types
 * that take it), so the parser, the writer and the copy are the same
 * loop for every backend. */
#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "domain.h"

const char *const vk_audio_type_names[] = {
	"none", "alsa", "coreaudio", "jack", "oss", "pulseaudio", "sdl",
	"spice", "file", "dbus", "pipewire", NULL
};

enum kind { K_STR, K_PATH, K_UINT, K_YESNO, K_ENUM };

struct attr {
	const char *name;
	enum kind kind;
	unsigned types;		/* bits of enum vk_audio_type; 0: all */
	const char *const *values;	/* K_ENUM */
};

#define T(x) (1u << VK_AUDIO_##x)

static const char *const sdl_drivers[] = {
	"alsa", "pulseaudio", "arts", "esd", NULL
};
static const char *const formats[] = {
	"s8", "u8", "s16", "u16", "s32", "u32", "f32", NULL
};

static const struct attr audio_attrs[VK_AUDIO_NATTRS] = {
	{"timerPeriod", K_UINT, 0, NULL},
	{"path", K_PATH, T(FILE), NULL},
	{"serverName", K_STR, T(PULSEAUDIO), NULL},
	{"driver", K_ENUM, T(SDL), sdl_drivers},
	{"tryMMap", K_YESNO, T(OSS), NULL},
	{"exclusive", K_YESNO, T(OSS), NULL},
	{"dspPolicy", K_UINT, T(OSS), NULL},
	{"runtimeDir", K_PATH, T(PIPEWIRE), NULL},
};

/* The last three are the attributes of the <settings> child. */
#define IO_SETTINGS 14
static const struct attr io_attrs[VK_AUDIO_IO_NATTRS] = {
	{"mixingEngine", K_YESNO, 0, NULL},
	{"fixedSettings", K_YESNO, 0, NULL},
	{"voices", K_UINT, 0, NULL},
	{"bufferLength", K_UINT, 0, NULL},
	{"dev", K_PATH, T(ALSA) | T(OSS), NULL},
	{"bufferCount", K_UINT, T(COREAUDIO) | T(OSS) | T(SDL), NULL},
	{"tryPoll", K_YESNO, T(OSS), NULL},
	{"name", K_STR, T(PULSEAUDIO) | T(PIPEWIRE), NULL},
	{"streamName", K_STR, T(PULSEAUDIO) | T(PIPEWIRE), NULL},
	{"latency", K_UINT, T(PULSEAUDIO) | T(PIPEWIRE), NULL},
	{"clientName", K_STR, T(JACK), NULL},
	{"connectPorts", K_STR, T(JACK), NULL},
	{"exactName", K_YESNO, T(JACK), NULL},
	{"serverName", K_STR, T(JACK), NULL},
	{"frequency", K_UINT, 0, NULL},
	{"channels", K_UINT, 0, NULL},
	{"format", K_ENUM, 0, formats},
};

#define MAX_UINT 0xffffffffu

/* Attribute A of NODE, when present, checked and normalised into
 * *OUT (caller frees). */
static int parse_attr(xmlNodePtr node, const struct attr *a, int type,
		      char **out)
{
	unsigned long long n;
	bool set;
	int v;

	if (!vk_xml_has_attr(node, a->name))
		return 0;
	if (a->types && !(a->types & (1u << type)))
		return vk_xml_error(node, "%s is not an attribute of audio "
				    "type '%s'", a->name,
				    vk_audio_type_names[type]);
	switch (a->kind) {
	case K_UINT:
		if (vk_xml_attr_uint(node, a->name, false, MAX_UINT, false,
				     &n, &set) < 0)
			return -1;
		*out = vk_asprintf("%llu", n);
		return 0;
	case K_YESNO:
		if (vk_xml_attr_yesno(node, a->name, &v) < 0)
			return -1;
		*out = vk_strdup(v ? "yes" : "no");
		return 0;
	case K_ENUM:
		if (vk_xml_attr_enum(node, a->name, a->values, false, &v) < 0)
			return -1;
		*out = vk_strdup(a->values[v]);
		return 0;
	default:
		if (vk_xml_attr_str(node, a->name, false, out) < 0)
			return -1;
		if (a->kind == K_PATH && (*out)[0] != '/')
			return vk_xml_error(node, "%s '%s' is not an absolute "
					    "path", a->name, *out);
		return 0;
	}
}

/* Error unless every attribute of NODE is among the N of ATTRS (and
 * EXTRA, NULL-ended). */
static int check_names(xmlNodePtr node, const struct attr *attrs, int n,
		       const char *const *extra)
{
	const char *names[VK_AUDIO_IO_NATTRS + 4];
	int i, k = 0;

	for (i = 0; i < n; i++)
		names[k++] = attrs[i].name;
	for (i = 0; extra && extra[i]; i++)
		names[k++] = extra[i];
	names[k] = NULL;
	return vk_xml_check_attrs(node, names);
}

static int parse_settings(struct vk_audio_io *io, xmlNodePtr node, int type)
{
	int i;

	if (check_names(node, io_attrs + IO_SETTINGS,
			VK_AUDIO_IO_NATTRS - IO_SETTINGS, NULL) < 0 ||
	    vk_xml_check_empty(node) < 0)
		return -1;
	for (i = IO_SETTINGS; i < VK_AUDIO_IO_NATTRS; i++)
		if (parse_attr(node, &io_attrs[i], type, &io->attrs[i]) < 0)
			return -1;
	return 0;
}

static int parse_io(struct vk_audio *a, struct vk_audio_io *io,
		    xmlNodePtr node)
{
	xmlNodePtr child;
	int i;

	if (io->present)
		return vk_xml_duplicate(node);
	io->present = true;
	if (check_names(node, io_attrs, IO_SETTINGS, NULL) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	for (i = 0; i < IO_SETTINGS; i++)
		if (parse_attr(node, &io_attrs[i], a->type, &io->attrs[i]) < 0)
			return -1;
	vk_xml_foreach(child, node) {
		if (!vk_xml_is(child, "settings"))
			return vk_xml_unknown(child);
		if (io->attrs[IO_SETTINGS] || io->attrs[IO_SETTINGS + 1] ||
		    io->attrs[IO_SETTINGS + 2])
			return vk_xml_duplicate(child);
		if (parse_settings(io, child, a->type) < 0)
			return -1;
	}
	return 0;
}

static void io_clear(struct vk_audio_io *io)
{
	int i;

	for (i = 0; i < VK_AUDIO_IO_NATTRS; i++)
		free(io->attrs[i]);
	memset(io, 0, sizeof(*io));
}

static void audio_clear(struct vk_audio *a)
{
	int i;

	for (i = 0; i < VK_AUDIO_NATTRS; i++)
		free(a->attrs[i]);
	io_clear(&a->in);
	io_clear(&a->out);
}

static int parse_audio(struct vk_audio *a, xmlNodePtr node)
{
	static const char *const extra[] = {"id", "type", NULL};
	unsigned long long id;
	xmlNodePtr child;
	bool set;
	int i;

	if (check_names(node, audio_attrs, VK_AUDIO_NATTRS, extra) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    vk_xml_attr_uint(node, "id", false, MAX_UINT, true, &id,
			     &set) < 0 ||
	    vk_xml_attr_enum(node, "type", vk_audio_type_names, true,
			     &a->type) < 0)
		return -1;
	if (!id)
		return vk_xml_error(node, "id must be at least 1");
	a->id = (unsigned)id;
	for (i = 0; i < VK_AUDIO_NATTRS; i++)
		if (parse_attr(node, &audio_attrs[i], a->type,
			       &a->attrs[i]) < 0)
			return -1;
	vk_xml_foreach(child, node) {
		if (vk_xml_is(child, "input")) {
			if (parse_io(a, &a->in, child) < 0)
				return -1;
		} else if (vk_xml_is(child, "output")) {
			if (parse_io(a, &a->out, child) < 0)
				return -1;
		} else {
			return vk_xml_unknown(child);
		}
	}
	return 0;
}

int vk_dom_parse_audio(struct vk_domain_def *def, xmlNodePtr node)
{
	struct vk_audio a;
	int i;

	memset(&a, 0, sizeof(a));
	if (parse_audio(&a, node) < 0) {
		audio_clear(&a);
		return -1;
	}
	for (i = 0; i < def->naudios; i++)
		if (def->audios[i].id == a.id) {
			audio_clear(&a);
			return vk_xml_error(node, "audio id %u is used twice",
					    a.id);
		}
	*(struct vk_audio *)vk_array_add(&def->audios, &def->naudios,
					 sizeof(a)) = a;
	return 0;
}

int vk_dom_parse_audio_ref(xmlNodePtr node, unsigned *id)
{
	static const char *const attrs[] = {"id", NULL};
	unsigned long long v;
	bool set;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_uint(node, "id", false, MAX_UINT, true, &v,
			     &set) < 0)
		return -1;
	if (!v)
		return vk_xml_error(node, "id must be at least 1");
	*id = (unsigned)v;
	return 0;
}

static void format_io(struct vk_xw *w, const char *name,
		      const struct vk_audio_io *io)
{
	int i;

	if (!io->present)
		return;
	vk_xw_open(w, name);
	for (i = 0; i < IO_SETTINGS; i++)
		vk_xw_attr(w, io_attrs[i].name, io->attrs[i]);
	if (io->attrs[IO_SETTINGS] || io->attrs[IO_SETTINGS + 1] ||
	    io->attrs[IO_SETTINGS + 2]) {
		vk_xw_open(w, "settings");
		for (i = IO_SETTINGS; i < VK_AUDIO_IO_NATTRS; i++)
			vk_xw_attr(w, io_attrs[i].name, io->attrs[i]);
		vk_xw_close(w);
	}
	vk_xw_close(w);
}

void vk_dom_format_audio(struct vk_xw *w, const struct vk_audio *a)
{
	int i;

	vk_xw_open(w, "audio");
	vk_xw_attrf(w, "id", "%u", a->id);
	vk_xw_attr(w, "type", vk_audio_type_names[a->type]);
	for (i = 0; i < VK_AUDIO_NATTRS; i++)
		vk_xw_attr(w, audio_attrs[i].name, a->attrs[i]);
	format_io(w, "input", &a->in);
	format_io(w, "output", &a->out);
	vk_xw_close(w);
}

void vk_audio_array_clear(struct vk_audio *a, int n)
{
	int i;

	for (i = 0; i < n; i++)
		audio_clear(&a[i]);
	free(a);
}

struct vk_audio *vk_audio_array_copy(const struct vk_audio *src, int n)
{
	struct vk_audio *dst;
	int i, k;

	if (!n)
		return NULL;
	dst = vk_calloc((size_t)n, sizeof(*dst));
	for (i = 0; i < n; i++) {
		dst[i] = src[i];
		for (k = 0; k < VK_AUDIO_NATTRS; k++)
			dst[i].attrs[k] = vk_strdup(src[i].attrs[k]);
		for (k = 0; k < VK_AUDIO_IO_NATTRS; k++) {
			dst[i].in.attrs[k] = vk_strdup(src[i].in.attrs[k]);
			dst[i].out.attrs[k] = vk_strdup(src[i].out.attrs[k]);
		}
	}
	return dst;
}
