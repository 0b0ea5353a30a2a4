/* pool-autostart: mark a pool to be started at boot, or clear the mark. */
#include "cli/cli_storage.h"

static int disable;
static struct poptOption opts[] = {
	{"disable", '\0', POPT_ARG_NONE, &disable, 0,
	 "clear the mark", NULL},
	VK_CLI_COMMON
	POPT_TABLEEND
};

static int run(struct vk_cli *cli, struct vk_storage *st,
	       struct vk_pool *pool, struct vk_vol_def *vol)
{
	(void)pool;
	(void)vol;
	return vk_pool_set_autostart(st, cli->args[0], !disable);
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_storage_cmd cmd = {
		.opts = opts, .args_help = "POOL", .min = 1, .max = 1,
		.run = run,
	};

	return vk_cli_storage_run(argc, argv, &cmd);
}
