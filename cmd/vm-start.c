/* vm-start: boot a defined domain; or, with --autostart-all, every
 * persistent domain marked for autostart that is not running. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/error.h"

/* Start every persistent domain marked for autostart that is not
 * running.  A failure is printed, naming the domain, and the others
 * go on.  Returns the exit code: VK_EXIT_FAILED when any failed. */
static int autostart_all(const struct vk_cli *cli, struct vk_conn *conn,
			 unsigned flags)
{
	struct vk_dom **doms;
	int n, i, rc = 0;

	if (vk_dom_list(conn, &doms, &n, 0) < 0)
		return vk_cli_fail(cli);
	for (i = 0; i < n; i++) {
		struct vk_dom *d = doms[i];

		if (!d->persistent || !d->autostart || vk_dom_is_active(d))
			continue;
		if (vk_dom_start(conn, d, flags) < 0) {
			vk_error_prefix("cannot start domain '%s'", d->name);
			vk_cli_fail(cli);
			rc = VK_EXIT_FAILED;
		}
	}
	vk_dom_list_free(doms, n);
	return rc;
}

int main(int argc, const char **argv)
{
	int paused = 0, console = 0, all = 0;
	struct poptOption opts[] = {
		{"paused", '\0', POPT_ARG_NONE, &paused, 0,
		 "leave the guest paused (vm-resume lets it run)", NULL},
		{"console", '\0', POPT_ARG_NONE, &console, 0,
		 "attach to the guest's console once it has started", NULL},
		{"autostart-all", '\0', POPT_ARG_NONE, &all, 0,
		 "start every domain marked for autostart that is not "
		 "running (no DOMAIN)", NULL},
		VK_CLI_COMMON
		POPT_TABLEEND
	};
	unsigned flags;
	struct vk_conn *conn = NULL;
	struct vk_dom *dom = NULL;
	struct vk_cli cli;
	int rc = 0;

	if (vk_cli_parse(&cli, argc, argv, opts,
			 "DOMAIN | --autostart-all", 0, 1) < 0) {
		rc = cli.exit;
		goto out;
	}
	if (all && cli.nargs) {
		rc = vk_cli_usage(&cli, "--autostart-all takes no DOMAIN");
		goto out;
	}
	if (all && console) {
		rc = vk_cli_usage(&cli, "--console and --autostart-all "
				  "exclude each other");
		goto out;
	}
	if (!all && !cli.nargs) {
		rc = vk_cli_usage(&cli, "missing argument: DOMAIN");
		goto out;
	}
	flags = paused ? VK_START_PAUSED : 0;
	if (all) {
		conn = vk_cli_connect(&cli, &rc);
		if (conn)
			rc = autostart_all(&cli, conn, flags);
		goto out;
	}
	dom = vk_cli_domain(&cli, &conn, &rc);
	if (!dom)
		goto out;
	if (vk_dom_start(conn, dom, flags) < 0) {
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
