/* Processes as /proc shows them: identity that survives pid reuse. */
#ifndef VK_PROC_H
#define VK_PROC_H

#include <stdbool.h>
#include <sys/types.h>

/* The start time of PID (clock ticks after boot, /proc/PID/stat field
 * 22), or 0 when there is no such process (or it is a zombie). */
unsigned long long vk_proc_starttime(pid_t pid);
/* True when PID runs and is the process that started at START. */
bool vk_proc_is(pid_t pid, unsigned long long start);
/* User + system CPU time of PID in nanoseconds (0 when unknown). */
unsigned long long vk_proc_cputime(pid_t pid);

/* In a forked child about to exec: IN, OUT and ERR (-1: /dev/null)
 * become 0, 1 and 2, every other descriptor closes at exec (KEEP, when
 * not -1, stays open), and signals are back to their defaults. */
void vk_child_stdio(int in, int out, int err, int keep);

/* Stop the process whose pid PIDFILE holds, when it runs under the
 * name COMM (/proc/PID/comm: a reused pid is left alone): SIGTERM,
 * then SIGKILL after 3 s; then remove PIDFILE.  Nothing when PIDFILE
 * is missing. */
void vk_proc_stop_pidfile(const char *pidfile, const char *comm);

/* Milliseconds on the monotonic clock. */
long long vk_now_ms(void);

/* REL (e.g. "vm-console", "../libexec/x") taken from the directory of
 * this process's executable, when that file is executable; else NULL.
 * Caller frees. */
char *vk_self_relative(const char *rel);

/* Tools run without a shell (storage backends: mount, mkfs, lvm,
 * parted, iscsiadm...).  ARGV[0] is looked up in PATH, then in /usr/sbin
 * and /sbin; the child gets stdin from /dev/null (or INPUT written to
 * it when not NULL), LC_ALL=C, and no other descriptor.
 * vk_run: 0 when the tool exited 0; else -1 with a VK_EXIT_FAILED error
 * "TOOL: LAST LINE OF ITS STDERR" (or its status when it wrote none).
 * OUT, when not NULL, gets its stdout (caller frees; also on failure).
 * vk_run_status: the same, but a non-zero exit is no error: its exit
 * code (128 + signal when killed), or -1 when it could not run at all.
 * ERR, when not NULL, gets its stderr (caller frees). */
int vk_run(const char *const *argv, const char *input, char **out);
int vk_run_status(const char *const *argv, const char *input, char **out,
		  char **err);
/* vk_run, but the tool and what it started (its process group) are
 * killed after TIMEOUT seconds (0: no limit), with the error "TOOL: no
 * answer within TIMEOUT s": for tools that can wait on the network for
 * minutes (mount.nfs, iscsiadm). */
int vk_run_timeout(const char *const *argv, const char *input, char **out,
		   int timeout);
/* The last non-empty line of TEXT, in a static buffer ("" for none). */
const char *vk_last_line(const char *text);

#endif
