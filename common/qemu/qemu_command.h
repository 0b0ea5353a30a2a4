/* The QEMU command line for a domain: every element of the domain format
 * either becomes QEMU 7.2 options or is refused with
 * "ELEMENT: not supported by the qemu driver". */
#ifndef VK_QEMU_COMMAND_H
#define VK_QEMU_COMMAND_H

#include <stdbool.h>

#include "conf/domain.h"
#include "util/argv.h"

/* What the supervisor supplies beside the domain definition. */
struct vk_qemu_start {
	const char *qmp_supervisor;	/* unix socket path: supervisor's QMP */
	const char *qmp_commands;	/* unix socket path: commands' QMP */
	const char *console_log;	/* serial/console output log, or NULL */
	bool sandbox;			/* -sandbox on,... */
	bool spawn_allowed;		/* sandbox lets QEMU run scripts */
	long long now;			/* epoch seconds for clock offsets
					 * (tests); 0: the current time */
	/* platform: sysinfo, tuning, cpu */
	const char *hugetlbfs;		/* a hugetlbfs mount, or NULL */
	const char *dmi_dir;		/* smbios mode='host': the host's
					 * values; NULL: /sys/class/dmi/id */
	const char *nvram_dir;		/* per-domain NVRAM files; NULL:
					 * qemu:///system's */
	const char *swtpm_dir;		/* the domain's runtime directory,
					 * where swtpm's socket is
					 * (qemu_tpm.h) and the disks' key
					 * files (qemu_secrets.h); NULL:
					 * qemu:///system's */
};

/* Build the argument vector (argv[0] is the emulator) into OUT.  The VNC
 * password never goes on the command line (the supervisor sets it over
 * QMP).  Returns 0, or -1 with VK_EXIT_FAILED (or VK_EXIT_DOCUMENT for an
 * element the driver refuses) recorded. */
int vk_qemu_build_argv(const struct vk_domain_def *def,
		       const struct vk_qemu_start *st, struct vk_argv *out);

/* The variables <qemu:env> sets in QEMU's environment, as NAME=VALUE
 * strings appended to OUT. */
void vk_qemu_env(const struct vk_domain_def *def, struct vk_argv *out);

/* The emulator for DEF: <emulator>, else qemu-system-ARCH found in PATH
 * for the os arch (default x86_64).  Caller frees; NULL with an error. */
char *vk_qemu_emulator(const struct vk_domain_def *def);

/* The mount point of a hugetlbfs file system (from /proc/mounts), or
 * NULL when there is none; caller frees. */
char *vk_qemu_hugetlbfs(void);

/* Fill into LIVE, the definition about to run on connection C, what
 * vm-start decides at start (qemu_prepare.c): volume disks' paths, unix
 * channel sockets, SPICE autoport's port, network listen addresses,
 * the firmware.  PRETEND (xml-convert) reserves nothing on the host:
 * SPICE autoport is port 5901, as libvirt's domxml-to-native prints.
 * Returns 0, or -1 with vm-start's error recorded. */
struct vk_conn;
int vk_qemu_prepare_live(const struct vk_conn *c, struct vk_domain_def *live,
			 bool pretend);
/* Give every SPICE display of LIVE with autoport a free TCP port (from
 * 5900 up) for this start: QEMU's SPICE server cannot pick one itself.
 * PRETEND: port 5901 (libvirt's domxml-to-native's), nothing probed.  Returns 0, or -1 with an error
 * recorded when none is free. */
int vk_qemu_spice_ports(struct vk_domain_def *live, bool pretend);
/* Give every display of LIVE with <listen type='network'> the address
 * of that virtkit network (qemu_listen.c).  Returns 0, or -1 with an
 * error recorded (no such network, not active, no IPv4 address). */
int vk_qemu_listen_networks(const struct vk_conn *c,
			    struct vk_domain_def *live);
/* G's passwdValidTo as QEMU's expire_password time (epoch seconds), or
 * NULL when it has none; caller frees. */
char *vk_qemu_passwd_expiry(const struct vk_graphics *g);

/* QEMU's id for the chardev of DEF's chrs[i] ("charserial0", ...), the
 * name query-chardev reports; caller frees. */
char *vk_qemu_chr_id(const struct vk_domain_def *def, int i);
/* The chardev id of a passthrough smartcards[I] ("charsmartcardI");
 * caller frees. */
char *vk_qemu_smartcard_chr_id(int i);

/* Interfaces on a tap (network, bridge, ethernet) or a macvtap
 * (direct): vm-start makes the device and hands QEMU its descriptor.
 * The Kth such interface of a domain (document order) gets descriptor
 * VK_QEMU_NET_FD0 + K in QEMU: vk_qemu_net_fd(DEF, I) is the number of
 * DEF's nets[I], -1 when it needs none. */
#define VK_QEMU_NET_FD0 20
bool vk_qemu_net_is_tap(const struct vk_net *n);
int vk_qemu_net_fd(const struct vk_domain_def *def, int i);
/* The QEMU id of interface N, DEF's nets[I], into ID (SIZE bytes): its
 * user alias, or netI; its backend's is "host" and that id. */
void vk_qemu_net_id(const struct vk_net *n, int i, char *id, size_t size);

#endif
