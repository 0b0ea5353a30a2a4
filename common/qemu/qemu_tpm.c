/* The swtpm of an emulated TPM (see qemu_tpm.h).
 *
 * The first start runs swtpm_setup, as libvirt does, rather than
 * leaving swtpm to make its state on the guest's first command: as
 * root it gives the TPM an endorsement key certificate and a platform
 * certificate (what Windows 11 and attestation look for), activates the
 * PCR banks <active_pcr_banks> names, and locks the NVRAM.  Measured on
 * a 2-vCPU TCG host, swtpm 0.7.1: 0.9 s (2.2 s the very first time, as
 * the local CA makes its key), once per domain; plain swtpm would cost
 * nothing but has no certificates.  As a user (qemu:///session) the CA
 * in /var/lib/swtpm-localca is not writable: the state is made without
 * certificates.  swtpm itself is ready in about 50 ms. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "qemu_tpm.h"
#include "util/argv.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/file.h"
#include "util/proc.h"
#include "util/uuid.h"

#define SETUP_TIMEOUT_S 60
#define READY_TIMEOUT_MS 10000

const struct vk_tpm *vk_qemu_tpm_emulator(const struct vk_domain_def *def)
{
	int i;

	for (i = 0; i < def->ntpms; i++)
		if (def->tpms[i].type == VK_TPM_EMULATOR)
			return &def->tpms[i];
	return NULL;
}

char *vk_qemu_tpm_state_root(const char *config,
			     const struct vk_domain_def *def)
{
	char uuid[40];

	vk_uuid_format(def->uuid, uuid);
	return vk_asprintf("%s/swtpm/%s", config, uuid);
}

/* Where swtpm keeps T's state: <source type='dir'>, or the managed
 * directory; a <source type='file'> is a file (*IS_FILE). */
static char *state_path(const char *config, const struct vk_domain_def *def,
			const struct vk_tpm *t, bool *is_file)
{
	char *root, *p;

	*is_file = t->source_path && t->source_type == 0;
	if (t->source_path)
		return vk_strdup(t->source_path);
	root = vk_qemu_tpm_state_root(config, def);
	p = vk_asprintf("%s/%s", root, vk_tpm_version(def, t) == VK_TPM_V2 ?
			"tpm2" : "tpm1.2");
	free(root);
	return p;
}

/* swtpm's --tpmstate (and swtpm_setup's) for PATH. */
static char *tpmstate(const char *path, bool is_file, bool setup)
{
	if (is_file)
		return vk_asprintf("backend-uri=file://%s", path);
	return setup ? vk_strdup(path) : vk_asprintf("dir=%s", path);
}

/* Whether the state at PATH was made already. */
static bool state_exists(const char *path, bool is_file, bool tpm2)
{
	struct stat st;
	char *f;
	bool r;

	if (is_file)
		return stat(path, &st) == 0 && st.st_size > 0;
	f = vk_asprintf("%s/%s", path, tpm2 ? "tpm2-00.permall" :
			"tpm-00.permall");
	r = access(f, F_OK) == 0;
	free(f);
	return r;
}

/* QEMU's user (when not root) must pass through the directories above
 * the state to reach it; the names in them stay hidden. */
static void let_through(const char *path, const char *config)
{
	char *p = vk_strdup(path), *slash;
	size_t n = strlen(config);

	while ((slash = strrchr(p, '/')) && slash != p) {
		*slash = '\0';
		if (strncmp(p, config, n) || strlen(p) < n)
			break;
		chmod(p, 0711);
	}
	free(p);
}

/* The state and everything in it belong to QEMU's user. */
static int give_state(const char *path, bool is_file, uid_t uid, gid_t gid)
{
	char **names = NULL, *f;
	int n = 0, i, rc = 0;

	if (lchown(path, uid, gid) < 0)
		return vk_error_errno(VK_EXIT_FAILED, errno, "cannot give %s "
				      "to uid %u", path, (unsigned)uid);
	if (is_file)
		return 0;
	vk_dir_names(path, "", &names, &n);
	for (i = 0; i < n && rc == 0; i++) {
		f = vk_asprintf("%s/%s", path, names[i]);
		if (lchown(f, uid, gid) < 0)
			rc = vk_error_errno(VK_EXIT_FAILED, errno, "cannot give "
					    "%s to uid %u", f, (unsigned)uid);
		free(f);
	}
	vk_names_free(names, n);
	f = vk_asprintf("%s/.lock", path);	/* dot files are left out */
	if (rc == 0 && lchown(f, uid, gid) < 0 && errno != ENOENT)
		rc = vk_error_errno(VK_EXIT_FAILED, errno, "cannot give %s to "
				    "uid %u", f, (unsigned)uid);
	free(f);
	return rc;
}

/* swtpm_setup: the first state of T at PATH. */
static int setup_state(const struct vk_domain_def *def,
		       const struct vk_tpm *t, const char *path, bool is_file,
		       const char *log)
{
	struct vk_argv a = VK_ARGV_INIT;
	struct vk_buf banks = VK_BUF_INIT;
	bool tpm2 = vk_tpm_version(def, t) == VK_TPM_V2;
	char *state = tpmstate(path, is_file, true);
	int i, rc;

	vk_argv_add(&a, "swtpm_setup");
	if (tpm2)
		vk_argv_add(&a, "--tpm2");
	vk_argv_add2(&a, "--tpmstate", state);
	if (geteuid() == 0) {
		vk_argv_add(&a, "--create-ek-cert");
		vk_argv_add(&a, "--create-platform-cert");
		vk_argv_add(&a, "--lock-nvram");
	}
	vk_argv_add(&a, "--not-overwrite");
	vk_argv_add2(&a, "--logfile", log);
	for (i = 0; tpm2 && t->has_pcr_banks && vk_tpm_pcr_bank_names[i]; i++)
		if (t->pcr_banks & (1u << i))
			vk_buf_addf(&banks, "%s%s", banks.len ? "," : "",
				    vk_tpm_pcr_bank_names[i]);
	if (banks.len)
		vk_argv_add2(&a, "--pcr-banks", banks.s);
	rc = vk_run_timeout((const char *const *)a.v, NULL, NULL,
			    SETUP_TIMEOUT_S);
	if (rc < 0) {
		char *why = vk_strdup(vk_error_message());

		vk_error(VK_EXIT_FAILED, "cannot make the TPM state in %s: %s "
			 "(see %s)", path, why, log);
		free(why);
	}
	vk_buf_free(&banks);
	vk_argv_free(&a);
	free(state);
	return rc;
}

/* swtpm's command line. */
static void swtpm_argv(struct vk_argv *a, const struct vk_domain_def *def,
		       const struct vk_tpm *t, const char *state,
		       const char *sock, const char *pid, const char *log)
{
	char *s;

	vk_argv_add2(a, "swtpm", "socket");
	if (vk_tpm_version(def, t) == VK_TPM_V2)
		vk_argv_add(a, "--tpm2");
	vk_argv_add2(a, "--tpmstate", state);
	s = vk_asprintf("type=unixio,path=%s,mode=0600", sock);
	vk_argv_add2(a, "--ctrl", s);
	free(s);
	vk_argv_add(a, "--terminate");
	s = vk_asprintf("file=%s", pid);
	vk_argv_add2(a, "--pid", s);
	free(s);
	s = t->has_debug ? vk_asprintf("file=%s,level=%u", log, t->debug) :
	    vk_asprintf("file=%s", log);
	vk_argv_add2(a, "--log", s);
	free(s);
}

/* In the child: become QEMU's user and run swtpm. */
static void exec_swtpm(char **argv, uid_t uid, gid_t gid)
{
	setsid();
	vk_child_stdio(-1, -1, -1, -1);
	if (geteuid() == 0 && (uid != 0 || gid != 0) &&
	    (setgroups(0, NULL) < 0 || setgid(gid) < 0 || setuid(uid) < 0))
		_exit(126);
	execvp(argv[0], argv);
	_exit(127);
}

/* The last line swtpm wrote in LOG, for an error ("" for none). */
static const char *log_tail(const char *log)
{
	static char line[256];
	char *text = vk_file_read(log, 1 << 20, NULL);

	vk_error_clear();
	snprintf(line, sizeof(line), "%s", text ? vk_last_line(text) : "");
	free(text);
	return line;
}

/* Wait until swtpm listens on SOCK and wrote PIDFILE, or exits. */
static int await_ready(pid_t pid, const char *sock, const char *pidfile,
		       const char *log)
{
	long long end = vk_now_ms() + READY_TIMEOUT_MS;
	struct stat st;
	int status;

	while (vk_now_ms() < end) {
		if (stat(sock, &st) == 0 && S_ISSOCK(st.st_mode) &&
		    access(pidfile, F_OK) == 0)
			return 0;
		if (waitpid(pid, &status, WNOHANG) == pid) {
			const char *tail;

			if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
				return vk_error(VK_EXIT_FAILED, "cannot run "
						"swtpm (Debian package swtpm)");
			tail = log_tail(log);
			return vk_error(VK_EXIT_FAILED, "swtpm exited with "
					"status %d%s%s", WIFEXITED(status) ?
					WEXITSTATUS(status) : 128 +
					WTERMSIG(status), *tail ? ": " : "",
					tail);
		}
		usleep(5000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return vk_error(VK_EXIT_FAILED, "swtpm did not open %s in %d s", sock,
			READY_TIMEOUT_MS / 1000);
}

/* The log file, QEMU's user's. */
static int open_log(const char *log, uid_t uid, gid_t gid)
{
	int fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);

	if (fd < 0)
		return vk_error_errno(VK_EXIT_FAILED, errno, "cannot open %s",
				      log);
	close(fd);
	if (geteuid() == 0 && chown(log, uid, gid) < 0)
		return vk_error_errno(VK_EXIT_FAILED, errno, "cannot give %s "
				      "to uid %u", log, (unsigned)uid);
	return 0;
}

static int prepare_state(const struct vk_domain_def *live,
			 const struct vk_tpm *t, const char *config,
			 const char *path, bool is_file, const char *log,
			 uid_t uid, gid_t gid)
{
	bool tpm2 = vk_tpm_version(live, t) == VK_TPM_V2;

	if (!is_file && vk_mkdir_p(path, 0700) < 0)
		return -1;
	if (!state_exists(path, is_file, tpm2) &&
	    setup_state(live, t, path, is_file, log) < 0)
		return -1;
	if (geteuid() != 0 || uid == 0)
		return 0;
	if (!t->source_path)
		let_through(path, config);
	return give_state(path, is_file, uid, gid);
}

int vk_qemu_tpm_start(const struct vk_domain_def *live, const char *config,
		      const char *rundir, const char *logdir, uid_t uid,
		      gid_t gid)
{
	const struct vk_tpm *t = vk_qemu_tpm_emulator(live);
	struct vk_argv a = VK_ARGV_INIT;
	char *path, *state, *sock, *pidfile, *log;
	bool is_file;
	pid_t pid;
	int rc = -1;

	if (!t)
		return 0;
	path = state_path(config, live, t, &is_file);
	state = tpmstate(path, is_file, false);
	sock = vk_asprintf("%s/%s", rundir, VK_QEMU_SWTPM_SOCK);
	pidfile = vk_asprintf("%s/%s", rundir, VK_QEMU_SWTPM_PID);
	log = vk_asprintf("%s/%s-swtpm.log", logdir, live->name);
	vk_qemu_tpm_stop(rundir);	/* one a failed start left */
	unlink(sock);
	if (open_log(log, uid, gid) < 0 ||
	    prepare_state(live, t, config, path, is_file, log, uid, gid) < 0)
		goto out;
	swtpm_argv(&a, live, t, state, sock, pidfile, log);
	pid = fork();
	if (pid == 0)
		exec_swtpm(a.v, uid, gid);
	if (pid < 0) {
		vk_error_errno(VK_EXIT_FAILED, errno, "fork");
		goto out;
	}
	rc = await_ready(pid, sock, pidfile, log);
	if (rc < 0) {
		vk_qemu_tpm_stop(rundir);
		unlink(sock);
	}
out:
	vk_argv_free(&a);
	free(path);
	free(state);
	free(sock);
	free(pidfile);
	free(log);
	return rc;
}

int vk_qemu_tpm_remove_state(const char *config,
			     const struct vk_domain_def *def)
{
	char *root = vk_qemu_tpm_state_root(config, def);
	int rc = 0;

	if (vk_qemu_tpm_remove_root(root) < 0)
		rc = vk_error_errno(VK_EXIT_FAILED, errno, "cannot remove the "
				    "TPM state %s", root);
	free(root);
	return rc;
}

int vk_qemu_tpm_transient(const struct vk_domain_def *live,
			  const char *config, const char *rundir)
{
	const struct vk_tpm *t = vk_qemu_tpm_emulator(live);
	char *root, *drop;
	int rc;

	if (!t || t->persistent_state == 1)
		return 0;
	root = vk_qemu_tpm_state_root(config, live);
	drop = vk_asprintf("%s/%s", rundir, VK_QEMU_SWTPM_DROP);
	rc = vk_file_replace(drop, root, strlen(root), 0600);
	free(drop);
	free(root);
	return rc;
}
