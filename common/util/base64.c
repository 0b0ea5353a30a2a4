#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "error.h"

static const char alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *vk_base64_encode(const unsigned char *data, size_t len)
{
	char *out = vk_malloc((len + 2) / 3 * 4 + 1), *o = out;
	size_t i;

	for (i = 0; i + 2 < len; i += 3) {
		*o++ = alphabet[data[i] >> 2];
		*o++ = alphabet[((data[i] & 3) << 4) | (data[i + 1] >> 4)];
		*o++ = alphabet[((data[i + 1] & 15) << 2) | (data[i + 2] >> 6)];
		*o++ = alphabet[data[i + 2] & 63];
	}
	if (i < len) {
		*o++ = alphabet[data[i] >> 2];
		if (i + 1 < len) {
			*o++ = alphabet[((data[i] & 3) << 4) |
					(data[i + 1] >> 4)];
			*o++ = alphabet[(data[i + 1] & 15) << 2];
		} else {
			*o++ = alphabet[(data[i] & 3) << 4];
			*o++ = '=';
		}
		*o++ = '=';
	}
	*o = '\0';
	return out;
}

/* The value of base64 digit C, or -1. */
static int digit(char c)
{
	const char *p = c ? strchr(alphabet, c) : NULL;

	return p ? (int)(p - alphabet) : -1;
}

int vk_base64_decode(const char *s, size_t len, unsigned char **out,
		     size_t *outlen)
{
	size_t cap = len / 4 * 3 + 4, i, n = 0, pad = 0;
	unsigned char *buf = vk_malloc(cap), *o = buf;
	unsigned acc = 0;
	int d;

	for (i = 0; i < len; i++) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' ||
		    s[i] == '\n')
			continue;
		if (s[i] == '=') {
			/* Only the last one or two of a group's four. */
			if (n % 4 < 2 || ++pad > 2)
				goto bad;
			d = 0;
		} else if ((d = digit(s[i])) < 0 || pad) {
			goto bad;
		}
		acc = acc << 6 | (unsigned)d;
		if (++n % 4 == 0) {
			*o++ = (unsigned char)(acc >> 16);
			*o++ = (unsigned char)(acc >> 8);
			*o++ = (unsigned char)acc;
			acc = 0;
		}
	}
	if (n % 4)
		goto bad;
	o -= pad;
	*o = '\0';
	*out = buf;
	*outlen = (size_t)(o - buf);
	return 0;
bad:
	explicit_bzero(buf, cap);
	free(buf);
	return -1;
}
