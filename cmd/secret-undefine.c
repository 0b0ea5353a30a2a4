/* secret-undefine: remove a secret and its value. */
#include "cli/cli_secret.h"

static int run(struct vk_cli *cli, struct vk_secrets *s,
	       struct vk_secret_def *def)
{
	(void)def;
	return vk_secret_undefine(s, cli->args[0]);
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_secret_cmd cmd = {
		.args_help = "SECRET", .min = 1, .max = 1, .run = run,
	};

	return vk_cli_secret_run(argc, argv, &cmd);
}
