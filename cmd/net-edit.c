/* net-edit: edit a network's persistent config in $VISUAL or $EDITOR;
 * the result is defined as net-define would (a running network keeps
 * its old definition until it is stopped). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/edit.h"
#include "cli/netcli.h"
#include "conf/xml.h"
#include "util/error.h"
#include "util/file.h"

/* Edit until the result is defined, unchanged, or given up. */
static int edit(const struct vk_cli *cli, struct vk_netconn *nc,
		const struct vk_network *net, const char *path,
		const char *orig)
{
	for (;;) {
		struct vk_network_def *def;
		struct vk_network *done;
		char *now;
		int same, rc;

		if (vk_cli_run_editor(cli->prog, path) < 0)
			return -1;
		now = vk_file_read(path, VK_XML_MAX_SIZE, NULL);
		if (!now)
			return -1;
		same = !strcmp(now, orig);
		free(now);
		if (same) {
			if (!cli->quiet)
				printf("Network %s XML configuration not "
				       "changed.\n", net->name);
			return 0;
		}
		def = vk_network_parse_file(path, 0);
		if (def && strcmp(def->name, net->name)) {
			vk_error(VK_EXIT_DOCUMENT, "the edit renames network "
				 "'%s' to '%s': net-edit keeps the name",
				 net->name, def->name);
			vk_network_free(def);
			def = NULL;
		}
		done = def ? vk_net_define(nc, def) : NULL;
		if (done) {
			vk_net_free(done);
			return 0;
		}
		if (vk_error_code() != VK_EXIT_DOCUMENT)
			return -1;
		rc = vk_cli_fail(cli);
		if (!vk_cli_ask_again())
			return rc;
	}
}

static int run(struct vk_cli *cli, struct vk_netconn *nc,
	       struct vk_network *net)
{
	char *orig, *path;
	int rc = -1;

	if (!net->persistent || !net->def)
		return vk_error(VK_EXIT_CONFLICT, "network '%s' is transient: "
				"it has no config to edit", net->name);
	orig = vk_network_format(net->def);
	path = vk_cli_edit_file("net-edit", orig);
	if (path) {
		rc = edit(cli, nc, net, path, orig);
		unlink(path);
		free(path);
	}
	free(orig);
	return rc;
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_net_cmd cmd = {.run = run};

	return vk_cli_network_run(argc, argv, &cmd);
}
