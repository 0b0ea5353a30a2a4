/* vm-suspend: pause a running guest's virtual CPUs. */
#include "cli/cli.h"

int main(int argc, const char **argv)
{
	static const struct vk_cli_cmd cmd = {.op = vk_dom_suspend};

	return vk_cli_domain_run(argc, argv, &cmd);
}
