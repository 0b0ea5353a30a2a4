/* The supervisor's start and main loop (see qemu_supervisor.h): QEMU
 * under PDEATHSIG with its privileges dropped, QMP setup, the report to
 * vm-start, then events until QEMU exits.  Static: no libxml2 here. */
#include <cap-ng.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "driver/driver.h"
#include "network/tap.h"
#include "qemu_sup_priv.h"
#include "qemu_tpm.h"
#include "util/error.h"
#include "util/file.h"
#include "util/proc.h"

void vk_sup_log(struct sup *s, const char *fmt, ...)
{
	char stamp[32];
	time_t t = time(NULL);
	struct tm tm;
	va_list ap;

	if (s->logfd < 0)
		return;
	strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", gmtime_r(&t, &tm));
	dprintf(s->logfd, "%s virtkit: ", stamp);
	va_start(ap, fmt);
	vdprintf(s->logfd, fmt, ap);
	va_end(ap);
	dprintf(s->logfd, "\n");
}

/* Add LEN bytes of a stderr line to the unfinished one (bounded). */
static void add_partial(struct sup *s, const char *text, size_t len)
{
	size_t have = strlen(s->partial), room = sizeof(s->partial) - 1 - have;

	if (len > room)
		len = room;
	memcpy(s->partial + have, text, len);
	s->partial[have + len] = '\0';
}

/* Keep the finished line in PARTIAL as the error to report when it is
 * QEMU's own error line ("qemu-system-x86_64: ..."), or when nothing
 * better was seen yet: QEMU follows some errors with a hint line. */
static void keep_error_line(struct sup *s)
{
	const char *prog = strrchr(s->sc->argv.v[0], '/');
	size_t n;

	prog = prog ? prog + 1 : s->sc->argv.v[0];
	n = strlen(prog);
	if (s->partial[0] &&
	    ((!strncmp(s->partial, prog, n) && s->partial[n] == ':') ||
	     !s->lasterr[0]))
		memcpy(s->lasterr, s->partial, sizeof(s->lasterr));
	s->partial[0] = '\0';
}

/* Copy what QEMU wrote on stderr into the log; keep its last line. */
static void drain_stderr(struct sup *s)
{
	char buf[2048];
	ssize_t n;

	while (s->errfd >= 0) {
		char *line, *nl, *end;

		n = read(s->errfd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0 || errno != EAGAIN) {
				close(s->errfd);
				s->errfd = -1;
			}
			return;
		}
		if (s->logfd >= 0 && write(s->logfd, buf, (size_t)n) < 0)
			vk_error_clear();
		end = buf + n;
		for (line = buf; (nl = memchr(line, '\n', (size_t)(end - line)));
		     line = nl + 1) {
			add_partial(s, line, (size_t)(nl - line));
			keep_error_line(s);
		}
		add_partial(s, line, (size_t)(end - line));
	}
}

static int drop_privileges(const struct vk_sup_conf *sc)
{
	if (sc->drop && geteuid() == 0) {
		capng_clear(CAPNG_SELECT_BOTH);
		if (sc->uid != 0 || sc->gid != 0) {
			if (capng_change_id((int)sc->uid, (int)sc->gid,
					    CAPNG_DROP_SUPP_GRP |
					    CAPNG_CLEAR_BOUNDING) < 0)
				return -1;
		} else if (capng_apply(CAPNG_SELECT_BOTH) < 0) {
			return -1;
		}
	}
	return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}

/* interfaces: QEMUFD of a netfd "FD QEMUFD". */
static int netfd_to(const char *pair)
{
	const char *sp = strchr(pair, ' ');

	return sp ? atoi(sp + 1) : -1;
}

/* interfaces: each "FD QEMUFD" of netfds moves to QEMUFD, inherited,
 * and FD itself is not (in QEMU's child, before its exec).  All are
 * first copied above the highest QEMUFD, as an FD may be another's
 * QEMUFD; that copy stays below the descriptor limit (1024 on most
 * hosts: a copy at 1024 or above fails there).  -1 and errno when a
 * descriptor cannot be placed. */
static int place_netfds(const struct vk_argv *netfds)
{
	int i, top = 0, *tmp = calloc((size_t)netfds->n + 1, sizeof(*tmp));

	if (!tmp)
		return -1;
	for (i = 0; i < netfds->n; i++)
		if (netfd_to(netfds->v[i]) > top)
			top = netfd_to(netfds->v[i]);
	for (i = 0; i < netfds->n; i++) {
		tmp[i] = fcntl(atoi(netfds->v[i]), F_DUPFD_CLOEXEC, top + 1);
		if (tmp[i] < 0 ||
		    fcntl(atoi(netfds->v[i]), F_SETFD, FD_CLOEXEC) < 0)
			return -1;
	}
	for (i = 0; i < netfds->n; i++)
		if (dup2(tmp[i], netfd_to(netfds->v[i])) < 0)
			return -1;
	free(tmp);
	return 0;
}

/* interfaces: the supervisor keeps no tap open (a tap goes with QEMU),
 * and deletes the macvtap links once QEMU is gone. */
static void close_netfds(const struct vk_argv *netfds)
{
	int i;

	for (i = 0; i < netfds->n; i++)
		close(atoi(netfds->v[i]));
}

void vk_sup_delete_macvtaps(struct sup *s)
{
	int i;

	for (i = 0; i < s->sc->macvtaps.n; i++)
		if (vk_macvtap_delete(s->sc->macvtaps.v[i], NULL) < 0)
			vk_sup_log(s, "%s", vk_error_message());
	/* Gone: a later link of the same name is not ours. */
	vk_argv_free(&s->sc->macvtaps);
}

static void exec_qemu(struct sup *s, char **argv, int errw, pid_t parent)
{
	int i;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(1);
	vk_child_stdio(-1, s->logfd, errw, -1);
	if (place_netfds(&s->sc->netfds) < 0) {	/* interfaces */
		dprintf(2, "cannot pass the interfaces' descriptors: %s\n",
			strerror(errno));
		_exit(126);
	}
	if (drop_privileges(s->sc) < 0) {
		dprintf(2, "cannot drop privileges: %s\n", strerror(errno));
		_exit(126);
	}
	/* platform: every QEMU thread inherits the vcpu cpuset. */
	if (s->sc->affinity &&
	    vk_sup_set_affinity(0, s->sc->affinity, "vcpu cpuset") < 0) {
		dprintf(2, "%s\n", vk_error_message());
		_exit(126);
	}
	/* A change of uid clears the death signal: set it again. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(1);
	for (i = 0; i < s->sc->env.n; i++)	/* <qemu:env> */
		putenv(s->sc->env.v[i]);
	execv(argv[0], argv);
	dprintf(2, "cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

static int launch(struct sup *s)
{
	pid_t self = getpid();
	int errp[2];
	char *line;

	line = vk_argv_join(&s->sc->argv);
	vk_sup_log(s, "starting %s", line);
	free(line);
	if (pipe2(errp, O_CLOEXEC) < 0)
		return vk_error_errno(VK_EXIT_FAILED, errno, "pipe");
	s->pid = fork();
	if (s->pid == 0)
		exec_qemu(s, s->sc->argv.v, errp[1], self);
	close(errp[1]);
	close_netfds(&s->sc->netfds);	/* interfaces */
	s->errfd = errp[0];
	fcntl(s->errfd, F_SETFL, O_NONBLOCK);
	if (s->pid < 0)
		return vk_error_errno(VK_EXIT_FAILED, errno, "fork");
	s->pid_start = vk_proc_starttime(s->pid);
	return 0;
}

/* QEMU exited before it was ready: its last stderr line says why. */
static int qemu_failed(struct sup *s, int status)
{
	drain_stderr(s);
	keep_error_line(s);
	if (s->lasterr[0])
		return vk_error(VK_EXIT_FAILED, "%s", s->lasterr);
	if (WIFSIGNALED(status))
		return vk_error(VK_EXIT_FAILED, "QEMU was killed by signal %d",
				WTERMSIG(status));
	return vk_error(VK_EXIT_FAILED, "QEMU exited with status %d",
			WEXITSTATUS(status));
}

/* Did QEMU exit?  1 (and *STATUS) when it did. */
static int reap(struct sup *s, int *status)
{
	struct signalfd_siginfo si;

	while (read(s->sigfd, &si, sizeof(si)) == sizeof(si))
		if (si.ssi_signo != SIGCHLD && !s->kill_at) {
			vk_sup_log(s, "signal %u: stopping QEMU", si.ssi_signo);
			kill(s->pid, SIGTERM);
			s->kill_at = vk_now_ms() + TERM_GRACE_MS;
		}
	return waitpid(s->pid, status, WNOHANG) == s->pid;
}

/* Wait for QEMU's monitor, watching for an early exit. */
static int connect_monitor(struct sup *s)
{
	long long end = vk_now_ms() + START_TIMEOUT_MS;
	int status, fd;

	while ((fd = vk_qmp_try_connect(s->sc->qmp)) < 0) {
		struct pollfd p[2] = {{.fd = s->errfd, .events = POLLIN},
				      {.fd = s->sigfd, .events = POLLIN}};

		if (reap(s, &status)) {
			s->pid = -1;	/* reaped: nothing left to wait for */
			return qemu_failed(s, status);
		}
		if (vk_now_ms() > end)
			return vk_error(VK_EXIT_FAILED, "QEMU did not open its "
							"monitor in %d s",
					START_TIMEOUT_MS / 1000);
		poll(p, 2, 5);
		drain_stderr(s);
	}
	return vk_qmp_handshake(&s->qmp, fd, QMP_TIMEOUT_MS);
}


/* The pty QEMU gave each chardev vm-start asked about: "pty ID PATH"
 * lines for the report. */
static int learn_ptys(struct sup *s, struct vk_buf *rep)
{
	json_object *list;
	size_t j;
	int i;

	if (!s->sc->ptys.n)
		return 0;
	if (vk_qmp_run(&s->qmp, "query-chardev", NULL, &list,
		       QMP_TIMEOUT_MS) < 0)
		return -1;
	for (i = 0; i < s->sc->ptys.n; i++) {
		for (j = 0; j < json_object_array_length(list); j++) {
			json_object *e = json_object_array_get_idx(list, j);
			const char *file = vk_json_str(e, "filename");

			if (!strcmp(vk_json_str(e, "label"), s->sc->ptys.v[i]) &&
			    !strncmp(file, "pty:", 4))
				vk_buf_addf(rep, "pty %s %s\n", s->sc->ptys.v[i],
					    file + 4);
		}
	}
	json_object_put(list);
	return 0;
}

/* set_password for PROTOCOL (vnc, spice) over QMP, never on the command
 * line; then expire_password at EXPIRY (epoch seconds) when given. */
static int set_password(struct sup *s, const char *protocol,
			const char *passwd, const char *expiry)
{
	json_object *args = json_object_new_object();

	json_object_object_add(args, "protocol",
			       json_object_new_string(protocol));
	json_object_object_add(args, "password",
			       json_object_new_string(passwd));
	if (vk_qmp_run(&s->qmp, "set_password", args, NULL,
		       QMP_TIMEOUT_MS) < 0)
		return -1;
	if (!expiry)
		return 0;
	args = json_object_new_object();
	json_object_object_add(args, "protocol",
			       json_object_new_string(protocol));
	json_object_object_add(args, "time", json_object_new_string(expiry));
	return vk_qmp_run(&s->qmp, "expire_password", args, NULL,
			  QMP_TIMEOUT_MS);
}

/* Set the VNC and SPICE passwords and learn the port an autoport VNC
 * display got: a "vnc PORT" line. */
static int setup_vnc(struct sup *s, struct vk_buf *rep)
{
	json_object *ret;

	if (s->sc->spice_passwd &&
	    set_password(s, "spice", s->sc->spice_passwd,
			 s->sc->spice_expiry) < 0)
		return -1;
	if (!s->sc->vnc)
		return 0;
	if (s->sc->vnc_passwd &&
	    set_password(s, "vnc", s->sc->vnc_passwd, s->sc->vnc_expiry) < 0)
		return -1;
	if (vk_qmp_run(&s->qmp, "query-vnc", NULL, &ret, QMP_TIMEOUT_MS) < 0)
		return -1;
	if (*vk_json_str(ret, "service"))
		vk_buf_addf(rep, "vnc %s\n", vk_json_str(ret, "service"));
	json_object_put(ret);
	return 0;
}

/* <link state='down'>: set_link before the guest runs. */
static int set_links_down(struct sup *s)
{
	json_object *args;
	int i;

	for (i = 0; i < s->sc->linkdown.n; i++) {
		args = json_object_new_object();
		json_object_object_add(args, "name", json_object_new_string(
					       s->sc->linkdown.v[i]));
		json_object_object_add(args, "up",
				       json_object_new_boolean(0));
		if (vk_qmp_run(&s->qmp, "set_link", args, NULL,
			       QMP_TIMEOUT_MS) < 0)
			return -1;
	}
	return 0;
}

static int setup(struct sup *s, struct vk_buf *rep)
{
	pid_t self = getpid();

	vk_buf_addf(rep, "OK %d %llu %d %llu\n", (int)self,
		    vk_proc_starttime(self), (int)s->pid, s->pid_start);
	if (connect_monitor(s) < 0 || learn_ptys(s, rep) < 0 ||
	    setup_vnc(s, rep) < 0 || set_links_down(s) < 0 ||
	    vk_sup_pin_vcpus(&s->qmp, &s->sc->vcpupins, QMP_TIMEOUT_MS) < 0)
		return -1;
	if (!s->sc->paused &&
	    vk_qmp_run(&s->qmp, "cont", NULL, NULL, QMP_TIMEOUT_MS) < 0)
		return -1;
	s->state = s->sc->paused ? VK_STATE_PAUSED : VK_STATE_RUNNING;
	vk_buf_add(rep, "END\n");
	return 0;
}

/* vm-start writes the runtime record, then "GO". */
static int await_go(int ctl_fd)
{
	struct pollfd p = {.fd = ctl_fd, .events = POLLIN};
	char buf[4] = "";
	size_t got = 0;

	while (got < 3) {
		ssize_t n;

		if (poll(&p, 1, START_TIMEOUT_MS) <= 0)
			return vk_error(VK_EXIT_FAILED, "vm-start went away");
		n = read(ctl_fd, buf + got, 3 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return vk_error(VK_EXIT_FAILED, "vm-start went away");
		got += (size_t)n;
	}
	return memcmp(buf, "GO\n", 3) ? vk_error(VK_EXIT_FAILED,
						 "vm-start gave up") : 0;
}

/* Until QEMU exits: events, stderr, signals. Returns QEMU's status. */
static int run_loop(struct sup *s)
{
	int status = 0;

	for (;;) {
		struct pollfd p[3] = {{.fd = s->sigfd, .events = POLLIN},
				      {.fd = s->errfd, .events = POLLIN},
				      {.fd = s->qmp.fd, .events = POLLIN}};
		int timeout = -1;
		json_object *ev;

		if (reap(s, &status))
			return status;
		if (s->kill_at) {
			long long left = s->kill_at - vk_now_ms();

			if (left <= 0) {
				vk_sup_log(s, "QEMU ignored SIGTERM: SIGKILL");
				kill(s->pid, SIGKILL);
				s->kill_at = vk_now_ms() + TERM_GRACE_MS;
				left = TERM_GRACE_MS;
			}
			timeout = (int)left;
		}
		while ((ev = vk_qmp_pop(&s->qmp)))
			vk_sup_event(s, ev);
		if (poll(p, 3, timeout) < 0 && errno != EINTR)
			return -1;
		if (p[1].revents)
			drain_stderr(s);
		if (p[2].revents && vk_qmp_fill(&s->qmp) < 0)
			vk_qmp_close(&s->qmp);	/* QEMU is going away */
	}
}

static void cleanup(struct sup *s, int status)
{
	drain_stderr(s);
	if (!s->pid_start)
		;	/* QEMU never ran (a lock was taken) */
	else if (WIFSIGNALED(status))
		vk_sup_log(s, "QEMU was killed by signal %d", WTERMSIG(status));
	else
		vk_sup_log(s, "QEMU exited with status %d",
			   WEXITSTATUS(status));
	/* QEMU is gone: a new start may take the leases and images. */
	vk_qemu_locks_release(&s->locks);
	vk_qmp_close(&s->qmp);
	vk_sup_delete_macvtaps(s);	/* interfaces */
	/* The record goes last: while it exists, a new start waits. */
	unlink(s->sc->reboot);
	vk_qemu_tpm_stop(s->sc->dir);	/* one QEMU never connected to */
	vk_dir_remove(s->sc->dir);
	unlink(s->sc->status);
}

static void init(struct sup *s, struct vk_sup_conf *sc)
{
	sigset_t set;

	memset(s, 0, sizeof(*s));
	s->sc = sc;
	s->errfd = -1;
	s->qmp.fd = -1;
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	s->sigfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	s->logfd = open(sc->log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
			0600);
}

/* Setup failed: when QEMU exits on its own (say, it could not open a
 * file it was given), its own words are the better error. */
static void explain_failure(struct sup *s)
{
	long long end = vk_now_ms() + 2000;
	int status;

	while (s->pid > 0 && vk_now_ms() < end) {
		if (reap(s, &status)) {
			qemu_failed(s, status);
			s->pid = -1;
			return;
		}
		usleep(10000);
	}
}

/* Kill QEMU (if it still runs) and reap it. */
static int stop_qemu(struct sup *s)
{
	int status = 0;

	if (s->pid > 0 && kill(s->pid, SIGKILL) == 0)
		waitpid(s->pid, &status, 0);
	s->pid = -1;
	return status;
}

int vk_qemu_supervise(struct vk_sup_conf *sc, int report_fd, int ctl_fd)
{
	struct vk_buf rep = VK_BUF_INIT;
	struct sup s;
	int status = 0, rc = 1;

	init(&s, sc);
	if (vk_qemu_locks_take(&sc->locks, &s.locks) < 0 || launch(&s) < 0 ||
	    setup(&s, &rep) < 0) {
		explain_failure(&s);
		vk_sup_log(&s, "cannot start: %s", vk_error_message());
		/* Clean first: once vm-start hears ERR it lets go of the
		 * domain, and a new start must find nothing of this one. */
		cleanup(&s, stop_qemu(&s));
		dprintf(report_fd, "ERR %d %s\n",
			vk_error_code() ? vk_error_code() : VK_EXIT_FAILED,
			vk_error_message());
		close(report_fd);
		goto out;
	}
	if (write(report_fd, rep.s, rep.len) != (ssize_t)rep.len ||
	    await_go(ctl_fd) < 0) {
		vk_sup_log(&s, "start abandoned: %s", vk_error_message());
		close(report_fd);
		cleanup(&s, stop_qemu(&s));
		goto out;
	}
	close(report_fd);
	close(ctl_fd);
	vk_sup_log(&s, "guest %s (id %d) is %s", sc->name, sc->id,
		   vk_state_name(s.state));
	status = run_loop(&s);
	cleanup(&s, status);
	rc = 0;
out:
	vk_buf_free(&rep);
	if (s.errfd >= 0)
		close(s.errfd);
	if (s.logfd >= 0)
		close(s.logfd);
	close(s.sigfd);
	return rc;
}
