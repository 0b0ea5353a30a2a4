/* vol-create-from: a new volume in POOL, described by a volume
 * document, holding a copy of an existing volume (of POOL, or of the
 * pool --inputpool names), converted to the document's format. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli_storage.h"
#include "util/error.h"

static char *inputpool;
static struct poptOption opts[] = {
	{"inputpool", '\0', POPT_ARG_STRING, &inputpool, 0,
	 "the pool of the volume to copy (default: POOL)", "POOL"},
	VK_CLI_COMMON
	POPT_TABLEEND
};

static int run(struct vk_cli *cli, struct vk_storage *st,
	       struct vk_pool *pool, struct vk_vol_def *unused)
{
	struct vk_pool *src_pool = pool;
	struct vk_vol_def *vol, *src;
	int rc = -1;

	(void)unused;
	vol = vk_vol_parse_file(cli->args[1], pool->def->type,
				VK_VOL_PARSE_NO_CAPACITY);
	if (!vol)
		return -1;
	if (inputpool && strcmp(inputpool, pool->def->name)) {
		src_pool = vk_pool_open(st, inputpool, VK_POOL_OPEN_SHARED |
					 VK_POOL_OPEN_ONE);
		if (!src_pool) {
			vk_vol_free(vol);
			return -1;
		}
	}
	src = vk_pool_vol(src_pool, cli->args[2]);
	if (src)
		rc = vk_vol_create_from(pool, vol, src_pool, src);
	else
		vk_vol_free(vol);
	if (src_pool != pool)
		vk_pool_close(src_pool);
	return rc;
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_storage_cmd cmd = {
		.opts = opts, .args_help = "POOL FILE VOLUME", .min = 3,
		.max = 3, .level = VK_CLI_POOL, .run = run, .one = true,
	};
	int rc = vk_cli_storage_run(argc, argv, &cmd);

	free(inputpool);
	return rc;
}
