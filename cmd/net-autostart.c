/* net-autostart: mark a network to be started at boot (by
 * "net-start --autostart-all"), or clear the mark. */
#include "cli/netcli.h"

static int disable;
static struct poptOption opts[] = {
	{"disable", '\0', POPT_ARG_NONE, &disable, 0,
	 "clear the mark instead of setting it", NULL},
	VK_CLI_COMMON
	POPT_TABLEEND
};

static int run(struct vk_cli *cli, struct vk_netconn *nc,
	       struct vk_network *net)
{
	(void)cli;
	return vk_net_set_autostart(nc, net, !disable);
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_net_cmd cmd = {.opts = opts, .run = run};

	return vk_cli_network_run(argc, argv, &cmd);
}
