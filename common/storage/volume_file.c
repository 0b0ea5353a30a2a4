/* File volumes: the regular files of a pool's target directory (dir,
 * fs, netfs pools).  raw files are made here; the other formats by
 * qemu-img. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "storage.h"
#include "volume_file.h"
#include "volume_luks.h"
#include "util/error.h"
#include "util/file.h"
#include "util/name.h"
#include "util/argv.h"
#include "util/buf.h"
#include "util/proc.h"

#define VOL_MODE 0600	/* a new volume's mode unless it says */

static int pool_errno(const struct vk_pool *pool, int err, const char *what,
		      const char *path)
{
	return vk_error_errno(err == ENOENT ? VK_EXIT_NOT_FOUND :
			      VK_EXIT_FAILED, err, "pool '%s': %s %s",
			      pool->def->name, what, path);
}

/* chmod/chown PATH (FD, when >= 0) as PERMS says; DEF_MODE when it
 * names no mode. */
static int apply_perms(const struct vk_pool *pool, const char *path, int fd,
		       const struct vk_perms *perms, int def_mode)
{
	int mode = perms->mode >= 0 ? perms->mode : def_mode;
	uid_t uid = perms->owner >= 0 ? (uid_t)perms->owner : (uid_t)-1;
	gid_t gid = perms->group >= 0 ? (gid_t)perms->group : (gid_t)-1;
	int rc;

	if (perms->owner >= 0 || perms->group >= 0) {
		rc = fd >= 0 ? fchown(fd, uid, gid) : chown(path, uid, gid);
		if (rc < 0)
			return pool_errno(pool, errno, "cannot chown", path);
	}
	if (mode >= 0) {
		rc = fd >= 0 ? fchmod(fd, (mode_t)mode) :
			       chmod(path, (mode_t)mode);
		if (rc < 0)
			return pool_errno(pool, errno, "cannot chmod", path);
	}
	return 0;
}

int vk_volfile_build_dir(struct vk_pool *pool, unsigned flags)
{
	const char *dir = pool->def->target.path;
	const struct vk_perms *perms = &pool->def->target.perms;
	struct stat st;
	bool existed = stat(dir, &st) == 0;

	(void)flags;
	if (existed && !S_ISDIR(st.st_mode))
		return vk_error(VK_EXIT_FAILED, "pool '%s': %s exists and is "
				"not a directory", pool->def->name, dir);
	if (vk_mkdir_p(dir, perms->mode >= 0 ? (mode_t)perms->mode : 0755) < 0)
		return -1;
	/* <features><cow>: on btrfs, copy-on-write is off for the images
	 * made in the directory unless the pool says state='yes' (what
	 * libvirt does); other file systems have nothing to turn off. */
	if (vk_file_set_cow(dir, pool->def->cow == 1) < 0)
		return pool_errno(pool, errno, "cannot set copy-on-write on",
				  dir);
	return apply_perms(pool, dir, -1, perms, existed ? -1 : 0755);
}

int vk_volfile_delete_dir(struct vk_pool *pool, unsigned flags)
{
	const char *dir = pool->def->target.path;

	(void)flags;
	if (rmdir(dir) == 0 || errno == ENOENT)
		return 0;
	if (errno == ENOTEMPTY || errno == EEXIST)
		return vk_error(VK_EXIT_CONFLICT, "pool '%s': target "
				"directory %s is not empty", pool->def->name,
				dir);
	return pool_errno(pool, errno, "cannot remove", dir);
}

int vk_volfile_check_dir(struct vk_pool *pool)
{
	const char *dir = pool->def->target.path;
	struct stat st;

	if (stat(dir, &st) < 0) {
		if (errno == ENOENT)
			return vk_error(VK_EXIT_FAILED, "pool '%s': target "
					"directory %s does not exist "
					"(pool-build makes it)",
					pool->def->name, dir);
		return pool_errno(pool, errno, "cannot use", dir);
	}
	if (!S_ISDIR(st.st_mode))
		return vk_error(VK_EXIT_FAILED, "pool '%s': %s is not a "
				"directory", pool->def->name, dir);
	return 0;
}

int vk_volfile_sizes(struct vk_pool *pool)
{
	const char *dir = pool->def->target.path;
	struct statvfs vfs;

	if (statvfs(dir, &vfs) < 0)
		return pool_errno(pool, errno, "cannot read", dir);
	pool->def->capacity = (unsigned long long)vfs.f_blocks * vfs.f_frsize;
	pool->def->available = (unsigned long long)vfs.f_bavail *
			       vfs.f_frsize;
	pool->def->allocation = pool->def->capacity -
				(unsigned long long)vfs.f_bfree * vfs.f_frsize;
	return 0;
}

int vk_volfile_lookup(struct vk_pool *pool, const char *name,
		      struct vk_vol_def **out)
{
	struct stat st;
	char *path;

	/* A name virtkit could not give (a control character, too long)
	 * is no volume: it could not be named safely on a command line,
	 * one a line, or on a terminal. */
	if (name[0] == '.' || vk_name_check("volume", name) < 0) {
		vk_error_clear();
		return 0;
	}
	path = vk_asprintf("%s/%s", pool->def->target.path, name);
	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode)) {
		free(path);
		return 0;
	}
	if (out) {
		*out = vk_volfile_probe(path, name);
		if (!*out) {
			free(path);
			if (vk_error_code() != VK_EXIT_NOT_FOUND)
				return -1;
			vk_error_clear();	/* removed meanwhile */
			return 0;
		}
	}
	free(path);
	return 1;
}

int vk_volfile_refresh(struct vk_pool *pool)
{
	const char *dir = pool->def->target.path;
	struct vk_vol_def *vol;
	struct dirent *de;
	DIR *d;
	int r;

	if (vk_volfile_sizes(pool) < 0)
		return -1;
	d = opendir(dir);
	if (!d)
		return pool_errno(pool, errno, "cannot read", dir);
	while ((de = readdir(d))) {
		r = vk_volfile_lookup(pool, de->d_name, &vol);
		if (r < 0) {
			closedir(d);
			return -1;
		}
		if (r > 0)
			vk_pool_add_vol(pool, vol);
	}
	closedir(d);
	return 0;
}

static char *vol_path(const struct vk_pool *pool, const char *name)
{
	return vk_asprintf("%s/%s", pool->def->target.path, name);
}

/* Fill VOL from what is on disk at PATH now. */
static int fill_from_disk(struct vk_vol_def *vol, const char *path)
{
	struct vk_vol_def *now = vk_volfile_probe(path, vol->name);

	if (!now)
		return -1;
	free(vol->target.path);
	free(vol->key);
	vol->target.path = vk_strdup(path);
	vol->key = vk_strdup(path);
	vol->type = VK_VOL_FILE;
	vol->allocation = now->allocation;
	vk_vol_free(now);
	return 0;
}

/* Make LEN bytes from 0 of FD real blocks (fallocate, or zeroes where
 * the file system cannot). */
static int allocate(int fd, unsigned long long len)
{
	static const char zero[65536];
	unsigned long long done = 0;
	size_t n;

	if (!len || fallocate(fd, 0, 0, (off_t)len) == 0)
		return 0;
	if (errno != EOPNOTSUPP)
		return -1;
	while (done < len) {
		n = len - done < sizeof(zero) ? (size_t)(len - done) :
						sizeof(zero);
		if (pwrite(fd, zero, n, (off_t)done) != (ssize_t)n)
			return -1;
		done += n;
	}
	return 0;
}

/* The recorded error names SHOWN where it named PATH (qemu-img names
 * the file it was given: the hidden new file). */
static void name_in_error(const char *path, const char *shown)
{
	const char *m = vk_error_message(), *at = strstr(m, path);
	char *s;

	if (!at)
		return;
	s = vk_asprintf("%.*s%s%s", (int)(at - m), m, shown,
			at + strlen(path));
	vk_error(vk_error_code(), "%s", s);
	free(s);
}

/* Make VOL as the raw file PATH (messages name SHOWN). */
static int create_raw(struct vk_pool *pool, struct vk_vol_def *vol,
		      const char *path, const char *shown)
{
	unsigned long long alloc = vol->capacity;
	int fd, err;

	if (vol->allocation_set && vol->allocation < vol->capacity)
		alloc = vol->allocation;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, VOL_MODE);
	if (fd < 0)
		return pool_errno(pool, errno, "cannot create", shown);
	/* <nocow/>: chattr +C while the file is still empty (btrfs) */
	if (vol->target.nocow && vk_file_set_cow(path, false) < 0) {
		err = errno;
		close(fd);
		unlink(path);
		return vk_error_errno(VK_EXIT_FAILED, err, "pool '%s': cannot "
				      "turn copy-on-write off on %s",
				      pool->def->name, shown);
	}
	if (ftruncate(fd, (off_t)vol->capacity) < 0) {
		err = errno;
		close(fd);
		unlink(path);
		return vk_error_errno(VK_EXIT_FAILED, err, "pool '%s': cannot "
				      "make %s %llu bytes long",
				      pool->def->name, shown, vol->capacity);
	}
	if (allocate(fd, alloc) < 0 || fsync(fd) < 0) {
		err = errno;
		close(fd);
		unlink(path);
		return vk_error_errno(VK_EXIT_FAILED, err, "pool '%s': cannot "
				      "allocate %llu bytes for %s",
				      pool->def->name, alloc, shown);
	}
	if (apply_perms(pool, path, fd, &vol->target.perms, VOL_MODE) < 0) {
		name_in_error(path, shown);
		close(fd);
		unlink(path);
		return -1;
	}
	close(fd);
	return 0;
}

/* qemu-img; its error is "pool 'P': qemu-img: WHAT" (qemu-img names
 * itself at the start of its messages already). */
static int qemu_img(const struct vk_pool *pool, const char *const *argv)
{
	char *err = NULL;
	const char *last;
	int rc = vk_run_status(argv, NULL, NULL, &err);

	if (rc > 0) {
		last = vk_last_line(err);
		if (!strncmp(last, "qemu-img: ", 10))
			last += 10;
		vk_error(VK_EXIT_FAILED, "pool '%s': qemu-img: %s",
			 pool->def->name, *last ? last : "failed");
	}
	free(err);
	return rc == 0 ? 0 : -1;
}

/* The qcow2-only parts of VOL are on a qcow2 volume; a backing store
 * on a format that takes one. */
static int check_qemu_img_parts(const struct vk_pool *pool,
				const struct vk_vol_def *vol, const char *fmt)
{
	const char *what = NULL;

	if (vol->target.compat)
		what = "<compat>";
	else if (vol->target.cluster_size)
		what = "<clusterSize>";
	else if (vol->target.lazy_refcounts)
		what = "<lazy_refcounts/>";
	else if (vol->target.extended_l2)
		what = "<extended_l2/>";
	if (what && strcmp(fmt, "qcow2"))
		return vk_error(VK_EXIT_FAILED, "pool '%s': volume '%s': %s "
				"is for qcow2 volumes, not %s",
				pool->def->name, vol->name, what, fmt);
	if (vol->backing.path && strcmp(fmt, "qcow2") &&
	    strcmp(fmt, "qcow") && strcmp(fmt, "vmdk"))
		return vk_error(VK_EXIT_FAILED, "pool '%s': volume '%s': a %s "
				"volume cannot have a backing store (qcow2, "
				"qcow and vmdk can)", pool->def->name,
				vol->name, fmt);
	return 0;
}

/* The -o options of qemu-img create for VOL, as libvirt maps them:
 * compat, cluster_size, lazy_refcounts, extended_l2, nocow, and
 * preallocation=falloc for a qcow2 asked to be fully allocated
 * (metadata when the allocation asked is above 0 but below the
 * capacity; with PREALLOC only).  NULL when none. */
static char *create_opts(const struct vk_vol_def *vol, bool prealloc)
{
	struct vk_buf b = VK_BUF_INIT;
	bool qcow2 = !strcmp(vol->target.format, "qcow2");

	if (vol->target.compat)
		vk_buf_addf(&b, ",compat=%s", vol->target.compat);
	if (vol->target.cluster_size)
		vk_buf_addf(&b, ",cluster_size=%llu", vol->target.cluster_size);
	if (vol->target.lazy_refcounts)
		vk_buf_add(&b, ",lazy_refcounts=on");
	if (vol->target.extended_l2)
		vk_buf_add(&b, ",extended_l2=on");
	if (vol->target.nocow && qcow2)
		vk_buf_add(&b, ",nocow=on");
	if (prealloc && qcow2 && vol->allocation_set && !vol->backing.path) {
		if (vol->allocation >= vol->capacity)
			vk_buf_add(&b, ",preallocation=falloc");
		else if (vol->allocation > 0)
			vk_buf_add(&b, ",preallocation=metadata");
	}
	if (!b.len)
		return NULL;
	memmove(b.s, b.s + 1, b.len);	/* the first ',' */
	b.len--;
	return vk_buf_steal(&b);
}

/* Make VOL with qemu-img as PATH (messages name SHOWN): an overlay
 * with -b PATH -F FORMAT (the backing image's format probed when the
 * document gives none) and, without <capacity>, the backing image's
 * size; an encrypted one with its key (volume_luks.h). */
static int create_qemu_img(struct vk_pool *pool, struct vk_vol_def *vol,
			   const char *path, const char *shown)
{
	struct vk_argv a = VK_ARGV_INIT;
	struct vk_volluks luks = {0};
	char *opts;
	int rc, tries;

	if (vol->backing.path) {
		struct vk_vol_def *b = vk_volfile_probe(vol->backing.path,
							"backing");
		char msg[1024];

		if (!b) {
			snprintf(msg, sizeof(msg), "%s", vk_error_message());
			return vk_error(VK_EXIT_FAILED, "pool '%s': volume "
					"'%s': backing store: %s",
					pool->def->name, vol->name, msg);
		}
		if (!vol->backing.format)
			vol->backing.format = vk_strdup(b->target.format);
		vk_vol_free(b);
	}
	if (vol->target.encryption &&
	    vk_volluks_prepare(pool, vol, &luks) < 0)
		return -1;
	vk_argv_add(&a, "qemu-img");
	vk_argv_add(&a, "create");
	vk_argv_add(&a, "-q");
	vk_argv_add2(&a, "-f", luks.format ? luks.format : vol->target.format);
	if (luks.object)
		vk_argv_add2(&a, "--object", luks.object);
	if (vol->backing.path) {
		vk_argv_add2(&a, "-b", vol->backing.path);
		vk_argv_add2(&a, "-F", vol->backing.format);
	}
	opts = create_opts(vol, true);
	if (opts)
		vk_argv_add2(&a, "-o", opts);
	free(opts);
	if (luks.options)
		vk_argv_add2(&a, "-o", luks.options);
	vk_argv_add(&a, path);
	if (vol->capacity_set || !vol->backing.path)
		vk_argv_addf(&a, "%llu", vol->capacity);
	rc = qemu_img(pool, (const char *const *)a.v);
	/* LUKS times its key derivation on the thread's CPU clock, which
	 * a busy host may not advance (qemu-img then fails with "Unable to
	 * get accurate CPU usage"): try again. */
	for (tries = 0; rc < 0 && luks.keyfile && tries < 3 &&
	     strstr(vk_error_message(), "accurate CPU usage"); tries++) {
		unlink(path);
		rc = qemu_img(pool, (const char *const *)a.v);
	}
	vk_argv_free(&a);
	vk_volluks_done(&luks);
	if (rc < 0) {
		name_in_error(path, shown);
		unlink(path);
		return -1;
	}
	if (apply_perms(pool, path, -1, &vol->target.perms, VOL_MODE) < 0) {
		name_in_error(path, shown);
		unlink(path);
		return -1;
	}
	return 0;
}

/* PATH must not exist yet. */
static int check_free(const struct vk_pool *pool, const char *path)
{
	struct stat st;

	if (lstat(path, &st) == 0)
		return vk_error(VK_EXIT_CONFLICT, "pool '%s': %s already "
				"exists", pool->def->name, path);
	return 0;
}

/* ---- a new file appears whole or not at all ---- */

/* A new volume is made under a hidden name (refresh skips dot files)
 * holding this process's pid, and renamed into place once whole: a
 * vol-create or vol-clone killed half-way leaves no volume, and the
 * next one removes what it left. */
#define NEW_PREFIX ".vk-new."

static char *new_path(const struct vk_pool *pool, const char *name)
{
	return vk_asprintf("%s/" NEW_PREFIX "%d.%s", pool->def->target.path,
			   (int)getpid(), name);
}

/* Remove the new files of processes that are gone (the pool lock is
 * held: no virtkit process of this pool is making one). */
static void sweep_new(const struct vk_pool *pool)
{
	size_t len = strlen(NEW_PREFIX);
	DIR *d = opendir(pool->def->target.path);
	struct dirent *de;
	char *end, *p;
	long pid;

	while (d && (de = readdir(d))) {
		if (strncmp(de->d_name, NEW_PREFIX, len))
			continue;
		pid = strtol(de->d_name + len, &end, 10);
		if (pid <= 0 || *end != '.' || kill((pid_t)pid, 0) == 0 ||
		    errno != ESRCH)
			continue;
		p = vk_asprintf("%s/%s", pool->def->target.path, de->d_name);
		unlink(p);
		free(p);
	}
	if (d)
		closedir(d);
}

/* Give the whole new file TMP its name PATH, never over an existing
 * file, and fill VOL from it; TMP is gone afterwards either way, and
 * PATH too on failure. */
static int publish(const struct vk_pool *pool, const char *tmp,
		   struct vk_vol_def *vol, const char *path)
{
	int rc = renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE);

	/* A file system without RENAME_NOREPLACE (NFS): a hard link
	 * never replaces a file either. */
	if (rc < 0 && (errno == EINVAL || errno == ENOSYS) &&
	    (rc = link(tmp, path)) == 0)
		unlink(tmp);
	if (rc == 0 && fill_from_disk(vol, path) < 0) {
		unlink(path);
		return -1;
	}
	if (rc == 0)
		return 0;
	if (errno == EEXIST)
		vk_error(VK_EXIT_CONFLICT, "pool '%s': %s already exists",
			 pool->def->name, path);
	else
		pool_errno(pool, errno, "cannot create", path);
	unlink(tmp);
	return -1;
}

/* FMT is a format a new file volume can have. */
static int check_writable(const struct vk_pool *pool, const char *fmt)
{
	if (!strcmp(fmt, "iso") || !strcmp(fmt, "cloop") ||
	    !strcmp(fmt, "dmg") || !strcmp(fmt, "bochs") ||
	    !strcmp(fmt, "cow"))
		return vk_error(VK_EXIT_FAILED, "pool '%s': volumes of format "
				"%s can be read but not created",
				pool->def->name, fmt);
	return 0;
}

int vk_volfile_create(struct vk_pool *pool, struct vk_vol_def *vol)
{
	const char *fmt = vol->target.format ? vol->target.format : "raw";
	char *path = vol_path(pool, vol->name), *tmp = NULL;
	int rc = -1;

	if (check_free(pool, path) < 0 || check_writable(pool, fmt) < 0 ||
	    check_qemu_img_parts(pool, vol, fmt) < 0)
		goto out;
	sweep_new(pool);
	tmp = new_path(pool, vol->name);
	if (!strcmp(fmt, "raw") && !vol->target.encryption)
		rc = create_raw(pool, vol, tmp, path);
	else
		rc = create_qemu_img(pool, vol, tmp, path);
	if (rc == 0)
		rc = publish(pool, tmp, vol, path);
out:
	free(tmp);
	free(path);
	return rc;
}

/* The format qemu-img reads SRC as. */
static const char *read_format(const struct vk_vol_def *src)
{
	const char *f = src->target.format;

	if (!f || src->type == VK_VOL_BLOCK || !strcmp(f, "iso"))
		return "raw";
	return f;
}

int vk_volfile_clone(struct vk_pool *pool, struct vk_vol_def *vol,
		     struct vk_pool *src_pool, const struct vk_vol_def *src)
{
	const char *fmt = vol->target.format ? vol->target.format : "raw";
	char *path = vol_path(pool, vol->name);
	char *tmp = new_path(pool, vol->name);
	char *opts = create_opts(vol, false);
	struct vk_argv a = VK_ARGV_INIT;
	int rc = -1;

	(void)src_pool;
	vk_argv_add(&a, "qemu-img");
	vk_argv_add(&a, "convert");
	vk_argv_add(&a, "-q");
	vk_argv_add2(&a, "-f", read_format(src));
	vk_argv_add2(&a, "-O", fmt);
	if (opts)
		vk_argv_add2(&a, "-o", opts);
	vk_argv_add(&a, src->target.path);
	vk_argv_add(&a, tmp);
	free(opts);
	if (check_free(pool, path) < 0 || check_writable(pool, fmt) < 0 ||
	    check_qemu_img_parts(pool, vol, fmt) < 0)
		goto out;
	sweep_new(pool);
	if (qemu_img(pool, (const char *const *)a.v) < 0 ||
	    apply_perms(pool, tmp, -1, &vol->target.perms, VOL_MODE) < 0) {
		name_in_error(tmp, path);
		unlink(tmp);
		goto out;
	}
	rc = publish(pool, tmp, vol, path);
out:
	vk_argv_free(&a);
	free(tmp);
	free(path);
	return rc;
}

int vk_volfile_delete(struct vk_pool *pool, struct vk_vol_def *vol)
{
	if (unlink(vol->target.path) < 0 && errno != ENOENT)
		return pool_errno(pool, errno, "cannot remove",
				  vol->target.path);
	return 0;
}

int vk_volfile_resize(struct vk_pool *pool, struct vk_vol_def *vol,
		      unsigned long long capacity, bool shrink)
{
	char size[32];
	const char *argv[9] = {
		"qemu-img", "resize", "-q", "-f", vol->target.format
	};
	int fd, rc, i = 5;

	if (strcmp(vol->target.format, "raw")) {
		snprintf(size, sizeof(size), "%llu", capacity);
		if (shrink)
			argv[i++] = "--shrink";
		argv[i++] = vol->target.path;
		argv[i] = size;
		return qemu_img(pool, argv);
	}
	fd = open(vol->target.path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return pool_errno(pool, errno, "cannot open",
				  vol->target.path);
	rc = ftruncate(fd, (off_t)capacity);
	/* A fully allocated raw volume stays fully allocated. */
	if (rc == 0 && vol->allocation >= vol->capacity &&
	    capacity > vol->capacity)
		rc = allocate(fd, capacity);
	if (rc < 0)
		pool_errno(pool, errno, "cannot resize", vol->target.path);
	close(fd);
	return rc;
}

int vk_volfile_wipe(struct vk_pool *pool, struct vk_vol_def *vol,
		    vk_progress_fn progress, void *opaque)
{
	char size[32];
	const char *argv[] = {
		"qemu-img", "create", "-q", "-f", vol->target.format,
		vol->target.path, size, NULL
	};

	if (!strcmp(vol->target.format, "raw"))
		return vk_storage_zero(vol->target.path, progress, opaque);
	/* An image format: the same image, empty. */
	snprintf(size, sizeof(size), "%llu", vol->capacity);
	if (progress)
		progress(0, 1, opaque);
	if (qemu_img(pool, argv) < 0)
		return -1;
	if (progress)
		progress(1, 1, opaque);
	return 0;
}
