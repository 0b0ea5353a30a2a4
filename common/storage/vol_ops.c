/* The pool core: volume operations around the backend hooks, the
 * checks every type shares (name taken, space, in use) and the byte
 * copies of clone, wipe, upload and download. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qemu/qemu_locks.h"
#include "qemu/qemu_status.h"
#include "storage.h"
#include "storage_priv.h"
#include "util/error.h"
#include "util/file.h"
#include "util/name.h"

#define CHUNK (1024 * 1024)

static const struct vk_storage_backend *backend(const struct vk_pool *pool)
{
	return ((const struct vk_pool_priv *)pool->priv)->be;
}

static struct vk_storage *storage(const struct vk_pool *pool)
{
	return ((const struct vk_pool_priv *)pool->priv)->st;
}

static int unsupported(const struct vk_pool *pool, const char *what)
{
	return vk_error(VK_EXIT_FAILED, "pool '%s': %s is not supported by "
			"the %s backend", pool->def->name, what,
			vk_pool_type_names[pool->def->type]);
}

struct vk_vol_def *vk_pool_vol(struct vk_pool *pool, const char *name)
{
	struct vk_vol_def *vol = NULL;
	int i;

	/* Not listed: the volume of that name, else (a path, a key, or
	 * none) the whole list as before. */
	switch (vk_pool_lookup(pool, name, &vol)) {
	case -1:
		return NULL;
	case 1:
		return vol;
	case 0:
		if (vk_pool_refresh_open(pool) < 0)
			return NULL;
		break;
	}
	for (i = 0; i < pool->nvols; i++)
		if (!strcmp(pool->vols[i]->name, name))
			return pool->vols[i];
	for (i = 0; i < pool->nvols; i++)
		if ((pool->vols[i]->target.path &&
		     !strcmp(pool->vols[i]->target.path, name)) ||
		    (pool->vols[i]->key && !strcmp(pool->vols[i]->key, name)))
			return pool->vols[i];
	vk_error(VK_EXIT_NOT_FOUND, "volume '%s' not found in pool '%s'",
		 name, pool->def->name);
	return NULL;
}

/* ---- in use ---- */

/* Whether the live definition in the qemu record FILE has a disk
 * whose source is REAL (a canonical path). */
static bool record_uses(const char *file, const char *real)
{
	struct vk_qemu_status qs;
	char buf[PATH_MAX];
	bool used = false;
	int i;

	memset(&qs, 0, sizeof(qs));
	if (vk_qemu_status_read(file, &qs) < 0) {
		vk_error_clear();
		return false;
	}
	if (vk_qemu_status_alive(&qs) && qs.live)
		for (i = 0; i < qs.live->ndisks && !used; i++) {
			const char *src = qs.live->disks[i].source;

			used = src && realpath(src, buf) && !strcmp(buf, real);
		}
	vk_qemu_status_clear(&qs);
	return used;
}

char *vk_storage_user(struct vk_storage *st, const char *path)
{
	char real[PATH_MAX], **names, *file, *user = NULL;
	int n, i;

	if (!path || !realpath(path, real))
		return NULL;
	vk_dir_names(st->qemu.run, ".xml", &names, &n);
	for (i = 0; i < n && !user; i++) {
		file = vk_asprintf("%s/%s.xml", st->qemu.run, names[i]);
		if (record_uses(file, real))
			user = vk_strdup(names[i]);
		free(file);
	}
	vk_names_free(names, n);
	return user;
}

/* Take the lock a running domain's supervisor holds on each writable
 * disk image (qemu_locks.h), as an open file description lock so that
 * the operation's own descriptors do not drop it.  It finds users the
 * runtime records cannot name (another VIRTKIT_ROOT, another user's
 * session), and held for the whole operation it keeps a domain from
 * starting with a file volume meanwhile.  A block volume is only
 * tested: an open descriptor would make lvremove and the kernel's
 * partition table updates refuse it as busy (they refuse a device a
 * domain has open by themselves).  Returns the descriptor (close to
 * release), -2 when there is none to keep (not held, or the image
 * cannot be opened: the operation says why), or -1 with a conflict
 * recorded. */
static int claim(const struct vk_vol_def *vol, const char *doing)
{
	struct flock fl = {
		.l_type = F_WRLCK, .l_whence = SEEK_SET,
		.l_start = (off_t)VK_DISK_LOCK_OFFSET, .l_len = 1,
	};
	int fd = open(vol->target.path, O_RDWR | O_CLOEXEC | O_NOCTTY |
		      O_NONBLOCK);
	char who[96];
	pid_t pid;

	if (fd < 0)
		return -2;
	if (fcntl(fd, F_OFD_SETLK, &fl) == 0) {
		if (vol->type == VK_VOL_FILE)
			return fd;
		close(fd);
		return -2;
	}
	/* No locks on this file system (an NFS mount without a lock
	 * manager): no domain can hold one either. */
	if (errno != EAGAIN && errno != EACCES) {
		close(fd);
		return -2;
	}
	close(fd);
	vk_vol_image_locked(vol, &pid);
	vk_vol_locked_text(pid, who, sizeof(who));
	return vk_error(VK_EXIT_CONFLICT, "cannot %s volume '%s': %s", doing,
			vol->name, who);
}

bool vk_vol_image_locked(const struct vk_vol_def *vol, pid_t *pid)
{
	struct flock fl = {
		.l_type = F_WRLCK, .l_whence = SEEK_SET,
		.l_start = (off_t)VK_DISK_LOCK_OFFSET, .l_len = 1,
	};
	int fd = open(vol->target.path, O_RDONLY | O_CLOEXEC | O_NOCTTY |
		      O_NONBLOCK);
	bool locked;

	*pid = 0;
	if (fd < 0)
		return false;
	locked = fcntl(fd, F_OFD_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
	if (locked && fl.l_pid > 0)
		*pid = fl.l_pid;
	close(fd);
	return locked;
}

void vk_vol_locked_text(pid_t pid, char *buf, size_t len)
{
	if (pid > 0)
		snprintf(buf, len, "its image is locked by process %d (a "
			 "running domain)", (int)pid);
	else
		snprintf(buf, len, "its image is locked by another process");
}

/* VOL unused: no running domain's record names it and its image lock
 * is free.  Returns the claim (release with unclaim; -2 holds none),
 * or -1. */
static int check_unused(const struct vk_pool *pool,
			const struct vk_vol_def *vol, const char *doing)
{
	char *user = vk_storage_user(storage(pool), vol->target.path);

	if (user) {
		vk_error(VK_EXIT_CONFLICT, "cannot %s volume '%s': it is in use "
			 "by domain '%s'", doing, vol->name, user);
		free(user);
		return -1;
	}
	return claim(vol, doing);
}

static void unclaim(int fd)
{
	if (fd >= 0)
		close(fd);
}

/* ---- copies ---- */

/* vk_storage_copy; with UPTO, LENGTH is only a bound: a shorter input
 * is fine, and a longer one returns -2 (no error recorded). */
static int copy(int in, int out, unsigned long long length, bool upto,
		unsigned long long total, vk_progress_fn progress,
		void *opaque, const char *what)
{
	char *buf = vk_malloc(CHUNK);
	unsigned long long done = 0;
	ssize_t n;
	size_t want;
	int rc = -1;

	if (length && (!upto || !total))
		total = length;
	if (progress)
		progress(0, total, opaque);
	for (;;) {
		want = CHUNK;
		if ((length || upto) && length - done < want)
			want = (size_t)(length - done);
		if (!want)
			break;
		n = read(in, buf, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			vk_error_errno(VK_EXIT_FAILED, errno, "%s: read",
				       what);
			goto out;
		}
		if (n == 0)
			break;
		if (vk_write_all(out, buf, (size_t)n) < 0) {
			vk_error_errno(VK_EXIT_FAILED, errno, "%s: write",
				       what);
			goto out;
		}
		done += (unsigned long long)n;
		if (progress)
			progress(done, total, opaque);
	}
	if (!upto && length && done < length) {
		vk_error(VK_EXIT_FAILED, "%s: input ended after %llu of %llu "
			 "bytes", what, done, length);
		goto out;
	}
	do {
		n = upto && done == length ? read(in, buf, 1) : 0;
	} while (n < 0 && errno == EINTR);
	rc = n > 0 ? -2 : 0;
out:
	free(buf);
	return rc;
}

int vk_storage_copy(int in, int out, unsigned long long length,
		    unsigned long long total, vk_progress_fn progress,
		    void *opaque, const char *what)
{
	return copy(in, out, length, false, total, progress, opaque, what);
}

/* The size of the open file or block device FD. */
static unsigned long long fd_size(int fd)
{
	struct stat st;
	off_t end;

	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		return (unsigned long long)st.st_size;
	end = lseek(fd, 0, SEEK_END);
	lseek(fd, 0, SEEK_SET);
	return end > 0 ? (unsigned long long)end : 0;
}

int vk_storage_zero(const char *path, vk_progress_fn progress, void *opaque)
{
	char *zero = vk_calloc(1, CHUNK);
	unsigned long long size, done = 0;
	size_t n;
	int fd, rc = -1;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		vk_error_errno(VK_EXIT_FAILED, errno, "cannot open %s", path);
		goto out;
	}
	size = fd_size(fd);
	if (progress)
		progress(0, size, opaque);
	while (done < size) {
		n = size - done < CHUNK ? (size_t)(size - done) : CHUNK;
		if (pwrite(fd, zero, n, (off_t)done) != (ssize_t)n) {
			vk_error_errno(VK_EXIT_FAILED, errno, "cannot write "
				       "%s", path);
			goto out;
		}
		done += n;
		if (progress)
			progress(done, size, opaque);
	}
	if (fdatasync(fd) < 0) {
		vk_error_errno(VK_EXIT_FAILED, errno, "cannot write %s", path);
		goto out;
	}
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	free(zero);
	return rc;
}

/* ---- create, clone, delete ---- */

/* The pool's list again after a change (the new sizes); only the
 * sizes when it was opened for one volume. */
static int relist(struct vk_pool *pool)
{
	return vk_pool_relist(pool);
}

/* Whether POOL has a volume named NAME. */
static int name_taken(struct vk_pool *pool, const char *name)
{
	int i, r = vk_pool_lookup(pool, name, NULL);

	for (i = 0; r == 2 && i < pool->nvols; i++)
		if (!strcmp(pool->vols[i]->name, name))
			r = 1;
	return r == 2 ? 0 : r;
}

/* Files and devices have signed 64-bit sizes. */
static int too_large(const struct vk_vol_def *vol, unsigned long long size)
{
	if (size <= (unsigned long long)INT64_MAX)
		return 0;
	return vk_error(VK_EXIT_USAGE, "volume '%s': %llu bytes is more than "
			"a volume can hold (%lld)", vol->name, size,
			(long long)INT64_MAX);
}

static int check_new(struct vk_pool *pool, struct vk_vol_def *vol,
		     unsigned long long need)
{
	const char *const *fmts = vk_pool_vol_formats(pool->def->type);
	int taken;

	if (vk_name_check("volume", vol->name) < 0)
		return -1;
	taken = name_taken(pool, vol->name);
	if (taken < 0)
		return -1;
	if (taken)
		return vk_error(VK_EXIT_CONFLICT, "volume '%s' already "
				"exists in pool '%s'", vol->name,
				pool->def->name);
	if (fmts && !vol->target.format)
		vol->target.format = vk_strdup(fmts[0]);
	if (!fmts && vol->target.format)
		return vk_error(VK_EXIT_DOCUMENT, "volumes of a %s pool take "
				"no format",
				vk_pool_type_names[pool->def->type]);
	/* an overlay without <capacity> takes its backing image's */
	if (!vol->capacity && (vol->capacity_set || !vol->backing.path))
		return vk_error(VK_EXIT_USAGE, "volume '%s': capacity must be "
				"more than 0", vol->name);
	if (vol->backing.path && pool->def->type != VK_POOL_DIR &&
	    pool->def->type != VK_POOL_FS && pool->def->type != VK_POOL_NETFS)
		return vk_error(VK_EXIT_FAILED, "pool '%s': volume '%s': "
				"<backingStore>: not supported (a %s pool "
				"makes no overlays; dir, fs and netfs pools do)",
				pool->def->name, vol->name,
				vk_pool_type_names[pool->def->type]);
	/* LUKS volumes: file volumes only (volume_luks.h). */
	if (vol->target.encryption && fmts != vk_vol_file_formats)
		return vk_error(VK_EXIT_FAILED, "pool '%s': volume '%s': "
				"<encryption>: not supported (a %s pool makes "
				"no encrypted volumes; dir, fs and netfs pools "
				"do)", pool->def->name, vol->name,
				vk_pool_type_names[pool->def->type]);
	if (too_large(vol, vol->capacity) < 0)
		return -1;
	if (need > pool->def->available)
		return vk_error(VK_EXIT_FAILED, "volume '%s' needs %llu bytes "
				"but pool '%s' has %llu available", vol->name,
				need, pool->def->name, pool->def->available);
	return 0;
}

/* The new volume named NAME in POOL's fresh list, into *OUT. */
static void find_new(struct vk_pool *pool, const char *name,
		     struct vk_vol_def **out)
{
	int i;

	if (!out)
		return;
	*out = NULL;
	if (vk_pool_lookup(pool, name, out) != 2) {
		vk_error_clear();
		return;
	}
	for (i = 0; i < pool->nvols; i++)
		if (!strcmp(pool->vols[i]->name, name))
			*out = pool->vols[i];
}

int vk_vol_create(struct vk_pool *pool, struct vk_vol_def *vol,
		  struct vk_vol_def **out)
{
	unsigned long long need = vol->allocation_set ? vol->allocation :
						       vol->capacity;
	int rc = -1;

	if (!backend(pool)->vol_create)
		unsupported(pool, "creating volumes");
	else if (check_new(pool, vol, need) == 0 &&
		 backend(pool)->vol_create(pool, vol) == 0)
		rc = relist(pool);
	if (rc == 0)
		find_new(pool, vol->name, out);
	vk_vol_free(vol);
	return rc;
}

/* Without a clone hook: create, then copy SRC's bytes. */
static int clone_by_copy(struct vk_pool *pool, struct vk_vol_def *vol,
			 const struct vk_vol_def *src)
{
	int in = -1, out = -1, rc = -1;

	if (backend(pool)->vol_create(pool, vol) < 0)
		return -1;
	in = open(src->target.path, O_RDONLY | O_CLOEXEC);
	out = open(vol->target.path, O_WRONLY | O_CLOEXEC);
	if (in < 0 || out < 0)
		vk_error_errno(VK_EXIT_FAILED, errno, "cannot open %s",
			       in < 0 ? src->target.path : vol->target.path);
	else if (vk_storage_copy(in, out, 0, 0, NULL, NULL,
				 vol->target.path) == 0 && fsync(out) == 0)
		rc = 0;
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	if (rc < 0 && backend(pool)->vol_delete) {
		char msg[1024];
		int code = vk_error_code();

		snprintf(msg, sizeof(msg), "%s", vk_error_message());
		backend(pool)->vol_delete(pool, vol);
		vk_error(code, "%s", msg);
	}
	return rc;
}

/* FORMAT, one of the volume formats of POOL's type, into VOL; else a
 * usage error. */
static int set_format(struct vk_pool *pool, struct vk_vol_def *vol,
		      const char *format)
{
	const char *const *fmts = vk_pool_vol_formats(pool->def->type);
	const char *type = vk_pool_type_names[pool->def->type];
	int i;

	if (!fmts)
		return vk_error(VK_EXIT_USAGE, "volumes of a %s pool take no "
				"format", type);
	for (i = 0; fmts[i]; i++)
		if (!strcmp(fmts[i], format)) {
			vol->target.format = vk_strdup(format);
			return 0;
		}
	return vk_error(VK_EXIT_USAGE, "unknown format '%s' for a volume of "
			"a %s pool", format, type);
}

/* VOL (consumed) made as a copy of SRC; a capacity above SRC's grows
 * the copy afterwards (as libvirt's vol-create-from). */
static int create_from(struct vk_pool *pool, struct vk_vol_def *vol,
		       struct vk_pool *src_pool, struct vk_vol_def *src)
{
	unsigned long long want = vol->capacity;
	struct vk_vol_def *made = NULL;
	int rc = -1;

	vol->capacity = src->capacity;
	if (vol->backing.path)
		vk_error(VK_EXIT_FAILED, "volume '%s': <backingStore>: not "
			 "supported for a copy (vol-create makes overlays)",
			 vol->name);
	else if (!backend(pool)->vol_create)
		unsupported(pool, "creating volumes");
	else if (check_new(pool, vol, vol->capacity < src->allocation ?
			   vol->capacity : src->allocation) < 0)
		;
	else if (backend(pool)->vol_clone)
		rc = backend(pool)->vol_clone(pool, vol, src_pool, src);
	else
		rc = clone_by_copy(pool, vol, src);
	if (rc == 0)
		rc = relist(pool);
	if (rc == 0 && want > src->capacity) {
		find_new(pool, vol->name, &made);
		rc = made ? vk_vol_resize(pool, made, want, false) : -1;
	}
	vk_vol_free(vol);
	return rc;
}

int vk_vol_create_from(struct vk_pool *pool, struct vk_vol_def *vol,
		       struct vk_pool *src_pool, struct vk_vol_def *src)
{
	const char *const *fmts = vk_pool_vol_formats(pool->def->type);
	int i;

	/* The source's format when this pool has it, else the default. */
	for (i = 0; !vol->target.format && fmts && src->target.format &&
		    fmts[i]; i++)
		if (!strcmp(fmts[i], src->target.format))
			vol->target.format = vk_strdup(fmts[i]);
	return create_from(pool, vol, src_pool, src);
}

int vk_vol_clone(struct vk_pool *pool, const char *name,
		 struct vk_pool *src_pool, struct vk_vol_def *src,
		 const char *format)
{
	struct vk_vol_def *vol = vk_calloc(1, sizeof(*vol));

	vk_perms_init(&vol->target.perms);
	vol->name = vk_strdup(name);
	if (format && set_format(pool, vol, format) < 0) {
		vk_vol_free(vol);
		return -1;
	}
	return vk_vol_create_from(pool, vol, src_pool, src);
}

int vk_vol_delete(struct vk_pool *pool, struct vk_vol_def *vol)
{
	int claimed, rc;

	if (!backend(pool)->vol_delete)
		return unsupported(pool, "deleting volumes");
	claimed = check_unused(pool, vol, "delete");
	if (claimed == -1)
		return -1;
	rc = backend(pool)->vol_delete(pool, vol);
	unclaim(claimed);
	return rc < 0 ? -1 : relist(pool);
}

int vk_vol_wipe(struct vk_pool *pool, struct vk_vol_def *vol,
		vk_progress_fn progress, void *opaque)
{
	int claimed = check_unused(pool, vol, "wipe"), rc;

	if (claimed == -1)
		return -1;
	if (backend(pool)->vol_wipe)
		rc = backend(pool)->vol_wipe(pool, vol, progress, opaque);
	else
		rc = vk_storage_zero(vol->target.path, progress, opaque);
	unclaim(claimed);
	return rc;
}

int vk_vol_resize(struct vk_pool *pool, struct vk_vol_def *vol,
		  unsigned long long size, bool shrink)
{
	unsigned long long grow = size > vol->capacity ?
				  size - vol->capacity : 0;
	int claimed, rc;

	if (!backend(pool)->vol_resize)
		return unsupported(pool, "resizing volumes");
	if (!size)
		return vk_error(VK_EXIT_USAGE, "volume '%s': capacity must be "
				"more than 0", vol->name);
	if (too_large(vol, size) < 0)
		return -1;
	if (size < vol->capacity && !shrink)
		return vk_error(VK_EXIT_USAGE, "volume '%s': %llu bytes is "
				"less than its capacity %llu; shrinking needs "
				"--shrink", vol->name, size, vol->capacity);
	if (size == vol->capacity)
		return 0;
	/* A fully allocated volume grows by real space. */
	if (vol->allocation >= vol->capacity &&
	    grow > pool->def->available)
		return vk_error(VK_EXIT_FAILED, "volume '%s' needs %llu more "
				"bytes but pool '%s' has %llu available",
				vol->name, grow, pool->def->name,
				pool->def->available);
	claimed = check_unused(pool, vol, "resize");
	if (claimed == -1)
		return -1;
	rc = backend(pool)->vol_resize(pool, vol, size, size < vol->capacity);
	unclaim(claimed);
	return rc < 0 ? -1 : relist(pool);
}

/* ---- upload, download ---- */

static int open_at(const struct vk_vol_def *vol, int flags,
		   unsigned long long offset)
{
	int fd = open(vol->target.path, flags | O_CLOEXEC);

	if (fd < 0) {
		vk_error_errno(VK_EXIT_FAILED, errno, "cannot open %s",
			       vol->target.path);
		return -1;
	}
	if (lseek(fd, (off_t)offset, SEEK_SET) < 0) {
		vk_error_errno(VK_EXIT_FAILED, errno, "cannot seek %s",
			       vol->target.path);
		close(fd);
		return -1;
	}
	return fd;
}

int vk_vol_upload(struct vk_pool *pool, struct vk_vol_def *vol, int fd,
		  unsigned long long offset, unsigned long long length,
		  unsigned long long total, vk_progress_fn progress,
		  void *opaque)
{
	unsigned long long room = ~0ULL;
	int out, rc = -1, claimed, copied;

	/* A raw file or a device holds its capacity in bytes, no more. */
	if (vol->type == VK_VOL_BLOCK || !vol->target.format ||
	    !strcmp(vol->target.format, "raw")) {
		if (offset > vol->capacity)
			return vk_error(VK_EXIT_USAGE, "offset %llu is past the "
					"end of volume '%s' (%llu bytes)",
					offset, vol->name, vol->capacity);
		room = vol->capacity - offset;
		if (length > room)
			return vk_error(VK_EXIT_USAGE, "%llu bytes from offset "
					"%llu do not fit in volume '%s' (%llu "
					"bytes)", length, offset, vol->name,
					vol->capacity);
	}
	claimed = check_unused(pool, vol, "upload to");
	if (claimed == -1)
		return -1;
	out = open_at(vol, O_WRONLY, offset);
	if (out < 0) {
		unclaim(claimed);
		return -1;
	}
	copied = length || room == ~0ULL ?
		 copy(fd, out, length, false, total, progress, opaque,
		      vol->target.path) :
		 copy(fd, out, room, true, total, progress, opaque,
		      vol->target.path);
	if (copied == -2)
		vk_error(VK_EXIT_FAILED, "the input is larger than the %llu "
			 "bytes from offset %llu to the end of volume '%s' "
			 "(the bytes that fit are written)", room, offset,
			 vol->name);
	if (copied == 0) {
		if (fsync(out) == 0)
			rc = 0;
		else
			vk_error_errno(VK_EXIT_FAILED, errno, "cannot write "
				       "%s", vol->target.path);
	}
	close(out);
	unclaim(claimed);
	return rc == 0 ? relist(pool) : -1;
}

int vk_vol_download(struct vk_pool *pool, struct vk_vol_def *vol, int fd,
		    unsigned long long offset, unsigned long long length,
		    vk_progress_fn progress, void *opaque)
{
	unsigned long long total;
	int in, rc;

	(void)pool;
	in = open_at(vol, O_RDONLY, 0);
	if (in < 0)
		return -1;
	total = fd_size(in);
	total = total > offset ? total - offset : 0;
	if (lseek(in, (off_t)offset, SEEK_SET) < 0) {
		close(in);
		return vk_error_errno(VK_EXIT_FAILED, errno, "cannot seek %s",
				      vol->target.path);
	}
	if (length && length > total)
		length = total;
	rc = vk_storage_copy(in, fd, length, total, progress, opaque,
			     vol->target.path);
	close(in);
	return rc;
}
