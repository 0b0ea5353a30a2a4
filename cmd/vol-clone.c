/* vol-clone: a new volume in the same pool holding a copy of another. */
#include "cli/cli_storage.h"

static int run(struct vk_cli *cli, struct vk_storage *st,
	       struct vk_pool *pool, struct vk_vol_def *vol)
{
	(void)st;
	return vk_vol_clone(pool, cli->args[2], pool, vol);
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_storage_cmd cmd = {
		.args_help = "POOL VOLUME NEWNAME", .min = 3, .max = 3,
		.level = VK_CLI_VOLUME, .run = run,
	};

	return vk_cli_storage_run(argc, argv, &cmd);
}
