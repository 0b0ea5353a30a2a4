/* The qemu driver's runtime state of one domain.
 *
 * RUN/NAME.xml is the runtime record, written atomically: whole by
 * vm-start once the supervisor has reported, then only its state
 * attribute by the supervisor (see qemu_supervisor.h):
 * <domstatus state= id= pid= pidstart= sup= supstart=> <domain .../>
 * (the live definition) </domstatus>.  The pids with their
 * start times tell whether the record still describes a live guest;
 * anything else is stale and means "shut off". */
#ifndef VK_QEMU_STATUS_H
#define VK_QEMU_STATUS_H

#include <sys/types.h>

#include "driver/driver.h"

/* Every path belonging to one domain (strings owned). */
struct vk_qemu_paths {
	char *status;		/* RUN/NAME.xml */
	char *lock;		/* RUN/NAME.lock: the domain lock */
	char *dir;		/* RUN/NAME.d: sockets (QEMU's user owns it) */
	char *qmp_sup;		/* the supervisor's monitor */
	char *qmp_cmd;		/* the commands' monitor */
	char *reboot;		/* RUN/NAME.reboot: vm-reboot's request */
	char *console_lock;	/* RUN/NAME.console: the console client */
	char *log;		/* LOG/NAME.log: QEMU's stderr, supervisor */
	char *console_log;	/* LOG/NAME.console.log: guest output */
};

void vk_qemu_paths_init(struct vk_qemu_paths *p, const struct vk_conn *c,
			const char *name);
void vk_qemu_paths_clear(struct vk_qemu_paths *p);

struct vk_qemu_status {
	int state;			/* enum vk_state */
	int id;
	pid_t pid;			/* QEMU */
	unsigned long long pid_start;
	pid_t sup;			/* the supervisor */
	unsigned long long sup_start;
	struct vk_domain_def *live;	/* owned */
};

/* Read the record at PATH.  Returns 0, or -1: VK_EXIT_NOT_FOUND when
 * there is none. */
int vk_qemu_status_read(const char *path, struct vk_qemu_status *st);
int vk_qemu_status_write(const char *path, const struct vk_qemu_status *st);
void vk_qemu_status_clear(struct vk_qemu_status *st);

/* True when both the supervisor and QEMU of ST still run. */
bool vk_qemu_status_alive(const struct vk_qemu_status *st);

/* Remove what a dead supervisor left for NAME (record, sockets). */
void vk_qemu_cleanup_stale(const struct vk_qemu_paths *p);

/* The next domain id (RUN/.nextid under RUN/.id.lock). */
int vk_qemu_next_id(const struct vk_conn *c);

#endif
