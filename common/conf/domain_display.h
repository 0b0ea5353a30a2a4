/* Domain XML, display and sound devices: <input>, <graphics>, <video>,
 * <sound>, <audio>, <redirdev>, <redirfilter>, <hub>.  Included by
 * domain.h; the parsers and writers are in domain_misc.c (input),
 * domain_graphics.c and domain_listen.c (graphics), domain_video.c
 * (video, sound), domain_audio.c (audio) and domain_redir.c (redirdev,
 * redirfilter, hub). */
#ifndef VK_DOMAIN_DISPLAY_H
#define VK_DOMAIN_DISPLAY_H

struct vk_domain_def;

/* Virtio <driver> options and models: domain_devmisc.h. */

enum vk_input_type { VK_INPUT_MOUSE, VK_INPUT_TABLET, VK_INPUT_KEYBOARD,
		     VK_INPUT_PASSTHROUGH, VK_INPUT_EVDEV };
extern const char *const vk_input_type_names[];
enum vk_input_bus { VK_INPUT_BUS_PS2, VK_INPUT_BUS_USB, VK_INPUT_BUS_XEN,
		    VK_INPUT_BUS_VIRTIO };
extern const char *const vk_input_bus_names[];
enum vk_input_grab { VK_GRAB_ALL };
extern const char *const vk_input_grab_names[];
extern const char *const vk_input_toggle_names[];

struct vk_input {
	int type;		/* enum vk_input_type */
	int bus;		/* -1 unset: chosen from the os type (evdev:
				 * none) */
	int model;		/* virtio: enum vk_virtio_model, -1 unset */
	char *source;		/* passthrough <source evdev>, evdev dev */
	int grab;		/* evdev: enum vk_input_grab, -1 unset */
	int grab_toggle;	/* evdev: index in vk_input_toggle_names */
	int repeat;		/* evdev: -1 unset, 0 off, 1 on */
	struct vk_virtio_opts drv;	/* virtio <driver> */
	struct vk_dev_addr addr;	/* pci (virtio) */
};

enum vk_gfx_type { VK_GFX_VNC, VK_GFX_SDL, VK_GFX_SPICE, VK_GFX_RDP,
		   VK_GFX_DESKTOP, VK_GFX_EGL, VK_GFX_DBUS, VK_GFX_LAST };
extern const char *const vk_gfx_type_names[];
/* SPICE channels and the compression and streaming settings. */
enum vk_spice_channel { VK_SPICE_CH_MAIN, VK_SPICE_CH_DISPLAY,
			VK_SPICE_CH_INPUTS, VK_SPICE_CH_CURSOR,
			VK_SPICE_CH_PLAYBACK, VK_SPICE_CH_RECORD,
			VK_SPICE_CH_SMARTCARD, VK_SPICE_CH_USBREDIR,
			VK_SPICE_CH_LAST };
extern const char *const vk_spice_channel_names[];
enum vk_spice_chmode { VK_SPICE_ANY, VK_SPICE_SECURE, VK_SPICE_INSECURE };
extern const char *const vk_spice_chmode_names[];
enum vk_spice_setting { VK_SPICE_IMAGE, VK_SPICE_JPEG, VK_SPICE_ZLIB,
			VK_SPICE_PLAYBACK, VK_SPICE_STREAMING,
			VK_SPICE_CLIPBOARD, VK_SPICE_MOUSE,
			VK_SPICE_FILETRANSFER, VK_SPICE_SET_LAST };
/* The element of each setting ("image", ...), its attribute and its
 * values. */
extern const char *const vk_spice_setting_elems[];
extern const char *const vk_spice_setting_attrs[];
extern const char *const *const vk_spice_setting_values[];

/* <listen type=...>: where a vnc or spice display listens. */
enum vk_listen_type { VK_LISTEN_ADDRESS, VK_LISTEN_NETWORK,
		      VK_LISTEN_SOCKET, VK_LISTEN_NONE };
extern const char *const vk_listen_type_names[];
/* vnc sharePolicy=, graphics connected= */
extern const char *const vk_gfx_share_names[];
extern const char *const vk_gfx_connected_names[];

struct vk_graphics {
	int type;		/* enum vk_gfx_type */
	int port;		/* vnc, spice, rdp; -1 when autoport */
	int autoport;		/* vnc, spice, rdp; -1 unset, 0, 1 */
	/* The listen: LISTEN_TYPE -1 when no <listen> child was given
	 * (then LISTEN or SOCKET may come from the attributes). */
	int listen_type;	/* enum vk_listen_type, -1 */
	char *listen;		/* vnc, spice: the address */
	char *socket;		/* vnc, spice: a unix socket */
	char *listen_network;	/* listen type='network' */
	int nextra_listens;	/* further <listen> children, as given */
	char **extra_listens;
	char *passwd;		/* secret: written only with VK_FMT_SECURE */
	char *keymap;		/* vnc, spice */
	char *display;		/* sdl, desktop */
	char *xauth;		/* sdl */
	int fullscreen;		/* sdl, desktop; -1 unset, 0, 1 */
	int tls_port;		/* spice; -1 unset or autoport */
	int default_mode;	/* spice: enum vk_spice_chmode, -1 unset */
	int channels[VK_SPICE_CH_LAST];	/* spice: enum vk_spice_chmode */
	int settings[VK_SPICE_SET_LAST];	/* spice: value index, -1 */
	int replace_user;	/* rdp; -1 unset, 0, 1 */
	int multi_user;		/* rdp; -1 unset, 0, 1 */
	bool has_valid_to;	/* vnc, spice: passwdValidTo= was given */
	long long valid_to;	/* its time, seconds since the epoch (UTC) */
	int websocket;		/* vnc: -2 unset, -1 allocate, else a port */
	int share;		/* vnc sharePolicy: index, -1 unset */
	int connected;		/* vnc, spice: index, -1 unset */
	int power_control;	/* vnc: -1 unset, 0, 1 */
	unsigned audio_id;	/* vnc, spice, dbus <audio id>; 0 none */
	int gl;			/* spice, sdl, egl, dbus <gl enable>: -1
				 * unset (or egl's gl without enable) */
	bool has_gl;		/* a <gl> child was given */
	char *rendernode;	/* <gl rendernode> */
	char *dbus_address;	/* dbus address= */
	int dbus_p2p;		/* dbus p2p=; -1 unset */
};

/* network, display and other devices: video, sound, audio */
enum vk_video_model { VK_VIDEO_VGA, VK_VIDEO_CIRRUS, VK_VIDEO_VMVGA,
		      VK_VIDEO_XEN, VK_VIDEO_VBOX, VK_VIDEO_QXL,
		      VK_VIDEO_VIRTIO, VK_VIDEO_BOCHS, VK_VIDEO_RAMFB,
		      VK_VIDEO_NONE, VK_VIDEO_GOP, VK_VIDEO_PARALLELS };
extern const char *const vk_video_model_names[];
enum vk_video_driver { VK_VIDEO_DRV_QEMU, VK_VIDEO_DRV_VHOSTUSER };
extern const char *const vk_video_driver_names[];

struct vk_video {
	int model;		/* enum vk_video_model */
	unsigned vram;		/* KiB; 0 unset */
	unsigned ram, vram64, vgamem;	/* qxl: KiB; 0 unset */
	unsigned heads;		/* 0 unset */
	int primary;		/* -1 unset, 1 yes */
	int blob;		/* virtio: -1 unset, 0 off, 1 on */
	int accel3d, accel2d;	/* -1 unset, 0, 1 */
	char *rendernode;	/* <acceleration rendernode> */
	unsigned res_x, res_y;	/* <resolution>; 0 unset */
	int driver;		/* enum vk_video_driver, -1 unset */
	struct vk_virtio_opts drv;
	struct vk_dev_addr addr;	/* pci */
};

enum vk_sound_model { VK_SOUND_ES1370, VK_SOUND_SB16, VK_SOUND_AC97,
		      VK_SOUND_ICH6, VK_SOUND_ICH7, VK_SOUND_ICH9,
		      VK_SOUND_USB, VK_SOUND_PCSPK };
extern const char *const vk_sound_model_names[];
enum vk_codec_type { VK_CODEC_DUPLEX, VK_CODEC_MICRO, VK_CODEC_OUTPUT };
extern const char *const vk_codec_type_names[];
#define VK_SOUND_MAX_CODECS 8

struct vk_sound {
	int model;		/* enum vk_sound_model */
	int ncodecs;		/* ich6, ich7, ich9 <codec type> */
	int codecs[VK_SOUND_MAX_CODECS];
	unsigned audio_id;	/* <audio id>; 0 none */
	struct vk_dev_addr addr;	/* pci */
};

enum vk_audio_type { VK_AUDIO_NONE, VK_AUDIO_ALSA, VK_AUDIO_COREAUDIO,
		     VK_AUDIO_JACK, VK_AUDIO_OSS, VK_AUDIO_PULSEAUDIO,
		     VK_AUDIO_SDL, VK_AUDIO_SPICE, VK_AUDIO_FILE,
		     VK_AUDIO_DBUS, VK_AUDIO_PIPEWIRE, VK_AUDIO_LAST };
extern const char *const vk_audio_type_names[];

/* The attributes of <audio> and of its <input> and <output> children,
 * with the types that take each (domain_audio.c).  Values are kept as
 * strings, checked and normalised by the parser. */
#define VK_AUDIO_NATTRS 8
#define VK_AUDIO_IO_NATTRS 17
struct vk_audio_io {
	bool present;		/* the child was given */
	char *attrs[VK_AUDIO_IO_NATTRS];
};

struct vk_audio {
	unsigned id;		/* >= 1, unique */
	int type;		/* enum vk_audio_type */
	char *attrs[VK_AUDIO_NATTRS];
	struct vk_audio_io in, out;
};
/* The slots of vk_audio.attrs and vk_audio_io.attrs (domain_audio.c
 * lists them with their kinds): */
enum vk_audio_attr { VK_AUDIO_TIMER_PERIOD, VK_AUDIO_PATH,
		     VK_AUDIO_SERVER_NAME, VK_AUDIO_SDL_DRIVER,
		     VK_AUDIO_TRY_MMAP, VK_AUDIO_EXCLUSIVE,
		     VK_AUDIO_DSP_POLICY, VK_AUDIO_RUNTIME_DIR };
/* vk_audio_io.attrs: mixingEngine fixedSettings voices bufferLength dev
 * bufferCount tryPoll name streamName latency clientName connectPorts
 * exactName serverName, then <settings> frequency channels format. */

/* <redirdev bus='usb' type='spicevmc'|'tcp'> */
struct vk_redirdev {
	struct vk_chr chr;	/* the host side (spicevmc or tcp) */
	unsigned boot_order;	/* 0: none */
	struct vk_dev_addr addr;	/* usb */
};

/* <redirfilter><usbdev class vendor product version allow/> */
struct vk_usbdev_rule {
	int class_;		/* -1: any */
	int vendor, product;	/* -1: any */
	int version;		/* BCD, -1: any */
	bool allow;
};

/* <hub type='usb'> */
struct vk_hub {
	struct vk_dev_addr addr;	/* usb */
};

/* <listen> of a vnc, spice or rdp display into G (a second one is kept
 * as given); vk_dom_listen_finish then takes the listen= and socket=
 * attributes into account.  vk_dom_format_listens writes them back
 * (domain_listen.c), with the vnc settings (websocket, sharePolicy,
 * powerControl; connected= is an action, not kept). */
int vk_dom_parse_listen(struct vk_graphics *g, xmlNodePtr node);
int vk_dom_listen_finish(struct vk_graphics *g, xmlNodePtr node);
void vk_dom_format_listens(struct vk_xw *w, const struct vk_graphics *g);
int vk_dom_parse_vnc_extra(struct vk_graphics *g, xmlNodePtr node);
void vk_dom_format_vnc_extra(struct vk_xw *w, const struct vk_graphics *g);

/* A video with nothing set (model 0: vga). */
void vk_video_init(struct vk_video *v);

int vk_dom_parse_audio(struct vk_domain_def *def, xmlNodePtr node);
void vk_dom_format_audio(struct vk_xw *w, const struct vk_audio *a);
/* The <audio id> child of a sound or graphics element into *ID. */
int vk_dom_parse_audio_ref(xmlNodePtr node, unsigned *id);
int vk_dom_parse_redirdev(struct vk_domain_def *def, xmlNodePtr node);
int vk_dom_parse_redirfilter(struct vk_domain_def *def, xmlNodePtr node);
int vk_dom_parse_hub(struct vk_domain_def *def, xmlNodePtr node);
void vk_dom_format_redirdev(struct vk_xw *w, const struct vk_redirdev *r,
			    unsigned flags);
void vk_dom_format_redirfilter(struct vk_xw *w,
			       const struct vk_domain_def *def);
void vk_dom_format_hub(struct vk_xw *w, const struct vk_hub *h);
/* The checks that need every device (audio ids, one primary video,
 * redirdev boot orders), and libvirt's defaults: the qemu and kvm
 * domain types get <audio id='1'> (type 'spice' beside a SPICE
 * display, else 'none') when they have sound but no audio; the
 * primary video goes first.  Errors are located under ROOT. */
int vk_dom_display_finish(struct vk_domain_def *def, xmlNodePtr root);
/* Free or deep-copy the members of this group. */
void vk_dom_display_clear(struct vk_domain_def *def);
void vk_dom_display_copy(struct vk_domain_def *dst,
			 const struct vk_domain_def *src);
/* Free or copy an array of N audio backends. */
void vk_audio_array_clear(struct vk_audio *a, int n);
struct vk_audio *vk_audio_array_copy(const struct vk_audio *src, int n);
/* The QEMU id of audio backend ID ("audioID"). */
#define VK_AUDIO_QEMU_ID_FMT "audio%u"

#endif
