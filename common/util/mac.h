/* Ethernet MAC addresses. */
#ifndef VK_MAC_H
#define VK_MAC_H

#define VK_MAC_STRLEN 17

/* Prefixes for generated addresses. */
#define VK_MAC_PREFIX_QEMU "\x52\x54\x00"
#define VK_MAC_PREFIX_XEN "\x00\x16\x3e"

/* Parse "aa:bb:cc:dd:ee:ff" (hex digits, one or two per group).
 * Returns 0, or -1 (no error recorded). */
int vk_mac_parse(const char *s, unsigned char mac[6]);
/* 0 for a unicast, non-zero address; -1 with an error recorded saying
 * why (multicast, all zero). */
int vk_mac_validate(const unsigned char mac[6]);
/* Random address inside the three-byte PREFIX. Returns 0/-1. */
int vk_mac_generate(const char *prefix, unsigned char mac[6]);
/* Lowercase colon form into OUT (VK_MAC_STRLEN + 1 bytes). */
void vk_mac_format(const unsigned char mac[6], char *out);

#endif
