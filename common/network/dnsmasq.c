#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "dnsmasq.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/file.h"
#include "util/proc.h"

void vk_dnsmasq_files_init(struct vk_dnsmasq_files *f, const char *run,
			   const char *config, const char *name)
{
	f->conf = vk_asprintf("%s/%s.dnsmasq.conf", run, name);
	f->pid = vk_asprintf("%s/%s.pid", run, name);
	f->leases = vk_asprintf("%s/%s.leases", config, name);
}

void vk_dnsmasq_files_clear(struct vk_dnsmasq_files *f)
{
	free(f->conf);
	free(f->pid);
	free(f->leases);
	memset(f, 0, sizeof(*f));
}

static void remove_files(const struct vk_dnsmasq_files *f)
{
	vk_file_remove(f->conf);
	vk_file_remove(f->pid);
}

static int write_text(const char *path, char *text)
{
	int rc = vk_file_replace(path, text, strlen(text), 0644);

	free(text);
	return rc;
}

/* The pid dnsmasq wrote (it has, by the time its parent exits). */
static pid_t read_pid(const char *path)
{
	char *s = vk_file_read(path, 64, NULL);
	long v = s ? strtol(s, NULL, 10) : 0;

	free(s);
	return v > 0 ? (pid_t)v : 0;
}

int vk_dnsmasq_start(const struct vk_network_def *def,
		     const struct vk_dnsmasq_files *f, pid_t *pid,
		     unsigned long long *start)
{
	char *confarg = vk_asprintf("--conf-file=%s", f->conf);
	const char *argv[] = {"dnsmasq", confarg, NULL};
	int rc = -1;

	*pid = 0;
	*start = 0;
	vk_file_remove(f->pid);
	if (write_text(f->conf, vk_dnsmasq_config(def, f)) < 0)
		goto out;
	if (vk_run(argv, NULL, NULL) < 0) {
		vk_error_prefix("cannot start dnsmasq on bridge '%s'",
				def->bridge);
		goto out;
	}
	*pid = read_pid(f->pid);
	*start = *pid ? vk_proc_starttime(*pid) : 0;
	if (!*start) {
		vk_error(VK_EXIT_FAILED, "dnsmasq on bridge '%s' started but "
			 "left no running process in %s", def->bridge, f->pid);
		*pid = 0;
		goto out;
	}
	rc = 0;
out:
	if (rc < 0)
		remove_files(f);
	free(confarg);
	return rc;
}

int vk_dnsmasq_stop(pid_t pid, unsigned long long start,
		    const struct vk_dnsmasq_files *f)
{
	struct timespec pause = {0, 10 * 1000 * 1000};
	int i;

	if (pid > 0 && vk_proc_is(pid, start)) {
		kill(pid, SIGTERM);
		for (i = 0; i < 300 && vk_proc_is(pid, start); i++)
			nanosleep(&pause, NULL);
		if (vk_proc_is(pid, start)) {
			kill(pid, SIGKILL);
			for (i = 0; i < 100 && vk_proc_is(pid, start); i++)
				nanosleep(&pause, NULL);
		}
		if (vk_proc_is(pid, start))
			return vk_error(VK_EXIT_FAILED, "dnsmasq (pid %d) does "
					"not stop", (int)pid);
	}
	remove_files(f);
	return 0;
}
