/* Running host tools (mount, mkfs, qemu-img, lvm, parted, iscsiadm)
 * without a shell. */
#ifndef VK_RUN_H
#define VK_RUN_H

/* Run ARGV (argv[0] is searched in PATH; NULL-ended) with stdin from
 * /dev/null and wait for it.  OUT, when not NULL, receives its standard
 * output (NUL-terminated, caller frees).  Returns 0 when it exited with
 * status 0, else -1 with a VK_EXIT_FAILED error
 * "ARGV0 failed: LAST LINE OF STDERR" (or the exit status / signal
 * when it printed nothing, or "cannot run ARGV0: ..." when missing). */
int vk_run(const char *const *argv, char **out);

/* The same, but a non-zero exit is not an error: *STATUS gets the exit
 * status (or 128 + signal), *ERR (when not NULL) its standard error.
 * Returns -1 only when ARGV0 could not be run at all. */
int vk_run_status(const char *const *argv, char **out, char **err,
		  int *status);

#endif
