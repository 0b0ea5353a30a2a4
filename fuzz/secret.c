/* Fuzz target: secret XML (secret-define). */
#include "conf/secret.h"
#include "fuzz.h"

static void *parse(const char *text, size_t len, const char *name)
{
	return vk_secret_parse_string(text, len, name, 0);
}

static char *format(const void *def)
{
	return vk_secret_format(def);
}

static void release(void *def)
{
	vk_secret_def_free(def);
}

static const struct vk_fuzz_kind kind = {"secret", parse, format, release};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return vk_fuzz_roundtrip(&kind, data, size);
}
