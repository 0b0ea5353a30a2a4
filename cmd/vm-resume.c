/* vm-resume: let a paused guest run again. */
#include "cli/cli.h"

int main(int argc, const char **argv)
{
	static const struct vk_cli_cmd cmd = {.op = vk_dom_resume};

	return vk_cli_domain_run(argc, argv, &cmd);
}
