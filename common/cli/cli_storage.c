#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_storage.h"
#include "util/error.h"
#include "util/proc.h"

int vk_cli_storage_run(int argc, const char **argv,
		       const struct vk_cli_storage_cmd *cmd)
{
	static struct poptOption common[] = {VK_CLI_COMMON POPT_TABLEEND};
	struct vk_storage st;
	struct vk_pool *pool = NULL;
	struct vk_vol_def *vol = NULL;
	bool opened = false;
	struct vk_cli cli;
	int rc;

	if (vk_cli_parse(&cli, argc, argv, cmd->opts ? cmd->opts : common,
			 cmd->args_help, cmd->min, cmd->max) < 0) {
		rc = cli.exit;
		goto out;
	}
	rc = cmd->check ? cmd->check(&cli) : 0;
	if (rc)
		goto out;
	rc = -1;
	if (vk_storage_open(&st, cli.uri) < 0)
		goto fail;
	opened = true;
	if (cmd->level >= VK_CLI_POOL) {
		pool = vk_pool_open(&st, cli.args[0], (cmd->shared ?
				    VK_POOL_OPEN_SHARED : VK_POOL_OPEN_VOLS) |
				    (cmd->one ? VK_POOL_OPEN_ONE : 0));
		if (!pool)
			goto fail;
	}
	if (cmd->level >= VK_CLI_VOLUME) {
		vol = vk_pool_vol(pool, cli.args[1]);
		if (!vol)
			goto fail;
	}
	rc = cmd->run(&cli, &st, pool, vol);
fail:
	if (rc < 0)
		rc = vk_cli_fail(&cli);
out:
	vk_pool_close(pool);
	if (opened)
		vk_storage_close(&st);
	vk_cli_done(&cli);
	return rc;
}

void vk_cli_progress_init(struct vk_cli_progress *p, const struct vk_cli *cli,
			  const char *label)
{
	memset(p, 0, sizeof(*p));
	p->on = !cli->quiet && isatty(STDERR_FILENO);
	p->label = label;
}

void vk_cli_progress(unsigned long long done, unsigned long long total,
		     void *opaque)
{
	struct vk_cli_progress *p = opaque;
	long long now = vk_now_ms();
	char sz[32];
	int pct, bar, i;

	if (!p->on || (p->drawn && done != total && now - p->last_ms < 200))
		return;
	p->last_ms = now;
	p->drawn = 1;
	vk_cli_size(sz, sizeof(sz), done);
	if (!total) {
		fprintf(stderr, "\r%s %s", p->label, sz);
		return;
	}
	pct = (int)(done >= total ? 100 : done * 100.0 / (double)total);
	bar = pct * 30 / 100;
	fprintf(stderr, "\r%s [", p->label);
	for (i = 0; i < 30; i++)
		fputc(i < bar ? '#' : ' ', stderr);
	fprintf(stderr, "] %3d%% %s", pct, sz);
}

void vk_cli_progress_end(struct vk_cli_progress *p)
{
	if (p->on && p->drawn)
		fputc('\n', stderr);
	p->drawn = 0;
}

void vk_cli_size(char *buf, size_t len, unsigned long long bytes)
{
	static const char *const units[] = {
		"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"
	};
	double v = (double)bytes;
	int u = -1;

	if (bytes < 1024) {
		snprintf(buf, len, "%llu B", bytes);
		return;
	}
	while (v >= 1024 && u < 5) {
		v /= 1024;
		u++;
	}
	snprintf(buf, len, "%.2f %s", v, units[u]);
}

static char *xfer_offset, *xfer_length;
static bool xfer_upload;

/* Whether FD is the file at PATH (the error recorded when it is). */
static bool same_file(int fd, const char *path)
{
	struct stat a, b;

	if (fstat(fd, &a) < 0 || stat(path, &b) < 0 ||
	    a.st_dev != b.st_dev || a.st_ino != b.st_ino)
		return false;
	vk_error(VK_EXIT_USAGE, "%s is the volume itself", path);
	return true;
}

/* FILE into or out of VOL from OFFSET, LENGTH bytes (NULL: all). */
static int transfer(const struct vk_cli *cli, struct vk_pool *pool,
		    struct vk_vol_def *vol, bool upload, const char *file,
		    const char *offset, const char *length)
{
	unsigned long long off = 0, len = 0, total = 0;
	bool std = !strcmp(file, "-");
	struct vk_cli_progress p;
	struct stat sb;
	int fd, rc;

	if ((offset && vk_size_parse(offset, NULL, "--offset", &off) < 0) ||
	    (length && vk_size_parse(length, NULL, "--length", &len) < 0))
		return -1;
	if (length && !len)
		return vk_error(VK_EXIT_USAGE, "--length must be more than 0");
	if (std)
		fd = upload ? STDIN_FILENO : STDOUT_FILENO;
	else if (upload)
		fd = open(file, O_RDONLY | O_CLOEXEC);
	else
		fd = open(file, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return vk_error_errno(errno == ENOENT ? VK_EXIT_NOT_FOUND :
				      VK_EXIT_FAILED, errno, "cannot open %s",
				      file);
	/* Truncated only once it is known not to be the volume itself. */
	if (!std && (same_file(fd, vol->target.path) ||
		     (!upload && ftruncate(fd, 0) < 0 &&
		      vk_error_errno(VK_EXIT_FAILED, errno, "cannot write "
				     "%s", file)))) {
		close(fd);
		return -1;
	}
	if (upload && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode))
		total = (unsigned long long)sb.st_size;
	vk_cli_progress_init(&p, cli, upload ? "uploading" : "downloading");
	if (upload)
		rc = vk_vol_upload(pool, vol, fd, off, len, total,
				   vk_cli_progress, &p);
	else
		rc = vk_vol_download(pool, vol, fd, off, len,
				     vk_cli_progress, &p);
	vk_cli_progress_end(&p);
	if (!std && close(fd) < 0 && rc == 0)
		rc = vk_error_errno(VK_EXIT_FAILED, errno, "cannot write %s",
				    file);
	if (rc < 0 && !upload && !std)
		unlink(file);
	return rc;
}

static int transfer_run(struct vk_cli *cli, struct vk_storage *st,
			struct vk_pool *pool, struct vk_vol_def *vol)
{
	(void)st;
	return transfer(cli, pool, vol, xfer_upload, cli->args[2],
			xfer_offset, xfer_length);
}

int vk_cli_vol_transfer_main(int argc, const char **argv, bool upload)
{
	static struct poptOption opts[] = {
		{"offset", '\0', POPT_ARG_STRING, &xfer_offset, 0,
		 "start this many bytes into the volume", "SIZE"},
		{"length", '\0', POPT_ARG_STRING, &xfer_length, 0,
		 "copy at most this many bytes", "SIZE"},
		VK_CLI_COMMON
		POPT_TABLEEND
	};
	struct vk_cli_storage_cmd cmd = {
		.opts = opts, .args_help = "POOL VOLUME FILE", .min = 3,
		.max = 3, .level = VK_CLI_VOLUME, .run = transfer_run,
		.shared = !upload,
	};
	int rc;

	xfer_upload = upload;
	rc = vk_cli_storage_run(argc, argv, &cmd);
	free(xfer_offset);
	free(xfer_length);
	return rc;
}
