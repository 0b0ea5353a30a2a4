/* Shared between the supervisor's files (qemu_supervisor.c: start and
 * main loop; qemu_actions.c: events and lifecycle actions). */
#ifndef VK_QEMU_SUP_PRIV_H
#define VK_QEMU_SUP_PRIV_H

#include <stdbool.h>

#include "qemu_conf.h"
#include "qemu_status.h"
#include "qmp.h"

#define QMP_TIMEOUT_MS 30000
#define START_TIMEOUT_MS 60000
#define TERM_GRACE_MS 10000

struct sup {
	struct vk_conn *c;
	struct vk_qemu_paths p;
	struct vk_qemu_conf conf;
	struct vk_qemu_status st;	/* st.live is the live definition */
	struct vk_qmp qmp;
	int sigfd;
	int errfd;		/* QEMU's stderr */
	int logfd;
	char lasterr[512];	/* QEMU's last stderr line */
	char partial[512];	/* an unfinished stderr line */
	long long kill_at;	/* when to SIGKILL QEMU (ms), 0: not asked */
	bool reported;
};

long long vk_sup_now_ms(void);
/* A timestamped line in the domain's log. */
void vk_sup_log(struct sup *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Rewrite the runtime record with the current state. */
int vk_sup_save(struct sup *s);
/* Handle one QMP event (consumed). */
void vk_sup_event(struct sup *s, json_object *ev);

#endif
