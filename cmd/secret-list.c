/* secret-list: list secrets, as a table, uuids or JSON. */
#include <stdio.h>

#include "cli/cli_secret.h"
#include "util/uuid.h"

static int name, json;
static struct poptOption opts[] = {
	{"name", '\0', POPT_ARG_NONE, &name, 0,
	 "print only uuids (a secret's name), one a line", NULL},
	{"json", '\0', POPT_ARG_NONE, &json, 0, "print a JSON array", NULL},
	VK_CLI_COMMON
	POPT_TABLEEND
};

static void print_json(struct vk_secrets *s, struct vk_secret_def **d, int n)
{
	char uuid[VK_UUID_STRLEN + 1];
	int i;

	putchar('[');
	for (i = 0; i < n; i++) {
		vk_uuid_format(d[i]->uuid, uuid);
		printf("%s\n  {\"uuid\": \"%s\", \"usage\": ", i ? "," : "",
		       uuid);
		if (d[i]->usage == VK_SECRET_USAGE_NONE) {
			printf("null, \"usage_id\": null");
		} else {
			printf("\"%s\", \"usage_id\": ",
			       vk_secret_usage_names[d[i]->usage]);
			vk_cli_json_string(d[i]->usage_id);
		}
		printf(", \"ephemeral\": %s, \"private\": %s, \"value\": %s, "
		       "\"description\": ", d[i]->ephemeral ? "true" : "false",
		       d[i]->private ? "true" : "false",
		       vk_secret_has_value(s, d[i]) ? "true" : "false");
		if (d[i]->description)
			vk_cli_json_string(d[i]->description);
		else
			printf("null");
		putchar('}');
	}
	printf("%s]\n", n ? "\n" : "");
}

static void print_table(struct vk_secret_def **d, int n)
{
	char uuid[VK_UUID_STRLEN + 1];
	int i;

	printf(" %-36s   %s\n", "UUID", "Usage");
	for (i = 0; i < 66; i++)
		putchar('-');
	putchar('\n');
	for (i = 0; i < n; i++) {
		vk_uuid_format(d[i]->uuid, uuid);
		if (d[i]->usage == VK_SECRET_USAGE_NONE)
			printf(" %s   Unused\n", uuid);
		else
			printf(" %s   %s %s\n", uuid,
			       vk_secret_usage_names[d[i]->usage],
			       d[i]->usage_id);
	}
}

static int check(struct vk_cli *cli)
{
	if (name && json)
		return vk_cli_usage(cli, "--name and --json exclude each "
				    "other");
	return 0;
}

static int run(struct vk_cli *cli, struct vk_secrets *s,
	       struct vk_secret_def *unused)
{
	char uuid[VK_UUID_STRLEN + 1];
	struct vk_secret_def **d;
	int n, i;

	(void)cli;
	(void)unused;
	if (vk_secret_list(s, &d, &n) < 0)
		return -1;
	if (json) {
		print_json(s, d, n);
	} else if (name) {
		for (i = 0; i < n; i++) {
			vk_uuid_format(d[i]->uuid, uuid);
			puts(uuid);
		}
	} else {
		print_table(d, n);
	}
	vk_secret_defs_free(d, n);
	return 0;
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_secret_cmd cmd = {
		.opts = opts, .args_help = "", .min = 0, .max = 0,
		.check = check, .run = run,
	};

	return vk_cli_secret_run(argc, argv, &cmd);
}
