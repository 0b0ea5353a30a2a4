/* net-undefine: remove a network's persistent config (an active
 * network stays until net-stop). */
#include "cli/netcli.h"

static int run(struct vk_cli *cli, struct vk_netconn *nc,
	       struct vk_network *net)
{
	(void)cli;
	return vk_net_undefine(nc, net);
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_net_cmd cmd = {.run = run};

	return vk_cli_network_run(argc, argv, &cmd);
}
