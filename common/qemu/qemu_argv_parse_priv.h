/* Internal to common/qemu/qemu_argv_parse*.c: the state of one parse of
 * a QEMU command line, its option lists ("a=b,c,,d") and the handlers of
 * each option group:
 *   qemu_argv_parse.c       words, option table, machine, memory, CPUs,
 *                           boot, clock, lifecycle, runtime-only options
 *   qemu_argv_parse_opts.c  option lists, errors, backends, native line
 *   qemu_argv_parse_disk.c  -drive, -hdX, -cdrom, -fdX, disk devices
 *   qemu_argv_parse_dev.c   -device dispatch, -netdev/-net, input,
 *                           display, balloon
 *   qemu_argv_parse_chr.c   -chardev, -serial, -parallel, -mon, ports
 *   qemu_argv_parse_ctrl.c  controllers, host devices, filesystems
 *   qemu_argv_parse_gfx.c   video, sound, watchdog
 *   qemu_argv_parse_platform.c  -cpu, topology, timers, SMBIOS, huge
 *                           pages
 *   qemu_argv_parse_obj.c   -object (I/O threads, memory backends),
 *                           -numa, the memory keys of -machine, TPMs */
#ifndef VK_QEMU_ARGV_PARSE_PRIV_H
#define VK_QEMU_ARGV_PARSE_PRIV_H

#include <stdbool.h>

#include "qemu_argv_parse.h"

/* One option of the line: "-m 512" or "-S". */
struct vk_qa_opt {
	int index;		/* its argv index (the emulator is 0) */
	const char *name;	/* without the leading dashes */
	const char *value;	/* NULL for an option without one */
};

/* One "key=value" of an option list. */
struct vk_qa_kv {
	char *key;
	char *val;
	bool used;
};

/* An option list, e.g. "file=/a,,b,if=none,id=x". */
struct vk_qa_props {
	const struct vk_qa_opt *opt;
	int n, cap;
	struct vk_qa_kv *v;
};

enum vk_qa_backend_kind { VK_QA_DRIVE, VK_QA_NETDEV, VK_QA_CHARDEV,
			    VK_QA_FSDEV, VK_QA_OBJECT, VK_QA_TPMDEV };

/* A backend a front end names by id (-drive if=none, -netdev,
 * -chardev). */
struct vk_qa_backend {
	int kind;
	const char *id;		/* points into props */
	struct vk_qa_props props;
	bool used;
};

struct vk_qa {
	struct vk_domain_def *def;
	const char *emulator;
	int nopts;
	struct vk_qa_opt *opts;
	int nbackends;
	struct vk_qa_backend *backends;
	bool acpi_off;
	bool balloon;		/* a balloon device was given */
	int fullscreen_at;	/* -full-screen's index, 0 none */
	const char *keymap;	/* -k */
	int keymap_at;
	int nserial, nparallel;	/* -serial/-parallel seen */
	int nnic;		/* QEMU's default MACs count NICs */
	bool dev_seen;		/* a device other than a controller */
	int log_chr;		/* the chr whose chardev has a log, or -1 */
	int nmem_backends;	/* memory backends read so far */
	int noldnet;		/* -net NIC and host parts */
	struct vk_qa_props *oldnet;
	/* Below these, every unit name of a disk target prefix (hd, sd,
	 * vd, fd, xvd) and every port of a chr kind is taken: names and
	 * ports are only ever added, so the search for a free one goes
	 * on from here (no quadratic search per device). */
	unsigned free_unit[5];
	int free_port[VK_CHR_SMARTCARD + 1];
};

/* The index of S in NAMES (NULL-ended), or -1. */
int vk_qa_index(const char *const *names, const char *s);

/* Record "argument N '-NAME': WHAT" (VK_EXIT_DOCUMENT); returns -1. */
int vk_qa_err(const struct vk_qa_opt *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Split TEXT into P; a first item without '=' gets the key IMPLIED
 * (NULL: such an item is an error), a later one is "KEY=on".  0/-1. */
int vk_qa_props_parse(const struct vk_qa_opt *o, const char *text,
		      const char *implied, struct vk_qa_props *p);
void vk_qa_props_free(struct vk_qa_props *p);
/* The value of KEY (marked used), or NULL. */
const char *vk_qa_get(struct vk_qa_props *p, const char *key);
/* Whether KEY is present (not marking it). */
bool vk_qa_has(const struct vk_qa_props *p, const char *key);
/* The value of KEY without marking it used, or NULL. */
const char *vk_qa_peek(const struct vk_qa_props *p, const char *key);
/* Whether KEY is present and was used. */
bool vk_qa_used(const struct vk_qa_props *p, const char *key);
/* KEY as on/off (yes/no, true/false): *OUT 1/0; absent: untouched. */
int vk_qa_get_bool(struct vk_qa_props *p, const char *key, int *out);
/* KEY as an unsigned decimal no greater than MAX; *SET when present. */
/* bootindex= into *OUT (0 when absent); one another device of Q's
 * domain has is refused, as QEMU refuses it. */
int vk_qa_get_bootindex(struct vk_qa *q, struct vk_qa_props *p,
			unsigned *out);
int vk_qa_get_uint(struct vk_qa_props *p, const char *key,
		   unsigned long long max, unsigned long long *out);
/* KEY must be VALUE when present (a fixed part virtkit writes). */
int vk_qa_expect(struct vk_qa_props *p, const char *key, const char *value);
/* Every key of P was used, else an error naming the first that was
 * not (WHAT says whose it is, e.g. "'e1000'"). */
int vk_qa_check_used(const struct vk_qa_props *p, const char *what);
/* bus=pci.0,addr=0xS[.0xF] (both used) into *A as a PCI address;
 * nothing when neither is there.  0 or -1. */
int vk_qa_pci_addr(struct vk_qa_props *p, struct vk_dev_addr *a);
/* S as "0xN" (hex digits only) no greater than MAX; 0 or -1 (no
 * error). */
int vk_qa_hex(const char *s, unsigned max, unsigned *out);
/* S as an unsigned decimal no greater than MAX; 0 or -1 (no error). */
int vk_qa_uint(const char *s, unsigned long long max,
	       unsigned long long *out);

/* The backend of KIND with ID, marked used; NULL with an error at O
 * when there is none or it is already used. */
struct vk_qa_backend *vk_qa_backend(struct vk_qa *q, const struct vk_qa_opt *o,
				    int kind, const char *id);
/* Keep -drive/-netdev/-chardev O as a backend (props parsed here). */
int vk_qa_add_backend(struct vk_qa *q, const struct vk_qa_opt *o, int kind,
		      const char *implied);
/* Every backend used by a front end, else an error. */
int vk_qa_check_backends(struct vk_qa *q);

/* A new device in Q's domain with the defaults the domain parser
 * gives (from a parsed template, so that every field has its
 * documented default); the caller fills in the rest. */
struct vk_disk *vk_qa_new_disk(struct vk_qa *q);
struct vk_net *vk_qa_new_net(struct vk_qa *q);
struct vk_chr *vk_qa_new_chr(struct vk_qa *q, int kind);
struct vk_graphics *vk_qa_new_graphics(struct vk_qa *q, int type);
struct vk_input *vk_qa_new_input(struct vk_qa *q);
struct vk_tpm *vk_qa_new_tpm(struct vk_qa *q);
/* Q's clock timer NAME (enum vk_timer_name), added when missing. */
struct vk_timer *vk_qa_timer(struct vk_qa *q, int name);
/* The domain with the parser's defaults ("unnamed", 128 MiB, hvm, a
 * random uuid with uuid_generated set). */
struct vk_domain_def *vk_qa_new_def(void);

/* Option handlers: 0, or -1 with the error recorded. */
int vk_qa_drive(struct vk_qa *q, const struct vk_qa_opt *o);
int vk_qa_drive_short(struct vk_qa *q, const struct vk_qa_opt *o);
int vk_qa_global(struct vk_qa *q, const struct vk_qa_opt *o);
int vk_qa_device(struct vk_qa *q, const struct vk_qa_opt *o);
int vk_qa_net(struct vk_qa *q, const struct vk_qa_opt *o);
int vk_qa_nets_finish(struct vk_qa *q);
int vk_qa_usbdevice(struct vk_qa *q, const struct vk_qa_opt *o);
int vk_qa_vnc(struct vk_qa *q, const struct vk_qa_opt *o);
int vk_qa_spice(struct vk_qa *q, const struct vk_qa_opt *o);
int vk_qa_display(struct vk_qa *q, const struct vk_qa_opt *o);
int vk_qa_balloon(struct vk_qa *q, const struct vk_qa_opt *o);
int vk_qa_display_finish(struct vk_qa *q);
int vk_qa_serial(struct vk_qa *q, const struct vk_qa_opt *o);
int vk_qa_mon(struct vk_qa *q, const struct vk_qa_opt *o);
int vk_qa_guestfwd(struct vk_qa *q, struct vk_qa_props *p, const char *v);
int vk_qa_chr_finish(struct vk_qa *q);
/* The platform (qemu_argv_parse_platform.c): -cpu, -smbios, -mem-path,
 * -global kvm-pit.*, and the platform keys of -smp, -machine, -rtc. */
int vk_qa_cpu(struct vk_qa *q, const struct vk_qa_opt *o);
int vk_qa_smbios(struct vk_qa *q, const struct vk_qa_opt *o);
int vk_qa_mem_path(struct vk_qa *q, const struct vk_qa_opt *o);
int vk_qa_global_pit(struct vk_qa *q, const struct vk_qa_opt *o);
int vk_qa_smp_topology(struct vk_qa *q, struct vk_qa_props *p);
int vk_qa_machine_timers(struct vk_qa *q, struct vk_qa_props *p);
int vk_qa_rtc_timer(struct vk_qa *q, struct vk_qa_props *p);
int vk_qa_no_hpet(struct vk_qa *q, const struct vk_qa_opt *o);

/* Device handlers by driver, for vk_qa_device; P is the parsed list
 * (driver= used).  Each returns 0/-1 and leaves P's check to the
 * caller. */
int vk_qa_dev_disk(struct vk_qa *q, struct vk_qa_props *p, const char *drv);
int vk_qa_dev_chr(struct vk_qa *q, struct vk_qa_props *p, const char *drv);
/* Whether DRV is a disk (chr) front end vk_qa_dev_disk (_chr) knows. */
bool vk_qa_is_disk_driver(const char *drv);
bool vk_qa_is_chr_driver(const char *drv);
/* Controllers, host devices, filesystems (qemu_argv_parse_ctrl.c). */
bool vk_qa_is_ctrl_driver(const char *drv);
int vk_qa_dev_ctrl(struct vk_qa *q, struct vk_qa_props *p, const char *drv);
int vk_qa_dev_hostdev(struct vk_qa *q, struct vk_qa_props *p,
		      const char *drv);
int vk_qa_dev_fs(struct vk_qa *q, struct vk_qa_props *p);
/* Video, sound, watchdog (qemu_argv_parse_gfx.c). */
bool vk_qa_is_gfx_driver(const char *drv);
int vk_qa_dev_gfx(struct vk_qa *q, struct vk_qa_props *p, const char *drv);
int vk_qa_video_finish(struct vk_qa *q);
int vk_qa_audiodev(struct vk_qa *q, const struct vk_qa_opt *o);
int vk_qa_old_vga(struct vk_qa *q, const struct vk_qa_opt *o);
int vk_qa_soundhw(struct vk_qa *q, const struct vk_qa_opt *o);
int vk_qa_old_watchdog(struct vk_qa *q, const struct vk_qa_opt *o);
int vk_qa_watchdog_action(struct vk_qa *q, const struct vk_qa_opt *o,
			  const char *action);
/* Objects, NUMA, TPMs (qemu_argv_parse_obj.c). */
int vk_qa_object(struct vk_qa *q, const struct vk_qa_opt *o);
int vk_qa_numa(struct vk_qa *q, const struct vk_qa_opt *o);
int vk_qa_overcommit(struct vk_qa *q, const struct vk_qa_opt *o);
int vk_qa_machine_mem(struct vk_qa *q, struct vk_qa_props *p);
/* iothread=iothreadN of P into *OUT (untouched when absent); 0/-1. */
int vk_qa_iothread_ref(struct vk_qa_props *p, unsigned *out);
int vk_qa_dev_tpm(struct vk_qa *q, struct vk_qa_props *p, const char *drv);
int vk_qa_objects_finish(struct vk_qa *q);

#endif
