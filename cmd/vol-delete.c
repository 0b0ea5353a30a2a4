/* vol-delete: remove a volume (refused while a running domain uses it). */
#include "cli/cli_storage.h"

static int run(struct vk_cli *cli, struct vk_storage *st,
	       struct vk_pool *pool, struct vk_vol_def *vol)
{
	(void)cli;
	(void)st;
	return vk_vol_delete(pool, vol);
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_storage_cmd cmd = {
		.args_help = "POOL VOLUME", .min = 2, .max = 2,
		.level = VK_CLI_VOLUME, .run = run, .one = true,
	};

	return vk_cli_storage_run(argc, argv, &cmd);
}
