#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"
#include "proc.h"

/* Fields of /proc/PID/stat after the command name and the state (field
 * 3, into *STATE), into F: F[0] is field 4.  Returns how many were read. */
static int stat_fields(pid_t pid, unsigned long long *f, int max, char *state)
{
	char path[64], buf[1024], *p;
	FILE *fp;
	int n = 0;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fp = fopen(path, "re");
	if (!fp)
		return 0;
	if (!fgets(buf, sizeof(buf), fp)) {
		fclose(fp);
		return 0;
	}
	fclose(fp);
	p = strrchr(buf, ')');
	if (!p || p[1] != ' ')
		return 0;
	p += 2;
	*state = *p;
	p++;
	while (n < max && *p) {
		char *end;

		f[n++] = strtoull(p, &end, 10);
		if (end == p)
			break;
		p = end;
	}
	return n;
}

unsigned long long vk_proc_starttime(pid_t pid)
{
	unsigned long long f[20];
	char state;

	if (pid <= 0 || stat_fields(pid, f, 19, &state) < 19)
		return 0;
	if (state == 'Z' || state == 'X')
		return 0;
	return f[18];	/* field 22 */
}

bool vk_proc_is(pid_t pid, unsigned long long start)
{
	return start && vk_proc_starttime(pid) == start;
}

unsigned long long vk_proc_cputime(pid_t pid)
{
	unsigned long long f[12];
	long hz = sysconf(_SC_CLK_TCK);
	char state;

	if (pid <= 0 || stat_fields(pid, f, 12, &state) < 12 || hz <= 0)
		return 0;
	/* fields 14 and 15: utime and stime */
	return (f[10] + f[11]) * (1000000000ull / (unsigned long long)hz);
}

char *vk_self_relative(const char *rel)
{
	char self[PATH_MAX], *slash, *p;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n <= 0)
		return NULL;
	self[n] = '\0';
	slash = strrchr(self, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	p = vk_asprintf("%s/%s", self, rel);
	if (access(p, X_OK) == 0)
		return p;
	free(p);
	return NULL;
}

long long vk_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

void vk_child_stdio(int in, int out, int err, int keep)
{
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);
	sigset_t none;
	int sig;

	dup2(in >= 0 ? in : null, 0);
	dup2(out >= 0 ? out : null, 1);
	dup2(err >= 0 ? err : null, 2);
	close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
	if (keep >= 0)
		fcntl(keep, F_SETFD, 0);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	for (sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
}

/* Tools (vk_run): exec ARGV in the child, PATH first, then the sbin
 * directories that a non-root PATH often lacks. */
static void run_exec(const char *const *argv)
{
	static const char *const dirs[] = { "/usr/sbin", "/sbin", NULL };
	char path[PATH_MAX];
	int i;

	setenv("LC_ALL", "C", 1);
	execvp(argv[0], (char *const *)argv);
	if (errno != ENOENT || strchr(argv[0], '/'))
		return;
	for (i = 0; dirs[i]; i++) {
		snprintf(path, sizeof(path), "%s/%s", dirs[i], argv[0]);
		execv(path, (char *const *)argv);
	}
	errno = ENOENT;
}

/* Kill the tool PID and what it started (its process group) once
 * DEADLINE (vk_now_ms, 0: none) has passed, unless KILLED already.
 * Returns whether it is killed. */
static bool kill_late(pid_t pid, long long deadline, bool killed)
{
	if (killed || !deadline || vk_now_ms() < deadline)
		return killed;
	if (kill(-pid, SIGKILL) < 0)
		kill(pid, SIGKILL);
	return true;
}

/* Feed INPUT to FDS[0], drain FDS[1] into OUT and FDS[2] into ERR until
 * both close or, once the child PID has exited (*STATUS), nothing more
 * is waiting: a daemon it started may hold the pipes open for ever.
 * With a DEADLINE (vk_now_ms, 0: none) the child's process group is
 * killed when it passes; returns true then. */
static bool run_io(int fds[3], const char *input, struct vk_buf *out,
		   struct vk_buf *err, pid_t pid, int *status,
		   long long deadline)
{
	size_t inlen = input ? strlen(input) : 0, done = 0;
	bool exited = false, killed = false;
	char buf[4096];
	int i;

	if (!inlen) {
		close(fds[0]);
		fds[0] = -1;
	} else {	/* a full pipe must not stop us reading its output */
		fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
	}
	while (fds[1] >= 0 || fds[2] >= 0) {
		struct pollfd p[3];
		int r;

		for (i = 0; i < 3; i++) {
			p[i].fd = fds[i];
			p[i].events = i ? POLLIN : POLLOUT;
			p[i].revents = 0;
		}
		r = poll(p, 3, exited ? 0 : 200);
		if (!exited)
			killed |= kill_late(pid, deadline, killed);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 || (r == 0 && exited))
			break;
		if (r == 0) {
			exited = waitpid(pid, status, WNOHANG) == pid;
			continue;
		}
		if (fds[0] >= 0 && p[0].revents) {
			ssize_t n = write(fds[0], input + done, inlen - done);

			if (n > 0)
				done += (size_t)n;
			if ((n < 0 && errno != EAGAIN && errno != EINTR) ||
			    done == inlen) {
				close(fds[0]);
				fds[0] = -1;
			}
		}
		for (i = 1; i < 3; i++) {
			ssize_t n;

			if (fds[i] < 0 || !p[i].revents)
				continue;
			n = read(fds[i], buf, sizeof(buf));
			if (n > 0) {
				vk_buf_addn(i == 1 ? out : err, buf, (size_t)n);
			} else if (n == 0 || errno != EINTR) {
				close(fds[i]);
				fds[i] = -1;
			}
		}
	}
	for (i = 0; i < 3; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	while (!exited) {	/* it may have closed its output early */
		pid_t w = waitpid(pid, status,
				  deadline && !killed ? WNOHANG : 0);
		struct timespec ts = { 0, 50 * 1000 * 1000 };

		if (w == pid || (w < 0 && errno != EINTR))
			break;
		if (w == 0 && !(killed = kill_late(pid, deadline, killed)))
			nanosleep(&ts, NULL);
	}
	return killed;
}

static void run_close(int *a, int *b, int *c, int *d)
{
	int *p[4] = { a, b, c, d }, i;

	for (i = 0; i < 8; i++)
		if (p[i / 2][i % 2] >= 0)
			close(p[i / 2][i % 2]);
}

/* vk_run_status, the tool killed after TIMEOUT seconds (0: never): then
 * -1 with the error "TOOL: no answer within N s". */
static int run_status(const char *const *argv, const char *input,
		      char **out, char **err, int timeout)
{
	int in[2], o[2], e[2], x[2], fds[3], status, xerr = 0;
	struct vk_buf ob = VK_BUF_INIT, eb = VK_BUF_INIT;
	void (*oldpipe)(int) = SIG_DFL;
	bool killed;
	pid_t pid;

	in[0] = in[1] = o[0] = o[1] = e[0] = e[1] = x[0] = x[1] = -1;
	if (pipe2(in, O_CLOEXEC) < 0 || pipe2(o, O_CLOEXEC) < 0 ||
	    pipe2(e, O_CLOEXEC) < 0 || pipe2(x, O_CLOEXEC) < 0) {
		int en = errno;

		run_close(in, o, e, x);
		return vk_error_errno(VK_EXIT_FAILED, en, "pipe");
	}
	pid = fork();
	if (pid < 0) {
		int en = errno;

		run_close(in, o, e, x);
		return vk_error_errno(VK_EXIT_FAILED, en, "fork");
	}
	if (pid == 0) {
		if (timeout)	/* its own group, killed as one */
			setpgid(0, 0);
		vk_child_stdio(in[0], o[1], e[1], x[1]);
		fcntl(x[1], F_SETFD, FD_CLOEXEC);
		run_exec(argv);
		xerr = errno;
		if (write(x[1], &xerr, sizeof(xerr)) < 0)
			_exit(127);
		_exit(127);
	}
	if (timeout)
		setpgid(pid, pid);
	close(in[0]), close(o[1]), close(e[1]), close(x[1]);
	/* A write to a tool that quit early must not kill us. */
	if (input)
		oldpipe = signal(SIGPIPE, SIG_IGN);
	fds[0] = in[1], fds[1] = o[0], fds[2] = e[0];
	killed = run_io(fds, input, &ob, &eb, pid, &status,
			timeout ? vk_now_ms() + timeout * 1000LL : 0);
	if (input)
		signal(SIGPIPE, oldpipe);
	if (read(x[0], &xerr, sizeof(xerr)) != sizeof(xerr))
		xerr = 0;
	close(x[0]);
	if (out)
		*out = vk_buf_steal(&ob);
	else
		vk_buf_free(&ob);
	if (err)
		*err = vk_buf_steal(&eb);
	else
		vk_buf_free(&eb);
	if (xerr)
		return vk_error_errno(VK_EXIT_FAILED, xerr, "cannot run %s",
				      argv[0]);
	if (killed)
		return vk_error(VK_EXIT_FAILED, "%s: no answer within %d s",
				argv[0], timeout);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

int vk_run_status(const char *const *argv, const char *input, char **out,
		  char **err)
{
	return run_status(argv, input, out, err, 0);
}

/* The indentation of the line at P (which ends at END). */
static size_t indent_of(const char *p, const char *end)
{
	size_t n = 0;

	while (p + n < end && (p[n] == ' ' || p[n] == '\t'))
		n++;
	return n;
}

const char *vk_last_line(const char *text)
{
	static char line[512];
	const char *end, *start, *p;
	size_t n, ind;

	line[0] = '\0';
	if (!text)
		return line;
	end = text + strlen(text);
	while (end > text && (end[-1] == '\n' || end[-1] == ' ' ||
			      end[-1] == '\r' || end[-1] == '\t'))
		end--;
	for (;;) {
		start = end;
		while (start > text && start[-1] != '\n')
			start--;
		p = start + indent_of(start, end);
		/* "Run `lvcreate --help' for more information.", "Try
		 * 'mount --help'...": a hint, the message is above it */
		if (start == text || (strncmp(p, "Run `", 5) &&
				      strncmp(p, "Try `", 5) &&
				      strncmp(p, "Try '", 5)))
			break;
		end = start - 1;
		while (end > text && (end[-1] == '\n' || end[-1] == ' ' ||
				      end[-1] == '\r' || end[-1] == '\t'))
			end--;
	}
	/* An indented last line under a less indented one continues it
	 * with a hint ("mount: ...: wrong fs type" then "       dmesg(1)
	 * may have more information"): the message is that line. */
	ind = indent_of(start, end);
	for (p = start; ind && p > text;) {
		const char *le = p - 1, *ls = le;

		while (ls > text && ls[-1] != '\n')
			ls--;
		if (ls < le && indent_of(ls, le) < ind) {
			start = ls;
			end = le;
			break;
		}
		p = ls;
	}
	while (start < end && (*start == ' ' || *start == '\t'))
		start++;
	n = (size_t)(end - start);
	if (n >= sizeof(line))
		n = sizeof(line) - 1;
	memcpy(line, start, n);
	line[n] = '\0';
	return line;
}

int vk_run_timeout(const char *const *argv, const char *input, char **out,
		   int timeout)
{
	char *err = NULL;
	const char *last;
	int rc = run_status(argv, input, out, &err, timeout);

	if (rc <= 0) {
		free(err);
		return rc;
	}
	last = vk_last_line(err);
	if (*last)
		vk_error(VK_EXIT_FAILED, "%s: %s", argv[0], last);
	else if (rc > 128)
		vk_error(VK_EXIT_FAILED, "%s: killed by signal %d", argv[0],
			 rc - 128);
	else
		vk_error(VK_EXIT_FAILED, "%s: exited with status %d", argv[0],
			 rc);
	free(err);
	return -1;
}

int vk_run(const char *const *argv, const char *input, char **out)
{
	return vk_run_timeout(argv, input, out, 0);
}

/* The name /proc/PID/comm gives, into BUF; "" when unknown. */
static void proc_comm(pid_t pid, char *buf, size_t size)
{
	char path[64];
	ssize_t n;
	int fd;

	buf[0] = '\0';
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, buf, size - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
}

void vk_proc_stop_pidfile(const char *pidfile, const char *comm)
{
	char buf[32], name[32];
	long long end;
	ssize_t n;
	pid_t pid;
	int fd = open(pidfile, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	pid = (pid_t)atoi(buf);
	proc_comm(pid, name, sizeof(name));
	if (pid > 1 && !strcmp(name, comm) && kill(pid, SIGTERM) == 0) {
		for (end = vk_now_ms() + 3000; vk_now_ms() < end;) {
			waitpid(pid, NULL, WNOHANG);	/* our own child */
			if (!vk_proc_starttime(pid))
				break;
			usleep(10000);
		}
		if (vk_proc_starttime(pid))
			kill(pid, SIGKILL);
		waitpid(pid, NULL, WNOHANG);
	}
	unlink(pidfile);
}
