/* What vm-start fills into the live definition before it builds QEMU's
 * command line, and xml-convert --to qemu-argv the same way: one path,
 * so that the two accept and refuse the same documents.
 *
 *   <disk type='volume'>        the volume's path in the pool (-c's)
 *   <channel type='unix'>       without <source path>: a socket in the
 *                               domain's runtime directory, named after
 *                               the target
 *   <graphics type='spice' autoport='yes'>
 *                               vm-start: the first free TCP port from
 *                               5900; pretend: 5901 (nothing probed)
 *   <listen type='network'>     that virtkit network's address
 *   <os firmware='efi'>         the loader and NVRAM vm-define chose
 *
 * What depends on this host only (a usable /dev/kvm, host devices,
 * bridges, image locks) is checked by vm-start alone. */
#include <stdlib.h>

#include "qemu_command.h"
#include "qemu_firmware.h"
#include "qemu_status.h"
#include "qemu_volumes.h"
#include "util/error.h"

/* A listening unix channel with no path gets a socket in the domain's
 * runtime directory DIR, named after its target (the live XML shows it;
 * the directory goes when the guest stops). */
static void channel_paths(struct vk_domain_def *live, const char *dir)
{
	int i, n = 0;

	for (i = 0; i < live->nchrs; i++) {
		struct vk_chr *chr = &live->chrs[i];

		if (chr->kind != VK_CHR_CHANNEL)
			continue;
		if (chr->type == VK_CHR_UNIX && !chr->path)
			chr->path = chr->target_name &&
				    vk_dom_device_name_ok(chr->target_name) ?
				    vk_asprintf("%s/%s", dir,
						chr->target_name) :
				    vk_asprintf("%s/channel%d", dir, n);
		n++;
	}
}

/* The firmware vm-define chose, for a config that predates it or a
 * transient domain (or a document xml-convert reads). */
static int fill_firmware(const struct vk_conn *c, struct vk_domain_def *live)
{
	char *dir = vk_qemu_nvram_dir(c->paths.config);
	int rc = vk_qemu_firmware_fill(&live->os, live->name, dir);

	free(dir);
	return rc;
}

int vk_qemu_prepare_live(const struct vk_conn *c, struct vk_domain_def *live,
			 bool pretend)
{
	struct vk_qemu_paths p;

	if (vk_qemu_disk_volumes(live, c->uri) < 0)
		return -1;
	vk_qemu_paths_init(&p, c, live->name);
	channel_paths(live, p.dir);
	vk_qemu_paths_clear(&p);
	if (vk_qemu_spice_ports(live, pretend) < 0 ||
	    vk_qemu_listen_networks(c, live) < 0)
		return -1;
	return fill_firmware(c, live);
}
