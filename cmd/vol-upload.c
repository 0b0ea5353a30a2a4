/* vol-upload: write a file (or stdin) into a volume, with a progress
 * bar on a terminal. */
#include "cli/cli_storage.h"

int main(int argc, const char **argv)
{
	return vk_cli_vol_transfer_main(argc, argv, true);
}
