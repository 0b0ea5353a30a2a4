#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "util/error.h"
#include "util/file.h"
#include "util/lock.h"

/* A stored config larger than this was not written by virtkit. */
#define STORE_MAX (VK_XML_MAX_SIZE)

void vk_store_init(struct vk_store *s, const char *config_dir,
		   const char *run_dir)
{
	s->dir = vk_strdup(config_dir);
	s->lock = vk_asprintf("%s/.store.lock", run_dir);
}

void vk_store_clear(struct vk_store *s)
{
	free(s->dir);
	free(s->lock);
	s->dir = s->lock = NULL;
}

int vk_store_lock(struct vk_store *s)
{
	char *run = vk_strndup(s->lock, (size_t)(strrchr(s->lock, '/') -
						 s->lock));
	int fd = -1;

	if (vk_mkdir_p(s->dir, 0700) == 0 && vk_mkdir_p(run, 0700) == 0)
		fd = vk_lock(s->lock, 0, "the domain store");
	free(run);
	if (fd >= 0)
		vk_file_clean_temps(s->dir);
	return fd;
}

static struct vk_domain_def *load_one(struct vk_store *s, const char *file)
{
	char *path = vk_asprintf("%s/%s", s->dir, file);
	struct vk_domain_def *def;
	size_t len = strlen(file) - 4;

	def = vk_domain_parse_file(path, VK_PARSE_INACTIVE |
					 VK_PARSE_NO_SCHEMA);
	free(path);
	if (def && (strlen(def->name) != len ||
		    strncmp(def->name, file, len))) {
		vk_domain_free(def);
		def = NULL;
	}
	return def;
}

static int by_name(const void *a, const void *b)
{
	const struct vk_domain_def *x = *(struct vk_domain_def *const *)a;
	const struct vk_domain_def *y = *(struct vk_domain_def *const *)b;

	return strcmp(x->name, y->name);
}

int vk_store_load(struct vk_store *s, struct vk_domain_def ***defs, int *n)
{
	DIR *d = opendir(s->dir);
	struct dirent *e;
	int cap = 0;

	*defs = NULL;
	*n = 0;
	if (!d)
		return 0;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		struct vk_domain_def *def;

		if (e->d_name[0] == '.' || len < 5 ||
		    strcmp(e->d_name + len - 4, ".xml"))
			continue;
		def = load_one(s, e->d_name);
		if (!def)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*defs = vk_realloc(*defs, (size_t)cap * sizeof(**defs));
		}
		(*defs)[(*n)++] = def;
	}
	closedir(d);
	vk_error_clear();
	if (*n > 1)
		qsort(*defs, (size_t)*n, sizeof(**defs), by_name);
	return 0;
}

void vk_store_free_defs(struct vk_domain_def **defs, int n)
{
	int i;

	for (i = 0; i < n; i++)
		vk_domain_free(defs[i]);
	free(defs);
}

int vk_store_save(struct vk_store *s, const struct vk_domain_def *def)
{
	char *xml = vk_domain_format(def, VK_FMT_INACTIVE | VK_FMT_SECURE);
	char *path = vk_asprintf("%s/%s.xml", s->dir, def->name);
	int rc;

	rc = vk_file_replace(path, xml, strlen(xml), 0600);
	free(path);
	free(xml);
	return rc;
}

int vk_store_remove(struct vk_store *s, const char *name)
{
	char *path = vk_asprintf("%s/%s.xml", s->dir, name);
	int rc = vk_file_remove(path);

	free(path);
	return rc;
}
