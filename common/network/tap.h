/* Guest-side host devices: taps a QEMU guest's NIC sits on, and the
 * macvtap links of <interface type='direct'>.
 *
 * A tap made here is not persistent: it lives while a descriptor of it
 * is open, so once QEMU (and the supervisor that handed it over) are
 * gone, killed or not, the kernel removes it.  A macvtap link lives on
 * until it is deleted: the supervisor deletes it when QEMU exits, and a
 * later start sweeps the links a killed supervisor left.  All need
 * CAP_NET_ADMIN; errors name the device and what failed. */
#ifndef VK_TAP_H
#define VK_TAP_H

#include <stdbool.h>

/* Open a new tap NAME ("vnet%d": the kernel picks the number) with
 * IFF_VNET_HDR when VNET_HDR.  An existing persistent tap of that name
 * is attached to; any other interface of that name, or a tap in use,
 * is VK_EXIT_CONFLICT.  Returns the descriptor (close-on-exec) and the
 * name made in *MADE (caller frees), or -1. */
int vk_tap_open(const char *name, bool vnet_hdr, char **made);

/* The macvtap modes, in the order of enum vk_net_direct_mode. */
enum vk_macvtap_mode { VK_MACVTAP_VEPA, VK_MACVTAP_BRIDGE,
		       VK_MACVTAP_PRIVATE, VK_MACVTAP_PASSTHRU };

/* Create a macvtap link on the host device DEV in MODE with the MAC
 * MAC, named NAME, or (NAME NULL) the first free "macvtapN".  DEV
 * missing: VK_EXIT_NOT_FOUND; NAME taken: VK_EXIT_CONFLICT.  The link
 * is left up.  Returns 0 and the name in *MADE (caller frees), or -1. */
int vk_macvtap_create(const char *dev, const char *name, int mode,
		      const unsigned char mac[6], char **made);
/* Open the character device of the macvtap link NAME (a private node
 * made in DIR, which only root may write, and removed at once: the
 * /dev/tapN node of udev may belong to another network namespace's
 * ifindex N).  Returns the descriptor (close-on-exec) or -1. */
int vk_macvtap_open(const char *name, const char *dir);
/* Delete the macvtap link NAME.  With MAC not NULL, only when NAME is
 * a macvtap link with that MAC (a left-over check): 1 when deleted, 0
 * when there was nothing (or something else) to delete, -1 on error. */
int vk_macvtap_delete(const char *name, const unsigned char *mac);

#endif
