/* Identifying an existing file volume by its header: the format and the
 * capacity it declares (raw: the file size). */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
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
	close(fd);
	vol->name = vk_strdup(name);
	vol->key = vk_strdup(path);
	vol->target.path = vk_strdup(path);
	vol->target.format = vk_strdup(fmt);
	vol->capacity = cap;
	vol->target.perms.mode = (int)(st.st_mode & 07777);
	vol->target.perms.owner = st.st_uid;
	vol->target.perms.group = st.st_gid;
	return vol;
}
