/* pool-list: list storage pools, as a table, names or JSON. */
#include <stdio.h>

#include "cli/cli_storage.h"
#include "util/uuid.h"

static int all, inactive, name, json;
static struct poptOption opts[] = {
	{"all", 'a', POPT_ARG_NONE, &all, 0,
	 "list active and inactive pools", NULL},
	{"inactive", '\0', POPT_ARG_NONE, &inactive, 0,
	 "list only inactive pools", NULL},
	{"name", '\0', POPT_ARG_NONE, &name, 0,
	 "print only names, one a line", NULL},
	{"json", '\0', POPT_ARG_NONE, &json, 0, "print a JSON array", NULL},
	VK_CLI_COMMON
	POPT_TABLEEND
};

static void print_json(const struct vk_pool_info *p, int n)
{
	char uuid[VK_UUID_STRLEN + 1];
	int i;

	putchar('[');
	for (i = 0; i < n; i++) {
		vk_uuid_format(p[i].uuid, uuid);
		printf("%s\n  {\"name\": ", i ? "," : "");
		vk_cli_json_string(p[i].name);
		printf(", \"uuid\": \"%s\", \"type\": \"%s\", \"state\": "
		       "\"%s\", \"autostart\": %s, \"target\": ", uuid,
		       vk_pool_type_names[p[i].type],
		       p[i].active ? "active" : "inactive",
		       p[i].autostart ? "true" : "false");
		vk_cli_json_string(p[i].target);
		if (p[i].active)
			printf(", \"capacity\": %llu, \"allocation\": %llu, "
			       "\"available\": %llu}", p[i].capacity,
			       p[i].allocation, p[i].available);
		else
			printf(", \"capacity\": null, \"allocation\": null, "
			       "\"available\": null}");
	}
	printf("%s]\n", n ? "\n" : "");
}

static void print_table(const struct vk_pool_info *p, int n)
{
	int i, w = 4;

	for (i = 0; i < n; i++)
		if (vk_cli_width(p[i].name) > w)
			w = vk_cli_width(p[i].name);
	printf(" %-*s   %-8s   %-9s   %s\n", w, "Name", "State", "Autostart",
	       "Type");
	for (i = 0; i < w + 35; i++)
		putchar('-');
	putchar('\n');
	for (i = 0; i < n; i++)
		printf(" %s%*s   %-8s   %-9s   %s\n", p[i].name,
		       w - vk_cli_width(p[i].name), "",
		       p[i].active ? "active" : "inactive",
		       p[i].autostart ? "yes" : "no",
		       vk_pool_type_names[p[i].type]);
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
	struct vk_pool_info *p;
	int n, i, kept = 0;

	(void)cli;
	(void)pool;
	(void)vol;
	if (vk_pool_list(st, &p, &n) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		bool want = inactive ? !p[i].active : all || p[i].active;

		if (want) {
			struct vk_pool_info t = p[kept];

			p[kept++] = p[i];
			p[i] = t;
		}
	}
	if (json)
		print_json(p, kept);
	else if (name)
		for (i = 0; i < kept; i++)
			puts(p[i].name);
	else
		print_table(p, kept);
	vk_pool_infos_free(p, n);
	return 0;
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_storage_cmd cmd = {
		.opts = opts, .args_help = "", .min = 0, .max = 0,
		.check = check, .run = run,
	};

	return vk_cli_storage_run(argc, argv, &cmd);
}
