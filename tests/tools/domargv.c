/* domargv: the QEMU command line for a domain document, as one line.
 *   domargv [--now EPOCH] [--qmp-dir DIR] [--log PATH] [--chr-ids] FILE
 * The start parameters are fixed for golden tests: QMP sockets /run/QMP0
 * and /run/QMP1 (DIR/qmp0.sock and DIR/qmp1.sock with --qmp-dir), console
 * log /log/console.log (or PATH), sandbox on, hugetlbfs mounted at
 * /dev/hugepages, the host's SMBIOS values (smbios mode='host') read from
 * ./os-smbios-host.dmi (beside the cases).  --now fixes the time the
 * clock offsets are computed from.  --chr-ids prints, instead, one line
 * "KIND PORT ID" per serial, parallel and console: the chardev id
 * vk_qemu_chr_id gives.
 * Errors: "domargv: error: MESSAGE" on stderr, exit code from the library. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/domain.h"
#include "qemu/qemu_command.h"
#include "util/error.h"

static int usage(void)
{
	fputs("usage: domargv [--now EPOCH] [--qmp-dir DIR] [--log PATH] "
	      "[--chr-ids] FILE\n", stderr);
	return VK_EXIT_USAGE;
}

static int fail(void)
{
	fprintf(stderr, "domargv: error: %s\n", vk_error_message());
	return vk_error_code() ? vk_error_code() : VK_EXIT_FAILED;
}

static void print_ids(const struct vk_domain_def *def)
{
	int i;

	for (i = 0; i < def->nchrs; i++) {
		char *id = vk_qemu_chr_id(def, i);

		printf("%s %d %s\n", vk_chr_kind_names[def->chrs[i].kind],
		       def->chrs[i].port, id);
		free(id);
	}
}

static int run(const char *file, struct vk_qemu_start *st, bool ids)
{
	struct vk_argv a = VK_ARGV_INIT;
	struct vk_domain_def *def;
	char *line;
	int rc;

	def = vk_domain_parse_file(file, VK_PARSE_INACTIVE);
	if (!def)
		return fail();
	if (ids) {
		print_ids(def);
		rc = fflush(stdout) ? VK_EXIT_FAILED : 0;
	} else if (vk_qemu_build_argv(def, st, &a) < 0) {
		rc = fail();
	} else {
		line = vk_argv_join(&a);
		puts(line);
		free(line);
		rc = fflush(stdout) ? VK_EXIT_FAILED : 0;
	}
	vk_argv_free(&a);
	vk_domain_free(def);
	return rc;
}

int main(int argc, char **argv)
{
	struct vk_qemu_start st = {
		.qmp_supervisor = "/run/QMP0",
		.qmp_commands = "/run/QMP1",
		.console_log = "/log/console.log",
		.sandbox = true,
		.hugetlbfs = "/dev/hugepages",
		.dmi_dir = "os-smbios-host.dmi",
	};
	char *qmp0 = NULL, *qmp1 = NULL, *end;
	const char *file = NULL;
	bool ids = false;
	int i, rc;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--now") && i + 1 < argc) {
			st.now = strtoll(argv[++i], &end, 10);
			if (*end || !st.now)
				return usage();
		} else if (!strcmp(argv[i], "--qmp-dir") && i + 1 < argc) {
			free(qmp0);
			free(qmp1);
			qmp0 = vk_asprintf("%s/qmp0.sock", argv[i + 1]);
			qmp1 = vk_asprintf("%s/qmp1.sock", argv[++i]);
			st.qmp_supervisor = qmp0;
			st.qmp_commands = qmp1;
		} else if (!strcmp(argv[i], "--chr-ids")) {
			ids = true;
		} else if (!strcmp(argv[i], "--log") && i + 1 < argc) {
			st.console_log = argv[++i];
		} else if (!file && (argv[i][0] != '-' || !argv[i][1])) {
			file = argv[i];
		} else {
			file = NULL;
			break;
		}
	}
	rc = file ? run(file, &st, ids) : usage();
	free(qmp0);
	free(qmp1);
	return rc;
}
