/* net-list: list virtual networks, as a table, names or JSON. */
#include <stdio.h>

#include "cli/netcli.h"
#include "util/error.h"
#include "util/uuid.h"

static int all, inactive, names, json;
static struct poptOption opts[] = {
	{"all", 'a', POPT_ARG_NONE, &all, 0,
	 "list active and inactive networks", NULL},
	{"inactive", '\0', POPT_ARG_NONE, &inactive, 0,
	 "list only inactive networks", NULL},
	{"name", '\0', POPT_ARG_NONE, &names, 0,
	 "print only names, one a line", NULL},
	{"json", '\0', POPT_ARG_NONE, &json, 0, "print a JSON array", NULL},
	VK_CLI_COMMON
	POPT_TABLEEND
};

static const char *yes(bool b)
{
	return b ? "yes" : "no";
}

static const char *bridge(const struct vk_network *n)
{
	const char *b = vk_net_def(n)->bridge;

	return b ? b : "-";
}

static void print_table(struct vk_network **nets, int n)
{
	int i, w = 4;

	for (i = 0; i < n; i++)
		if (vk_cli_width(nets[i]->name) > w)
			w = vk_cli_width(nets[i]->name);
	printf(" %-*s   %-9s %-10s %-11s %s\n", w, "Name", "State",
	       "Autostart", "Persistent", "Bridge");
	for (i = 0; i < w + 45; i++)
		putchar('-');
	putchar('\n');
	for (i = 0; i < n; i++)
		printf(" %s%*s   %-9s %-10s %-11s %s\n", nets[i]->name,
		       w - vk_cli_width(nets[i]->name), "",
		       vk_net_state_name(nets[i]->state),
		       yes(nets[i]->autostart), yes(nets[i]->persistent),
		       bridge(nets[i]));
}

static void print_json(struct vk_network **nets, int n)
{
	char uuid[VK_UUID_STRLEN + 1];
	int i;

	putchar('[');
	for (i = 0; i < n; i++) {
		const struct vk_network *net = nets[i];

		vk_uuid_format(net->uuid, uuid);
		printf("%s\n  {\"name\": ", i ? "," : "");
		vk_cli_json_string(net->name);
		printf(", \"uuid\": \"%s\", \"state\": \"%s\", \"bridge\": ",
		       uuid, vk_net_state_name(net->state));
		if (vk_net_def(net)->bridge)
			vk_cli_json_string(vk_net_def(net)->bridge);
		else
			printf("null");
		printf(", \"persistent\": %s, \"autostart\": %s}",
		       net->persistent ? "true" : "false",
		       net->autostart ? "true" : "false");
	}
	printf("%s]\n", n ? "\n" : "");
}

static int check(struct vk_cli *cli)
{
	if (cli->nargs)
		return vk_cli_usage(cli, "unexpected argument '%s'",
				    cli->args[0]);
	if (names && json)
		return vk_cli_usage(cli, "--name and --json exclude each "
				    "other");
	return 0;
}

static int run(struct vk_cli *cli, struct vk_netconn *nc,
	       struct vk_network *unused)
{
	struct vk_network **nets;
	int n, i, kept = 0;

	(void)cli;
	(void)unused;
	if (vk_net_list(nc, &nets, &n) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		bool active = nets[i]->state != VK_NET_INACTIVE;

		if (inactive ? !active : all || active)
			nets[kept++] = nets[i];
		else
			vk_net_free(nets[i]);
	}
	if (json)
		print_json(nets, kept);
	else if (names)
		for (i = 0; i < kept; i++)
			puts(nets[i]->name);
	else
		print_table(nets, kept);
	vk_net_list_free(nets, kept);
	return 0;
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_net_cmd cmd = {
		.opts = opts, .args_help = "", .optional = true,
		.check = check, .run = run,
	};

	return vk_cli_network_run(argc, argv, &cmd);
}
