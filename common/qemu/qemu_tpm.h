/* The swtpm behind an emulated TPM (<tpm><backend type='emulator'>):
 * vm-start makes its state on the first start (swtpm_setup) and runs
 * it with its control socket in the domain's runtime directory; QEMU
 * connects there (-chardev socket -tpmdev emulator).  swtpm runs with
 * --terminate: it exits when QEMU's connection goes, and whoever
 * removes the runtime directory (the supervisor when QEMU exits, the
 * next start or status check after a killed supervisor) stops it first
 * through its pid file.  The state stays in CONFIG/swtpm/UUID/tpm2 (or
 * tpm1.2) across starts, until vm-undefine; a transient domain's (one
 * vm-create started with no definition of that name) goes with its
 * runtime directory, unless <tpm persistent_state='yes'>, as libvirt
 * does. */
#ifndef VK_QEMU_TPM_H
#define VK_QEMU_TPM_H

#include <errno.h>
#include <stdlib.h>
#include <sys/types.h>

#include <unistd.h>

#include "conf/domain.h"
#include "util/error.h"
#include "util/file.h"
#include "util/proc.h"

/* In the domain's runtime directory: swtpm's control socket and its
 * pid file. */
#define VK_QEMU_SWTPM_SOCK "swtpm.sock"
#define VK_QEMU_SWTPM_PID "swtpm.pid"
/* ... and, for a transient domain, the TPM state root to remove. */
#define VK_QEMU_SWTPM_DROP "swtpm.transient"

/* The TPM of DEF that needs an swtpm run for it, or NULL. */
const struct vk_tpm *vk_qemu_tpm_emulator(const struct vk_domain_def *def);

/* CONFIG/swtpm/UUID: the TPM state of DEF (caller frees). */
char *vk_qemu_tpm_state_root(const char *config,
			     const struct vk_domain_def *def);

/* Start the swtpm of LIVE's emulated TPM (none: 0 at once), as UID and
 * GID, its socket and pid file in RUNDIR, its log LOGDIR/NAME-swtpm.log;
 * its state in CONFIG (see above) is made first when it does not exist.
 * Returns 0 with swtpm listening, or -1 with one error recorded and
 * nothing left running. */
int vk_qemu_tpm_start(const struct vk_domain_def *live, const char *config,
		      const char *rundir, const char *logdir, uid_t uid,
		      gid_t gid);

/* vm-create of a domain with no definition: its TPM state (none: 0 at
 * once) is to go when its runtime directory RUNDIR goes.  0 or -1. */
int vk_qemu_tpm_transient(const struct vk_domain_def *live,
			  const char *config, const char *rundir);

/* Remove the TPM state under ROOT (CONFIG/swtpm/UUID): its tpm2 and
 * tpm1.2 directories, then ROOT.  0, or -1 with errno. */
static inline int vk_qemu_tpm_remove_root(const char *root)
{
	char *sub;

	sub = vk_asprintf("%s/tpm2", root);
	vk_dir_remove(sub);
	free(sub);
	sub = vk_asprintf("%s/tpm1.2", root);
	vk_dir_remove(sub);
	free(sub);
	return rmdir(root) < 0 && errno != ENOENT ? -1 : 0;
}

/* Stop the swtpm started for RUNDIR, if it still runs, and remove the
 * state of a transient domain's TPM.  Inline: the
 * static supervisor calls it, and must not pull in this file's domain
 * (libxml2) dependencies. */
static inline void vk_qemu_tpm_stop(const char *rundir)
{
	char *pidfile = vk_asprintf("%s/%s", rundir, VK_QEMU_SWTPM_PID);
	char *drop = vk_asprintf("%s/%s", rundir, VK_QEMU_SWTPM_DROP);
	char *root = access(drop, F_OK) ? NULL : vk_file_read(drop, 4096, NULL);

	vk_proc_stop_pidfile(pidfile, "swtpm");
	if (root && root[0] == '/')	/* a transient domain's state */
		(void)vk_qemu_tpm_remove_root(root);
	unlink(drop);
	free(root);
	free(drop);
	free(pidfile);
}

/* vm-undefine: remove DEF's TPM state (CONFIG/swtpm/UUID), if any.
 * Returns 0 or -1. */
int vk_qemu_tpm_remove_state(const char *config,
			     const struct vk_domain_def *def);

#endif
