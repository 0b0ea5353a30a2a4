/* vm-autostart: mark a persistent domain to be started at boot (by
 * "vm-start --autostart-all"), or clear the mark. */
#include "cli/cli.h"

static int disable;
static struct poptOption opts[] = {
	{"disable", '\0', POPT_ARG_NONE, &disable, 0,
	 "clear the mark instead of setting it", NULL},
	VK_CLI_COMMON
	POPT_TABLEEND
};

static int run(struct vk_cli *cli, struct vk_conn *c, struct vk_dom *dom)
{
	(void)cli;
	return vk_dom_set_autostart(c, dom, !disable);
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_cmd cmd = {.opts = opts, .run = run};

	return vk_cli_domain_run(argc, argv, &cmd);
}
