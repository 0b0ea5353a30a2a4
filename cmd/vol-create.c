/* vol-create: create a volume in an active pool, from volume XML or
 * from --name and --capacity. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli_storage.h"
#include "util/error.h"

static char *name, *capacity, *allocation, *format;
static struct poptOption opts[] = {
	{"name", '\0', POPT_ARG_STRING, &name, 0, "the volume's name",
	 "NAME"},
	{"capacity", '\0', POPT_ARG_STRING, &capacity, 0,
	 "its size (10G, 512M, 1TiB, bytes)", "SIZE"},
	{"allocation", '\0', POPT_ARG_STRING, &allocation, 0,
	 "space to allocate now (default: all of it)", "SIZE"},
	{"format", '\0', POPT_ARG_STRING, &format, 0,
	 "raw, qcow2, vmdk, ... (default: the pool's)", "FORMAT"},
	VK_CLI_COMMON
	POPT_TABLEEND
};

static int check(struct vk_cli *cli)
{
	bool from_opts = name || capacity || allocation || format;

	if (cli->nargs == 2 && from_opts)
		return vk_cli_usage(cli, "give either FILE or --name and "
				    "--capacity");
	if (cli->nargs == 1 && (!name || !capacity))
		return vk_cli_usage(cli, "missing FILE, or --name and "
				    "--capacity");
	return 0;
}

/* The volume the options describe, or NULL. */
static struct vk_vol_def *from_options(void)
{
	struct vk_vol_def *vol = vk_calloc(1, sizeof(*vol));

	vk_perms_init(&vol->target.perms);
	vol->name = vk_strdup(name);
	vol->target.format = vk_strdup(format);
	if (vk_size_parse(capacity, NULL, "--capacity", &vol->capacity) < 0 ||
	    (allocation && vk_size_parse(allocation, NULL, "--allocation",
					 &vol->allocation) < 0)) {
		vk_vol_free(vol);
		return NULL;
	}
	vol->allocation_set = allocation != NULL;
	return vol;
}

static int run(struct vk_cli *cli, struct vk_storage *st,
	       struct vk_pool *pool, struct vk_vol_def *vol)
{
	(void)st;
	if (cli->nargs == 2)
		vol = vk_vol_parse_file(cli->args[1], pool->def->type, 0);
	else
		vol = from_options();
	if (!vol)
		return -1;
	if (format && !vk_pool_vol_formats(pool->def->type)) {
		vk_vol_free(vol);
		return vk_error(VK_EXIT_USAGE, "volumes of a %s pool take no "
				"--format",
				vk_pool_type_names[pool->def->type]);
	}
	return vk_vol_create(pool, vol, NULL);
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_storage_cmd cmd = {
		.opts = opts, .args_help = "POOL [FILE]", .min = 1, .max = 2,
		.level = VK_CLI_POOL, .check = check, .run = run,
		.one = true,
	};
	int rc = vk_cli_storage_run(argc, argv, &cmd);

	free(name);
	free(capacity);
	free(allocation);
	free(format);
	return rc;
}
