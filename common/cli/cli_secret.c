#include "cli_secret.h"

int vk_cli_secret_run(int argc, const char **argv,
		      const struct vk_cli_secret_cmd *cmd)
{
	static struct poptOption common[] = {VK_CLI_COMMON POPT_TABLEEND};
	struct vk_secret_def *def = NULL;
	struct vk_secrets s;
	bool opened = false;
	struct vk_cli cli;
	int rc;

	if (vk_cli_parse(&cli, argc, argv, cmd->opts ? cmd->opts : common,
			 cmd->args_help, cmd->min, cmd->max) < 0) {
		rc = cli.exit;
		goto out;
	}
	rc = cmd->check ? cmd->check(&cli) : 0;
	if (rc)
		goto out;
	rc = -1;
	if (vk_secrets_open(&s, cli.uri) < 0)
		goto fail;
	opened = true;
	if (cmd->find && !(def = vk_secret_find(&s, cli.args[0])))
		goto fail;
	rc = cmd->run(&cli, &s, def);
fail:
	if (rc < 0)
		rc = vk_cli_fail(&cli);
out:
	vk_secret_def_free(def);
	if (opened)
		vk_secrets_close(&s);
	vk_cli_done(&cli);
	return rc;
}
