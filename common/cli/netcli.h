/* The shape shared by the network commands (net-*): options, the
 * connection, the network store of that connection, the NETWORK the
 * first argument names, the work, the exit code. */
#ifndef VK_NETCLI_H
#define VK_NETCLI_H

#include "cli.h"
#include "network/network.h"

struct vk_cli_net_cmd {
	/* Its own options, then VK_CLI_COMMON and POPT_TABLEEND; NULL: the
	 * common options only. */
	struct poptOption *opts;
	/* The synopsis after the options (default "NETWORK"). */
	const char *args_help;
	/* The first argument is not a network (net-define's FILE): RUN
	 * gets NULL. */
	bool not_network;
	/* NETWORK may be left out (RUN gets NULL then). */
	bool optional;
	/* 0 to go on, or an exit code after printing why (options that
	 * exclude each other, ...). */
	int (*check)(struct vk_cli *cli);
	/* The work: 0, -1 with an error recorded (printed here), or an exit
	 * code it printed itself. */
	int (*run)(struct vk_cli *cli, struct vk_netconn *nc,
		   struct vk_network *net);
};

/* The whole main() of a network command. */
int vk_cli_network_run(int argc, const char **argv,
		       const struct vk_cli_net_cmd *cmd);

#endif
