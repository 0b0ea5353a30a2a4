/* pool-start: activate a pool (mount, activate, log in) and list its
 * volumes; --autostart-all starts every pool marked for autostart. */
#include <stdio.h>

#include "cli/cli_storage.h"

static int all;
static struct poptOption opts[] = {
	{"autostart-all", '\0', POPT_ARG_NONE, &all, 0,
	 "start every inactive pool marked for autostart (at boot)", NULL},
	VK_CLI_COMMON
	POPT_TABLEEND
};

static int check(struct vk_cli *cli)
{
	if (all && cli->nargs)
		return vk_cli_usage(cli, "--autostart-all takes no POOL");
	if (!all && cli->nargs != 1)
		return vk_cli_usage(cli, "missing argument: POOL");
	return 0;
}

static int run(struct vk_cli *cli, struct vk_storage *st,
	       struct vk_pool *pool, struct vk_vol_def *vol)
{
	int started;

	(void)pool;
	(void)vol;
	if (!all)
		return vk_pool_start(st, cli->args[0]);
	return vk_pool_start_autostart(st, &started);
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_storage_cmd cmd = {
		.opts = opts, .args_help = "POOL | --autostart-all",
		.min = 0, .max = 1, .check = check, .run = run,
	};

	return vk_cli_storage_run(argc, argv, &cmd);
}
