#include <errno.h>
#include <pwd.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "paths.h"

static char *home_dir(void)
{
	const char *h = getenv("HOME");
	struct passwd *pw;

	if (h && *h)
		return vk_strdup(h);
	pw = getpwuid(getuid());
	return pw ? vk_strdup(pw->pw_dir) : NULL;
}

/* $VAR when set and absolute, else $HOME/FALLBACK. */
static char *xdg(const char *var, const char *fallback)
{
	const char *v = getenv(var);
	char *home, *r;

	if (v && v[0] == '/')
		return vk_strdup(v);
	home = home_dir();
	if (!home)
		return NULL;
	r = vk_asprintf("%s/%s", home, fallback);
	free(home);
	return r;
}

/* The /tmp fallback for $XDG_RUNTIME_DIR: ours alone, or refused (in a
 * shared /tmp another user could have made it first). */
static int private_dir(const char *dir)
{
	struct stat st;

	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return vk_error_errno(VK_EXIT_FAILED, errno, "cannot create %s",
				      dir);
	if (lstat(dir, &st) < 0 || !S_ISDIR(st.st_mode) ||
	    st.st_uid != getuid() || (st.st_mode & 077))
		return vk_error(VK_EXIT_FAILED, "%s is not a private directory "
				"of this user; set XDG_RUNTIME_DIR", dir);
	return 0;
}

static int session_paths(struct vk_paths *p, const char *root,
			 const char *area)
{
	char *data = xdg("XDG_DATA_HOME", ".local/share");
	char *state = xdg("XDG_STATE_HOME", ".local/state");
	char *conf = xdg("XDG_CONFIG_HOME", ".config");
	const char *rt = getenv("XDG_RUNTIME_DIR");
	char *run;
	int rc = -1;

	if (rt && rt[0] == '/')
		run = vk_strdup(rt);
	else
		run = vk_asprintf("/tmp/virtkit-%u", (unsigned)getuid());
	if (!(rt && rt[0] == '/') && !*root && private_dir(run) < 0)
		goto out;
	if (!data || !state || !conf) {
		vk_error(VK_EXIT_FAILED, "cannot find the home directory");
		goto out;
	}
	p->config = vk_asprintf("%s%s/virtkit/%s", root, data, area);
	p->run = vk_asprintf("%s%s/virtkit/%s", root, run, area);
	p->log = vk_asprintf("%s%s/virtkit/log/%s", root, state, area);
	p->settings = vk_asprintf("%s%s/virtkit/%s.conf", root, conf, area);
	rc = 0;
out:
	free(data);
	free(state);
	free(conf);
	free(run);
	return rc;
}

int vk_paths_init(struct vk_paths *p, const char *area, bool session)
{
	const char *root = getenv("VIRTKIT_ROOT");

	memset(p, 0, sizeof(*p));
	if (!root)
		root = "";
	if (*root && *root != '/')
		return vk_error(VK_EXIT_USAGE, "VIRTKIT_ROOT must be an "
				"absolute path, not '%s'", root);
	if (session)
		return session_paths(p, root, area);
	p->config = vk_asprintf("%s/var/lib/virtkit/%s", root, area);
	p->run = vk_asprintf("%s/run/virtkit/%s", root, area);
	p->log = vk_asprintf("%s/var/log/virtkit/%s", root, area);
	p->settings = vk_asprintf("%s/etc/virtkit/%s.conf", root, area);
	return 0;
}

int vk_paths_init_secrets(struct vk_paths *p, bool session)
{
	static const char suffix[] = ".conf";

	if (vk_paths_init(p, "secrets", session) < 0)
		return -1;
	/* The settings path without its ".conf": secrets are configuration
	 * proper, kept where the administrator keeps it. */
	free(p->config);
	p->config = vk_strndup(p->settings,
			       strlen(p->settings) - (sizeof(suffix) - 1));
	return 0;
}

void vk_paths_clear(struct vk_paths *p)
{
	free(p->config);
	free(p->run);
	free(p->log);
	free(p->settings);
	memset(p, 0, sizeof(*p));
}
