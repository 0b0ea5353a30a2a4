/* Fuzz target: domain XML (vm-define, vm-create, xml-validate). */
#include "conf/domain.h"
#include "fuzz.h"

static void *parse(const char *text, size_t len, const char *name)
{
	return vk_domain_parse_string(text, len, name, 0);
}

static char *format(const void *def)
{
	return vk_domain_format(def, VK_FMT_SECURE);
}

static void release(void *def)
{
	vk_domain_free(def);
}

static const struct vk_fuzz_kind kind = {"domain", parse, format, release};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return vk_fuzz_roundtrip(&kind, data, size);
}
