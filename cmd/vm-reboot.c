/* vm-reboot: ask a running guest to reboot. */
#include "cli/cli.h"
#include "util/error.h"

int main(int argc, const char **argv)
{
	static struct poptOption opts[] = {VK_CLI_COMMON POPT_TABLEEND};
	struct vk_conn *conn = NULL;
	struct vk_dom *dom = NULL;
	struct vk_cli cli;
	int rc = 0;

	if (vk_cli_parse(&cli, argc, argv, opts, "DOMAIN", 1, 1) < 0) {
		rc = cli.exit;
		goto out;
	}
	dom = vk_cli_domain(&cli, &conn, &rc);
	if (dom && vk_dom_reboot(conn, dom) < 0)
		rc = vk_cli_fail(&cli);
	vk_dom_free(dom);
out:
	vk_conn_close(conn);
	vk_cli_done(&cli);
	return rc;
}
