/* secxml: parse a secret document and print its canonical form.
 *   secxml FILE    ("-" is stdin)
 * Errors: "secxml: error: MESSAGE" on stderr, exit code from the
 * library. */
#include <stdio.h>
#include <stdlib.h>

#include "conf/secret.h"
#include "util/error.h"

int main(int argc, char **argv)
{
	struct vk_secret_def *def;
	char *xml;

	if (argc != 2) {
		fputs("usage: secxml FILE\n", stderr);
		return VK_EXIT_USAGE;
	}
	def = vk_secret_parse_file(argv[1], 0);
	if (!def) {
		fprintf(stderr, "secxml: error: %s\n", vk_error_message());
		return vk_error_code() ? vk_error_code() : VK_EXIT_FAILED;
	}
	xml = vk_secret_format(def);
	fputs(xml, stdout);
	free(xml);
	vk_secret_def_free(def);
	return 0;
}
