/* The supervisor's work: QEMU's start, the QMP events, the lifecycle
 * actions and the cleanup.  Only the supervisor writes the runtime
 * record of its domain. */
#include <cap-ng.h>
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

#include "qemu_command.h"
#include "qemu_conf.h"
#include "qemu_status.h"
#include "qemu_supervisor.h"
#include "qemu_sup_priv.h"
#include "qmp.h"
#include "util/error.h"
#include "util/file.h"
#include "util/proc.h"

long long vk_sup_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

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

/* Report the outcome to vm-start (once). */
static void report(struct sup *s, int fd, int ok)
{
	if (s->reported || fd < 0)
		return;
	s->reported = true;
	if (ok)
		dprintf(fd, "OK\n");
	else
		dprintf(fd, "ERR %d %s\n", vk_error_code() ? vk_error_code() : 1,
			vk_error_message());
	close(fd);
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
			if (s->partial[0])
				memcpy(s->lasterr, s->partial,
				       sizeof(s->lasterr));
			s->partial[0] = '\0';
		}
		add_partial(s, line, (size_t)(end - line));
	}
}

static int drop_privileges(const struct vk_qemu_conf *conf)
{
	if (geteuid() == 0) {
		capng_clear(CAPNG_SELECT_BOTH);
		if (conf->user) {
			if (capng_change_id((int)conf->uid, (int)conf->gid,
					    CAPNG_DROP_SUPP_GRP |
					    CAPNG_CLEAR_BOUNDING) < 0)
				return -1;
		} else if (capng_apply(CAPNG_SELECT_BOTH) < 0) {
			return -1;
		}
	}
	return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}

static void exec_qemu(struct sup *s, char **argv, int errw, pid_t parent)
{
	sigset_t all;
	int null = open("/dev/null", O_RDWR);

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(1);
	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	dup2(null, 0);
	dup2(s->logfd >= 0 ? s->logfd : null, 1);
	dup2(errw, 2);
	if (drop_privileges(&s->conf) < 0) {
		dprintf(2, "cannot drop privileges: %s\n", strerror(errno));
		_exit(126);
	}
	execv(argv[0], argv);
	dprintf(2, "cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

/* Let QEMU's user pass through DIR and its parent (names stay hidden:
 * search permission only). */
static void let_through(const char *dir)
{
	char *parent = vk_strdup(dir), *slash = strrchr(parent, '/');

	chmod(dir, 0711);
	if (slash && slash != parent) {
		*slash = '\0';
		chmod(parent, 0711);
	}
	free(parent);
}

/* Directories and files QEMU itself opens belong to its user. */
static int prepare_files(struct sup *s)
{
	char *logdir = vk_strdup(s->c->paths.log);
	int fd;

	if (vk_mkdir_p(logdir, 0700) < 0 || vk_mkdir_p(s->c->paths.run, 0700) < 0) {
		free(logdir);
		return -1;
	}
	free(logdir);
	vk_qemu_cleanup_stale(&s->p);
	if (mkdir(s->p.dir, 0700) < 0 && errno != EEXIST)
		return vk_error_errno(VK_EXIT_FAILED, errno, "cannot create %s",
				      s->p.dir);
	fd = open(s->p.console_log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
		  0600);
	if (fd >= 0)
		close(fd);
	if (s->conf.user && geteuid() == 0) {
		let_through(s->c->paths.run);
		let_through(s->c->paths.log);
	}
	/* Always, so that a change of user in qemu.conf takes effect. */
	if (geteuid() == 0 &&
	    (chown(s->p.dir, s->conf.uid, s->conf.gid) < 0 ||
	     chown(s->p.console_log, s->conf.uid, s->conf.gid) < 0))
		return vk_error_errno(VK_EXIT_FAILED, errno,
				      "cannot give %s to uid %u", s->p.dir,
				      (unsigned)s->conf.uid);
	return 0;
}

static int launch(struct sup *s)
{
	struct vk_qemu_start qs = {
		.qmp_supervisor = s->p.qmp_sup,
		.qmp_commands = s->p.qmp_cmd,
		.console_log = s->p.console_log,
		.sandbox = s->conf.sandbox,
		.spawn_allowed = false,
	};
	struct vk_argv argv = VK_ARGV_INIT;
	pid_t self = getpid();
	int errp[2], rc = -1;
	char *line;

	if (prepare_files(s) < 0 ||
	    vk_qemu_build_argv(s->st.live, &qs, &argv) < 0)
		return -1;
	line = vk_argv_join(&argv);
	vk_sup_log(s, "starting %s", line);
	free(line);
	if (pipe2(errp, O_CLOEXEC) < 0) {
		vk_error_errno(VK_EXIT_FAILED, errno, "pipe");
		goto out;
	}
	s->st.pid = fork();
	if (s->st.pid == 0)
		exec_qemu(s, argv.v, errp[1], self);
	close(errp[1]);
	s->errfd = errp[0];
	fcntl(s->errfd, F_SETFL, O_NONBLOCK);
	if (s->st.pid < 0) {
		vk_error_errno(VK_EXIT_FAILED, errno, "fork");
		goto out;
	}
	s->st.pid_start = vk_proc_starttime(s->st.pid);
	rc = 0;
out:
	vk_argv_free(&argv);
	return rc;
}

/* QEMU exited before it was ready: its last stderr line says why. */
static int qemu_failed(struct sup *s, int status)
{
	drain_stderr(s);
	if (s->partial[0])
		memcpy(s->lasterr, s->partial, sizeof(s->lasterr));
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
			kill(s->st.pid, SIGTERM);
			s->kill_at = vk_sup_now_ms() + TERM_GRACE_MS;
		}
	return waitpid(s->st.pid, status, WNOHANG) == s->st.pid;
}

/* Wait for QEMU's monitor, watching for an early exit. */
static int connect_monitor(struct sup *s)
{
	long long end = vk_sup_now_ms() + START_TIMEOUT_MS;
	int status, fd;

	while ((fd = vk_qmp_try_connect(s->p.qmp_sup)) < 0) {
		struct pollfd p[2] = {{.fd = s->errfd, .events = POLLIN},
				      {.fd = s->sigfd, .events = POLLIN}};

		if (reap(s, &status))
			return qemu_failed(s, status);
		if (vk_sup_now_ms() > end)
			return vk_error(VK_EXIT_FAILED, "QEMU did not open its "
							"monitor in %d s",
					START_TIMEOUT_MS / 1000);
		poll(p, 2, 5);
		drain_stderr(s);
	}
	return vk_qmp_handshake(&s->qmp, fd, QMP_TIMEOUT_MS);
}


/* Fill the live definition with the pty paths QEMU chose. */
static int learn_ptys(struct sup *s)
{
	struct vk_domain_def *def = s->st.live;
	json_object *list;
	int i;

	if (vk_qmp_run(&s->qmp, "query-chardev", NULL, &list,
		       QMP_TIMEOUT_MS) < 0)
		return -1;
	for (i = 0; i < def->nchrs; i++) {
		char *id = vk_qemu_chr_id(def, i);
		size_t j;

		for (j = 0; id && def->chrs[i].type == VK_CHR_PTY &&
			    j < json_object_array_length(list); j++) {
			json_object *e = json_object_array_get_idx(list, j);
			const char *file = vk_json_str(e, "filename");

			if (strcmp(vk_json_str(e, "label"), id) ||
			    strncmp(file, "pty:", 4))
				continue;
			free(def->chrs[i].path);
			def->chrs[i].path = vk_strdup(file + 4);
		}
		free(id);
	}
	json_object_put(list);
	return 0;
}

/* Set VNC passwords over QMP (never on the command line) and learn the
 * port an autoport display got. */
static int setup_vnc(struct sup *s)
{
	struct vk_domain_def *def = s->st.live;
	json_object *ret;
	int i;

	for (i = 0; i < def->ngraphics; i++) {
		struct vk_graphics *g = &def->graphics[i];
		json_object *args;

		if (g->type != VK_GFX_VNC)
			continue;
		if (g->passwd) {
			args = json_object_new_object();
			json_object_object_add(args, "protocol",
					       json_object_new_string("vnc"));
			json_object_object_add(args, "password",
					       json_object_new_string(g->passwd));
			if (vk_qmp_run(&s->qmp, "set_password", args, NULL,
				       QMP_TIMEOUT_MS) < 0)
				return -1;
		}
		if (vk_qmp_run(&s->qmp, "query-vnc", NULL, &ret,
			       QMP_TIMEOUT_MS) < 0)
			return -1;
		if (*vk_json_str(ret, "service"))
			g->port = atoi(vk_json_str(ret, "service"));
		json_object_put(ret);
		break;	/* QEMU has one VNC server */
	}
	return 0;
}

int vk_sup_save(struct sup *s)
{
	return vk_qemu_status_write(s->p.status, &s->st);
}

static int setup(struct sup *s, unsigned flags)
{
	if (connect_monitor(s) < 0 || learn_ptys(s) < 0 || setup_vnc(s) < 0)
		return -1;
	if (!(flags & VK_START_PAUSED) &&
	    vk_qmp_run(&s->qmp, "cont", NULL, NULL, QMP_TIMEOUT_MS) < 0)
		return -1;
	s->st.state = (flags & VK_START_PAUSED) ? VK_STATE_PAUSED
						 : VK_STATE_RUNNING;
	s->st.sup = getpid();
	s->st.sup_start = vk_proc_starttime(s->st.sup);
	return vk_sup_save(s);
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
			long long left = s->kill_at - vk_sup_now_ms();

			if (left <= 0) {
				vk_sup_log(s, "QEMU ignored SIGTERM: SIGKILL");
				kill(s->st.pid, SIGKILL);
				s->kill_at = vk_sup_now_ms() + TERM_GRACE_MS;
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
	if (WIFSIGNALED(status))
		vk_sup_log(s, "QEMU was killed by signal %d", WTERMSIG(status));
	else
		vk_sup_log(s, "QEMU exited with status %d",
			   WEXITSTATUS(status));
	vk_qmp_close(&s->qmp);
	vk_qemu_cleanup_stale(&s->p);
}

static int init(struct sup *s, struct vk_conn *c, struct vk_domain_def *live)
{
	sigset_t set;

	memset(s, 0, sizeof(*s));
	s->c = c;
	s->errfd = s->logfd = -1;
	s->qmp.fd = -1;
	s->st.live = live;
	s->st.id = live->id;
	vk_qemu_paths_init(&s->p, c, live->name);
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	s->sigfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (vk_mkdir_p(c->paths.log, 0700) == 0)
		s->logfd = open(s->p.log, O_WRONLY | O_CREAT | O_APPEND |
					   O_CLOEXEC, 0600);
	return vk_qemu_conf_load(&s->conf, c->paths.settings);
}

/* Setup failed: when QEMU exits on its own (say, it could not open a
 * file it was given), its own words are the better error. */
static void explain_failure(struct sup *s, int *status)
{
	long long end = vk_sup_now_ms() + 2000;

	while (vk_sup_now_ms() < end) {
		if (reap(s, status)) {
			qemu_failed(s, *status);
			s->st.pid = -1;
			return;
		}
		usleep(10000);
	}
}

int vk_qemu_supervise(struct vk_conn *c, struct vk_domain_def *live,
		      unsigned flags, int report_fd)
{
	struct sup s;
	int status = 0;

	if (init(&s, c, live) < 0 || launch(&s) < 0) {
		vk_sup_log(&s, "cannot start: %s", vk_error_message());
		report(&s, report_fd, 0);
		if (s.st.pid > 0) {
			kill(s.st.pid, SIGKILL);
			waitpid(s.st.pid, &status, 0);
		}
		goto out;
	}
	if (setup(&s, flags) < 0) {
		explain_failure(&s, &status);
		vk_sup_log(&s, "cannot start: %s", vk_error_message());
		report(&s, report_fd, 0);
		if (s.st.pid > 0 && kill(s.st.pid, SIGKILL) == 0)
			waitpid(s.st.pid, &status, 0);
		goto out;
	}
	vk_sup_log(&s, "guest %s (id %d) is %s", live->name, s.st.id,
		   vk_state_name(s.st.state));
	report(&s, report_fd, 1);
	status = run_loop(&s);
out:
	cleanup(&s, status);
	vk_qemu_conf_clear(&s.conf);
	vk_qemu_paths_clear(&s.p);
	vk_qemu_status_clear(&s.st);
	if (s.errfd >= 0)
		close(s.errfd);
	if (s.logfd >= 0)
		close(s.logfd);
	close(s.sigfd);
	return s.reported ? 0 : 1;
}
