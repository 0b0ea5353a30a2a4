/* net-create: start a transient virtual network from network XML (no
 * persistent config; it is gone once stopped). */
#include "cli/netcli.h"

static int run(struct vk_cli *cli, struct vk_netconn *nc,
	       struct vk_network *net)
{
	struct vk_network_def *def;

	(void)net;
	def = vk_network_parse_file(cli->args[0], 0);
	if (!def)
		return -1;
	return vk_net_create(nc, def);
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_net_cmd cmd = {
		.args_help = "FILE|-", .not_network = true, .run = run,
	};

	return vk_cli_network_run(argc, argv, &cmd);
}
