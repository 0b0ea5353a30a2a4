/* IPv4 addresses and prefixes, in host byte order; IPv6 and IPv4 alike
 * as struct vk_inet. */
#ifndef VK_INET_H
#define VK_INET_H

#include <stdbool.h>
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

/* An IPv4 or IPv6 address. */
#define VK_INET_STRLEN 45	/* INET6_ADDRSTRLEN - 1 */
#define VK_INET_CIDR_STRLEN 49

struct vk_inet {
	int family;		/* AF_INET or AF_INET6 */
	uint32_t v4;		/* AF_INET, host byte order */
	unsigned char v6[16];	/* AF_INET6, network byte order */
};

/* S as a dotted quad, else as an IPv6 address, into *OUT.  Returns 0, or
 * -1 (no error recorded). */
int vk_inet_parse(const char *s, struct vk_inet *out);
/* A's text (IPv6 in its RFC 5952 form) into OUT (VK_INET_STRLEN + 1). */
void vk_inet_format(const struct vk_inet *a, char *out);
/* "NETWORK/PREFIX" of A's network into OUT (VK_INET_CIDR_STRLEN + 1). */
void vk_inet_cidr(const struct vk_inet *a, int prefix, char *out);
/* The address bits of A (32 or 128). */
int vk_inet_bits(const struct vk_inet *a);
/* A with the bits after PREFIX cleared (SET: set) into *OUT. */
void vk_inet_host_bits(const struct vk_inet *a, int prefix, bool set,
		       struct vk_inet *out);
/* Whether A and B are of one family and share their first PREFIX bits. */
bool vk_inet_same_net(const struct vk_inet *a, const struct vk_inet *b,
		      int prefix);
/* <0, 0, >0 as A is below, equal to or above B (same family). */
int vk_inet_cmp(const struct vk_inet *a, const struct vk_inet *b);

#endif
