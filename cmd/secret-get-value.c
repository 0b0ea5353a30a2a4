/* secret-get-value: a secret's value, in base64 (as virsh) or, with
 * --plain, as raw bytes; refused for a private secret. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_secret.h"
#include "util/base64.h"
#include "util/error.h"
#include "util/uuid.h"

static int plain;
static struct poptOption opts[] = {
	{"plain", '\0', POPT_ARG_NONE, &plain, 0,
	 "print the raw bytes, not base64", NULL},
	VK_CLI_COMMON
	POPT_TABLEEND
};

static int run(struct vk_cli *cli, struct vk_secrets *s,
	       struct vk_secret_def *def)
{
	char uuid[VK_UUID_STRLEN + 1];
	unsigned char *value;
	size_t len;
	char *b64;

	(void)cli;
	if (def->private) {
		vk_uuid_format(def->uuid, uuid);
		return vk_error(VK_EXIT_FAILED, "secret %s is private: its "
				"value is never given out", uuid);
	}
	if (vk_secret_get_value(s, def, &value, &len) < 0)
		return -1;
	if (plain) {
		fwrite(value, 1, len, stdout);
	} else {
		b64 = vk_base64_encode(value, len);
		puts(b64);
		vk_secret_value_free((unsigned char *)b64, strlen(b64));
	}
	vk_secret_value_free(value, len);
	return 0;
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_secret_cmd cmd = {
		.opts = opts, .args_help = "SECRET", .min = 1, .max = 1,
		.find = true, .run = run,
	};

	return vk_cli_secret_run(argc, argv, &cmd);
}
