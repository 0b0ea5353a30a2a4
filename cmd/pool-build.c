/* pool-build: make an inactive pool's storage (directory, file system,
 * partition table, volume group). */
#include "cli/cli_storage.h"

static int overwrite;
static struct poptOption opts[] = {
	{"overwrite", '\0', POPT_ARG_NONE, &overwrite, 0,
	 "replace a file system, label or volume group already there", NULL},
	VK_CLI_COMMON
	POPT_TABLEEND
};

static int run(struct vk_cli *cli, struct vk_storage *st,
	       struct vk_pool *pool, struct vk_vol_def *vol)
{
	(void)pool;
	(void)vol;
	return vk_pool_build(st, cli->args[0],
			     overwrite ? VK_POOL_BUILD_OVERWRITE : 0);
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_storage_cmd cmd = {
		.opts = opts, .args_help = "POOL", .min = 1, .max = 1,
		.run = run,
	};

	return vk_cli_storage_run(argc, argv, &cmd);
}
