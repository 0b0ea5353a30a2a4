/* net-dumpxml: print a network's canonical XML (the running definition
 * when active, unless --inactive). */
#include <stdio.h>
#include <stdlib.h>

#include "cli/netcli.h"
#include "util/error.h"

static int inactive;
static struct poptOption opts[] = {
	{"inactive", '\0', POPT_ARG_NONE, &inactive, 0,
	 "print the persistent config, not the running definition", NULL},
	VK_CLI_COMMON
	POPT_TABLEEND
};

static int run(struct vk_cli *cli, struct vk_netconn *nc,
	       struct vk_network *net)
{
	const struct vk_network_def *def = vk_net_def(net);
	char *xml;

	(void)cli;
	(void)nc;
	if (inactive && !net->def)
		return vk_error(VK_EXIT_CONFLICT, "network '%s' has no "
				"persistent config", net->name);
	xml = vk_network_format(inactive ? net->def : def);
	fputs(xml, stdout);
	free(xml);
	return 0;
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_net_cmd cmd = {.opts = opts, .run = run};

	return vk_cli_network_run(argc, argv, &cmd);
}
