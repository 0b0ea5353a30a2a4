/* vol-dumpxml: a volume's XML (sizes in bytes, format, permissions). */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli_storage.h"

static int run(struct vk_cli *cli, struct vk_storage *st,
	       struct vk_pool *pool, struct vk_vol_def *vol)
{
	char *xml = vk_vol_format(vol);

	(void)cli;
	(void)st;
	(void)pool;
	fputs(xml, stdout);
	free(xml);
	return 0;
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_storage_cmd cmd = {
		.args_help = "POOL VOLUME", .min = 2, .max = 2,
		.shared = true, .level = VK_CLI_VOLUME, .run = run,
	};

	return vk_cli_storage_run(argc, argv, &cmd);
}
