/* net-stop: stop an active network, removing what net-start made. */
#include "cli/netcli.h"

static int run(struct vk_cli *cli, struct vk_netconn *nc,
	       struct vk_network *net)
{
	(void)cli;
	return vk_net_stop(nc, net);
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_net_cmd cmd = {.run = run};

	return vk_cli_network_run(argc, argv, &cmd);
}
