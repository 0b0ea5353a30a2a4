/* Fuzz target: QEMU command lines (xml-convert --from qemu-argv).
 * Besides not crashing: a command line it accepts gives a domain whose
 * XML the domain parser accepts (xml-convert's output can be defined),
 * and whose own command line, when the driver can write one, is read
 * back.  The line is written for a qemu:///session connection under a
 * VIRTKIT_ROOT that does not exist, so nothing on the host is touched. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/domain.h"
#include "driver/driver.h"
#include "fuzz.h"
#include "qemu/qemu_argv_parse.h"
#include "util/error.h"

static void broken(const char *what, const char *text)
{
	fprintf(stderr, "fuzz-qemu-argv: %s: %s\n--- text:\n%s\n", what,
		vk_error_message(), text);
	abort();
}

static struct vk_conn *conn(void)
{
	static struct vk_conn *c;

	if (!c) {
		setenv("VIRTKIT_ROOT", "/nonexistent/virtkit-fuzz", 1);
		c = vk_conn_open("qemu:///session");
		if (!c)
			broken("cannot open qemu:///session", "");
	}
	return c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vk_domain_def *def, *again;
	char *text = malloc(size + 1), *xml, *line;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	def = vk_qemu_argv_parse(text);
	free(text);
	if (!def) {
		vk_error_clear();
		return 0;
	}
	xml = vk_domain_format(def, VK_FMT_SECURE);
	again = xml ? vk_domain_parse_string(xml, strlen(xml), "fuzz-xml", 0)
		    : NULL;
	if (!again)
		broken("its domain XML is refused", xml ? xml : "");
	vk_domain_free(again);
	free(xml);
	line = vk_qemu_native_format(conn(), def);
	vk_domain_free(def);
	if (!line) {
		vk_error_clear();	/* a refusal by the driver */
		return 0;
	}
	again = vk_qemu_argv_parse(line);
	if (!again)
		broken("its own command line is refused", line);
	vk_domain_free(again);
	free(line);
	return 0;
}
