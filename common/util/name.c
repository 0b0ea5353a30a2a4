#include <string.h>

#include "error.h"
#include "name.h"

/* Length of the UTF-8 sequence at P, or 0 when it is not valid. */
static size_t utf8_len(const unsigned char *p)
{
	size_t n, i;

	if (p[0] < 0x80)
		return 1;
	if ((p[0] & 0xe0) == 0xc0 && p[0] >= 0xc2)
		n = 2;
	else if ((p[0] & 0xf0) == 0xe0)
		n = 3;
	else if ((p[0] & 0xf8) == 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

int vk_name_check(const char *kind, const char *name)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t len = strlen(name);

	if (!len)
		return vk_error(VK_EXIT_DOCUMENT, "%s name is empty", kind);
	if (len > VK_NAME_MAX)
		return vk_error(VK_EXIT_DOCUMENT,
				"%s name is longer than %d bytes", kind,
				VK_NAME_MAX);
	if (name[0] == '.')
		return vk_error(VK_EXIT_DOCUMENT,
				"%s name '%s' starts with '.'", kind, name);
	while (*p) {
		size_t n = utf8_len(p);

		if (!n)
			return vk_error(VK_EXIT_DOCUMENT,
					"%s name is not valid UTF-8", kind);
		if (*p == '/')
			return vk_error(VK_EXIT_DOCUMENT,
					"%s name '%s' contains '/'", kind,
					name);
		if (*p < 0x20 || *p == 0x7f)
			return vk_error(VK_EXIT_DOCUMENT,
					"%s name contains a control character",
					kind);
		p += n;
	}
	return 0;
}
