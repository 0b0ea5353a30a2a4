/* The supervisor: one small process per running domain
 * (docs/design.md, "The supervisor and its protocol").
 *
 * vm-start (vk_qemu_spawn) does the work that needs the whole library:
 * it prepares the files, builds QEMU's command line and hands both, with
 * the paths and the lifecycle actions, to a new supervisor as a
 * struct vk_sup_conf.  The supervisor -- a small static program that
 * never loads libxml2, so its idle cost stays near zero -- starts QEMU
 * paused, finishes setup over QMP, resumes the guest and reports what it
 * learnt (pids, ptys, VNC port).  vm-start then writes the runtime
 * record and says "GO"; from then on the supervisor alone updates the
 * record, applies on_poweroff / on_reboot / on_crash, and cleans up when
 * QEMU exits. */
#ifndef VK_QEMU_SUPERVISOR_H
#define VK_QEMU_SUPERVISOR_H

#include <stdbool.h>
#include <sys/types.h>

#include "util/argv.h"
#include "util/buf.h"

struct vk_sup_conf {
	char *uri;		/* the connection (for vm-create) */
	char *name;
	int id;
	char *status;		/* the runtime record */
	char *dir;		/* QEMU's socket directory */
	char *reboot;		/* vm-reboot's request file */
	char *log;		/* the domain log */
	char *logdir;		/* where core dumps go */
	char *qmp;		/* the supervisor's monitor socket */
	char *create;		/* vm-create, for rename-restart */
	uid_t uid;		/* QEMU's user and group */
	gid_t gid;
	bool drop;		/* drop capabilities (and change user) */
	bool paused;		/* leave the guest paused */
	int on_poweroff, on_reboot, on_crash;	/* enum vk_lifecycle */
	struct vk_argv ptys;	/* chardev ids whose pty to learn */
	bool vnc;		/* learn the VNC port */
	char *vnc_passwd;	/* set over QMP, never on a command line */
	char *spice_passwd;	/* the same for SPICE */
	char *vnc_expiry;	/* passwdValidTo: epoch seconds, or NULL */
	char *spice_expiry;
	struct vk_argv argv;	/* QEMU's command line */
	struct vk_argv env;	/* NAME=VALUE set in QEMU's environment */
	/* platform: sysinfo, tuning, cpu */
	char *affinity;		/* vcpu cpuset: QEMU's CPU affinity */
	struct vk_argv vcpupins;	/* "VCPU CPUSET" per vcpupin */
	struct vk_argv locks;	/* leases and disk locks (qemu_locks.h) */
	/* interfaces (qemu_net.h) */
	struct vk_argv netfds;	/* "FD QEMUFD": a tap for QEMU */
	struct vk_argv macvtaps;	/* links to delete when QEMU exits */
	struct vk_argv linkdown;	/* interface ids whose link is set
					 * down (set_link) before the guest
					 * runs: <link state='down'> */
	/* watchdog action dump: QEMU pauses the guest (-action
	 * watchdog=pause), the supervisor dumps its core and resumes it */
	bool watchdog_dump;
};

/* The protocol on the supervisor's stdin: NUL-terminated key and value
 * pairs, ended by the key "end"; after it, vm-start writes "GO\n" once
 * the runtime record is written (anything else, or EOF: give up). */
void vk_sup_conf_encode(const struct vk_sup_conf *sc, struct vk_buf *out);
/* Read the pairs from FD.  0, or -1 with an error recorded. */
int vk_sup_conf_decode(int fd, struct vk_sup_conf *sc);
void vk_sup_conf_clear(struct vk_sup_conf *sc);

/* platform: sysinfo, tuning, cpu.  Fill SC's affinity and vcpupins
 * from DEF's <vcpu cpuset> and <cputune> (qemu_affinity.c). */
struct vk_domain_def;
void vk_qemu_sup_affinity(struct vk_sup_conf *sc,
			  const struct vk_domain_def *def);

/* The supervisor's whole life (its main).  Reports on REPORT_FD:
 *   OK SUPPID SUPSTART QEMUPID QEMUSTART
 *   pty ID PATH        (for each pty learnt)
 *   vnc PORT
 *   END
 * or "ERR CODE MESSAGE".  CTL_FD is the stdin pipe ("GO").  Returns the
 * exit code. */
int vk_qemu_supervise(struct vk_sup_conf *sc, int report_fd, int ctl_fd);

#endif
