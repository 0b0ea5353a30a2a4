/* vm-undefine: remove a domain's persistent configuration. */
#include "cli/cli.h"

int main(int argc, const char **argv)
{
	static const struct vk_cli_cmd cmd = {.op = vk_dom_undefine};

	return vk_cli_domain_run(argc, argv, &cmd);
}
