#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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
