/* <graphics><listen type='network'>: at start, the address of the
 * virtkit network's bridge (the host's address on it) becomes the
 * display's listen address in the live definition, as libvirt does. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "network/network.h"
#include "qemu_command.h"
#include "util/error.h"

static int resolve(struct vk_netconn *nc, struct vk_graphics *g)
{
	struct vk_network *net = vk_net_lookup(nc, g->listen_network);
	const struct vk_network_def *nd;
	const struct vk_net_ip *ip = NULL;
	struct in_addr a;
	int rc = -1;

	if (!net)
		return -1;
	nd = vk_net_def(net);
	if (nd)
		ip = vk_network_ip(nd, AF_INET);
	if (net->state == VK_NET_INACTIVE)
		vk_error(VK_EXIT_CONFLICT, "graphics %s: network '%s' is not "
			 "active", vk_gfx_type_names[g->type], net->name);
	else if (!ip)
		vk_error(VK_EXIT_DOCUMENT, "graphics %s: network '%s' has no "
			 "IPv4 address to listen on",
			 vk_gfx_type_names[g->type], net->name);
	else
		rc = 0;
	if (!rc) {
		a.s_addr = htonl(ip->addr.v4);
		free(g->listen);
		g->listen = vk_strdup(inet_ntoa(a));
	}
	vk_net_free(net);
	return rc;
}

int vk_qemu_listen_networks(const struct vk_conn *c,
			    struct vk_domain_def *live)
{
	struct vk_netconn nc;
	int i, rc = 0;
	bool open = false;

	for (i = 0; i < live->ngraphics && !rc; i++) {
		struct vk_graphics *g = &live->graphics[i];

		if (g->listen_type != VK_LISTEN_NETWORK)
			continue;
		if (!open && vk_net_open(&nc, c) < 0)
			return -1;
		open = true;
		rc = resolve(&nc, g);
	}
	if (open)
		vk_net_close(&nc);
	return rc;
}
