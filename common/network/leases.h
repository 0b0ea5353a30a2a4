/* The DHCP leases of a network, as its dnsmasq keeps them in
 * CONFIG/NAME.leases (kept across restarts):
 *   IPv4: EXPIRY MAC ADDRESS HOSTNAME|* CLIENTID|*
 *   IPv6: a "duid SERVER-DUID" line, then EXPIRY IAID ADDRESS HOSTNAME|*
 *         CLIENT-DUID
 * EXPIRY is seconds since the epoch, 0 for a lease that never ends. */
#ifndef VK_NET_LEASES_H
#define VK_NET_LEASES_H

#include "network.h"

struct vk_net_lease_entry {
	long long expiry;	/* 0: never */
	int family;		/* AF_INET or AF_INET6 */
	char *mac;		/* IPv4 leases; NULL for IPv6 */
	char *ip;
	int prefix;		/* of the network's <ip> it is in; 0: none */
	char *hostname;		/* or NULL */
	char *clientid;		/* client id (IPv4) or DUID (IPv6), or NULL */
	char *iaid;		/* IPv6 only, else NULL */
};

/* NET's leases that have not expired at NOW, in the file's order, into
 * *OUT (free with vk_net_leases_free) and *N; MAC (NULL: any) keeps
 * only that client's.  No lease file is no lease.  0, or -1 with an
 * error (a line dnsmasq would not write is VK_EXIT_FAILED). */
int vk_net_leases(struct vk_netconn *nc, const struct vk_network *net,
		  const char *mac, long long now,
		  struct vk_net_lease_entry **out, int *n);
void vk_net_leases_free(struct vk_net_lease_entry *a, int n);

#endif
