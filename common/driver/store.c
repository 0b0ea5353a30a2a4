#include <fcntl.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "util/error.h"
#include "util/file.h"
#include "util/lock.h"
#include "util/uuid.h"

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

void vk_store_names(struct vk_store *s, char ***names, int *n)
{
	vk_dir_names(s->dir, ".xml", names, n);
}

struct vk_domain_def *vk_store_get(struct vk_store *s, const char *name)
{
	char *path = vk_asprintf("%s/%s.xml", s->dir, name);
	struct vk_domain_def *def;

	def = vk_domain_parse_file(path, VK_PARSE_INACTIVE |
					 VK_PARSE_NO_SCHEMA);
	free(path);
	if (def && strcmp(def->name, name)) {
		vk_error(VK_EXIT_FAILED, "%s/%s.xml holds domain '%s'", s->dir,
			 name, def->name);
		vk_domain_free(def);
		def = NULL;
	}
	return def;
}

int vk_store_peek_uuid(struct vk_store *s, const char *name,
		       unsigned char uuid[16])
{
	char *path = vk_asprintf("%s/%s.xml", s->dir, name), head[512];
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = -1;
	ssize_t len = fd >= 0 ? read(fd, head, sizeof(head) - 1) : -1;
	struct vk_domain_def *def;
	char *at, *end;

	if (fd >= 0)
		close(fd);
	free(path);
	if (len > 0) {
		head[len] = '\0';
		at = strstr(head, "<uuid>");
		end = at ? strstr(at, "</uuid>") : NULL;
		if (end) {
			*end = '\0';
			rc = vk_uuid_parse(at + 6, uuid);
		}
	}
	if (rc == 0)
		return 0;
	def = vk_store_get(s, name);
	if (!def)
		return -1;
	memcpy(uuid, def->uuid, 16);
	vk_domain_free(def);
	return 0;
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
