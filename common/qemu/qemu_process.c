/* Starting a supervisor, and the lifecycle operations that commands run
 * against a live guest through the commands' QMP monitor. */
#include <errno.h>
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
#include "qemu_supervisor.h"
#include "qmp.h"
#include "util/error.h"
#include "util/file.h"
#include "util/proc.h"

#define REPORT_TIMEOUT_MS 120000
#define QMP_CMD_TIMEOUT_MS 30000
#define STOP_TIMEOUT_MS 15000

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* The supervisor beside this executable (build tree or installed), or
 * $VIRTKIT_SUPERVISOR. */
static char *find_supervisor(void)
{
	const char *env = getenv("VIRTKIT_SUPERVISOR");
	char *p;

	if (env && *env)
		return vk_strdup(env);
	p = vk_self_relative("../libexec/virtkit-supervisor");
	if (!p)
		p = vk_self_relative("../libexec/virtkit/virtkit-supervisor");
	if (!p && access(VK_LIBEXECDIR "/virtkit-supervisor", X_OK) == 0)
		p = vk_strdup(VK_LIBEXECDIR "/virtkit-supervisor");
	if (!p)
		vk_error(VK_EXIT_FAILED, "cannot find virtkit-supervisor (set "
					 "VIRTKIT_SUPERVISOR)");
	return p;
}

/* In the grandchild: become the detached supervisor. */
static void exec_supervisor(const char *sup, const struct vk_conn *c,
			    int xml_fd, int report_fd, unsigned flags)
{
	char fdarg[16];
	int null = open("/dev/null", O_RDWR);

	dup2(xml_fd, 0);
	dup2(null, 1);
	dup2(null, 2);
	fcntl(report_fd, F_SETFD, 0);
	snprintf(fdarg, sizeof(fdarg), "%d", report_fd);
	execl(sup, "virtkit-supervisor", "--uri", c->uri, "--report-fd", fdarg,
	      (flags & VK_START_PAUSED) ? "--paused" : NULL, (char *)NULL);
	_exit(127);
}

/* Read the supervisor's one-line report. */
static int read_report(int fd)
{
	long long end = now_ms() + REPORT_TIMEOUT_MS;
	char buf[1200];
	size_t len = 0;
	int code;
	char *msg;

	while (len < sizeof(buf) - 1) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		ssize_t n;

		if (poll(&p, 1, (int)(end - now_ms())) <= 0)
			return vk_error(VK_EXIT_FAILED, "the supervisor did not "
							"report in time");
		n = read(fd, buf + len, sizeof(buf) - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
		if (memchr(buf, '\n', len))
			break;
	}
	buf[len] = '\0';
	if (!strncmp(buf, "OK\n", 3))
		return 0;
	if (strncmp(buf, "ERR ", 4))
		return vk_error(VK_EXIT_FAILED, "the supervisor died while "
						"starting the guest");
	code = (int)strtol(buf + 4, &msg, 10);
	msg += *msg == ' ';
	msg[strcspn(msg, "\n")] = '\0';
	return vk_error(code ? code : VK_EXIT_FAILED, "%s", msg);
}

int vk_qemu_spawn(struct vk_conn *c, const struct vk_domain_def *live,
		  unsigned flags)
{
	char *sup = find_supervisor(), *xml;
	int xp[2] = {-1, -1}, rp[2] = {-1, -1}, rc = -1, status;
	pid_t pid;

	if (!sup)
		return -1;
	if (pipe2(xp, O_CLOEXEC) < 0 || pipe2(rp, O_CLOEXEC) < 0) {
		vk_error_errno(VK_EXIT_FAILED, errno, "pipe");
		goto out;
	}
	pid = fork();
	if (pid == 0) {
		setsid();
		if (fork() == 0)
			exec_supervisor(sup, c, xp[0], rp[1], flags);
		_exit(0);
	}
	if (pid < 0) {
		vk_error_errno(VK_EXIT_FAILED, errno, "fork");
		goto out;
	}
	waitpid(pid, &status, 0);
	close(xp[0]);
	close(rp[1]);
	xp[0] = rp[1] = -1;
	xml = vk_domain_format(live, VK_FMT_SECURE);
	signal(SIGPIPE, SIG_IGN);
	if (write(xp[1], xml, strlen(xml)) < 0)
		vk_error_clear();
	free(xml);
	close(xp[1]);
	xp[1] = -1;
	rc = read_report(rp[0]);
out:
	if (xp[0] >= 0)
		close(xp[0]);
	if (xp[1] >= 0)
		close(xp[1]);
	if (rp[0] >= 0)
		close(rp[0]);
	if (rp[1] >= 0)
		close(rp[1]);
	free(sup);
	return rc;
}

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

/* Wait until the runtime record says STATE (or, with STATE < 0, until
 * the supervisor is gone). */
int vk_qemu_wait_state(const struct vk_qemu_paths *p, int state,
		       int timeout_ms)
{
	long long end = now_ms() + timeout_ms;

	for (;;) {
		struct vk_qemu_status st;
		int done;

		if (vk_qemu_status_read(p->status, &st) < 0)
			done = state < 0;
		else
			done = state < 0 ? !vk_proc_is(st.sup, st.sup_start)
					 : st.state == state;
		vk_qemu_status_clear(&st);
		if (done) {
			vk_error_clear();
			return 0;
		}
		if (now_ms() > end)
			return vk_error(VK_EXIT_FAILED, "the guest did not "
							"change state in time");
		usleep(5000);
	}
}

/* Stop the guest hard: SIGTERM, then SIGKILL; returns once the
 * supervisor has cleaned up (or was killed too). */
int vk_qemu_kill(const struct vk_qemu_paths *p, const struct vk_qemu_status *st)
{
	if (vk_proc_is(st->pid, st->pid_start))
		kill(st->pid, SIGTERM);
	if (vk_qemu_wait_state(p, -1, STOP_TIMEOUT_MS) == 0)
		return 0;
	if (vk_proc_is(st->pid, st->pid_start))
		kill(st->pid, SIGKILL);
	if (vk_qemu_wait_state(p, -1, STOP_TIMEOUT_MS) == 0)
		return 0;
	if (vk_proc_is(st->sup, st->sup_start))
		kill(st->sup, SIGKILL);
	vk_qemu_cleanup_stale(p);
	return 0;
}
