/* vol-list: the volumes of an active pool, as a table, names or JSON. */
#include <stdio.h>

#include "cli/cli_storage.h"

static int name, json;
static struct poptOption opts[] = {
	{"name", '\0', POPT_ARG_NONE, &name, 0,
	 "print only names, one a line", NULL},
	{"json", '\0', POPT_ARG_NONE, &json, 0, "print a JSON array", NULL},
	VK_CLI_COMMON
	POPT_TABLEEND
};

static void print_table(const struct vk_pool *pool)
{
	int i, w = 4;
	char sz[32];

	for (i = 0; i < pool->nvols; i++)
		if (vk_cli_width(pool->vols[i]->name) > w)
			w = vk_cli_width(pool->vols[i]->name);
	printf(" %-*s   %-8s   %-12s   %s\n", w, "Name", "Format",
	       "Capacity", "Path");
	for (i = 0; i < w + 45; i++)
		putchar('-');
	putchar('\n');
	for (i = 0; i < pool->nvols; i++) {
		const struct vk_vol_def *v = pool->vols[i];

		vk_cli_size(sz, sizeof(sz), v->capacity);
		printf(" %s%*s   %-8s   %-12s   %s\n", v->name,
		       w - vk_cli_width(v->name), "",
		       v->target.format ? v->target.format : "-", sz,
		       v->target.path);
	}
}

static void print_json(const struct vk_pool *pool)
{
	int i;

	putchar('[');
	for (i = 0; i < pool->nvols; i++) {
		const struct vk_vol_def *v = pool->vols[i];

		printf("%s\n  {\"name\": ", i ? "," : "");
		vk_cli_json_string(v->name);
		printf(", \"type\": \"%s\", \"format\": ",
		       v->type == VK_VOL_BLOCK ? "block" : "file");
		if (v->target.format)
			vk_cli_json_string(v->target.format);
		else
			printf("null");
		printf(", \"capacity\": %llu, \"allocation\": %llu, "
		       "\"path\": ", v->capacity, v->allocation);
		vk_cli_json_string(v->target.path);
		putchar('}');
	}
	printf("%s]\n", pool->nvols ? "\n" : "");
}

static int check(struct vk_cli *cli)
{
	if (name && json)
		return vk_cli_usage(cli, "--name and --json exclude each "
				    "other");
	return 0;
}

static int run(struct vk_cli *cli, struct vk_storage *st,
	       struct vk_pool *pool, struct vk_vol_def *vol)
{
	int i;

	(void)cli;
	(void)st;
	(void)vol;
	if (json)
		print_json(pool);
	else if (name)
		for (i = 0; i < pool->nvols; i++)
			puts(pool->vols[i]->name);
	else
		print_table(pool);
	return 0;
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_storage_cmd cmd = {
		.opts = opts, .args_help = "POOL", .min = 1, .max = 1,
		.shared = true, .level = VK_CLI_POOL, .check = check,
		.run = run,
	};

	return vk_cli_storage_run(argc, argv, &cmd);
}
