/* Runs a fuzz target (fuzz.h) over files, without libFuzzer: what
 * "make check" does with the seeds and the saved findings.
 *   replay-NAME FILE|DIR...
 * Each regular file (a directory's files, not recursive) is one input.
 * A broken promise aborts, as under libFuzzer; otherwise prints
 * "N inputs" and exits 0.  Exit 2 on a file it cannot read. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"
#include "util/error.h"
#include "util/file.h"

/* Inputs bigger than this are not seeds: libFuzzer's default limit. */
#define REPLAY_MAX (4096 * 1024)

static long count;

static int one(const char *path)
{
	size_t len;
	char *data = vk_file_read(path, REPLAY_MAX, &len);

	if (!data) {
		fprintf(stderr, "replay: %s: %s\n", path, vk_error_message());
		return -1;
	}
	LLVMFuzzerTestOneInput((const uint8_t *)data, len);
	free(data);
	count++;
	return 0;
}

static int walk(const char *path)
{
	struct dirent **ents;
	struct stat st;
	int n, i, rc = 0;

	if (stat(path, &st) < 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return one(path);
	n = scandir(path, &ents, NULL, alphasort);
	if (n < 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		char *p = NULL;

		if (ents[i]->d_name[0] != '.' &&
		    asprintf(&p, "%s/%s", path, ents[i]->d_name) >= 0 &&
		    stat(p, &st) == 0 && S_ISREG(st.st_mode) && one(p) < 0)
			rc = -1;
		free(p);
		free(ents[i]);
	}
	free(ents);
	return rc;
}

int main(int argc, char **argv)
{
	int i, rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++)
		if (walk(argv[i]) < 0)
			rc = 2;
	printf("%ld inputs\n", count);
	return rc;
}
