/* Autostart marks, the same for every kind of object (domains, pools,
 * networks): CONFIG/autostart/NAME.xml, a symbolic link to ../NAME.xml
 * (the object's config beside it). */
#ifndef VK_AUTOSTART_H
#define VK_AUTOSTART_H

#include <stdbool.h>

/* The mark's path for NAME under CONFIG (caller frees). */
char *vk_autostart_path(const char *config, const char *name);
/* Set (ON) or clear the mark; setting a set mark or clearing a clear
 * one is no error.  0, or -1 with an error recorded. */
int vk_autostart_set(const char *config, const char *name, bool on);
/* The names marked under CONFIG, sorted (free with vk_names_free). */
void vk_autostart_names(const char *config, char ***names, int *n);

#endif
