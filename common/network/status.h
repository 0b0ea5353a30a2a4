/* The runtime record of an active network (RUN/NAME.xml): the network
 * as started and everything net-start made, so that net-stop can
 * remove exactly that.
 *
 *   <networkstatus complete='yes'>
 *     <bridge name='vkbr0'/>
 *     <dnsmasq pid='123' starttime='456'/>
 *     <firewall backend='nft' table-made='yes'>
 *       <chain name='fwd-vkbr0' handle='3'/>
 *     </firewall>
 *     <ipforward enabled='yes'/>  <ip6forward enabled='yes'/>
 *     <network>...</network>
 *   </networkstatus> */
#ifndef VK_NET_STATUS_H
#define VK_NET_STATUS_H

#include <stdbool.h>
#include <sys/types.h>

#include "conf/network.h"
#include "firewall.h"

struct vk_net_status {
	struct vk_network_def *def;	/* as started */
	char *bridge;			/* made by net-start, or NULL */
	pid_t dnsmasq_pid;		/* 0: none */
	unsigned long long dnsmasq_start;
	struct vk_fw_state fw;
	bool ip_forward_set;		/* net-start turned ip_forward on */
	bool ip6_forward_set;		/* ... and IPv6 forwarding */
	bool complete;			/* net-start finished */
};

/* Write ST to PATH atomically.  0 or -1. */
int vk_net_status_write(const char *path, const struct vk_net_status *st);
/* Read PATH into ST (cleared first).  0, or -1 (VK_EXIT_NOT_FOUND when
 * there is no record). */
int vk_net_status_read(const char *path, struct vk_net_status *st);
void vk_net_status_clear(struct vk_net_status *st);

#endif
