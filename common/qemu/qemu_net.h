/* vm-start's side of a guest's interfaces (the argv is in
 * qemu_command_net.c): taps on bridges and networks, ethernet taps and
 * their script, macvtap links, MAC address locks.
 *
 *   check     before anything is made: session mode, the network
 *             (active), the bridge, the script, the host device;
 *   locks     one lock per MAC address (the supervisor holds them for
 *             the guest's life: a MAC in use by another running guest
 *             refuses the start);
 *   prepare   make every tap and macvtap, run the ethernet scripts;
 *             the live definition gets the names made (<target dev>);
 *   the descriptors go to the supervisor (vk_qemu_nets_pass), which
 *             hands them to QEMU at vk_qemu_net_fd's numbers and
 *             deletes the macvtap links when QEMU exits;
 *   undo      a failed start: close the taps (the kernel removes
 *             them), delete the macvtap links. */
#ifndef VK_QEMU_NET_H
#define VK_QEMU_NET_H

#include "driver/driver.h"
#include "qemu_status.h"
#include "qemu_supervisor.h"

struct vk_qemu_nets {
	int n;			/* interfaces */
	char **bridges;		/* [i]: the bridge of a network or bridge
				 * interface (check) */
	bool *unmanaged;	/* [i]: its network's macTableManager is
				 * libvirt's (check) */
	int *fds;		/* [k]: the Kth tap-backed interface's
				 * descriptor, -1 when not made */
	int nfds;
	struct vk_argv macvtaps;	/* links made */
	unsigned char (*macs)[6];	/* [j]: the MAC of macvtaps.v[j] */
};

/* Check LIVE's interfaces for connection C; NETS is filled for
 * prepare.  0, or -1 with one precise error. */
int vk_qemu_nets_check(const struct vk_conn *c,
		       const struct vk_domain_def *live,
		       struct vk_qemu_nets *nets);
/* Append the MAC address locks of LIVE (qemu_locks.h triples) on the
 * file RUN/.macs (created here). */
void vk_qemu_nets_locks(const struct vk_conn *c,
			const struct vk_domain_def *live,
			struct vk_argv *locks);
/* Make the devices (DIR: the domain's runtime directory, for device
 * nodes).  On failure what was made is undone.  0 or -1. */
int vk_qemu_nets_prepare(struct vk_domain_def *live, const char *dir,
			 struct vk_qemu_nets *nets);
/* Tell the supervisor about the descriptors and links. */
void vk_qemu_nets_pass(const struct vk_qemu_nets *nets,
		       struct vk_sup_conf *sc);
/* Close vm-start's descriptors; with UNDO also delete the macvtap
 * links made.  Frees NETS. */
void vk_qemu_nets_release(struct vk_qemu_nets *nets, bool undo);

/* Tell the supervisor which links to set down before the guest runs
 * (<link state='down'>, by vk_qemu_net_id). */
void vk_qemu_nets_links(const struct vk_domain_def *def,
			struct vk_sup_conf *sc);
/* Whether DEF has a direct (macvtap) interface. */
bool vk_qemu_nets_direct(const struct vk_domain_def *def);
/* Delete the macvtap links the stale runtime record at P left (a
 * supervisor killed with SIGKILL never deleted them); with ALL, those
 * of every other domain of C whose record is stale too (each under its
 * domain lock, never waiting for one).  Quiet. */
void vk_qemu_nets_sweep(const struct vk_conn *c,
			const struct vk_qemu_paths *p, bool all);

#endif
