/* pool-define: define or update a storage pool from pool XML. */
#include "cli/cli_storage.h"
#include "util/error.h"

static int run(struct vk_cli *cli, struct vk_storage *st,
	       struct vk_pool *pool, struct vk_vol_def *vol)
{
	struct vk_pool_def *def = vk_pool_parse_file(cli->args[0], 0);

	(void)pool;
	(void)vol;
	if (!def)
		return -1;
	return vk_pool_define(st, def);
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_storage_cmd cmd = {
		.args_help = "FILE", .min = 1, .max = 1, .run = run,
	};

	return vk_cli_storage_run(argc, argv, &cmd);
}
