/* virtkit-supervisor: started by vm-start (never by hand), one per
 * running domain.  Reads the live domain XML on stdin.
 *   virtkit-supervisor --uri URI --report-fd FD [--paused] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/domain.h"
#include "qemu/qemu_supervisor.h"
#include "util/error.h"

int main(int argc, char **argv)
{
	struct vk_domain_def *live = NULL;
	const char *uri = NULL;
	struct vk_conn *c = NULL;
	int i, fd = -1, rc = 1;
	unsigned flags = 0;
	char *xml;
	size_t len;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--uri") && i + 1 < argc)
			uri = argv[++i];
		else if (!strcmp(argv[i], "--report-fd") && i + 1 < argc)
			fd = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--paused"))
			flags |= VK_START_PAUSED;
	}
	if (!uri || fd < 0) {
		fprintf(stderr, "virtkit-supervisor: started by vm-start only\n");
		return 2;
	}
	xml = vk_xml_read_file("-", &len);
	if (xml)
		live = vk_domain_parse_string(xml, len, "live", VK_PARSE_NO_SCHEMA);
	free(xml);
	if (live)
		c = vk_conn_open(uri);
	if (!live || !c) {
		dprintf(fd, "ERR %d %s\n", vk_error_code(), vk_error_message());
		vk_domain_free(live);
		return 1;
	}
	rc = vk_qemu_supervise(c, live, flags, fd);
	vk_conn_close(c);
	return rc;
}
