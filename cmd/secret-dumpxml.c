/* secret-dumpxml: a secret's XML (never its value). */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli_secret.h"

static int run(struct vk_cli *cli, struct vk_secrets *s,
	       struct vk_secret_def *def)
{
	char *xml = vk_secret_format(def);

	(void)cli;
	(void)s;
	fputs(xml, stdout);
	free(xml);
	return 0;
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_secret_cmd cmd = {
		.args_help = "SECRET", .min = 1, .max = 1, .find = true,
		.run = run,
	};

	return vk_cli_secret_run(argc, argv, &cmd);
}
