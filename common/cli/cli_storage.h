/* What the pool-* and vol-* commands share: one main() that parses the
 * options, opens the storage of -c URI and, as the command asks, the
 * pool named by the first argument and the volume named by the second;
 * a progress bar (on a terminal only); sizes for people. */
#ifndef VK_CLI_STORAGE_H
#define VK_CLI_STORAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"
#include "storage/storage.h"

enum vk_cli_storage_level {
	VK_CLI_STORAGE,		/* the storage only */
	VK_CLI_POOL,		/* + POOL (args[0]): active, volumes listed,
				 * its lock held */
	VK_CLI_VOLUME,		/* + VOLUME (args[1]) of POOL */
};

struct vk_cli_storage_cmd {
	/* Own options, then VK_CLI_COMMON and POPT_TABLEEND; NULL: the
	 * common options only. */
	struct poptOption *opts;
	const char *args_help;		/* "POOL VOLUME" */
	int min, max;			/* positional arguments */
	int level;			/* enum vk_cli_storage_level */
	bool shared;			/* it only reads the pool: take its
					 * lock shared */
	bool one;			/* it is about one volume: list no
					 * others (VK_POOL_OPEN_ONE) */
	/* Checks the options before anything is opened: 0 or the exit
	 * code after vk_cli_usage.  May be NULL. */
	int (*check)(struct vk_cli *cli);
	/* The work: 0, -1 with an error recorded (printed by the runner),
	 * or an exit code it printed itself.  POOL and VOL are NULL below
	 * their level. */
	int (*run)(struct vk_cli *cli, struct vk_storage *st,
		   struct vk_pool *pool, struct vk_vol_def *vol);
};

int vk_cli_storage_run(int argc, const char **argv,
		       const struct vk_cli_storage_cmd *cmd);

/* A progress bar on stderr, drawn only when stderr is a terminal and
 * --quiet was not given.  Pass vk_cli_progress and the struct to the
 * library; call vk_cli_progress_end when done. */
struct vk_cli_progress {
	bool on;
	const char *label;
	long long last_ms;
	int drawn;
};
void vk_cli_progress_init(struct vk_cli_progress *p, const struct vk_cli *cli,
			  const char *label);
void vk_cli_progress(unsigned long long done, unsigned long long total,
		     void *opaque);
void vk_cli_progress_end(struct vk_cli_progress *p);

/* The whole main() of vol-upload (UPLOAD) and vol-download:
 * POOL VOLUME FILE ("-": stdin / stdout), --offset, --length, a
 * progress bar on a terminal. */
int vk_cli_vol_transfer_main(int argc, const char **argv, bool upload);

/* BYTES for people: "512 B", "1.50 KiB", "10.00 GiB". */
void vk_cli_size(char *buf, size_t len, unsigned long long bytes);

#endif
