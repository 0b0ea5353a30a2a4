/* Identifying an existing file volume by its header: the format and the
 * capacity it declares (raw: the file size); for qcow2 also its compat
 * level, cluster size, lazy refcounts and extended L2 entries, and for
 * qcow and qcow2 the backing file and its format (the header extension
 * qemu-img create -F writes, else the backing file's own header); the
 * times of the file (stat, as libvirt reports them: no btime on
 * Linux). */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "volume_file.h"
#include "util/error.h"

#define HEAD 4096

static uint64_t be64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return be64toh(v);
}

static uint32_t be32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return be32toh(v);
}

static uint64_t le64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return le64toh(v);
}

static uint32_t le32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return le32toh(v);
}

static int read_at(int fd, unsigned char *buf, size_t len, off_t off)
{
	ssize_t n = pread(fd, buf, len, off);

	return n == (ssize_t)len ? 0 : -1;
}

/* The format of the file open as FD (SIZE bytes) and its capacity. */
static const char *probe_fd(int fd, unsigned long long size,
			    unsigned long long *cap)
{
	unsigned char h[HEAD], t[512];
	ssize_t n;

	memset(h, 0, sizeof(h));
	n = pread(fd, h, sizeof(h), 0);
	if (n < 0)
		n = 0;
	*cap = size;
	if (n >= 32 && !memcmp(h, "QFI\xfb", 4)) {
		*cap = be64(h + 24);
		return be32(h + 4) == 1 ? "qcow" : "qcow2";
	}
	if (n >= 20 && !memcmp(h, "KDMV", 4)) {
		*cap = le64(h + 12) * 512;
		return "vmdk";
	}
	if (n >= 56 && !memcmp(h, "conectix", 8)) {
		*cap = be64(h + 48);
		return "vpc";
	}
	if (n >= 20 && be32(h) == 0x4f4f4f4d) {
		uint32_t version = be32(h + 4);

		if (version == 3)
			*cap = be64(h + 12);
		else if (n >= 1044)
			*cap = be64(h + 1036);
		return "cow";
	}
	if (n >= 96 && !memcmp(h, "Bochs Virtual HD Image", 22)) {
		*cap = le32(h + 64) == 0x00010000 ? le64(h + 84) :
						      le64(h + 88);
		return "bochs";
	}
	if (n >= 136 && memmem(h, 128, "#V2.0 Format", 12)) {
		*cap = (unsigned long long)be32(h + 128) * be32(h + 132);
		return "cloop";
	}
	if (size >= 512 && read_at(fd, t, 512, (off_t)size - 512) == 0) {
		if (!memcmp(t, "koly", 4)) {
			*cap = be64(t + 0x1ec) * 512;
			return "dmg";
		}
		if (!memcmp(t, "conectix", 8)) {	/* fixed VHD */
			*cap = be64(t + 48);
			return "vpc";
		}
	}
	if (size >= 0x8082 && read_at(fd, t, 0x82, 0x8000) == 0 &&
	    !memcmp(t + 1, "CD001", 5)) {
		*cap = (unsigned long long)le32(t + 0x50) *
		       (t[0x80] | (t[0x81] << 8));
		return "iso";
	}
	return "raw";
}

#define QCOW2_EXT_BACKING_FORMAT 0xe2792acaU
#define QCOW2_COMPAT_LAZY_REFCOUNTS 0x1ULL
#define QCOW2_INCOMPAT_EXTL2 0x10ULL

/* The backing file named in the header (H, the first HEAD bytes of FD)
 * as an absolute path (relative names are relative to PATH's
 * directory), or NULL. */
static char *backing_name(int fd, const unsigned char *h, const char *path)
{
	uint64_t off = be64(h + 8);
	uint32_t len = be32(h + 16);
	char name[4097];
	const char *slash;

	if (!off || !len || len >= sizeof(name) ||
	    read_at(fd, (unsigned char *)name, len, (off_t)off) < 0)
		return NULL;
	name[len] = '\0';
	if (name[0] == '/' || !(slash = strrchr(path, '/')))
		return vk_strdup(name);
	return vk_asprintf("%.*s/%s", (int)(slash - path), path, name);
}

/* The backing format header extension of a qcow2 header H (N bytes),
 * or NULL. */
static char *backing_format(const unsigned char *h, size_t n)
{
	size_t off = be32(h + 4) >= 3 ? be32(h + 100) : 72, len;

	while (off + 8 <= n) {
		uint32_t type = be32(h + off);

		len = be32(h + off + 4);
		if (type == 0 || off + 8 + len > n)
			break;
		if (type == QCOW2_EXT_BACKING_FORMAT && len < 32)
			return vk_strndup((const char *)h + off + 8, len);
		off += 8 + ((len + 7) & ~(size_t)7);
	}
	return NULL;
}

/* What a qcow or qcow2 header tells beyond format and capacity. */
static void probe_qcow(int fd, const char *path, struct vk_vol_def *vol)
{
	unsigned char h[HEAD];
	unsigned long long cap;
	struct stat st;
	ssize_t n;
	int bfd;
	bool v2 = !strcmp(vol->target.format, "qcow2");

	memset(h, 0, sizeof(h));
	n = pread(fd, h, sizeof(h), 0);
	if (n < 104)
		return;
	vol->backing.path = backing_name(fd, h, path);
	if (!v2)
		return;
	vol->target.compat = vk_strdup(be32(h + 4) >= 3 ? "1.1" : "0.10");
	if (be32(h + 20) >= 9 && be32(h + 20) <= 21)
		vol->target.cluster_size = 1ULL << be32(h + 20);
	if (be32(h + 4) >= 3) {
		vol->target.lazy_refcounts =
			be64(h + 80) & QCOW2_COMPAT_LAZY_REFCOUNTS;
		vol->target.extended_l2 = be64(h + 72) & QCOW2_INCOMPAT_EXTL2;
	}
	if (!vol->backing.path)
		return;
	vol->backing.format = backing_format(h, (size_t)n);
	/* no extension: what the backing file's header says, if it is
	 * there to read (its own backing file is not followed) */
	if (!vol->backing.format &&
	    (bfd = open(vol->backing.path, O_RDONLY | O_CLOEXEC | O_NOCTTY |
			O_NONBLOCK)) >= 0) {
		if (fstat(bfd, &st) == 0)
			vol->backing.format = vk_strdup(probe_fd(
				bfd, (unsigned long long)st.st_size, &cap));
		close(bfd);
	}
}

static void set_time(struct vk_vol_times *t, int which,
		     const struct timespec *ts)
{
	t->sec[which] = (long long)ts->tv_sec;
	t->nsec[which] = ts->tv_nsec;
}

struct vk_vol_def *vk_volfile_probe(const char *path, const char *name)
{
	struct vk_vol_def *vol;
	unsigned long long cap;
	const char *fmt;
	struct stat st;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0 || fstat(fd, &st) < 0) {
		vk_error_errno(errno == ENOENT ? VK_EXIT_NOT_FOUND :
			       VK_EXIT_FAILED, errno, "cannot open %s", path);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	vol = vk_calloc(1, sizeof(*vol));
	vk_perms_init(&vol->target.perms);
	if (S_ISBLK(st.st_mode)) {
		off_t end = lseek(fd, 0, SEEK_END);

		vol->type = VK_VOL_BLOCK;
		fmt = probe_fd(fd, end > 0 ? (unsigned long long)end : 0,
			       &cap);
		vol->allocation = end > 0 ? (unsigned long long)end : 0;
	} else {
		vol->type = VK_VOL_FILE;
		fmt = probe_fd(fd, (unsigned long long)st.st_size, &cap);
		vol->allocation = (unsigned long long)st.st_blocks * 512;
	}
	vol->name = vk_strdup(name);
	vol->key = vk_strdup(path);
	vol->target.path = vk_strdup(path);
	vol->target.format = vk_strdup(fmt);
	if (!strcmp(fmt, "qcow2") || !strcmp(fmt, "qcow"))
		probe_qcow(fd, path, vol);
	close(fd);
	vol->target.times_set = true;
	set_time(&vol->target.times, VK_VOL_ATIME, &st.st_atim);
	vol->target.times.nsec[VK_VOL_BTIME] = -1;
	set_time(&vol->target.times, VK_VOL_CTIME, &st.st_ctim);
	set_time(&vol->target.times, VK_VOL_MTIME, &st.st_mtim);
	vol->capacity = cap;
	vol->target.perms.mode = (int)(st.st_mode & 07777);
	vol->target.perms.owner = st.st_uid;
	vol->target.perms.group = st.st_gid;
	return vol;
}
