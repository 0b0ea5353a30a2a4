/* qmp-ping: check that a QMP monitor answers, then make QEMU quit.
 *   qmp-ping [--no-quit] [--pid PID] SOCKET TIMEOUT-SECONDS
 * Connects (retrying until the socket exists and accepts, the timeout
 * passes, or process PID is gone), reads the greeting, sends
 * qmp_capabilities and expects {"return": {}}, then sends quit (unless
 * --no-quit).  Exit 0 on success;
 * otherwise one line "qmp-ping: error: WHY" on stderr and exit 1. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "qemu/qmp.h"
#include "util/error.h"
#include "util/proc.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Connect, retrying until DEADLINE or until process WATCH is gone. */
static int connect_until(const char *path, double deadline, pid_t watch)
{
	unsigned long long start = watch ? vk_proc_starttime(watch) : 0;
	int fd;

	while ((fd = vk_qmp_try_connect(path)) < 0) {
		if (now() > deadline)
			return vk_error_errno(1, errno, "%s: cannot connect",
					      path);
		if (watch && !vk_proc_is(watch, start))
			return vk_error(1, "%s: process %d is gone", path,
					(int)watch);
		usleep(50000);
	}
	return fd;
}

int main(int argc, char **argv)
{
	struct vk_qmp q = {.fd = -1};
	int fd, quit = 1, i = 1, ms, rc = 1;
	pid_t watch = 0;

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
	ms = (int)(atof(argv[i + 1]) * 1000);
	fd = connect_until(argv[i], now() + ms / 1000.0, watch);
	if (fd >= 0 && vk_qmp_handshake(&q, fd, ms) == 0 &&
	    (!quit || vk_qmp_run(&q, "quit", NULL, NULL, ms) == 0))
		rc = 0;
	else
		fprintf(stderr, "qmp-ping: error: %s\n", vk_error_message());
	vk_qmp_close(&q);
	return rc;
}
