/* vm-destroy: stop a guest at once, as pulling its power cord does. */
#include "cli/cli.h"

int main(int argc, const char **argv)
{
	static const struct vk_cli_cmd cmd = {.op = vk_dom_destroy};

	return vk_cli_domain_run(argc, argv, &cmd);
}
