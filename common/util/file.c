#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/vfs.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "file.h"

#define TEMP_SUFFIX ".vktmp"

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return vk_strdup(".");
	if (slash == path)
		return vk_strdup("/");
	return vk_strndup(path, (size_t)(slash - path));
}

static int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return vk_error_errno(VK_EXIT_FAILED, errno, "cannot open %s",
				      dir);
	if (fsync(fd) < 0 && errno != EINVAL) {
		close(fd);
		return vk_error_errno(VK_EXIT_FAILED, errno,
				      "cannot sync %s", dir);
	}
	close(fd);
	return 0;
}

int vk_write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Open an unnamed file in DIR, or (where O_TMPFILE is not supported) a
 * named temp file TMP. *NAMED tells which. */
static int open_temp(const char *dir, const char *tmp, mode_t mode,
		     int *named)
{
	int fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, mode);

	*named = 0;
	if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR &&
			errno != EINVAL))
		return fd;
	*named = 1;
	return open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
}

static int give_name(int fd, int named, const char *tmp)
{
	char proc[64];

	if (named)
		return 0;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	return linkat(AT_FDCWD, proc, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW);
}

int vk_file_replace(const char *path, const char *data, size_t len,
		    mode_t mode)
{
	char *dir = dir_of(path), *tmp;
	unsigned rnd = 0;
	int fd, named, rc = -1;

	if (getrandom(&rnd, sizeof(rnd), 0) < 0)
		rnd = (unsigned)getpid();
	tmp = vk_asprintf("%s/.%s.%08x" TEMP_SUFFIX, dir,
			  strrchr(path, '/') ? strrchr(path, '/') + 1 : path,
			  rnd);
	fd = open_temp(dir, tmp, mode, &named);
	if (fd < 0) {
		vk_error_errno(VK_EXIT_FAILED, errno, "cannot write in %s",
			       dir);
		goto out;
	}
	if (fchmod(fd, mode) < 0 || vk_write_all(fd, data, len) < 0 ||
	    fsync(fd) < 0 || give_name(fd, named, tmp) < 0) {
		vk_error_errno(VK_EXIT_FAILED, errno, "cannot write %s", path);
		close(fd);
		if (named)
			unlink(tmp);
		goto out;
	}
	close(fd);
	if (rename(tmp, path) < 0) {
		vk_error_errno(VK_EXIT_FAILED, errno, "cannot replace %s",
			       path);
		unlink(tmp);
		goto out;
	}
	rc = fsync_dir(dir);
out:
	free(tmp);
	free(dir);
	return rc;
}

int vk_file_is_temp(const char *name)
{
	size_t n = strlen(name), s = strlen(TEMP_SUFFIX);

	return name[0] == '.' && n > s && !strcmp(name + n - s, TEMP_SUFFIX);
}

void vk_file_clean_temps(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d)))
		if (vk_file_is_temp(e->d_name))
			unlinkat(dirfd(d), e->d_name, 0);
	closedir(d);
}

char *vk_file_read(const char *path, size_t max, size_t *lenp)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t len = 0, cap = 4096;
	struct stat st;
	char *buf;

	if (fd < 0) {
		vk_error_errno(errno == ENOENT ? VK_EXIT_NOT_FOUND
					       : VK_EXIT_FAILED,
			       errno, "cannot read %s", path);
		return NULL;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		vk_error(VK_EXIT_FAILED, "cannot read %s: it is a directory",
			 path);
		return NULL;
	}
	buf = vk_malloc(cap);
	for (;;) {
		ssize_t n;

		if (len + 1 >= cap)
			buf = vk_realloc(buf, cap *= 2);
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			vk_error_errno(VK_EXIT_FAILED, errno,
				       "cannot read %s", path);
			goto fail;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > max) {
			vk_error(VK_EXIT_DOCUMENT,
				 "%s is larger than %zu bytes", path, max);
			goto fail;
		}
	}
	close(fd);
	buf[len] = '\0';
	if (lenp)
		*lenp = len;
	return buf;
fail:
	close(fd);
	free(buf);
	return NULL;
}

int vk_mkdir_p(const char *path, mode_t mode)
{
	char *p = vk_strdup(path), *s;
	int rc = 0;

	for (s = p + 1;; s++) {
		char c = *s;

		if (c != '/' && c != '\0')
			continue;
		*s = '\0';
		/* Like mkdir -p -m: MODE for the last, 0755 on the way. */
		if (mkdir(p, c ? 0755 : mode) < 0 && errno != EEXIST) {
			rc = vk_error_errno(VK_EXIT_FAILED, errno,
					    "cannot create directory %s", p);
			break;
		}
		*s = c;
		if (!c)
			break;
	}
	free(p);
	return rc;
}

int vk_file_remove(const char *path)
{
	char *dir;
	int rc;

	if (unlink(path) < 0) {
		if (errno == ENOENT)
			return 0;
		return vk_error_errno(VK_EXIT_FAILED, errno,
				      "cannot remove %s", path);
	}
	dir = dir_of(path);
	rc = fsync_dir(dir);
	free(dir);
	return rc;
}

void vk_dir_remove(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			unlinkat(dirfd(d), e->d_name, 0);
	closedir(d);
	rmdir(dir);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void vk_dir_names(const char *dir, const char *suffix, char ***names,
		  int *n)
{
	size_t sl = strlen(suffix);
	DIR *d = opendir(dir);
	struct dirent *e;
	int cap = 0;

	*names = NULL;
	*n = 0;
	while (d && (e = readdir(d))) {
		size_t len = strlen(e->d_name);

		if (e->d_name[0] == '.' || len <= sl ||
		    strcmp(e->d_name + len - sl, suffix))
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			*names = vk_realloc(*names, (size_t)cap * sizeof(char *));
		}
		(*names)[(*n)++] = vk_strndup(e->d_name, len - sl);
	}
	if (d)
		closedir(d);
	if (*n > 1)
		qsort(*names, (size_t)*n, sizeof(char *), cmp_names);
}

void vk_names_free(char **names, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int vk_names_has(char *const *names, int n, const char *name)
{
	return n && bsearch(&name, names, (size_t)n, sizeof(char *),
			    cmp_names) != NULL;
}

#define BTRFS_MAGIC 0x9123683e	/* linux/magic.h BTRFS_SUPER_MAGIC */

int vk_file_set_cow(const char *path, bool cow)
{
	struct statfs sf;
	int fd, flags, want, rc = 1, e;

	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -1;
	if (fstatfs(fd, &sf) < 0) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	if ((unsigned long)sf.f_type != BTRFS_MAGIC) {
		close(fd);
		return 0;
	}
	if (ioctl(fd, FS_IOC_GETFLAGS, &flags) < 0) {
		rc = -1;
	} else {
		want = cow ? flags & ~FS_NOCOW_FL : flags | FS_NOCOW_FL;
		if (want != flags && ioctl(fd, FS_IOC_SETFLAGS, &want) < 0)
			rc = -1;
	}
	e = errno;
	close(fd);
	errno = e;
	return rc;
}
