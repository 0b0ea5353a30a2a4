/* What commands do to a live guest: its commands' QMP monitor, waiting
 * for a state, and a hard stop. */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "qemu_ops.h"
#include "qmp.h"
#include "util/error.h"
#include "util/file.h"
#include "util/proc.h"

#define QMP_CMD_TIMEOUT_MS 30000
#define STOP_TIMEOUT_MS 15000

/* Run CMD on the guest's commands monitor. */
int vk_qemu_monitor(const struct vk_qemu_paths *p, const char *cmd)
{
	struct vk_qmp q;
	int rc;

	if (vk_qmp_open(&q, p->qmp_cmd, QMP_CMD_TIMEOUT_MS) < 0)
		return -1;
	rc = vk_qmp_run(&q, cmd, NULL, NULL, QMP_CMD_TIMEOUT_MS);
	vk_qmp_close(&q);
	return rc;
}

/* Wait until the runtime record says STATE. */
int vk_qemu_wait_state(const struct vk_qemu_paths *p, int state,
		       int timeout_ms)
{
	long long end = vk_now_ms() + timeout_ms;

	for (;;) {
		struct vk_qemu_status st;
		bool done = vk_qemu_status_read(p->status, &st) == 0 &&
			    st.state == state;

		vk_qemu_status_clear(&st);
		if (done) {
			vk_error_clear();
			return 0;
		}
		if (vk_now_ms() > end)
			return vk_error(VK_EXIT_FAILED, "the guest did not "
							"change state in time");
		usleep(5000);
	}
}

int vk_qemu_wait_gone(const struct vk_qemu_status *st, int timeout_ms)
{
	long long end = vk_now_ms() + timeout_ms;

	while (vk_proc_is(st->sup, st->sup_start)) {
		if (vk_now_ms() > end)
			return -1;
		usleep(5000);
	}
	return 0;
}

/* Stop the guest hard: SIGTERM, then SIGKILL; returns once the
 * supervisor has cleaned up (or was killed too). */
int vk_qemu_kill(const struct vk_qemu_paths *p, const struct vk_qemu_status *st)
{
	if (vk_proc_is(st->pid, st->pid_start))
		kill(st->pid, SIGTERM);
	if (vk_qemu_wait_gone(st, STOP_TIMEOUT_MS) == 0)
		return 0;
	if (vk_proc_is(st->pid, st->pid_start))
		kill(st->pid, SIGKILL);
	if (vk_qemu_wait_gone(st, STOP_TIMEOUT_MS) == 0)
		return 0;
	if (vk_proc_is(st->sup, st->sup_start))
		kill(st->sup, SIGKILL);
	vk_qemu_cleanup_stale(p);
	return 0;
}
