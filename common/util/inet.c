#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

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
	if (prefix <= 0)
		return 0;
	return prefix >= 32 ? 0xffffffffu : 0xffffffffu << (32 - prefix);
}

int vk_ipv4_prefix(uint32_t mask)
{
	int p = 0;

	while (p < 32 && (mask & (0x80000000u >> p)))
		p++;
	return vk_ipv4_mask(p) == mask ? p : -1;
}

int vk_inet_parse(const char *s, struct vk_inet *out)
{
	struct vk_inet a;

	memset(&a, 0, sizeof(a));
	if (vk_ipv4_parse(s, &a.v4) == 0) {
		a.family = AF_INET;
	} else if (strchr(s, ':') && inet_pton(AF_INET6, s, a.v6) == 1) {
		a.family = AF_INET6;
	} else {
		return -1;
	}
	*out = a;
	return 0;
}

void vk_inet_format(const struct vk_inet *a, char *out)
{
	if (a->family == AF_INET)
		vk_ipv4_format(a->v4, out);
	else if (!inet_ntop(AF_INET6, a->v6, out, VK_INET_STRLEN + 1))
		strcpy(out, "::");
}

int vk_inet_bits(const struct vk_inet *a)
{
	return a->family == AF_INET ? 32 : 128;
}

void vk_inet_host_bits(const struct vk_inet *a, int prefix, bool set,
		       struct vk_inet *out)
{
	int i;

	*out = *a;
	if (a->family == AF_INET) {
		out->v4 = set ? a->v4 | ~vk_ipv4_mask(prefix) :
			  a->v4 & vk_ipv4_mask(prefix);
		return;
	}
	for (i = 0; i < 16; i++) {
		int keep = prefix - i * 8;
		unsigned char m = keep >= 8 ? 0xff : keep <= 0 ? 0 :
				  (unsigned char)(0xff << (8 - keep));

		out->v6[i] = set ? (unsigned char)(a->v6[i] | ~m) :
			     (unsigned char)(a->v6[i] & m);
	}
}

void vk_inet_cidr(const struct vk_inet *a, int prefix, char *out)
{
	char s[VK_INET_STRLEN + 1];
	struct vk_inet base;

	vk_inet_host_bits(a, prefix, false, &base);
	vk_inet_format(&base, s);
	snprintf(out, VK_INET_CIDR_STRLEN + 1, "%s/%d", s, prefix);
}

bool vk_inet_same_net(const struct vk_inet *a, const struct vk_inet *b,
		      int prefix)
{
	struct vk_inet x, y;

	if (a->family != b->family)
		return false;
	vk_inet_host_bits(a, prefix, false, &x);
	vk_inet_host_bits(b, prefix, false, &y);
	return vk_inet_cmp(&x, &y) == 0;
}

int vk_inet_cmp(const struct vk_inet *a, const struct vk_inet *b)
{
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	if (a->family == AF_INET)
		return a->v4 < b->v4 ? -1 : a->v4 > b->v4;
	return memcmp(a->v6, b->v6, 16);
}
