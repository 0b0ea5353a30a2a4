/* vm-edit: edit a domain's persistent config in $VISUAL or $EDITOR. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/edit.h"
#include "util/error.h"
#include "util/file.h"

/* Edit until the result is defined, unchanged, or given up. */
static int edit(const struct vk_cli *cli, struct vk_conn *conn,
		const struct vk_dom *dom, const char *path, const char *orig)
{
	for (;;) {
		struct vk_domain_def *def;
		struct vk_dom *done;
		char *now;
		int same;

		if (vk_cli_run_editor(cli->prog, path) < 0)
			return vk_cli_fail(cli);
		now = vk_file_read(path, VK_XML_MAX_SIZE, NULL);
		if (!now)
			return vk_cli_fail(cli);
		same = !strcmp(now, orig);
		free(now);
		if (same) {
			if (!cli->quiet)
				printf("Domain %s XML configuration not "
				       "changed.\n", dom->name);
			return 0;
		}
		def = vk_domain_parse_file(path, VK_PARSE_INACTIVE);
		done = def ? vk_dom_define(conn, def, orig) : NULL;
		if (done) {
			vk_dom_free(done);
			return 0;
		}
		if (vk_error_code() != VK_EXIT_DOCUMENT || !vk_cli_ask_again())
			return vk_cli_fail(cli);
		vk_cli_fail(cli);
	}
}

/* Write the config to a private temp file and edit it there. */
static int run(struct vk_cli *cli, struct vk_conn *c, struct vk_dom *dom)
{
	char *orig, *path;
	int rc = -1;

	if (!dom->def)
		return vk_error(VK_EXIT_CONFLICT, "domain '%s' is transient: it "
				"has no config to edit", dom->name);
	orig = vk_domain_format(dom->def, VK_FMT_INACTIVE | VK_FMT_SECURE);
	path = vk_cli_edit_file("vm-edit", orig);
	if (path) {
		rc = edit(cli, c, dom, path, orig);
		unlink(path);
		free(path);
	}
	free(orig);
	return rc;
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_cmd cmd = {.run = run};

	return vk_cli_domain_run(argc, argv, &cmd);
}
