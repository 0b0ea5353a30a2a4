/* netxml: parse a network document and print its canonical form.
 *   netxml [--no-schema] [--dnsmasq] FILE    ("-" is stdin)
 * --dnsmasq prints the dnsmasq configuration net-start would write, with
 * the files under /RUN and /CONFIG.
 * Errors: "netxml: error: MESSAGE" on stderr, exit code from the
 * library. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/network.h"
#include "network/dnsmasq.h"
#include "util/error.h"

int main(int argc, char **argv)
{
	unsigned flags = 0;
	int dnsmasq = 0;
	struct vk_network_def *def;
	const char *file = NULL;
	char *xml;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--no-schema")) {
			flags |= VK_NET_PARSE_NO_SCHEMA;
		} else if (!strcmp(argv[i], "--dnsmasq")) {
			dnsmasq = 1;
		} else if (!file && (argv[i][0] != '-' || !argv[i][1])) {
			file = argv[i];
		} else {
			fputs("usage: netxml [--no-schema] [--dnsmasq] "
			      "FILE\n", stderr);
			return VK_EXIT_USAGE;
		}
	}
	if (!file) {
		fputs("usage: netxml [--no-schema] [--dnsmasq] FILE\n", stderr);
		return VK_EXIT_USAGE;
	}
	def = vk_network_parse_file(file, flags);
	if (!def) {
		fprintf(stderr, "netxml: error: %s\n", vk_error_message());
		return vk_error_code() ? vk_error_code() : VK_EXIT_FAILED;
	}
	if (dnsmasq) {
		struct vk_dnsmasq_files f;

		vk_dnsmasq_files_init(&f, "/RUN", "/CONFIG", def->name);
		xml = vk_dnsmasq_config(def, &f);
		vk_dnsmasq_files_clear(&f);
	} else {
		xml = vk_network_format(def);
	}
	fputs(xml, stdout);
	free(xml);
	vk_network_free(def);
	return fflush(stdout) ? VK_EXIT_FAILED : 0;
}
