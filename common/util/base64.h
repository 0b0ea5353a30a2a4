/* Base64 (RFC 4648, with padding), the form virsh gives secret values
 * in. */
#ifndef VK_BASE64_H
#define VK_BASE64_H

#include <stddef.h>

/* The LEN bytes at DATA in base64, NUL-terminated (caller frees). */
char *vk_base64_encode(const unsigned char *data, size_t len);

/* Decode the LEN characters at S (blanks and newlines around and
 * between the groups are skipped) into *OUT (caller frees; it holds
 * *OUTLEN bytes and a NUL after them).  Returns 0, or -1 (no error
 * recorded) when S is not base64. */
int vk_base64_decode(const char *s, size_t len, unsigned char **out,
		     size_t *outlen);

#endif
