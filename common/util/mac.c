#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "error.h"
#include "mac.h"

int vk_mac_parse(const char *s, unsigned char mac[6])
{
	int i;

	for (i = 0; i < 6; i++) {
		unsigned v = 0;
		int digits = 0;

		while (digits < 2) {
			char c = *s;

			if (c >= '0' && c <= '9')
				v = v * 16 + (unsigned)(c - '0');
			else if (c >= 'a' && c <= 'f')
				v = v * 16 + (unsigned)(c - 'a' + 10);
			else if (c >= 'A' && c <= 'F')
				v = v * 16 + (unsigned)(c - 'A' + 10);
			else
				break;
			s++;
			digits++;
		}
		if (!digits)
			return -1;
		mac[i] = (unsigned char)v;
		if (i < 5 && *s++ != ':')
			return -1;
	}
	return *s ? -1 : 0;
}

int vk_mac_validate(const unsigned char mac[6])
{
	static const unsigned char zero[6];
	char buf[VK_MAC_STRLEN + 1];

	vk_mac_format(mac, buf);
	if (mac[0] & 1)
		return vk_error(VK_EXIT_DOCUMENT,
				"MAC address '%s' is a multicast address",
				buf);
	if (!memcmp(mac, zero, 6))
		return vk_error(VK_EXIT_DOCUMENT,
				"MAC address '%s' is all zero", buf);
	return 0;
}

int vk_mac_generate(const char *prefix, unsigned char mac[6])
{
	memcpy(mac, prefix, 3);
	if (getrandom(mac + 3, 3, 0) != 3)
		return vk_error_errno(VK_EXIT_FAILED, errno,
				      "cannot generate a MAC address");
	return 0;
}

void vk_mac_format(const unsigned char mac[6], char *out)
{
	snprintf(out, VK_MAC_STRLEN + 1, "%02x:%02x:%02x:%02x:%02x:%02x",
		 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}
