/* The canonical XML writer of xml.h (struct vk_xw). */
#include <assert.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

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

/* ---- subtrees kept as they were given ---- */

static char *qualified(xmlNsPtr ns, const xmlChar *name)
{
	if (ns && ns->prefix)
		return vk_asprintf("%s:%s", ns->prefix, name);
	return vk_strdup((const char *)name);
}

static bool has_element_child(xmlNodePtr node)
{
	xmlNodePtr c;

	for (c = node->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return true;
	return false;
}

static bool blank(const char *s)
{
	return s[strspn(s, " \t\r\n")] == '\0';
}

static void write_node(struct vk_xw *w, xmlNodePtr node)
{
	char *name = qualified(node->ns, node->name);
	xmlNsPtr ns;
	xmlAttrPtr a;
	xmlNodePtr c;

	vk_xw_open(w, name);
	for (ns = node->nsDef; ns; ns = ns->next) {
		char *an = ns->prefix ?
			vk_asprintf("xmlns:%s", ns->prefix) :
			vk_strdup("xmlns");

		vk_xw_attr(w, an, (const char *)ns->href);
		free(an);
	}
	for (a = node->properties; a; a = a->next) {
		char *an = qualified(a->ns, a->name);
		xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);

		vk_xw_attr(w, an, v ? (const char *)v : "");
		xmlFree(v);
		free(an);
	}
	if (!has_element_child(node)) {
		xmlChar *t = xmlNodeGetContent(node);

		if (t && *t)
			vk_xw_text(w, (const char *)t);
		xmlFree(t);
	} else {
		for (c = node->children; c; c = c->next) {
			if (c->type == XML_ELEMENT_NODE) {
				write_node(w, c);
			} else if ((c->type == XML_TEXT_NODE ||
				    c->type == XML_CDATA_SECTION_NODE) &&
				   c->content &&
				   !blank((const char *)c->content)) {
				/* Mixed content: the text keeps its place
				 * on a line of its own, without the blanks
				 * around it (the indentation would grow
				 * them each time it is written: fuzz). */
				const char *t = (const char *)c->content;
				size_t len;
				char *trimmed;

				t += strspn(t, " \t\r\n");
				len = strlen(t);
				while (len && strchr(" \t\r\n", t[len - 1]))
					len--;
				trimmed = vk_strndup(t, len);
				close_pending(w);
				indent(w);
				vk_buf_add_xml_esc(&w->b, trimmed, XW_TEXT_ESC);
				vk_buf_addc(&w->b, '\n');
				free(trimmed);
			}
		}
	}
	vk_xw_close(w);
	free(name);
}

char *vk_xml_node_text(xmlNodePtr node)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr copy;
	struct vk_xw w;
	char *text;

	if (!doc)
		abort();
	copy = xmlDocCopyNode(node, doc, 1);
	if (!copy)
		abort();
	xmlDocSetRootElement(doc, copy);
	/* libxml2's copy declares on COPY the namespaces that NODE's
	 * subtree uses from its ancestors. */
	memset(&w, 0, sizeof(w));
	write_node(&w, copy);
	text = vk_xw_finish(&w);
	xmlFreeDoc(doc);
	return text;
}

void vk_xw_size(struct vk_xw *w, const char *name, const char *unit,
		unsigned long long v)
{
	char n[24];

	snprintf(n, sizeof(n), "%llu", v);
	vk_xw_open(w, name);
	vk_xw_attr(w, "unit", unit);
	vk_xw_text(w, n);
	vk_xw_close(w);
}

void vk_xw_raw(struct vk_xw *w, const char *text)
{
	const char *p, *nl;

	close_pending(w);
	for (p = text; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		if (nl > p) {
			indent(w);
			vk_buf_addn(&w->b, p, (size_t)(nl - p));
			vk_buf_addc(&w->b, '\n');
		}
		if (!*nl)
			break;
	}
}
