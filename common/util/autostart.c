#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "autostart.h"
#include "error.h"
#include "file.h"

char *vk_autostart_path(const char *config, const char *name)
{
	return vk_asprintf("%s/autostart/%s.xml", config, name);
}

int vk_autostart_set(const char *config, const char *name, bool on)
{
	char *link = vk_autostart_path(config, name), *dir, *target;
	int rc = 0;

	if (!on) {
		rc = vk_file_remove(link);
		free(link);
		return rc;
	}
	dir = vk_asprintf("%s/autostart", config);
	target = vk_asprintf("../%s.xml", name);
	if (vk_mkdir_p(dir, 0700) < 0)
		rc = -1;
	else if (symlink(target, link) < 0 && errno != EEXIST)
		rc = vk_error_errno(VK_EXIT_FAILED, errno, "cannot create %s",
				    link);
	free(dir);
	free(target);
	free(link);
	return rc;
}

void vk_autostart_names(const char *config, char ***names, int *n)
{
	char *dir = vk_asprintf("%s/autostart", config);

	vk_dir_names(dir, ".xml", names, n);
	free(dir);
}
