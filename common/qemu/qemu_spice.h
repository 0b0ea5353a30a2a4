/* QEMU's -spice option for each <graphics type='spice'> setting (enum
 * vk_spice_setting): the command line writes them, xml-convert reads
 * them back. */
#ifndef VK_QEMU_SPICE_H
#define VK_QEMU_SPICE_H

#include "conf/domain.h"

extern const char *const vk_qemu_spice_options[VK_SPICE_SET_LAST];
/* The settings before this one map to an option of the same values;
 * clipboard, mouse and filetransfer map to switches of their own. */
#define VK_QEMU_SPICE_DIRECT (VK_SPICE_STREAMING + 1)

#endif
