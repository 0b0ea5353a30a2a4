/* The qemu driver's firmware: firmware='efi' resolved through QEMU's
 * firmware descriptors (the JSON files of docs/interop/firmware.json in
 * /etc/qemu/firmware and /usr/share/qemu/firmware, as libvirt reads
 * them), and each guest's own UEFI variable store (NVRAM). */
#ifndef VK_QEMU_FIRMWARE_H
#define VK_QEMU_FIRMWARE_H

#include "conf/domain.h"

/* Where the per-domain NVRAM files of a connection are: CONFIG/nvram
 * (caller frees). */
char *vk_qemu_nvram_dir(const char *config_dir);

/* Fill in what the driver chooses for OS (of domain NAME): for
 * firmware='efi' without a loader path, the loader and NVRAM template
 * of the first matching descriptor (and the firmware features it has);
 * for a read-only pflash loader without an NVRAM path,
 * NVRAM_DIR/NAME_VARS.fd.  Returns 0, or -1 (VK_EXIT_DOCUMENT, "not
 * supported by the qemu driver") when no descriptor matches. */
int vk_qemu_firmware_fill(struct vk_os *os, const char *name,
			  const char *nvram_dir);

/* Make DEF's NVRAM file from its template when it does not exist yet
 * (a copy written to a temporary name, then renamed), owned by UID/GID
 * when running as root.  Returns 0 or -1 with an error recorded. */
int vk_qemu_nvram_prepare(const struct vk_domain_def *def, uid_t uid,
			  gid_t gid);

/* The per-domain NVRAM file of DEF that vm-undefine deals with: its
 * path when the driver manages one (a pflash loader with an NVRAM path
 * of type file) and it exists, else NULL (caller frees). */
char *vk_qemu_nvram_file(const struct vk_domain_def *def);

#endif
