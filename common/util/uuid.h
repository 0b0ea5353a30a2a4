/* RFC 4122 UUIDs. */
#ifndef VK_UUID_H
#define VK_UUID_H

#include <stdbool.h>

#define VK_UUID_STRLEN 36	/* without the NUL */

/* Fill U with a random (version 4) UUID from getrandom(). Returns 0/-1. */
int vk_uuid_generate(unsigned char u[16]);
/* Parse dashed (8-4-4-4-12) or undashed 32-hex-digit form, surrounding
 * blanks allowed.  Returns 0, or -1 (no error recorded). */
int vk_uuid_parse(const char *s, unsigned char u[16]);
/* Always the dashed, lowercase form; OUT holds VK_UUID_STRLEN + 1. */
void vk_uuid_format(const unsigned char u[16], char *out);
bool vk_uuid_is_null(const unsigned char u[16]);

#endif
