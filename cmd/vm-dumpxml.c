/* vm-dumpxml: print a domain's XML, or what an XPath selects in it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/error.h"

static int inactive, secure;
static char *xpath;
static struct poptOption opts[] = {
	{"inactive", '\0', POPT_ARG_NONE, &inactive, 0,
	 "the persistent config, not the running guest's", NULL},
	{"security-info", '\0', POPT_ARG_NONE, &secure, 0,
	 "include passwords", NULL},
	{"xpath", '\0', POPT_ARG_STRING, &xpath, 0,
	 "print only what EXPR selects", "EXPR"},
	VK_CLI_COMMON
	POPT_TABLEEND
};

static int run(struct vk_cli *cli, struct vk_conn *c, struct vk_dom *dom)
{
	char *xml = vk_dom_xml(dom, (inactive ? VK_FMT_INACTIVE : 0) |
				    (secure ? VK_FMT_SECURE : 0));
	int rc = 0;

	(void)cli;
	(void)c;
	if (!xml || (xpath && vk_cli_print_xpath(xml, "domain", xpath) < 0))
		rc = -1;
	else if (!xpath)
		fputs(xml, stdout);
	free(xml);
	return rc;
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_cmd cmd = {.opts = opts, .run = run};
	int rc = vk_cli_domain_run(argc, argv, &cmd);

	free(xpath);
	return rc;
}
