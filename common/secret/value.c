/* Secret values: private files, reading them, the lookup API. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "secret.h"
#include "secret_priv.h"
#include "util/error.h"
#include "util/file.h"
#include "util/lock.h"
#include "util/uuid.h"

void vk_secret_value_free(unsigned char *value, size_t len)
{
	if (!value)
		return;
	explicit_bzero(value, len);
	free(value);
}

int vk_secret_open_private(const char *path, bool owned)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);

	if (fd < 0)
		return vk_error_errno(errno == ENOENT ? VK_EXIT_NOT_FOUND :
				      VK_EXIT_FAILED, errno, "cannot read %s",
				      path);
	if (fstat(fd, &st) < 0) {
		vk_error_errno(VK_EXIT_FAILED, errno, "cannot read %s", path);
	} else if (!S_ISREG(st.st_mode)) {
		vk_error(VK_EXIT_FAILED, "%s is not a regular file", path);
	} else if ((st.st_mode & 077) || (owned && st.st_uid != geteuid())) {
		vk_error(VK_EXIT_FAILED, "%s has mode %04o and owner uid %u: "
			 "a secret file must be 0600 %s", path,
			 (unsigned)(st.st_mode & 07777), (unsigned)st.st_uid,
			 owned ? "and the caller's" : "or 0400");
	} else {
		return fd;
	}
	close(fd);
	return -1;
}

int vk_secret_read_fd(int fd, const char *what, unsigned char **value,
		      size_t *len)
{
	unsigned char *buf = vk_malloc(VK_SECRET_VALUE_MAX + 1);
	size_t n = 0;
	ssize_t r;

	for (;;) {
		r = read(fd, buf + n, VK_SECRET_VALUE_MAX + 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			vk_error_errno(VK_EXIT_FAILED, errno, "cannot read %s",
				       what);
			break;
		}
		if (r == 0) {
			buf[n] = '\0';
			*value = buf;
			*len = n;
			return 0;
		}
		n += (size_t)r;
		if (n > VK_SECRET_VALUE_MAX) {
			vk_error(VK_EXIT_USAGE, "%s holds more than %d bytes",
				 what, VK_SECRET_VALUE_MAX);
			break;
		}
	}
	vk_secret_value_free(buf, VK_SECRET_VALUE_MAX + 1);
	return -1;
}

bool vk_secret_has_value(struct vk_secrets *s,
			 const struct vk_secret_def *def)
{
	char *path = vk_secret_path(s, def, ".value");
	bool has = access(path, F_OK) == 0;

	free(path);
	return has;
}

int vk_secret_store_value(struct vk_secrets *s, const struct vk_secret_def *def,
			  const unsigned char *value, size_t len)
{
	char *path = vk_secret_path(s, def, ".value");
	int rc = vk_file_replace(path, (const char *)value, len, 0600);

	free(path);
	return rc;
}

int vk_secret_set_value(struct vk_secrets *s, const struct vk_secret_def *def,
			const unsigned char *value, size_t len)
{
	struct vk_secret_def *cur;
	char uuid[VK_UUID_STRLEN + 1];
	int lock, rc = -1;

	if (len > VK_SECRET_VALUE_MAX)
		return vk_error(VK_EXIT_USAGE, "a secret value holds at most "
				"%d bytes", VK_SECRET_VALUE_MAX);
	lock = vk_secret_lock(s);
	if (lock < 0)
		return -1;
	/* Still defined, and where it was, now that the lock is held. */
	vk_uuid_format(def->uuid, uuid);
	cur = vk_secret_find(s, uuid);
	if (cur)
		rc = vk_secret_store_value(s, cur, value, len);
	vk_secret_def_free(cur);
	vk_unlock(lock);
	return rc;
}

int vk_secret_get_value(struct vk_secrets *s, const struct vk_secret_def *def,
			unsigned char **value, size_t *len)
{
	char *path = vk_secret_path(s, def, ".value");
	char uuid[VK_UUID_STRLEN + 1];
	int fd, rc = -1;

	if (vk_secret_dirs_check(s) < 0)
		goto out;
	fd = vk_secret_open_private(path, true);
	if (fd < 0) {
		vk_uuid_format(def->uuid, uuid);
		if (vk_error_code() == VK_EXIT_NOT_FOUND)
			vk_error(VK_EXIT_NOT_FOUND, "secret %s has no value",
				 uuid);
		goto out;
	}
	rc = vk_secret_read_fd(fd, path, value, len);
	close(fd);
out:
	free(path);
	return rc;
}

int vk_secret_value_uuid(struct vk_secrets *s, const unsigned char uuid[16],
			 unsigned char **value, size_t *len)
{
	char key[VK_UUID_STRLEN + 1];
	struct vk_secret_def *def;
	int rc;

	vk_uuid_format(uuid, key);
	def = vk_secret_find(s, key);
	if (!def)
		return -1;
	rc = vk_secret_get_value(s, def, value, len);
	vk_secret_def_free(def);
	return rc;
}

int vk_secret_value_usage(struct vk_secrets *s, int usage, const char *id,
			  unsigned char **value, size_t *len)
{
	struct vk_secret_def **defs;
	int n, i, rc = -1;

	if (vk_secret_list(s, &defs, &n) < 0)
		return -1;
	for (i = 0; i < n; i++)
		if (defs[i]->usage == usage && !strcmp(defs[i]->usage_id, id))
			break;
	if (i < n)
		rc = vk_secret_get_value(s, defs[i], value, len);
	else
		vk_error(VK_EXIT_NOT_FOUND, "no secret for %s %s",
			 vk_secret_usage_names[usage], id);
	vk_secret_defs_free(defs, n);
	return rc;
}

int vk_secret_enc_value(struct vk_secrets *s, const struct vk_encryption *e,
			const char *what, unsigned char **value, size_t *len)
{
	int rc;

	if (!e->has_secret)
		return vk_error(VK_EXIT_DOCUMENT, "%s: <encryption format="
				"'%s'> needs a <secret type='passphrase'>",
				what, vk_encryption_format_names[e->format]);
	if (e->secret_usage)
		rc = vk_secret_value_usage(s, VK_SECRET_USAGE_VOLUME,
					   e->secret_usage, value, len);
	else
		rc = vk_secret_value_uuid(s, e->secret_uuid, value, len);
	if (rc < 0)
		vk_error_prefix("%s", what);
	return rc;
}

int vk_secret_file_write(const char *path, const unsigned char *value,
			 size_t len, uid_t uid, gid_t gid)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC |
		      O_NOFOLLOW, 0400);

	if (fd < 0 || vk_write_all(fd, (const char *)value, len) < 0 ||
	    ((uid != (uid_t)-1 || gid != (gid_t)-1) &&
	     fchown(fd, uid, gid) < 0)) {
		vk_error_errno(VK_EXIT_FAILED, errno, "cannot write %s", path);
		if (fd >= 0) {
			close(fd);
			unlink(path);
		}
		return -1;
	}
	close(fd);
	return 0;
}

int vk_secret_file_private(const char *parent, const unsigned char *value,
			   size_t len, char **path)
{
	char *dir = vk_asprintf("%s/secret-XXXXXX", parent), *file;

	if (!mkdtemp(dir)) {
		vk_error_errno(VK_EXIT_FAILED, errno, "cannot create a "
			       "directory in %s", parent);
		free(dir);
		return -1;
	}
	file = vk_asprintf("%s/key", dir);
	if (vk_secret_file_write(file, value, len, (uid_t)-1,
				 (gid_t)-1) < 0) {
		rmdir(dir);
		free(file);
		free(dir);
		return -1;
	}
	free(dir);
	*path = file;
	return 0;
}

void vk_secret_file_remove(const char *path)
{
	char *dir;

	if (!path)
		return;
	unlink(path);
	dir = vk_strdup(path);
	*strrchr(dir, '/') = '\0';
	rmdir(dir);
	free(dir);
}
