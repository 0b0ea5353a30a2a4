/* IPv4 addresses and prefixes, in host byte order. */
#ifndef VK_INET_H
#define VK_INET_H

#include <stdint.h>

#define VK_IPV4_STRLEN 15
#define VK_CIDR_STRLEN 18	/* "a.b.c.d/pp" */

/* Dotted quad "a.b.c.d" (decimal, no leading zeros beyond "0") into
 * *OUT.  Returns 0, or -1 (no error recorded). */
int vk_ipv4_parse(const char *s, uint32_t *out);
/* Dotted quad into OUT (VK_IPV4_STRLEN + 1 bytes). */
void vk_ipv4_format(uint32_t addr, char *out);
/* "a.b.c.d/PREFIX" into OUT (VK_CIDR_STRLEN + 1 bytes). */
void vk_ipv4_cidr(uint32_t addr, int prefix, char *out);
/* The netmask of PREFIX (0..32). */
uint32_t vk_ipv4_mask(int prefix);
/* The prefix length of MASK, or -1 when its one bits are not contiguous
 * from the top. */
int vk_ipv4_prefix(uint32_t mask);

#endif
