/* domxml: parse a domain document and print its canonical form.
 *   domxml [--live] [--secure] [--no-schema] [--assign] FILE  ("-" stdin)
 * --assign: the qemu driver's address assignment (vm-define's) first.
 * Errors: "domxml: error: MESSAGE" on stderr, exit code from the library. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/domain.h"
#include "qemu/qemu_address.h"
#include "util/error.h"

static int usage(void)
{
	fputs("usage: domxml [--live] [--secure] [--no-schema] [--assign] "
	      "FILE\n", stderr);
	return VK_EXIT_USAGE;
}

int main(int argc, char **argv)
{
	unsigned pflags = VK_PARSE_INACTIVE, fflags = VK_FMT_INACTIVE;
	struct vk_domain_def *def;
	const char *file = NULL;
	bool assign = false;
	char *xml;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--live")) {
			pflags &= ~VK_PARSE_INACTIVE;
			fflags &= ~VK_FMT_INACTIVE;
		} else if (!strcmp(argv[i], "--secure")) {
			fflags |= VK_FMT_SECURE;
		} else if (!strcmp(argv[i], "--assign")) {
			assign = true;
		} else if (!strcmp(argv[i], "--no-schema")) {
			pflags |= VK_PARSE_NO_SCHEMA;
		} else if (!file && (argv[i][0] != '-' || !argv[i][1])) {
			file = argv[i];
		} else {
			return usage();
		}
	}
	if (!file)
		return usage();
	def = vk_domain_parse_file(file, pflags);
	if (def && assign && vk_qemu_assign_addresses(def) < 0) {
		vk_domain_free(def);
		def = NULL;
	}
	if (!def) {
		fprintf(stderr, "domxml: error: %s\n", vk_error_message());
		return vk_error_code() ? vk_error_code() : VK_EXIT_FAILED;
	}
	xml = vk_domain_format(def, fflags);
	fputs(xml, stdout);
	free(xml);
	vk_domain_free(def);
	return fflush(stdout) ? VK_EXIT_FAILED : 0;
}
