/* Where state lives (docs/design.md, "State on disk"). */
#ifndef VK_PATHS_H
#define VK_PATHS_H

#include <stdbool.h>

struct vk_paths {
	char *config;	/* persistent configs: .../virtkit/AREA */
	char *run;	/* runtime: live XML, pids, sockets, locks */
	char *log;	/* logs */
	char *settings;	/* .../virtkit/AREA.conf */
};

/* Fill P for AREA ("qemu", "test", "storage", ...) in system or session
 * mode; $VIRTKIT_ROOT prefixes every path.  Returns 0 or -1. */
int vk_paths_init(struct vk_paths *p, const char *area, bool session);
/* Fill P for secrets: config is /etc/virtkit/secrets (system) or
 * $XDG_CONFIG_HOME/virtkit/secrets (session), beside the settings
 * files; run and log as vk_paths_init's for AREA "secrets". */
int vk_paths_init_secrets(struct vk_paths *p, bool session);
void vk_paths_clear(struct vk_paths *p);

#endif
