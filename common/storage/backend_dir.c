/* The dir pool: a directory of file volumes (volume_file.c); build
 * creates it with the target permissions, delete removes it (empty). */
#include "volume_file.h"

const struct vk_storage_backend vk_backend_dir = {
	.type = VK_POOL_DIR,
	.check_source = vk_volfile_check_dir,
	.build = vk_volfile_build_dir,
	.delete = vk_volfile_delete_dir,
	.refresh = vk_volfile_refresh,
	.sizes = vk_volfile_sizes,
	.vol_lookup = vk_volfile_lookup,
	.vol_create = vk_volfile_create,
	.vol_clone = vk_volfile_clone,
	.vol_delete = vk_volfile_delete,
	.vol_resize = vk_volfile_resize,
	.vol_wipe = vk_volfile_wipe,
};
