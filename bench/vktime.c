/* vktime: the timer bench/start uses (compiled by it with plain cc).
 *
 *   vktime run N CMD [ARG...]
 *	Runs CMD N times, one after the other, stdin and stdout on
 *	/dev/null, stderr kept.  Prints the wall time of each run in
 *	microseconds, one a line: from just before fork() until waitpid()
 *	returns.  Exit 1 (after printing the times so far) if a run fails.
 *
 *   vktime qmp SOCKET TIMEOUT CMD [ARG...]
 *	Starts CMD (a QEMU command line whose QMP monitor listens on the
 *	unix socket SOCKET), then tries to connect every 1 ms, reads the
 *	greeting, sends qmp_capabilities and waits for its return.  Prints
 *	the microseconds from just before fork() until that return, then
 *	sends quit and waits for QEMU to exit (SIGKILL after TIMEOUT).
 *	QEMU's stdout and stderr go to SOCKET.log.
 *
 * Built by make (BUILD/bench/vktime); the QMP side is the library's
 * client (common/qemu/qmp.c), the one the supervisor uses. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "qemu/qmp.h"

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static pid_t spawn(char **argv, const char *out)
{
	pid_t pid = fork();

	if (pid == 0) {
		int in = open("/dev/null", O_RDONLY);
		int o = out ? open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600)
			    : open("/dev/null", O_WRONLY);

		if (in < 0 || o < 0)
			_exit(126);
		dup2(in, 0);
		dup2(o, 1);
		if (out)
			dup2(o, 2);
		execvp(argv[0], argv);
		fprintf(stderr, "vktime: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	return pid;
}

static int run(int n, char **argv)
{
	int i, status;

	for (i = 0; i < n; i++) {
		long long t0 = now_us();
		pid_t pid = spawn(argv, NULL);

		if (pid < 0 || waitpid(pid, &status, 0) != pid) {
			perror("vktime");
			return 1;
		}
		printf("%lld\n", now_us() - t0);
		fflush(stdout);
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			fprintf(stderr, "vktime: %s failed (status %d)\n",
				argv[0], status);
			return 1;
		}
	}
	return 0;
}

static int gone(pid_t pid, int *status)
{
	return waitpid(pid, status, WNOHANG) == pid;
}

static int qmp(const char *path, double timeout, char **argv)
{
	struct vk_qmp q = {.fd = -1};
	char log[4200];
	long long t0, t1, deadline;
	int fd = -1, status, exited = 0, ms = (int)(timeout * 1000);
	pid_t pid;

	snprintf(log, sizeof(log), "%s.log", path);
	unlink(path);
	t0 = now_us();
	deadline = t0 + (long long)(timeout * 1e6);
	pid = spawn(argv, log);
	if (pid < 0) {
		perror("vktime: fork");
		return 1;
	}
	while ((fd = vk_qmp_try_connect(path)) < 0) {
		if ((exited = gone(pid, &status)) || now_us() > deadline)
			break;
		usleep(1000);
	}
	if (fd < 0 || vk_qmp_handshake(&q, fd, ms) < 0) {
		fprintf(stderr, "vktime: %s: no QMP greeting and return "
			"(QEMU %s; see %s)\n", path,
			exited ? "exited" : "running", log);
		vk_qmp_close(&q);
		if (!exited) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
		}
		return 1;
	}
	t1 = now_us();
	printf("%lld\n", t1 - t0);
	fflush(stdout);
	vk_qmp_run(&q, "quit", NULL, NULL, ms);
	while (!gone(pid, &status)) {
		if (now_us() > deadline) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			break;
		}
		usleep(1000);
	}
	vk_qmp_close(&q);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && !strcmp(argv[1], "run"))
		return run(atoi(argv[2]), argv + 3);
	if (argc >= 5 && !strcmp(argv[1], "qmp"))
		return qmp(argv[2], atof(argv[3]), argv + 4);
	fputs("usage: vktime run N CMD [ARG...]\n"
	      "       vktime qmp SOCKET TIMEOUT CMD [ARG...]\n", stderr);
	return 2;
}
