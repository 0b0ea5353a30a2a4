/* vol-clone: a new volume in the same pool holding a copy of another,
 * in the same format or, with --format, converted to another. */
#include <stdlib.h>

#include "cli/cli_storage.h"

static char *format;
static struct poptOption opts[] = {
	{"format", '\0', POPT_ARG_STRING, &format, 0,
	 "the copy's format: raw, qcow2, ... (default: the source's)",
	 "FORMAT"},
	VK_CLI_COMMON
	POPT_TABLEEND
};

static int run(struct vk_cli *cli, struct vk_storage *st,
	       struct vk_pool *pool, struct vk_vol_def *vol)
{
	(void)st;
	return vk_vol_clone(pool, cli->args[2], pool, vol, format);
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_storage_cmd cmd = {
		.opts = opts, .args_help = "POOL VOLUME NEWNAME", .min = 3,
		.max = 3, .level = VK_CLI_VOLUME, .run = run,
	};
	int rc = vk_cli_storage_run(argc, argv, &cmd);

	free(format);
	return rc;
}
