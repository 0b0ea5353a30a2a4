/* dnsmasq for a virtual network: DHCP and DNS on its bridge only. */
#ifndef VK_DNSMASQ_H
#define VK_DNSMASQ_H

#include <sys/types.h>

#include "conf/network.h"

/* Where one network's dnsmasq files live. */
struct vk_dnsmasq_files {
	char *conf;	/* RUN/NAME.dnsmasq.conf */
	char *pid;	/* RUN/NAME.pid */
	char *leases;	/* CONFIG/NAME.leases (kept across restarts) */
};

void vk_dnsmasq_files_init(struct vk_dnsmasq_files *f, const char *run,
			   const char *config, const char *name);
void vk_dnsmasq_files_clear(struct vk_dnsmasq_files *f);

/* The configuration text for DEF (caller frees). */
char *vk_dnsmasq_config(const struct vk_network_def *def,
			const struct vk_dnsmasq_files *f);

/* Write the files and start dnsmasq for DEF (which has a bridge and an
 * address); it is running and answering once this returns 0 with its
 * pid and start time.  On failure nothing is left (leases stay) and
 * the error names dnsmasq's own message. */
int vk_dnsmasq_start(const struct vk_network_def *def,
		     const struct vk_dnsmasq_files *f, pid_t *pid,
		     unsigned long long *start);
/* Stop the dnsmasq PID started at START (when it still is that
 * process) and remove its files but the leases.  0 or -1. */
int vk_dnsmasq_stop(pid_t pid, unsigned long long start,
		    const struct vk_dnsmasq_files *f);

#endif
