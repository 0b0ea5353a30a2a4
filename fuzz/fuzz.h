/* Fuzz targets for every parser of outside input (fuzz/README).  Each
 * target file defines LLVMFuzzerTestOneInput: built
 * with clang's libFuzzer by "make fuzz" (fuzz/run.sh), and with the
 * replay driver (fuzz/replay.c) by "make", so that "make check"
 * (tests/fuzz-replay.sh) runs every seed and every saved finding
 * through the same code.
 *
 * A document parser is checked for more than crashes: what it accepts
 * must come out of its canonical writer as a document it accepts again,
 * written the same way the second time (the goldens' fixed point, for
 * any input).  A broken promise aborts, which libFuzzer reports as a
 * finding with the input that caused it. */
#ifndef VK_FUZZ_H
#define VK_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* A document kind: parse text (NULL with an error recorded when it is
 * refused), write the canonical XML, free. */
struct vk_fuzz_kind {
	const char *name;
	void *(*parse)(const char *text, size_t len, const char *name);
	char *(*format)(const void *def);
	void (*free)(void *def);
};

/* Parse DATA as K; when accepted, check the round trip described above
 * (abort on a broken one).  Always 0 (libFuzzer's "keep going"). */
int vk_fuzz_roundtrip(const struct vk_fuzz_kind *k, const uint8_t *data,
		      size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
