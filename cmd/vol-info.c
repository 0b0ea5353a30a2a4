/* vol-info: a volume's name, type, format, capacity and allocation. */
#include <stdio.h>

#include "cli/cli_storage.h"

static int json;
static struct poptOption opts[] = {
	{"json", '\0', POPT_ARG_NONE, &json, 0, "print a JSON object", NULL},
	VK_CLI_COMMON
	POPT_TABLEEND
};

static const char *type_name(const struct vk_vol_def *vol)
{
	return vol->type == VK_VOL_BLOCK ? "block" : "file";
}

static void print_text(const struct vk_vol_def *vol)
{
	char sz[32];

	printf("%-15s %s\n", "Name:", vol->name);
	printf("%-15s %s\n", "Type:", type_name(vol));
	printf("%-15s %s\n", "Format:",
	       vol->target.format ? vol->target.format : "-");
	vk_cli_size(sz, sizeof(sz), vol->capacity);
	printf("%-15s %s\n", "Capacity:", sz);
	vk_cli_size(sz, sizeof(sz), vol->allocation);
	printf("%-15s %s\n", "Allocation:", sz);
	printf("%-15s %s\n", "Path:", vol->target.path);
}

static void print_json(const struct vk_vol_def *vol)
{
	printf("{\"name\": ");
	vk_cli_json_string(vol->name);
	printf(", \"type\": \"%s\", \"format\": ", type_name(vol));
	if (vol->target.format)
		vk_cli_json_string(vol->target.format);
	else
		printf("null");
	printf(", \"capacity\": %llu, \"allocation\": %llu, \"path\": ",
	       vol->capacity, vol->allocation);
	vk_cli_json_string(vol->target.path);
	printf(", \"key\": ");
	vk_cli_json_string(vol->key ? vol->key : vol->target.path);
	printf("}\n");
}

static int run(struct vk_cli *cli, struct vk_storage *st,
	       struct vk_pool *pool, struct vk_vol_def *vol)
{
	(void)cli;
	(void)st;
	(void)pool;
	if (json)
		print_json(vol);
	else
		print_text(vol);
	return 0;
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_storage_cmd cmd = {
		.opts = opts, .args_help = "POOL VOLUME", .min = 2, .max = 2,
		.shared = true, .level = VK_CLI_VOLUME, .run = run,
		.one = true,
	};

	return vk_cli_storage_run(argc, argv, &cmd);
}
