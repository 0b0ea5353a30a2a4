/* vm-dumpxml: print a domain's XML, or what an XPath selects in it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/error.h"

static int print_xpath(const char *xml, const char *expr)
{
	xmlDocPtr doc = vk_xml_parse(xml, strlen(xml), "domain");
	struct vk_buf out = VK_BUF_INIT;
	int rc = -1;

	if (doc && vk_xml_xpath(doc, expr, &out) == 0) {
		fputs(out.s ? out.s : "", stdout);
		rc = 0;
	}
	vk_buf_free(&out);
	xmlFreeDoc(doc);
	return rc;
}

int main(int argc, const char **argv)
{
	int inactive = 0, secure = 0;
	char *xpath = NULL, *xml = NULL;
	struct poptOption opts[] = {
		{"inactive", '\0', POPT_ARG_NONE, &inactive, 0,
		 "the persistent config, not the running guest's", NULL},
		{"security-info", '\0', POPT_ARG_NONE, &secure, 0,
		 "include passwords", NULL},
		{"xpath", '\0', POPT_ARG_STRING, &xpath, 0,
		 "print only what EXPR selects", "EXPR"},
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
	dom = vk_cli_domain(&cli, &conn, &rc);
	if (!dom)
		goto out;
	xml = vk_dom_xml(dom, (inactive ? VK_FMT_INACTIVE : 0) |
			      (secure ? VK_FMT_SECURE : 0));
	if (!xml || (xpath && print_xpath(xml, xpath) < 0))
		rc = vk_cli_fail(&cli);
	else if (!xpath)
		fputs(xml, stdout);
out:
	free(xml);
	free(xpath);
	vk_dom_free(dom);
	vk_conn_close(conn);
	vk_cli_done(&cli);
	return rc;
}
