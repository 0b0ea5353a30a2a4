/* vm-define: define (or update) a persistent domain from domain XML. */
#include "cli/cli.h"
#include "util/error.h"

int main(int argc, const char **argv)
{
	static struct poptOption opts[] = {VK_CLI_COMMON POPT_TABLEEND};
	struct vk_domain_def *def;
	struct vk_conn *conn = NULL;
	struct vk_dom *dom;
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
	dom = def ? vk_dom_define(conn, def, NULL) : NULL;
	if (!dom)
		rc = vk_cli_fail(&cli);
	vk_dom_free(dom);
out:
	vk_conn_close(conn);
	vk_cli_done(&cli);
	return rc;
}
