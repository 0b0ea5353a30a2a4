/* The secret store: definitions, lookup, define and undefine. */
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
#include "util/uri.h"
#include "util/uuid.h"

int vk_secrets_init(struct vk_secrets *s, bool session)
{
	memset(s, 0, sizeof(*s));
	s->session = session;
	return vk_paths_init_secrets(&s->paths, session);
}

int vk_secrets_open(struct vk_secrets *s, const char *uri)
{
	bool session;

	memset(s, 0, sizeof(*s));
	if (vk_uri_local_mode(uri, "secrets", &session) < 0)
		return -1;
	return vk_secrets_init(s, session);
}

void vk_secrets_close(struct vk_secrets *s)
{
	vk_paths_clear(&s->paths);
}

/* DIR must be a directory of the caller's that no one else may enter;
 * a missing one is fine (nothing is in it). */
static int check_dir(const char *dir)
{
	struct stat st;

	if (lstat(dir, &st) < 0)
		return errno == ENOENT ? 0 :
		       vk_error_errno(VK_EXIT_FAILED, errno, "cannot read %s",
				      dir);
	if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & 077))
		return vk_error(VK_EXIT_FAILED, "%s is not a private "
				"directory (mode %04o, owner uid %u): secrets "
				"are kept in one of mode 0700 owned by uid %u",
				dir, (unsigned)(st.st_mode & 07777),
				(unsigned)st.st_uid, (unsigned)geteuid());
	return 0;
}

int vk_secret_dirs_check(struct vk_secrets *s)
{
	return check_dir(s->paths.config) < 0 ||
	       check_dir(s->paths.run) < 0 ? -1 : 0;
}

char *vk_secret_path(struct vk_secrets *s, const struct vk_secret_def *def,
		     const char *suffix)
{
	char uuid[VK_UUID_STRLEN + 1];

	vk_uuid_format(def->uuid, uuid);
	return vk_asprintf("%s/%s%s", def->ephemeral ? s->paths.run :
			   s->paths.config, uuid, suffix);
}

int vk_secret_lock(struct vk_secrets *s)
{
	char *lock;
	int fd;

	if (vk_mkdir_p(s->paths.config, 0700) < 0 ||
	    vk_mkdir_p(s->paths.run, 0700) < 0 ||
	    vk_secret_dirs_check(s) < 0)
		return -1;
	lock = vk_asprintf("%s/.secrets.lock", s->paths.run);
	fd = vk_lock(lock, 0, "the secrets");
	free(lock);
	if (fd >= 0) {
		vk_file_clean_temps(s->paths.config);
		vk_file_clean_temps(s->paths.run);
	}
	return fd;
}

/* The definition at PATH (a file of the store), or NULL. */
static struct vk_secret_def *load(const char *path, bool ephemeral)
{
	struct vk_secret_def *def = NULL;
	char buf[VK_SECRET_VALUE_MAX];
	ssize_t n;
	int fd = vk_secret_open_private(path, true);

	if (fd < 0)
		return NULL;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0) {
		vk_error_errno(VK_EXIT_FAILED, errno, "cannot read %s", path);
		return NULL;
	}
	def = vk_secret_parse_string(buf, (size_t)n, path,
				     VK_SECRET_PARSE_NO_SCHEMA);
	/* Where it lies says what it is, whatever the file claims. */
	if (def)
		def->ephemeral = ephemeral;
	return def;
}

int vk_secret_list(struct vk_secrets *s, struct vk_secret_def ***defs,
		   int *n)
{
	const char *dirs[2] = {s->paths.config, s->paths.run};
	struct vk_secret_def *def;
	char **names, *path;
	int i, j, k, m;

	*defs = NULL;
	*n = 0;
	if (vk_secret_dirs_check(s) < 0)
		return -1;
	for (i = 0; i < 2; i++) {
		vk_dir_names(dirs[i], ".xml", &names, &m);
		for (j = 0; j < m; j++) {
			path = vk_asprintf("%s/%s.xml", dirs[i], names[j]);
			def = load(path, i == 1);
			free(path);
			if (!def) {
				vk_names_free(names, m);
				vk_secret_defs_free(*defs, *n);
				*defs = NULL;
				*n = 0;
				return -1;
			}
			*defs = vk_realloc(*defs, (size_t)(*n + 1) *
					   sizeof(**defs));
			/* Sorted by uuid across both directories. */
			for (k = *n; k > 0 && memcmp((*defs)[k - 1]->uuid,
						     def->uuid, 16) > 0; k--)
				(*defs)[k] = (*defs)[k - 1];
			(*defs)[k] = def;
			(*n)++;
		}
		vk_names_free(names, m);
	}
	return 0;
}

void vk_secret_defs_free(struct vk_secret_def **defs, int n)
{
	int i;

	for (i = 0; i < n; i++)
		vk_secret_def_free(defs[i]);
	free(defs);
}

/* The index in DEFS of the secret KEY names, or -1 with the error. */
static int find_index(struct vk_secret_def **defs, int n, const char *key)
{
	unsigned char uuid[16];
	int i, found = -1;

	if (vk_uuid_parse(key, uuid) == 0) {
		for (i = 0; i < n; i++)
			if (!memcmp(defs[i]->uuid, uuid, 16))
				return i;
	} else {
		for (i = 0; i < n; i++) {
			if (!defs[i]->usage_id ||
			    strcmp(defs[i]->usage_id, key))
				continue;
			if (found >= 0)
				return vk_error(VK_EXIT_USAGE, "'%s' is the "
						"usage of more than one "
						"secret: give the uuid", key);
			found = i;
		}
		if (found >= 0)
			return found;
	}
	return vk_error(VK_EXIT_NOT_FOUND, "no secret with uuid or usage "
			"'%s'", key);
}

struct vk_secret_def *vk_secret_find(struct vk_secrets *s, const char *key)
{
	struct vk_secret_def **defs, *def;
	int n, i;

	if (vk_secret_list(s, &defs, &n) < 0)
		return NULL;
	i = find_index(defs, n, key);
	def = i >= 0 ? defs[i] : NULL;
	if (def)
		defs[i] = NULL;
	vk_secret_defs_free(defs, n);
	return def;
}

/* The libvirt rules for DEF against the secrets in DEFS; *OLD is the
 * definition with its uuid, if any. */
static int check_define(const struct vk_secret_def *def,
			struct vk_secret_def **defs, int n,
			const struct vk_secret_def **old)
{
	char uuid[VK_UUID_STRLEN + 1];
	int i;

	*old = NULL;
	for (i = 0; i < n; i++) {
		const struct vk_secret_def *o = defs[i];

		vk_uuid_format(o->uuid, uuid);
		if (!memcmp(o->uuid, def->uuid, 16)) {
			*old = o;
			if (o->usage != def->usage ||
			    (o->usage_id && strcmp(o->usage_id,
						   def->usage_id)))
				return vk_error(VK_EXIT_CONFLICT, "secret %s "
						"is already defined for use "
						"with %s %s", uuid,
						vk_secret_usage_names[o->usage],
						o->usage_id ? o->usage_id :
						"nothing");
			if (o->private && !def->private)
				return vk_error(VK_EXIT_CONFLICT, "secret %s "
						"is private: it cannot stop "
						"being so", uuid);
		} else if (def->usage != VK_SECRET_USAGE_NONE &&
			   o->usage == def->usage &&
			   !strcmp(o->usage_id, def->usage_id)) {
			return vk_error(VK_EXIT_CONFLICT, "secret %s is "
					"already defined for use with %s %s",
					uuid, vk_secret_usage_names[o->usage],
					o->usage_id);
		}
	}
	return 0;
}

/* Secret OLD becomes NEW, ephemeral in one and not in the other: the
 * value goes to NEW's directory (another file system: copied), then
 * OLD's files go. */
static int move_value(struct vk_secrets *s, const struct vk_secret_def *old,
		      const struct vk_secret_def *new)
{
	unsigned char *value = NULL;
	size_t len = 0;
	char *path;
	int rc;

	if (vk_secret_has_value(s, old) &&
	    (vk_secret_get_value(s, old, &value, &len) < 0 ||
	     vk_secret_store_value(s, new, value, len) < 0)) {
		vk_secret_value_free(value, len);
		return -1;
	}
	vk_secret_value_free(value, len);
	path = vk_secret_path(s, old, ".value");
	rc = vk_file_remove(path);
	free(path);
	path = vk_secret_path(s, old, ".xml");
	if (rc == 0)
		rc = vk_file_remove(path);
	free(path);
	return rc;
}

int vk_secret_define(struct vk_secrets *s, const struct vk_secret_def *def)
{
	const struct vk_secret_def *old;
	struct vk_secret_def **defs = NULL;
	char *xml = NULL, *path = NULL;
	int lock, n = 0, rc = -1;

	lock = vk_secret_lock(s);
	if (lock < 0)
		return -1;
	if (vk_secret_list(s, &defs, &n) < 0 ||
	    check_define(def, defs, n, &old) < 0)
		goto out;
	xml = vk_secret_format(def);
	path = vk_secret_path(s, def, ".xml");
	if (vk_file_replace(path, xml, strlen(xml), 0600) < 0)
		goto out;
	if (old && old->ephemeral != def->ephemeral &&
	    move_value(s, old, def) < 0)
		goto out;
	rc = 0;
out:
	vk_secret_defs_free(defs, n);
	free(xml);
	free(path);
	vk_unlock(lock);
	return rc;
}

int vk_secret_undefine(struct vk_secrets *s, const char *key)
{
	struct vk_secret_def **defs = NULL;
	char *path = NULL;
	int lock, n = 0, i, rc = -1;

	lock = vk_secret_lock(s);
	if (lock < 0)
		return -1;
	if (vk_secret_list(s, &defs, &n) < 0 ||
	    (i = find_index(defs, n, key)) < 0)
		goto out;
	/* The value first: a definition never outlives it half-removed. */
	path = vk_secret_path(s, defs[i], ".value");
	if (vk_file_remove(path) < 0)
		goto out;
	free(path);
	path = vk_secret_path(s, defs[i], ".xml");
	rc = vk_file_remove(path);
out:
	vk_secret_defs_free(defs, n);
	free(path);
	vk_unlock(lock);
	return rc;
}
