#include "netcli.h"
#include "util/error.h"

int vk_cli_network_run(int argc, const char **argv,
		       const struct vk_cli_net_cmd *cmd)
{
	static struct poptOption common[] = {VK_CLI_COMMON POPT_TABLEEND};
	struct vk_network *net = NULL;
	struct vk_conn *conn = NULL;
	struct vk_netconn nc;
	bool open = false;
	struct vk_cli cli;
	int rc;

	if (vk_cli_parse(&cli, argc, argv, cmd->opts ? cmd->opts : common,
			 cmd->args_help ? cmd->args_help : "NETWORK",
			 cmd->optional ? 0 : 1, 1) < 0) {
		rc = cli.exit;
		goto out;
	}
	rc = cmd->check ? cmd->check(&cli) : 0;
	if (rc)
		goto out;
	conn = vk_cli_connect(&cli, &rc);
	if (!conn)
		goto out;
	if (vk_net_open(&nc, conn) < 0) {
		rc = vk_cli_fail(&cli);
		goto out;
	}
	open = true;
	if (!cmd->not_network && cli.nargs &&
	    !(net = vk_net_lookup(&nc, cli.args[0]))) {
		rc = vk_cli_fail(&cli);
		goto out;
	}
	rc = cmd->run(&cli, &nc, net);
	if (rc < 0)
		rc = vk_cli_fail(&cli);
out:
	vk_net_free(net);
	if (open)
		vk_net_close(&nc);
	vk_conn_close(conn);
	vk_cli_done(&cli);
	return rc;
}
