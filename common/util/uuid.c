#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "error.h"
#include "uuid.h"

int vk_uuid_generate(unsigned char u[16])
{
	size_t got = 0;

	while (got < 16) {
		ssize_t n = getrandom(u + got, 16 - got, 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return vk_error_errno(VK_EXIT_FAILED, errno,
					      "cannot generate a uuid");
		}
		got += (size_t)n;
	}
	u[6] = (u[6] & 0x0f) | 0x40;	/* version 4 */
	u[8] = (u[8] & 0x3f) | 0x80;	/* RFC 4122 variant */
	return 0;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int vk_uuid_parse(const char *s, unsigned char u[16])
{
	static const int dash_at[] = {8, 13, 18, 23};
	const char *p;
	size_t len;
	int i, dashed;

	while (isspace((unsigned char)*s))
		s++;
	len = strlen(s);
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	if (len == 36)
		dashed = 1;
	else if (len == 32)
		dashed = 0;
	else
		return -1;
	if (dashed)
		for (i = 0; i < 4; i++)
			if (s[dash_at[i]] != '-')
				return -1;
	p = s;
	for (i = 0; i < 16; i++) {
		int hi, lo;

		if (dashed && *p == '-')
			p++;
		hi = hexval((unsigned char)p[0]);
		lo = hi < 0 ? -1 : hexval((unsigned char)p[1]);
		if (hi < 0 || lo < 0)
			return -1;
		u[i] = (unsigned char)(hi << 4 | lo);
		p += 2;
	}
	return p == s + len ? 0 : -1;
}

void vk_uuid_format(const unsigned char u[16], char *out)
{
	snprintf(out, VK_UUID_STRLEN + 1,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x",
		 u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9],
		 u[10], u[11], u[12], u[13], u[14], u[15]);
}

bool vk_uuid_is_null(const unsigned char u[16])
{
	int i;

	for (i = 0; i < 16; i++)
		if (u[i])
			return false;
	return true;
}
