#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "blockdev.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/proc.h"

int vk_blk_run_timeout(const struct vk_pool *pool, const char *const *argv,
		       char **out, int timeout)
{
	if (vk_run_timeout(argv, NULL, out, timeout) == 0)
		return 0;
	vk_error_prefix("pool '%s'", pool->def->name);
	return -1;
}

int vk_blk_run(const struct vk_pool *pool, const char *const *argv,
	       char **out)
{
	return vk_blk_run_timeout(pool, argv, out, 0);
}

int vk_blk_check(const struct vk_pool *pool, const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return vk_error_errno(VK_EXIT_FAILED, errno,
				      "pool '%s': source device %s",
				      pool->def->name, path);
	if (!S_ISBLK(st.st_mode))
		return vk_error(VK_EXIT_FAILED,
				"pool '%s': source device %s is not a block device",
				pool->def->name, path);
	return 0;
}

int vk_blk_check_all(const struct vk_pool *pool)
{
	const struct vk_pool_source *s = &pool->def->source;
	int i;

	if (s->ndevices == 0)
		return vk_error(VK_EXIT_FAILED, "pool '%s': no source device",
				pool->def->name);
	for (i = 0; i < s->ndevices; i++)
		if (vk_blk_check(pool, s->devices[i].path) < 0)
			return -1;
	return 0;
}

unsigned long long vk_blk_size(const struct vk_pool *pool, const char *path)
{
	unsigned long long size = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		vk_error_errno(VK_EXIT_FAILED, errno, "pool '%s': %s",
			       pool->def->name, path);
		return 0;
	}
	if (ioctl(fd, BLKGETSIZE64, &size) < 0) {
		vk_error_errno(VK_EXIT_FAILED, errno, "pool '%s': %s: size",
			       pool->def->name, path);
		size = 0;
	}
	close(fd);
	return size;
}

/* The value of KEY= in blkid's "export" output (a new string), or NULL. */
static char *export_value(const char *text, const char *key)
{
	size_t klen = strlen(key);
	const char *p = text;

	while (p && *p) {
		if (!strncmp(p, key, klen) && p[klen] == '=')
			return vk_strndup(p + klen + 1,
					  strcspn(p + klen + 1, "\n"));
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

int vk_blk_signature(const struct vk_pool *pool, const char *path,
		     char **what)
{
	const char *argv[] = { "blkid", "-p", "-o", "export", path, NULL };
	char *out = NULL, *err = NULL, *type, *pt, *usage;
	int rc;

	*what = NULL;
	rc = vk_run_status(argv, NULL, &out, &err);
	if (rc < 0) {
		vk_error_prefix("pool '%s'", pool->def->name);
		return -1;
	}
	if (rc == 2) {		/* nothing found */
		free(out), free(err);
		return 0;
	}
	if (rc == 8) {	/* several signatures: blkid cannot choose */
		*what = vk_strdup("several conflicting signatures");
		free(out), free(err);
		return 0;
	}
	if (rc != 0) {
		const char *why = *vk_last_line(err) ? vk_last_line(err) :
							"probe failed";

		vk_error(VK_EXIT_FAILED, "pool '%s': blkid: %s: %s",
			 pool->def->name, path, why);
		free(out), free(err);
		return -1;
	}
	type = export_value(out, "TYPE");
	pt = export_value(out, "PTTYPE");
	usage = export_value(out, "USAGE");
	if (pt && !type)
		*what = vk_asprintf("a %s partition table", pt);
	else if (type && usage && !strcmp(usage, "filesystem"))
		*what = vk_asprintf("%s %s file system",
				    strchr("aeiouAEIOU", type[0]) ? "an" : "a",
				    type);
	else if (type)
		*what = vk_asprintf("%s data", type);
	else
		*what = vk_strdup("data blkid recognises");
	free(type), free(pt), free(usage), free(out), free(err);
	return 0;
}

int vk_blk_claim(const struct vk_pool *pool, const char *path,
		 bool overwrite)
{
	const char *wipe[] = { "wipefs", "-a", "-q", path, NULL };
	char *what = NULL;

	if (vk_blk_signature(pool, path, &what) < 0)
		return -1;
	if (!what)
		return 0;
	if (!overwrite) {
		vk_error(VK_EXIT_CONFLICT,
			 "pool '%s': %s already holds %s; pool-build --overwrite replaces it",
			 pool->def->name, path, what);
		free(what);
		return -1;
	}
	free(what);
	return vk_blk_run(pool, wipe, NULL);
}

/* Undo the octal escapes (\040...) of /proc/self/mountinfo in place. */
static void unescape(char *s)
{
	char *d = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*d++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 +
				      (s[3] - '0'));
			s += 4;
		} else {
			*d++ = *s++;
		}
	}
	*d = '\0';
}

char *vk_mount_source(const char *dir)
{
	char real[PATH_MAX], *line = NULL, *found = NULL;
	size_t cap = 0;
	FILE *fp;

	if (!realpath(dir, real))
		return NULL;
	fp = fopen("/proc/self/mountinfo", "re");
	if (!fp)
		return NULL;
	while (getline(&line, &cap, fp) > 0) {
		char *f[5], *rest, *sep, *src, *save = NULL, *p = line;
		int i;

		for (i = 0; i < 5; i++, p = NULL)
			if (!(f[i] = strtok_r(p, " ", &save)))
				break;
		if (i < 5)
			continue;
		rest = f[4] + strlen(f[4]) + 1;
		unescape(f[4]);
		if (strcmp(f[4], real))
			continue;
		/* after the optional fields: "- FSTYPE SOURCE OPTIONS" */
		sep = strstr(rest, " - ");
		if (!sep || !strtok_r(sep + 3, " ", &save) ||
		    !(src = strtok_r(NULL, " ", &save)))
			continue;
		unescape(src);
		free(found);
		found = vk_strdup(src);	/* the last one is on top */
	}
	free(line);
	fclose(fp);
	return found;
}

/* SRC and the mounted source name the same thing (the same block
 * device, or the same NFS export string). */
static int same_source(const char *src, const char *mounted)
{
	struct stat a, b;

	if (!strcmp(src, mounted))
		return 1;
	return stat(src, &a) == 0 && stat(mounted, &b) == 0 &&
	       S_ISBLK(a.st_mode) && S_ISBLK(b.st_mode) &&
	       a.st_rdev == b.st_rdev;
}

int vk_mount(const struct vk_pool *pool, const char *src, const char *dir,
	     const char *type, const char *opts, int timeout)
{
	const char *argv[10];
	struct stat st;
	char *cur;
	int n = 0;

	if (stat(dir, &st) < 0)
		return vk_error_errno(VK_EXIT_FAILED, errno,
				      "pool '%s': target %s (pool-build creates it)",
				      pool->def->name, dir);
	if (!S_ISDIR(st.st_mode))
		return vk_error(VK_EXIT_FAILED,
				"pool '%s': target %s is not a directory",
				pool->def->name, dir);
	cur = vk_mount_source(dir);
	if (cur) {
		int same = same_source(src, cur);

		if (!same)
			vk_error(VK_EXIT_CONFLICT,
				 "pool '%s': %s is already mounted on %s",
				 pool->def->name, cur, dir);
		free(cur);
		return same ? 0 : -1;
	}
	argv[n++] = "mount";
	if (type) {
		argv[n++] = "-t";
		argv[n++] = type;
	}
	if (opts) {
		argv[n++] = "-o";
		argv[n++] = opts;
	}
	argv[n++] = src;
	argv[n++] = dir;
	argv[n] = NULL;
	if (vk_blk_run_timeout(pool, argv, NULL, timeout) == 0)
		return 0;
	/* mount killed at the deadline: nothing of it may stay */
	if (timeout && (cur = vk_mount_source(dir))) {
		const char *um[] = { "umount", "-l", dir, NULL };
		struct vk_blk_err e;

		free(cur);
		vk_blk_err_save(&e);
		vk_run_status(um, NULL, NULL, NULL);
		vk_blk_err_restore(&e);
	}
	return -1;
}

int vk_umount(const struct vk_pool *pool, const char *dir, int timeout)
{
	const char *argv[] = { "umount", dir, NULL };
	char *cur = vk_mount_source(dir);

	if (!cur)
		return 0;
	free(cur);
	return vk_blk_run_timeout(pool, argv, NULL, timeout);
}

void vk_blk_err_save(struct vk_blk_err *e)
{
	e->code = vk_error_code();
	e->msg = vk_strdup(vk_error_message());
}

int vk_blk_err_restore(struct vk_blk_err *e)
{
	vk_error(e->code ? e->code : VK_EXIT_FAILED, "%s", e->msg);
	free(e->msg);
	e->msg = NULL;
	return -1;
}

int vk_blk_settle(const struct vk_pool *pool, const char *path)
{
	const char *argv[] = { "udevadm", "settle", "--timeout=10", NULL };
	long long end = vk_now_ms() + 10000;
	char *err = NULL;

	if (access("/run/udev/control", F_OK) == 0) {
		vk_run_status(argv, NULL, NULL, &err);
		free(err);
	}
	if (!path)
		return 0;
	while (access(path, F_OK) < 0) {
		struct timespec ts = { 0, 50 * 1000 * 1000 };

		if (vk_now_ms() > end)
			return vk_error(VK_EXIT_FAILED,
					"pool '%s': %s did not appear within 10 s",
					pool->def->name, path);
		nanosleep(&ts, NULL);
	}
	return 0;
}

char *vk_mount_opts(const struct vk_pool *pool, const char *first)
{
	struct vk_buf b = VK_BUF_INIT;
	int i;

	if (first)
		vk_buf_add(&b, first);
	for (i = 0; i < pool->def->nmount_opts; i++) {
		if (b.len)
			vk_buf_addc(&b, ',');
		vk_buf_add(&b, pool->def->mount_opts[i]);
	}
	return b.len ? vk_buf_steal(&b) : NULL;
}
