/* What the secret-* commands share: one main() that parses the options,
 * opens the secret store of -c URI and, as the command asks, finds the
 * secret the first argument names (its uuid or its usage). */
#ifndef VK_CLI_SECRET_H
#define VK_CLI_SECRET_H

#include <stdbool.h>

#include "cli.h"
#include "secret/secret.h"

struct vk_cli_secret_cmd {
	/* Own options, then VK_CLI_COMMON and POPT_TABLEEND; NULL: the
	 * common options only. */
	struct poptOption *opts;
	const char *args_help;
	int min, max;			/* positional arguments (max < 0:
					 * the command checks them) */
	bool find;			/* args[0] names a secret: DEF */
	/* Checks the options before anything is opened: 0 or the exit
	 * code after vk_cli_usage.  May be NULL. */
	int (*check)(struct vk_cli *cli);
	/* The work: 0, -1 with an error recorded (printed by the runner),
	 * or an exit code it printed itself.  DEF is NULL unless FIND. */
	int (*run)(struct vk_cli *cli, struct vk_secrets *s,
		   struct vk_secret_def *def);
};

int vk_cli_secret_run(int argc, const char **argv,
		      const struct vk_cli_secret_cmd *cmd);

#endif
