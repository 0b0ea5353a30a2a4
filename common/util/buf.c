#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"

static void grow(struct vk_buf *b, size_t more)
{
	size_t need = b->len + more + 1;

	if (need <= b->cap)
		return;
	if (b->cap < 64)
		b->cap = 64;
	while (b->cap < need)
		b->cap *= 2;
	b->s = vk_realloc(b->s, b->cap);
}

void vk_buf_addn(struct vk_buf *b, const char *s, size_t n)
{
	grow(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void vk_buf_add(struct vk_buf *b, const char *s)
{
	vk_buf_addn(b, s, strlen(s));
}

void vk_buf_addc(struct vk_buf *b, char c)
{
	vk_buf_addn(b, &c, 1);
}

static void vaddf(struct vk_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	grow(b, (size_t)n);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void vk_buf_addf(struct vk_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vaddf(b, fmt, ap);
	va_end(ap);
}

/* The replacement for C under FLAGS, or NULL to copy it. */
static const char *xml_escape(char c, unsigned flags)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '\'': return flags & VK_BUF_XML_QUOTES ? "&apos;" : NULL;
	case '"': return flags & VK_BUF_XML_QUOTES ? "&quot;" : NULL;
	case '\r': return flags & VK_BUF_XML_CR ? "&#13;" : NULL;
	case '\n': return flags & VK_BUF_XML_BLANKS ? "&#10;" : NULL;
	case '\t': return flags & VK_BUF_XML_BLANKS ? "&#9;" : NULL;
	default: return NULL;
	}
}

void vk_buf_add_xml_esc(struct vk_buf *b, const char *s, unsigned flags)
{
	const char *run = s;

	for (; *s; s++) {
		const char *rep = xml_escape(*s, flags);

		if (!rep)
			continue;
		vk_buf_addn(b, run, (size_t)(s - run));
		vk_buf_add(b, rep);
		run = s + 1;
	}
	vk_buf_addn(b, run, (size_t)(s - run));
}

void vk_buf_add_xml(struct vk_buf *b, const char *s)
{
	vk_buf_add_xml_esc(b, s, VK_BUF_XML_QUOTES);
}

char *vk_buf_steal(struct vk_buf *b)
{
	char *s = b->s ? b->s : vk_strdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void vk_buf_free(struct vk_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}
