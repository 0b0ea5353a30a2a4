/* Fuzz target: network XML (net-define, net-create). */
#include <libxml/tree.h>

#include "conf/network.h"
#include "conf/xml.h"
#include "fuzz.h"

static void *parse(const char *text, size_t len, const char *name)
{
	xmlDocPtr doc = vk_xml_parse(text, len, name);
	struct vk_network_def *def;

	if (!doc)
		return NULL;
	def = vk_network_parse(doc, 0);
	xmlFreeDoc(doc);
	return def;
}

static char *format(const void *def)
{
	return vk_network_format(def);
}

static void release(void *def)
{
	vk_network_free(def);
}

static const struct vk_fuzz_kind kind = {"network", parse, format, release};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return vk_fuzz_roundtrip(&kind, data, size);
}
