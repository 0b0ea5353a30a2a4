/* vol-upload: write a file (or stdin) into a volume, with a progress bar on a terminal. */
#include <stdlib.h>

#include "cli/cli_storage.h"

static char *offset, *length;
static struct poptOption opts[] = {
	{"offset", '\0', POPT_ARG_STRING, &offset, 0,
	 "start this many bytes into the volume", "SIZE"},
	{"length", '\0', POPT_ARG_STRING, &length, 0,
	 "copy at most this many bytes", "SIZE"},
	VK_CLI_COMMON
	POPT_TABLEEND
};

static int run(struct vk_cli *cli, struct vk_storage *st,
	       struct vk_pool *pool, struct vk_vol_def *vol)
{
	(void)st;
	return vk_cli_vol_transfer(cli, pool, vol, true, cli->args[2],
				   offset, length);
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_storage_cmd cmd = {
		.opts = opts, .args_help = "POOL VOLUME FILE", .min = 3,
		.max = 3, .level = VK_CLI_VOLUME, .run = run,
	};
	int rc = vk_cli_storage_run(argc, argv, &cmd);

	free(offset);
	free(length);
	return rc;
}
