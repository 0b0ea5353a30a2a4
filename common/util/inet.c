#include <stdio.h>

#include "inet.h"

int vk_ipv4_parse(const char *s, uint32_t *out)
{
	uint32_t addr = 0;
	int part, digits;

	for (part = 0; part < 4; part++) {
		unsigned v = 0;

		if (part && *s++ != '.')
			return -1;
		for (digits = 0; *s >= '0' && *s <= '9'; s++, digits++) {
			if (digits && v == 0)
				return -1;	/* leading zero */
			v = v * 10 + (unsigned)(*s - '0');
			if (v > 255)
				return -1;
		}
		if (!digits)
			return -1;
		addr = addr << 8 | v;
	}
	if (*s)
		return -1;
	*out = addr;
	return 0;
}

void vk_ipv4_format(uint32_t a, char *out)
{
	snprintf(out, VK_IPV4_STRLEN + 1, "%u.%u.%u.%u", a >> 24,
		 (a >> 16) & 0xff, (a >> 8) & 0xff, a & 0xff);
}

void vk_ipv4_cidr(uint32_t a, int prefix, char *out)
{
	snprintf(out, VK_CIDR_STRLEN + 1, "%u.%u.%u.%u/%d", a >> 24,
		 (a >> 16) & 0xff, (a >> 8) & 0xff, a & 0xff, prefix);
}

uint32_t vk_ipv4_mask(int prefix)
{
	return prefix <= 0 ? 0 : 0xffffffffu << (32 - prefix);
}

int vk_ipv4_prefix(uint32_t mask)
{
	int p = 0;

	while (p < 32 && (mask & (0x80000000u >> p)))
		p++;
	return vk_ipv4_mask(p) == mask ? p : -1;
}
