/* The canonical XML writer of xml.h (struct vk_xw). */
#include <assert.h>
#include <stdarg.h>
#include <stdlib.h>

#include "../util/error.h"
#include "xml.h"

/* Text keeps its blanks except \r (which a parser would turn into \n);
 * a single-quoted attribute escapes both quotes and every blank but the
 * space, which a parser would otherwise normalise. */
#define XW_TEXT_ESC VK_BUF_XML_CR
#define XW_ATTR_ESC (VK_BUF_XML_QUOTES | VK_BUF_XML_CR | VK_BUF_XML_BLANKS)

static void indent(struct vk_xw *w)
{
	int i;

	for (i = 0; i < w->depth; i++)
		vk_buf_add(&w->b, "  ");
}

static void close_pending(struct vk_xw *w)
{
	if (w->pending) {
		vk_buf_add(&w->b, ">\n");
		w->pending = false;
	}
}

void vk_xw_open(struct vk_xw *w, const char *name)
{
	close_pending(w);
	indent(w);
	vk_buf_addc(&w->b, '<');
	vk_buf_add(&w->b, name);
	assert(w->depth < VK_XW_MAX_DEPTH);
	w->stack[w->depth++] = name;
	w->pending = true;
}

void vk_xw_attr(struct vk_xw *w, const char *name, const char *value)
{
	if (!value)
		return;
	vk_buf_addc(&w->b, ' ');
	vk_buf_add(&w->b, name);
	vk_buf_add(&w->b, "='");
	vk_buf_add_xml_esc(&w->b, value, XW_ATTR_ESC);
	vk_buf_addc(&w->b, '\'');
}

void vk_xw_attrf(struct vk_xw *w, const char *name, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = vk_vasprintf(fmt, ap);
	va_end(ap);
	vk_xw_attr(w, name, s);
	free(s);
}

void vk_xw_text(struct vk_xw *w, const char *text)
{
	if (!w->pending || !text)
		return;
	vk_buf_addc(&w->b, '>');
	vk_buf_add_xml_esc(&w->b, text, XW_TEXT_ESC);
	w->pending = false;
	w->text = true;
}

void vk_xw_close(struct vk_xw *w)
{
	if (w->depth <= 0)
		return;
	w->depth--;
	if (w->text) {
		w->text = false;
	} else if (w->pending) {
		vk_buf_add(&w->b, "/>\n");
		w->pending = false;
		return;
	} else {
		indent(w);
	}
	vk_buf_add(&w->b, "</");
	vk_buf_add(&w->b, w->stack[w->depth]);
	vk_buf_add(&w->b, ">\n");
}

void vk_xw_elem(struct vk_xw *w, const char *name, const char *text)
{
	if (!text)
		return;
	vk_xw_open(w, name);
	if (*text)
		vk_xw_text(w, text);
	vk_xw_close(w);
}

void vk_xw_elemf(struct vk_xw *w, const char *name, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = vk_vasprintf(fmt, ap);
	va_end(ap);
	vk_xw_elem(w, name, s);
	free(s);
}

void vk_xw_empty(struct vk_xw *w, const char *name)
{
	vk_xw_open(w, name);
	vk_xw_close(w);
}

char *vk_xw_finish(struct vk_xw *w)
{
	while (w->depth > 0)
		vk_xw_close(w);
	return vk_buf_steal(&w->b);
}
