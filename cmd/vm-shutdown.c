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

static int wait, timeout = DEFAULT_TIMEOUT;
static char *timeout_arg;
static struct poptOption opts[] = {
	{"wait", '\0', POPT_ARG_NONE, &wait, 0,
	 "wait until the guest has stopped", NULL},
	{"timeout", '\0', POPT_ARG_STRING, &timeout_arg, 0,
	 "with --wait, give up after S seconds (default 300)", "S"},
	VK_CLI_COMMON
	POPT_TABLEEND
};

static int check(struct vk_cli *cli)
{
	if (timeout_arg && !wait)
		return vk_cli_usage(cli, "--timeout needs --wait");
	if (timeout_arg) {
		timeout = parse_timeout(timeout_arg);
		if (timeout < 0)
			return vk_cli_usage(cli, "invalid --timeout '%s': "
					    "expected seconds from 1 to %d",
					    timeout_arg, MAX_TIMEOUT);
	}
	return 0;
}

static int run(struct vk_cli *cli, struct vk_conn *c, struct vk_dom *dom)
{
	(void)cli;
	if (vk_dom_shutdown(c, dom) < 0)
		return -1;
	return wait ? vk_dom_wait_stopped(c, dom, timeout * 1000) : 0;
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_cmd cmd = {
		.opts = opts, .check = check, .run = run,
	};
	int rc = vk_cli_domain_run(argc, argv, &cmd);

	free(timeout_arg);
	return rc;
}
