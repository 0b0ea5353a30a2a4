/* Growable text buffers. */
#ifndef VK_BUF_H
#define VK_BUF_H

#include <stddef.h>

struct vk_buf {
	char *s;	/* always NUL-terminated once anything was added */
	size_t len;
	size_t cap;
};

#define VK_BUF_INIT {NULL, 0, 0}

void vk_buf_add(struct vk_buf *b, const char *s);
void vk_buf_addn(struct vk_buf *b, const char *s, size_t n);
void vk_buf_addc(struct vk_buf *b, char c);
void vk_buf_addf(struct vk_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Append S with the five XML special characters escaped. */
void vk_buf_add_xml(struct vk_buf *b, const char *s);

/* What vk_buf_add_xml_esc escapes beyond & < > (always escaped). */
#define VK_BUF_XML_QUOTES 1u	/* ' and " */
#define VK_BUF_XML_CR 2u	/* \r as &#13; */
#define VK_BUF_XML_BLANKS 4u	/* \t and \n as &#9; &#10; */
/* Append S with & < > and what FLAGS names escaped. */
void vk_buf_add_xml_esc(struct vk_buf *b, const char *s, unsigned flags);
/* Give the text to the caller (who frees it) and reset B.  Never NULL. */
char *vk_buf_steal(struct vk_buf *b);
void vk_buf_free(struct vk_buf *b);

#endif
