/* vm-destroy: stop a guest at once, as pulling its power cord does. */
#include "cli/cli.h"

int main(int argc, const char **argv)
{
	return vk_cli_domain_main(argc, argv, vk_dom_destroy);
}
