/* Host network interfaces: bridges, taps, addresses.  Plain ioctls on
 * the calling process's network namespace; every failure is recorded as
 * one line naming the interface and what failed (VK_EXIT_CONFLICT when
 * the interface already exists, VK_EXIT_NOT_FOUND when it is missing,
 * else VK_EXIT_FAILED).  All need CAP_NET_ADMIN except vk_if_exists and
 * vk_if_find_ipv4.
 *
 * A guest's <interface type='network'> on QEMU, for instance:
 *   bridge = vk_network_lookup_active(conn, "default");   (network.h)
 *   vk_tap_create("vnet%d", qemu_uid, qemu_gid, &tap);
 *   vk_if_set_mac(tap, mac_with_first_byte_0xfe);
 *   vk_bridge_add_port(bridge, tap);  vk_if_set_up(tap, true);
 *   ... QEMU: -netdev tap,id=..,ifname=TAP,script=no,downscript=no
 *   when the guest stops (also after a crash): vk_tap_delete(tap).
 * The host side's MAC starts with 0xfe so that it never is the lowest
 * of the bridge's ports (virtkit's bridges have a fixed MAC anyway). */
#ifndef VK_BRIDGE_H
#define VK_BRIDGE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* Whether an interface NAME exists. */
bool vk_if_exists(const char *name);

/* Create the bridge NAME (down, no ports).  An existing interface of
 * that name is VK_EXIT_CONFLICT. */
int vk_bridge_create(const char *name);
/* Take the bridge down and delete it (its ports are released). */
int vk_bridge_delete(const char *name);
/* Spanning tree on or off, and the forward delay in seconds. */
int vk_bridge_set_stp(const char *name, bool stp, unsigned delay);
/* Enslave interface PORT to BRIDGE / release it. */
int vk_bridge_add_port(const char *bridge, const char *port);
int vk_bridge_del_port(const char *bridge, const char *port);

/* Bring NAME up or down. */
int vk_if_set_up(const char *name, bool up);
/* Set NAME's MAC address. */
int vk_if_set_mac(const char *name, const unsigned char mac[6]);
/* Give NAME the IPv4 address ADDR/PREFIX (host byte order), replacing
 * its primary IPv4 address. */
int vk_if_set_ipv4(const char *name, uint32_t addr, int prefix);

/* Add the IPv6 address ADDR/PREFIX to NAME (without duplicate address
 * detection). */
int vk_if_add_ipv6(const char *name, const unsigned char addr[16],
		   int prefix);
/* IPv6 on NAME on (ENABLE, as a router: no router advertisements
 * taken) or off. */
int vk_if_ipv6_router(const char *name, bool enable);
/* Set NAME's MTU. */
int vk_if_set_mtu(const char *name, unsigned mtu);
/* macTableManager='libvirt': the bridge port PORT neither learns MACs
 * nor floods unknown unicast to its guest; MAC, the guest's, gets a
 * static entry in the bridge's table instead (bridge fdb). */
int vk_bridge_port_unmanaged(const char *port, const unsigned char mac[6]);

/* The first interface other than SKIP (may be NULL) with an IPv4
 * address inside BASE/PREFIX, or whose network holds BASE: 1 with its
 * name (caller frees) and address in *WHO and *ADDR, 0 when none, -1
 * on error. */
int vk_if_find_ipv4(uint32_t base, int prefix, const char *skip,
		    char **who, uint32_t *addr);

/* Create a persistent tap.  NAME may hold "%d" ("vnet%d") for the
 * kernel to pick the number.  OWNER/GROUP (-1: none) may open it
 * without privileges.  The name made goes to *MADE (caller frees).
 * An existing NAME is VK_EXIT_CONFLICT. */
int vk_tap_create(const char *name, uid_t owner, gid_t group, char **made);
/* Delete the persistent tap NAME (not in use by any process). */
int vk_tap_delete(const char *name);

#endif
