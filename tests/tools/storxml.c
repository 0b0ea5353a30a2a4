/* storxml: parse a <pool> or <volume> document and print its canonical
 * form (the root element picks which).
 *   storxml [--live] [--pool-type TYPE] FILE    ("-" is stdin)
 * --live keeps a pool's sizes and free extents; --pool-type checks a
 * volume's format against that pool type.
 * Errors: "storxml: error: MESSAGE" on stderr, exit code from the
 * library. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/volume.h"
#include "util/error.h"

static int usage(void)
{
	fputs("usage: storxml [--live] [--pool-type TYPE] FILE\n", stderr);
	return VK_EXIT_USAGE;
}

int main(int argc, char **argv)
{
	struct vk_pool_def *pool = NULL;
	struct vk_vol_def *vol = NULL;
	const char *file = NULL;
	int i, type = -1, rc;
	bool live = false;
	xmlDocPtr doc;
	char *xml = NULL;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--live")) {
			live = true;
		} else if (!strcmp(argv[i], "--pool-type") && i + 1 < argc) {
			for (type = 0; vk_pool_type_names[type] &&
			     strcmp(vk_pool_type_names[type], argv[i + 1]);
			     type++)
				;
			if (!vk_pool_type_names[type])
				return usage();
			i++;
		} else if (!file && (argv[i][0] != '-' || !argv[i][1])) {
			file = argv[i];
		} else {
			return usage();
		}
	}
	if (!file)
		return usage();
	doc = vk_xml_parse_file(file);
	if (doc && vk_xml_is(xmlDocGetRootElement(doc), "volume")) {
		vol = vk_vol_parse(doc, type, 0);
		xml = vol ? vk_vol_format(vol) : NULL;
	} else if (doc) {
		pool = vk_pool_parse(doc, live ? VK_POOL_PARSE_LIVE : 0);
		xml = pool ? vk_pool_format(pool, live ? VK_POOL_FMT_LIVE :
					    0) : NULL;
	}
	if (!xml) {
		fprintf(stderr, "storxml: error: %s\n", vk_error_message());
		rc = vk_error_code();
	} else {
		fputs(xml, stdout);
		rc = 0;
	}
	free(xml);
	vk_pool_free(pool);
	vk_vol_free(vol);
	if (doc)
		xmlFreeDoc(doc);
	return rc;
}
