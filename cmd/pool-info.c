/* pool-info: a pool's identity, state and sizes. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli_storage.h"
#include "util/uuid.h"

static int json;
static struct poptOption opts[] = {
	{"json", '\0', POPT_ARG_NONE, &json, 0, "print a JSON object", NULL},
	VK_CLI_COMMON
	POPT_TABLEEND
};

static void print_size(const char *key, unsigned long long v)
{
	char sz[32];

	vk_cli_size(sz, sizeof(sz), v);
	printf("%-15s %s\n", key, sz);
}

static void print_text(const struct vk_pool_info *p, const char *uuid)
{
	printf("%-15s %s\n", "Name:", p->name);
	printf("%-15s %s\n", "UUID:", uuid);
	printf("%-15s %s\n", "Type:", vk_pool_type_names[p->type]);
	printf("%-15s %s\n", "State:", p->active ? "active" : "inactive");
	printf("%-15s %s\n", "Persistent:", "yes");
	printf("%-15s %s\n", "Autostart:", p->autostart ? "yes" : "no");
	printf("%-15s %s\n", "Target:", p->target);
	if (!p->active)
		return;
	print_size("Capacity:", p->capacity);
	print_size("Allocation:", p->allocation);
	print_size("Available:", p->available);
}

static void print_json(const struct vk_pool_info *p, const char *uuid)
{
	printf("{\"name\": ");
	vk_cli_json_string(p->name);
	printf(", \"uuid\": \"%s\", \"type\": \"%s\", \"state\": \"%s\", "
	       "\"persistent\": true, \"autostart\": %s, \"target\": ", uuid,
	       vk_pool_type_names[p->type],
	       p->active ? "active" : "inactive",
	       p->autostart ? "true" : "false");
	vk_cli_json_string(p->target);
	if (p->active)
		printf(", \"capacity\": %llu, \"allocation\": %llu, "
		       "\"available\": %llu}\n", p->capacity, p->allocation,
		       p->available);
	else
		printf(", \"capacity\": null, \"allocation\": null, "
		       "\"available\": null}\n");
}

static int run(struct vk_cli *cli, struct vk_storage *st,
	       struct vk_pool *pool, struct vk_vol_def *vol)
{
	char uuid[VK_UUID_STRLEN + 1];
	struct vk_pool_info p;

	(void)pool;
	(void)vol;
	if (vk_pool_info_get(st, cli->args[0], &p) < 0)
		return -1;
	vk_uuid_format(p.uuid, uuid);
	if (json)
		print_json(&p, uuid);
	else
		print_text(&p, uuid);
	free(p.name);
	free(p.target);
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
