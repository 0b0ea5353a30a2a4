/* Shared between the supervisor's files (qemu_supervisor.c: start and
 * main loop; qemu_actions.c: events and lifecycle actions).  Nothing
 * here may pull libxml2 into the static supervisor. */
#ifndef VK_QEMU_SUP_PRIV_H
#define VK_QEMU_SUP_PRIV_H

#include <stdbool.h>
#include <sys/types.h>

#include "qemu_locks.h"
#include "qemu_supervisor.h"
#include "qmp.h"

#define QMP_TIMEOUT_MS 30000
#define START_TIMEOUT_MS 60000
#define TERM_GRACE_MS 10000

struct sup {
	struct vk_sup_conf *sc;
	struct vk_qmp qmp;
	int sigfd;
	int errfd;		/* QEMU's stderr */
	int logfd;
	pid_t pid;		/* QEMU */
	unsigned long long pid_start;
	int state;		/* enum vk_state */
	char lasterr[512];	/* QEMU's last stderr line */
	char partial[512];	/* an unfinished stderr line */
	long long kill_at;	/* when to SIGKILL QEMU (ms), 0: not asked */
	struct vk_held_locks locks;	/* leases, disk images */
};

/* platform: sysinfo, tuning, cpu (qemu_affinity.c).  The CPU affinity
 * of thread TID (0: the caller) from a cpuset; WHAT names it in the
 * error.  Then the vcpupins ("VCPU CPUSET") applied to QEMU's vcpu
 * threads.  0 or -1 with an error recorded. */
int vk_sup_set_affinity(pid_t tid, const char *cpuset, const char *what);
int vk_sup_pin_vcpus(struct vk_qmp *qmp, const struct vk_argv *pins,
		     int timeout_ms);

/* A timestamped line in the domain's log. */
void vk_sup_log(struct sup *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Handle one QMP event (consumed). */
void vk_sup_event(struct sup *s, json_object *ev);
/* interfaces: delete the macvtap links made for this instance (when
 * QEMU is gone, or a crashed guest kept by rename-restart lets its MAC
 * address go to the new instance) and forget them. */
void vk_sup_delete_macvtaps(struct sup *s);

#endif
