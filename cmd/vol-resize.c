/* vol-resize: give a volume a new capacity (SIZE, +SIZE to grow by,
 * -SIZE to shrink by; shrinking needs --shrink). */
#include "cli/cli_storage.h"
#include "util/error.h"

static int shrink;
static struct poptOption opts[] = {
	{"shrink", '\0', POPT_ARG_NONE, &shrink, 0,
	 "allow a smaller capacity (data past it is lost)", NULL},
	VK_CLI_COMMON
	POPT_TABLEEND
};

static int run(struct vk_cli *cli, struct vk_storage *st,
	       struct vk_pool *pool, struct vk_vol_def *vol)
{
	const char *arg = cli->args[2];
	unsigned long long size;

	(void)st;
	if (vk_size_parse(arg + (*arg == '+' || *arg == '-'), NULL, "size",
			  &size) < 0)
		return -1;
	if (*arg == '+') {
		if (size > ~0ULL - vol->capacity)
			return vk_error(VK_EXIT_USAGE, "size '%s' is too "
					"large", arg);
		size += vol->capacity;
	} else if (*arg == '-') {
		if (size >= vol->capacity)
			return vk_error(VK_EXIT_USAGE, "cannot shrink volume "
					"'%s' by %s: it holds %llu bytes",
					vol->name, arg + 1, vol->capacity);
		size = vol->capacity - size;
	}
	return vk_vol_resize(pool, vol, size, shrink);
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_storage_cmd cmd = {
		.opts = opts, .args_help = "POOL VOLUME SIZE", .min = 3,
		.max = 3, .level = VK_CLI_VOLUME, .run = run,
	};

	return vk_cli_storage_run(argc, argv, &cmd);
}
