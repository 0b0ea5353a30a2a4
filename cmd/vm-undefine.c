/* vm-undefine: remove a domain's persistent configuration. */
#include "cli/cli.h"

int main(int argc, const char **argv)
{
	return vk_cli_domain_main(argc, argv, vk_dom_undefine);
}
