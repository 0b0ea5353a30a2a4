/* The round trip every document target checks (fuzz.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "util/error.h"

static void broken(const struct vk_fuzz_kind *k, const char *what,
		   const char *text)
{
	fprintf(stderr, "fuzz-%s: %s: %s\n--- canonical output:\n%s\n",
		k->name, what, vk_error_message(), text);
	abort();
}

int vk_fuzz_roundtrip(const struct vk_fuzz_kind *k, const uint8_t *data,
		      size_t size)
{
	void *def, *again;
	char *out, *out2;

	def = k->parse((const char *)data, size, "fuzz-input");
	if (!def) {
		vk_error_clear();	/* refused: fine, if it did not crash */
		return 0;
	}
	out = k->format(def);
	k->free(def);
	if (!out)
		broken(k, "an accepted document could not be written", "");
	again = k->parse(out, strlen(out), "fuzz-canonical");
	if (!again)
		broken(k, "the canonical output is refused", out);
	out2 = k->format(again);
	k->free(again);
	if (!out2 || strcmp(out, out2))
		broken(k, "the canonical output is not a fixed point", out);
	free(out);
	free(out2);
	return 0;
}
