/* vm-reboot: ask a running guest to reboot. */
#include "cli/cli.h"

int main(int argc, const char **argv)
{
	return vk_cli_domain_main(argc, argv, vk_dom_reboot);
}
