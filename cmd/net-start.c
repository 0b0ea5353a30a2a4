/* net-start: start a defined network; or, with --autostart-all, every
 * network marked for autostart that is not active. */
#include <stdio.h>

#include "cli/netcli.h"
#include "util/error.h"

static int all;
static struct poptOption opts[] = {
	{"autostart-all", '\0', POPT_ARG_NONE, &all, 0,
	 "start every network marked for autostart that is not active "
	 "(no NETWORK)", NULL},
	VK_CLI_COMMON
	POPT_TABLEEND
};

/* A failure is printed, naming the network, and the others go on. */
static int autostart_all(struct vk_cli *cli, struct vk_netconn *nc)
{
	struct vk_network **nets;
	int n, i, rc = 0;

	if (vk_net_list(nc, &nets, &n) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (!nets[i]->autostart || nets[i]->state != VK_NET_INACTIVE)
			continue;
		if (vk_net_start(nc, nets[i]) < 0) {
			vk_cli_fail(cli);
			rc = VK_EXIT_FAILED;
		}
	}
	vk_net_list_free(nets, n);
	return rc;
}

static int run(struct vk_cli *cli, struct vk_netconn *nc,
	       struct vk_network *net)
{
	if (all)
		return autostart_all(cli, nc);
	return vk_net_start(nc, net);
}

static int check(struct vk_cli *cli)
{
	if (all && cli->nargs)
		return vk_cli_usage(cli, "--autostart-all takes no NETWORK");
	if (!all && !cli->nargs)
		return vk_cli_usage(cli, "missing argument: NETWORK");
	return 0;
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_net_cmd cmd = {
		.opts = opts, .args_help = "NETWORK | --autostart-all",
		.optional = true, .check = check, .run = run,
	};

	return vk_cli_network_run(argc, argv, &cmd);
}
