/* vm-undefine: remove a domain's persistent configuration, and with
 * --nvram its UEFI variable store (--keep-nvram keeps it); its emulated
 * TPM's state goes too unless --keep-tpm (or persistent_state='yes'
 * without --tpm). */
#include "cli/cli.h"

static int nvram, keep_nvram, tpm, keep_tpm;

static struct poptOption opts[] = {
	{"nvram", '\0', POPT_ARG_NONE, &nvram, 0,
	 "remove the domain's NVRAM file too", NULL},
	{"keep-nvram", '\0', POPT_ARG_NONE, &keep_nvram, 0,
	 "keep the domain's NVRAM file", NULL},
	{"tpm", '\0', POPT_ARG_NONE, &tpm, 0,
	 "remove the emulated TPM's state, even a persistent_state one", NULL},
	{"keep-tpm", '\0', POPT_ARG_NONE, &keep_tpm, 0,
	 "keep the emulated TPM's state", NULL},
	VK_CLI_COMMON
	POPT_TABLEEND
};

static int check(struct vk_cli *cli)
{
	if (nvram && keep_nvram)
		return vk_cli_usage(cli, "--nvram and --keep-nvram exclude "
				    "each other");
	if (tpm && keep_tpm)
		return vk_cli_usage(cli, "--tpm and --keep-tpm exclude each "
				    "other");
	return 0;
}

static int run(struct vk_cli *cli, struct vk_conn *c, struct vk_dom *dom)
{
	(void)cli;
	return vk_dom_undefine_flags(c, dom,
				     (nvram ? VK_UNDEFINE_NVRAM : 0) |
				     (keep_nvram ? VK_UNDEFINE_KEEP_NVRAM : 0) |
				     (tpm ? VK_UNDEFINE_TPM : 0) |
				     (keep_tpm ? VK_UNDEFINE_KEEP_TPM : 0));
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_cmd cmd = {
		.opts = opts, .check = check, .run = run,
	};

	return vk_cli_domain_run(argc, argv, &cmd);
}
