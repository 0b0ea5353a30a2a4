/* qmp-ping: check that a QMP monitor answers, then make QEMU quit.
 *   qmp-ping [--no-quit] [--pid PID] SOCKET TIMEOUT-SECONDS
 * Connects (retrying until the socket exists and accepts, the timeout
 * passes, or process PID is gone), reads the greeting, sends
 * qmp_capabilities and expects {"return": {}}, then sends quit (unless --no-quit).  Exit 0 on success;
 * otherwise one line "qmp-ping: error: WHY" on stderr and exit 1. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static int die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int die(const char *fmt, ...)
{
	va_list ap;

	fputs("qmp-ping: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static pid_t watch;	/* give up when this process is gone */

/* Whether process PID has exited (a zombie counts as exited). */
static int gone(pid_t pid)
{
	char path[64], buf[256], *p;
	FILE *f;
	size_t n;

	if (kill(pid, 0) < 0)
		return 1;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	p = strrchr(buf, ')');
	return p && p[1] == ' ' && p[2] == 'Z';
}

static int connect_until(const char *path, double deadline)
{
	struct sockaddr_un sa;
	int fd;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa.sun_path))
		return -1;
	strcpy(sa.sun_path, path);
	for (;;) {
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0)
			return -1;
		if (!connect(fd, (struct sockaddr *)&sa, sizeof(sa)))
			return fd;
		close(fd);
		if (now() > deadline || (watch && gone(watch)))
			return -1;
		usleep(50000);
	}
}

/* Read one line (QMP messages end with CRLF) into BUF. */
static int read_line(int fd, char *buf, size_t size, double deadline)
{
	size_t n = 0;

	while (n + 1 < size) {
		struct pollfd p = {fd, POLLIN, 0};
		int ms = (int)((deadline - now()) * 1000);
		ssize_t r;

		if (ms <= 0 || poll(&p, 1, ms) <= 0)
			return -1;
		r = read(fd, buf + n, 1);
		if (r <= 0)
			return -1;
		if (buf[n] == '\n') {
			buf[n] = 0;
			return 0;
		}
		n++;
	}
	return -1;
}

/* Send CMD and return in BUF the first line that is not an event. */
static int command(int fd, const char *cmd, char *buf, size_t size,
		   double deadline)
{
	if (write(fd, cmd, strlen(cmd)) != (ssize_t)strlen(cmd))
		return -1;
	do {
		if (read_line(fd, buf, size, deadline) < 0)
			return -1;
	} while (strstr(buf, "\"event\""));
	return 0;
}

int main(int argc, char **argv)
{
	char buf[8192];
	double deadline;
	int fd, quit = 1, i = 1;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--no-quit"))
			quit = 0;
		else if (!strcmp(argv[i], "--pid") && i + 1 < argc)
			watch = (pid_t)atoi(argv[++i]);
		else
			break;
	}
	if (argc - i != 2) {
		fputs("usage: qmp-ping [--no-quit] [--pid PID] SOCKET "
		      "TIMEOUT\n", stderr);
		return 2;
	}
	deadline = now() + atof(argv[i + 1]);
	fd = connect_until(argv[i], deadline);
	if (fd < 0)
		return die("%s: cannot connect: %s", argv[i], strerror(errno));
	if (read_line(fd, buf, sizeof(buf), deadline) < 0 ||
	    !strstr(buf, "\"QMP\""))
		return die("no QMP greeting");
	if (command(fd, "{\"execute\":\"qmp_capabilities\"}\r\n", buf,
		    sizeof(buf), deadline) < 0 || !strstr(buf, "\"return\""))
		return die("qmp_capabilities: no return");
	if (quit && command(fd, "{\"execute\":\"quit\"}\r\n", buf,
			    sizeof(buf), deadline) < 0)
		return die("quit: no answer");
	close(fd);
	return 0;
}
