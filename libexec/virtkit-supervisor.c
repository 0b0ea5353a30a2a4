/* virtkit-supervisor: started by vm-start (never by hand), one per
 * running domain; see common/qemu/qemu_supervisor.h.  Reads its
 * configuration on stdin and reports on the descriptor it is given.
 * Linked statically and without libxml2, so that it stays small.
 *   virtkit-supervisor --report-fd FD */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qemu/qemu_supervisor.h"
#include "util/error.h"

int main(int argc, char **argv)
{
	struct vk_sup_conf sc;
	int fd = -1, rc;

	if (argc == 3 && !strcmp(argv[1], "--report-fd"))
		fd = atoi(argv[2]);
	if (fd < 3) {
		fprintf(stderr, "virtkit-supervisor: started by vm-start only\n");
		return 2;
	}
	fcntl(fd, F_SETFD, FD_CLOEXEC);	/* not for QEMU */
	if (vk_sup_conf_decode(0, &sc) < 0) {
		dprintf(fd, "ERR %d %s\n", vk_error_code(), vk_error_message());
		vk_sup_conf_clear(&sc);
		return 1;
	}
	rc = vk_qemu_supervise(&sc, fd, 0);
	vk_sup_conf_clear(&sc);
	return rc;
}
