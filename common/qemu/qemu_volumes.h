/* <disk type='volume'> at start (vm-start, xml-convert --to qemu-argv):
 * the volume's path from virtkit's storage pools. */
#ifndef VK_QEMU_VOLUMES_H
#define VK_QEMU_VOLUMES_H

#include "conf/domain.h"

/* Look up every <disk type='volume'> of DEF with a <source pool=
 * volume=> in the storage pools of URI (NULL: the default): the pool
 * must be active (else VK_EXIT_CONFLICT) and hold the volume (an
 * undefined pool or a missing volume: VK_EXIT_NOT_FOUND).  Sets each
 * disk's x.vol_path and x.vol_block; the definition as written is
 * unchanged.  Returns 0 or -1 with the error naming the disk. */
int vk_qemu_disk_volumes(struct vk_domain_def *def, const char *uri);

#endif
