/* pool-stop: stop an active pool (unmount, deactivate, log out). */
#include "cli/cli_storage.h"

static int run(struct vk_cli *cli, struct vk_storage *st,
	       struct vk_pool *pool, struct vk_vol_def *vol)
{
	(void)pool;
	(void)vol;
	return vk_pool_stop(st, cli->args[0]);
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_storage_cmd cmd = {
		.args_help = "POOL", .min = 1, .max = 1, .run = run,
	};

	return vk_cli_storage_run(argc, argv, &cmd);
}
