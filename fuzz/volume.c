/* Fuzz target: storage volume XML (vol-create), for any pool type. */
#include "conf/volume.h"
#include "fuzz.h"

static void *parse(const char *text, size_t len, const char *name)
{
	return vk_vol_parse_string(text, len, name, -1, 0);
}

static char *format(const void *def)
{
	return vk_vol_format(def);
}

static void release(void *def)
{
	vk_vol_free(def);
}

static const struct vk_fuzz_kind kind = {"volume", parse, format, release};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return vk_fuzz_roundtrip(&kind, data, size);
}
