/* Fuzz target: storage pool XML (pool-define, pool-create). */
#include "conf/pool.h"
#include "fuzz.h"

static void *parse(const char *text, size_t len, const char *name)
{
	return vk_pool_parse_string(text, len, name, 0);
}

static char *format(const void *def)
{
	return vk_pool_format(def, 0);
}

static void release(void *def)
{
	vk_pool_free(def);
}

static const struct vk_fuzz_kind kind = {"pool", parse, format, release};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return vk_fuzz_roundtrip(&kind, data, size);
}
