/* Shared between network.c and net_start.c. */
#ifndef VK_NETWORK_PRIV_H
#define VK_NETWORK_PRIV_H

#include "network.h"

/* DIR/NAME.SUFFIX, DIR being the runtime (RUN) or config directory. */
char *vk_net_path(const struct vk_netconn *nc, bool run, const char *name,
		  const char *suffix);
/* NAME's config (VK_EXIT_NOT_FOUND when it has none). */
struct vk_network_def *vk_net_config(struct vk_netconn *nc,
				     const char *name);
/* NAME's runtime record (VK_EXIT_NOT_FOUND: "network 'NAME' is not
 * active"). */
int vk_net_record_read(struct vk_netconn *nc, const char *name,
		       struct vk_net_status *st);
/* Take the network lock: the descriptor, or -1. */
int vk_net_lock(struct vk_netconn *nc);
/* "NETWORK/P" of IP's network into OUT (VK_INET_CIDR_STRLEN + 1). */
void vk_net_cidr(const struct vk_net_ip *ip, char *out);
/* DEF, a new network (CREATE: for net-create, its name unused) or the
 * new config of one, against the others: conflicts are
 * VK_EXIT_CONFLICT; a bridge name and MAC are chosen where DEF has
 * none.  Call under the network lock.  0 or -1. */
int vk_net_check_new(struct vk_netconn *nc, struct vk_network_def *def,
		     bool create);
/* qsort comparison of C strings. */
int vk_names_cmp(const void *a, const void *b);

#endif
