/* vol-wipe: overwrite a volume's data with zeroes (an image format is
 * made empty again); a progress bar on a terminal. */
#include "cli/cli_storage.h"

static int run(struct vk_cli *cli, struct vk_storage *st,
	       struct vk_pool *pool, struct vk_vol_def *vol)
{
	struct vk_cli_progress p;
	int rc;

	(void)st;
	vk_cli_progress_init(&p, cli, "wiping");
	rc = vk_vol_wipe(pool, vol, vk_cli_progress, &p);
	vk_cli_progress_end(&p);
	return rc;
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_storage_cmd cmd = {
		.args_help = "POOL VOLUME", .min = 2, .max = 2,
		.level = VK_CLI_VOLUME, .run = run,
	};

	return vk_cli_storage_run(argc, argv, &cmd);
}
