/* pool-dumpxml: a pool's XML, live (sizes, free extents) when active. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli_storage.h"

static int inactive;
static struct poptOption opts[] = {
	{"inactive", '\0', POPT_ARG_NONE, &inactive, 0,
	 "the definition, without the live sizes", NULL},
	VK_CLI_COMMON
	POPT_TABLEEND
};

static int run(struct vk_cli *cli, struct vk_storage *st,
	       struct vk_pool *pool, struct vk_vol_def *vol)
{
	char *xml = vk_pool_xml(st, cli->args[0], inactive);

	(void)pool;
	(void)vol;
	if (!xml)
		return -1;
	fputs(xml, stdout);
	free(xml);
	return 0;
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_storage_cmd cmd = {
		.opts = opts, .args_help = "POOL", .min = 1, .max = 1,
		.run = run,
	};

	return vk_cli_storage_run(argc, argv, &cmd);
}
