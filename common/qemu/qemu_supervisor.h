/* The supervisor: one small process per running domain (DESIGN.md,
 * "Running guests").  It starts QEMU paused, finishes setup over QMP,
 * resumes the guest, writes the runtime record, reports to vm-start,
 * then applies the lifecycle actions until QEMU exits. */
#ifndef VK_QEMU_SUPERVISOR_H
#define VK_QEMU_SUPERVISOR_H

#include "driver/driver.h"

/* Supervise LIVE (consumed; its id set) on connection C.  Writes one
 * line to REPORT_FD once the guest runs ("OK") or could not start
 * ("ERR CODE MESSAGE"), then closes it.  Returns the process exit code. */
int vk_qemu_supervise(struct vk_conn *c, struct vk_domain_def *live,
		      unsigned flags, int report_fd);

/* Start LIVE under a new supervisor (double fork, detached) and wait for
 * its report.  The caller holds the domain lock.  0, or -1 with the
 * supervisor's error (QEMU's own words) recorded. */
int vk_qemu_spawn(struct vk_conn *c, const struct vk_domain_def *live,
		  unsigned flags);

#endif
