/* Object names (domains, pools, volumes, networks). */
#ifndef VK_NAME_H
#define VK_NAME_H

#define VK_NAME_MAX 200

/* 0 when NAME may name an object of KIND ("domain", "pool", ...): not
 * empty, at most VK_NAME_MAX bytes, valid UTF-8, no '/', no leading '.',
 * no control characters.  Otherwise -1 with a VK_EXIT_DOCUMENT error
 * naming KIND and saying why. */
int vk_name_check(const char *kind, const char *name);

#endif
