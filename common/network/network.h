/* Virtual networks: the persistent store, the runtime records, and the
 * lifecycle (net-start makes a bridge, its address, dnsmasq, firewall
 * rules and IP forwarding; net-stop removes exactly that).
 *
 * Networks belong to the host, not to a hypervisor driver: every
 * connection in system mode shares /var/lib/virtkit/network and
 * /run/virtkit/network (under $VIRTKIT_ROOT).  In session mode
 * networks can be defined and listed but not started (they need root;
 * session guests use user networking).  The test driver keeps its own
 * networks (area "test-network") that cannot be started.
 *
 * Every change (define, undefine, start, stop, autostart) holds the one
 * network lock; listing and lookups take none. */
#ifndef VK_NETWORK_H
#define VK_NETWORK_H

#include <stdbool.h>

#include "conf/network.h"
#include "driver/driver.h"
#include "driver/store.h"
#include "status.h"

/* Bridge names net-define picks when a network names none. */
#define VK_NET_BRIDGE_PREFIX "vkbr"

enum vk_net_state {
	VK_NET_INACTIVE,
	VK_NET_ACTIVE,
	VK_NET_DEGRADED,	/* active, but something it made is gone */
};

/* "inactive", "active", "degraded" */
const char *vk_net_state_name(int state);

/* Where networks live for one connection. */
struct vk_netconn {
	bool session;
	bool fake;		/* test driver: no host changes */
	struct vk_paths paths;	/* config: .../network, run: ... */
	struct vk_store store;	/* configs, and the network lock */
};

/* A network as listed or looked up (free with vk_net_free). */
struct vk_network {
	char *name;
	unsigned char uuid[16];
	int state;			/* enum vk_net_state */
	char *problem;			/* DEGRADED: what is wrong */
	bool persistent;		/* has a config */
	bool autostart;
	struct vk_network_def *def;	/* the config, or NULL */
	struct vk_net_status status;	/* runtime record (def NULL when
					 * inactive) */
};

/* The networks of connection C (which stays open while NC is used).
 * 0 or -1. */
int vk_net_open(struct vk_netconn *nc, const struct vk_conn *c);
void vk_net_close(struct vk_netconn *nc);

/* Every network, configs and active ones, sorted by name, states
 * reconciled.  Free with vk_net_list_free. */
int vk_net_list(struct vk_netconn *nc, struct vk_network ***nets, int *n);
void vk_net_list_free(struct vk_network **nets, int n);

/* The network named (or with the uuid) IDENT, or NULL with
 * VK_EXIT_NOT_FOUND "network 'IDENT' not found". */
struct vk_network *vk_net_lookup(struct vk_netconn *nc, const char *ident);
void vk_net_free(struct vk_network *net);

/* The definition to show: the running one when active, else the
 * config. */
const struct vk_network_def *vk_net_def(const struct vk_network *net);

/* Define or update a network (DEF consumed).  A name taken by another
 * uuid (or the reverse), a bridge name, or an address range that
 * overlaps another network's is VK_EXIT_CONFLICT.  Without a bridge
 * name the first free vkbrN is chosen, without a <mac> one is generated
 * (an update keeps the old ones).
 * Returns the network, or NULL. */
struct vk_network *vk_net_define(struct vk_netconn *nc,
			     struct vk_network_def *def);
/* Remove the config (an active network stays until net-stop). */
int vk_net_undefine(struct vk_netconn *nc, const struct vk_network *net);
int vk_net_set_autostart(struct vk_netconn *nc, const struct vk_network *net,
			 bool on);

/* Start NET: on any failure everything made so far is undone and one
 * error line says what failed.  Already active: VK_EXIT_CONFLICT. */
int vk_net_start(struct vk_netconn *nc, const struct vk_network *net);
/* Start the transient network DEF (taken): checked as net-define does,
 * its name unused; gone once it stops.  0 or -1 as vk_net_start. */
int vk_net_create(struct vk_netconn *nc, struct vk_network_def *def);
/* Stop NET (active or degraded): remove what its record says was made.
 * Not active: VK_EXIT_CONFLICT. */
int vk_net_stop(struct vk_netconn *nc, const struct vk_network *net);

/* For guest interfaces (<interface type='network'>): the bridge of the
 * active network NAME on connection C (caller frees).  NULL with
 * VK_EXIT_NOT_FOUND (no such network), VK_EXIT_CONFLICT (not active, or
 * its bridge is gone) or VK_EXIT_FAILED (session mode: "networks need
 * root; session guests use <interface type='user'>"). */
char *vk_network_lookup_active(const struct vk_conn *c, const char *name);
/* Whether the network NAME on C has macTableManager='libvirt': its
 * guests' ports then join with vk_bridge_port_unmanaged (bridge.h).  An
 * unknown network is false. */
bool vk_network_unmanaged(const struct vk_conn *c, const char *name);

#endif
