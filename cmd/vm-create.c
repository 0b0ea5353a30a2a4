/* vm-create: boot a transient domain from domain XML, without defining
 * it: it is gone once it stops. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/error.h"

int main(int argc, const char **argv)
{
	int paused = 0, console = 0;
	struct poptOption opts[] = {
		{"paused", '\0', POPT_ARG_NONE, &paused, 0,
		 "leave the guest paused (vm-resume lets it run)", NULL},
		{"console", '\0', POPT_ARG_NONE, &console, 0,
		 "attach to the guest's console once it has started", NULL},
		VK_CLI_COMMON
		POPT_TABLEEND
	};
	struct vk_domain_def *def;
	struct vk_conn *conn = NULL;
	struct vk_dom *dom = NULL;
	struct vk_cli cli;
	int rc = 0;

	if (vk_cli_parse(&cli, argc, argv, opts, "FILE|-", 1, 1) < 0) {
		rc = cli.exit;
		goto out;
	}
	conn = vk_cli_connect(&cli, &rc);
	if (!conn)
		goto out;
	def = vk_domain_parse_file(cli.args[0], VK_PARSE_INACTIVE);
	dom = def ? vk_dom_create(conn, def, paused ? VK_START_PAUSED : 0)
		  : NULL;
	if (!dom) {
		rc = vk_cli_fail(&cli);
	} else if (console) {
		/* exec: nothing to free first */
		rc = vk_cli_exec_console(&cli, conn->uri, dom->name);
	}
out:
	vk_dom_free(dom);
	vk_conn_close(conn);
	vk_cli_done(&cli);
	return rc;
}
