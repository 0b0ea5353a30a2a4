#include <ctype.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qemu_conf.h"
#include "util/error.h"
#include "util/file.h"

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/* KEY = VALUE with VALUE unquoted; 0, or -1 when the line is malformed. */
static int split(char *line, char **key, char **val)
{
	char *eq = strchr(line, '='), *v;
	size_t n;

	if (!eq)
		return -1;
	*eq = '\0';
	*key = trim(line);
	v = trim(eq + 1);
	n = strlen(v);
	if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
		v[n - 1] = '\0';
		v++;
	}
	*val = v;
	return **key ? 0 : -1;
}

static int set_user(struct vk_qemu_conf *conf, const char *name)
{
	struct passwd *pw = getpwnam(name);

	if (!pw)
		return vk_error(VK_EXIT_FAILED,
				"qemu.conf: unknown user '%s'", name);
	free(conf->user);
	conf->user = vk_strdup(name);
	conf->uid = pw->pw_uid;
	conf->gid = pw->pw_gid;
	return 0;
}

static int apply(struct vk_qemu_conf *conf, const char *path, int lineno,
		 const char *key, const char *val, const char **group)
{
	if (!strcmp(key, "user"))
		return set_user(conf, val);
	if (!strcmp(key, "group")) {
		*group = val;
		return 0;
	}
	if (!strcmp(key, "sandbox")) {
		if (strcmp(val, "0") && strcmp(val, "1"))
			return vk_error(VK_EXIT_DOCUMENT,
					"%s:%d: sandbox must be 0 or 1", path,
					lineno);
		conf->sandbox = val[0] == '1';
		return 0;
	}
	return vk_error(VK_EXIT_DOCUMENT, "%s:%d: unknown setting '%s'", path,
			lineno, key);
}

int vk_qemu_conf_load(struct vk_qemu_conf *conf, const char *path)
{
	char *text, *line, *save, *group = NULL;
	const char *gname = NULL;
	int lineno = 0, rc = 0;

	memset(conf, 0, sizeof(*conf));
	conf->uid = getuid();
	conf->gid = getgid();
	conf->sandbox = true;
	text = vk_file_read(path, 1 << 20, NULL);
	if (!text) {
		if (vk_error_code() == VK_EXIT_NOT_FOUND) {
			vk_error_clear();
			return 0;
		}
		return -1;
	}
	/* strsep, not strtok: blank lines count in line numbers. */
	for (save = text; (line = strsep(&save, "\n")) && rc == 0;) {
		char *key, *val, *s = trim(line);

		lineno++;
		if (!*s || *s == '#')
			continue;
		if (split(s, &key, &val) < 0)
			rc = vk_error(VK_EXIT_DOCUMENT,
				      "%s:%d: expected KEY = VALUE", path,
				      lineno);
		else
			rc = apply(conf, path, lineno, key, val, &gname);
		if (rc == 0 && gname) {
			free(group);
			group = vk_strdup(gname);
			gname = NULL;
		}
	}
	if (rc == 0 && group) {
		struct group *gr = getgrnam(group);

		if (gr)
			conf->gid = gr->gr_gid;
		else
			rc = vk_error(VK_EXIT_FAILED,
				      "qemu.conf: unknown group '%s'", group);
	}
	free(group);
	free(text);
	return rc;
}

void vk_qemu_conf_clear(struct vk_qemu_conf *conf)
{
	free(conf->user);
	conf->user = NULL;
}
