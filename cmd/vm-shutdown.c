/* vm-shutdown: ask a guest to power off (ACPI power button), and with
 * --wait, wait until it has. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "util/error.h"

#define DEFAULT_TIMEOUT 300		/* seconds */
#define MAX_TIMEOUT (INT_MAX / 1000)	/* seconds that fit in int ms */

/* The --timeout value S: whole seconds, 1 to MAX_TIMEOUT.  -1 when it
 * is anything else. */
static int parse_timeout(const char *s)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < 1 || v > MAX_TIMEOUT)
		return -1;
	return (int)v;
}

int main(int argc, const char **argv)
{
	int wait = 0, timeout = DEFAULT_TIMEOUT;
	char *timeout_arg = NULL;
	struct poptOption opts[] = {
		{"wait", '\0', POPT_ARG_NONE, &wait, 0,
		 "wait until the guest has stopped", NULL},
		{"timeout", '\0', POPT_ARG_STRING, &timeout_arg, 0,
		 "with --wait, give up after S seconds (default 300)", "S"},
		VK_CLI_COMMON
		POPT_TABLEEND
	};
	struct vk_conn *conn = NULL;
	struct vk_dom *dom = NULL;
	struct vk_cli cli;
	int rc = 0;

	if (vk_cli_parse(&cli, argc, argv, opts, "DOMAIN", 1, 1) < 0) {
		rc = cli.exit;
		goto out;
	}
	if (timeout_arg && !wait) {
		rc = vk_cli_usage(&cli, "--timeout needs --wait");
		goto out;
	}
	if (timeout_arg) {
		timeout = parse_timeout(timeout_arg);
		if (timeout < 0) {
			rc = vk_cli_usage(&cli, "invalid --timeout '%s': "
					  "expected seconds from 1 to %d",
					  timeout_arg, MAX_TIMEOUT);
			goto out;
		}
	}
	dom = vk_cli_domain(&cli, &conn, &rc);
	if (dom && (vk_dom_shutdown(conn, dom) < 0 ||
		    (wait && vk_dom_wait_stopped(conn, dom,
						 timeout * 1000) < 0)))
		rc = vk_cli_fail(&cli);
out:
	free(timeout_arg);
	vk_dom_free(dom);
	vk_conn_close(conn);
	vk_cli_done(&cli);
	return rc;
}
