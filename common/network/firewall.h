/* Forwarding and NAT rules of a virtual network: nftables (a table
 * "ip virtkit" with two chains per network, named after its bridge, and
 * "ip6 virtkit" with a third for its IPv6 networks), or
 * iptables chains where nft is missing.  The state records exactly what
 * was made, so that removing it touches nothing else. */
#ifndef VK_FIREWALL_H
#define VK_FIREWALL_H

#include <stdbool.h>

#include "conf/network.h"

#define VK_FW_TABLE "virtkit"
#define VK_FW_MAX_CHAINS 3

struct vk_fw_state {
	char *backend;		/* "nft" or "iptables"; NULL: none */
	bool table_made;		/* nft: the table was made for us */
	int nchains;
	char *chains[VK_FW_MAX_CHAINS];
	unsigned long handles[VK_FW_MAX_CHAINS];	/* nft chain handles */
};

/* Add DEF's rules (DEF has a bridge).  On failure nothing is left and
 * ST is empty.  0 or -1. */
int vk_fw_add(const struct vk_network_def *def, struct vk_fw_state *st);
/* Remove what ST records (what is already gone is no error); ST is
 * emptied.  0, or -1 when something could not be removed. */
int vk_fw_remove(struct vk_fw_state *st);
void vk_fw_state_clear(struct vk_fw_state *st);

#endif
