/* secret-define: define or update a secret from secret XML; prints its
 * uuid (generated when the document has none). */
#include <stdio.h>

#include "cli/cli_secret.h"
#include "util/uuid.h"

static int run(struct vk_cli *cli, struct vk_secrets *s,
	       struct vk_secret_def *unused)
{
	struct vk_secret_def *def = vk_secret_parse_file(cli->args[0], 0);
	char uuid[VK_UUID_STRLEN + 1];
	int rc;

	(void)unused;
	if (!def)
		return -1;
	rc = vk_secret_define(s, def);
	if (rc == 0) {
		vk_uuid_format(def->uuid, uuid);
		puts(uuid);
	}
	vk_secret_def_free(def);
	return rc;
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_secret_cmd cmd = {
		.args_help = "FILE", .min = 1, .max = 1, .run = run,
	};

	return vk_cli_secret_run(argc, argv, &cmd);
}
