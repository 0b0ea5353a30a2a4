#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlversion.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>

#include "../util/error.h"
#include "../util/heap.h"
#include "../util/uuid.h"
#include "xml.h"
#include "xml_invalid.h"

/* libxml2 2.12 made the error argument const. */
#if LIBXML_VERSION >= 21200
typedef const xmlError *xml_err_t;
#else
typedef xmlErrorPtr xml_err_t;
#endif

/* libxml2 must never print: every error it raises lands here unless a
 * capture is active. */
static void silent_error(void *ctx, xml_err_t err)
{
	(void)ctx;
	(void)err;
}

static void silent_generic(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

static void xml_init(void)
{
	static __thread bool done;

	if (done)
		return;
	xmlInitParser();
	xmlSetGenericErrorFunc(NULL, silent_generic);
	xmlSetStructuredErrorFunc(NULL, silent_error);
	done = true;
}

/* The first error libxml2 reports while a capture is installed. */
struct capture {
	bool set;
	int line;
	xmlNodePtr node;
	char msg[512];
};

/* Cut libxml2's advice to its callers ("... use XML_PARSE_HUGE option"):
 * the user cannot act on it. */
static void strip_advice(char *msg)
{
	static const char *const advice[] = {
		" use XML_PARSE_HUGE option", ", use XML_PARSE_HUGE", NULL
	};
	const char *const *a;
	char *p;

	for (a = advice; *a; a++) {
		p = strstr(msg, *a);
		if (p)
			*p = '\0';
	}
}

static void capture_error(void *ctx, xml_err_t err)
{
	struct capture *c = ctx;
	size_t len;

	if (c->set || !err || err->level == XML_ERR_WARNING)
		return;
	c->set = true;
	c->line = err->line;
	c->node = err->node;
	snprintf(c->msg, sizeof(c->msg), "%s",
		 err->message ? err->message : "unknown error");
	strip_advice(c->msg);
	len = strlen(c->msg);
	while (len && (c->msg[len - 1] == '\n' || c->msg[len - 1] == ' '))
		c->msg[--len] = '\0';
}

static void capture_start(struct capture *c)
{
	xml_init();
	memset(c, 0, sizeof(*c));
	xmlSetStructuredErrorFunc(c, capture_error);
}

static void capture_stop(void)
{
	xmlSetStructuredErrorFunc(NULL, silent_error);
}

/* ---- errors ---- */

static const char *doc_name(xmlNodePtr node)
{
	if (node && node->doc && node->doc->URL)
		return (const char *)node->doc->URL;
	return "document";
}

/* "FILE:LINE: <ELEM>: WHAT"; FILE is LOC's document. */
static int located_error(xmlNodePtr loc, long line, const char *elem,
			 const char *what)
{
	if (line > 0)
		return vk_error(VK_EXIT_DOCUMENT, "%s:%ld: <%s>: %s",
				doc_name(loc), line, elem, what);
	return vk_error(VK_EXIT_DOCUMENT, "%s: <%s>: %s", doc_name(loc),
			elem, what);
}

/* The same with a formatted WHAT, the line taken from LOC. */
static int verror_at(xmlNodePtr loc, const char *elem, const char *fmt,
		     va_list ap)
{
	char what[768];

	vsnprintf(what, sizeof(what), fmt, ap);
	return located_error(loc, loc ? xmlGetLineNo(loc) : -1, elem, what);
}

int vk_xml_error(xmlNodePtr node, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror_at(node, node ? (const char *)node->name : "?", fmt, ap);
	va_end(ap);
	return -1;
}

int vk_xml_child_error(xmlNodePtr child, const char *fmt, ...)
{
	xmlNodePtr parent = child->parent;
	const char *pname = "?";
	va_list ap;

	if (parent && parent->type == XML_ELEMENT_NODE)
		pname = (const char *)parent->name;
	va_start(ap, fmt);
	verror_at(child, pname, fmt, ap);
	va_end(ap);
	return -1;
}

int vk_xml_unknown(xmlNodePtr child)
{
	if (child->ns && child->ns->prefix)
		return vk_xml_child_error(child, "unknown element <%s:%s>",
					  child->ns->prefix, child->name);
	if (child->ns)
		return vk_xml_child_error(child, "unknown element <%s> in "
					  "namespace '%s'", child->name,
					  child->ns->href);
	return vk_xml_child_error(child, "unknown element <%s>", child->name);
}

int vk_xml_duplicate(xmlNodePtr child)
{
	return vk_xml_child_error(child, "more than one <%s>", child->name);
}

int vk_xml_error_wrap(xmlNodePtr node)
{
	char msg[1024];

	snprintf(msg, sizeof(msg), "%s", vk_error_message());
	return vk_xml_error(node, "%s", msg);
}

/* ---- reading and parsing ---- */

static int read_fd(int fd, const char *path, struct vk_buf *b)
{
	char chunk[65536];
	ssize_t n;

	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return vk_error_errno(VK_EXIT_FAILED, errno,
					      "cannot read %s", path);
		if (n == 0)
			return 0;
		if (b->len + (size_t)n > VK_XML_MAX_SIZE)
			return vk_error(VK_EXIT_DOCUMENT,
					"%s: document is larger than 10 MiB",
					path);
		vk_buf_addn(b, chunk, (size_t)n);
	}
}

char *vk_xml_read_file(const char *path, size_t *len)
{
	struct vk_buf b = VK_BUF_INIT;
	struct stat st;
	bool is_stdin = !strcmp(path, "-");
	int fd = STDIN_FILENO, rc;

	if (!is_stdin) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			vk_error_errno(errno == ENOENT ? VK_EXIT_NOT_FOUND :
				       VK_EXIT_FAILED, errno, "cannot read %s",
				       path);
			return NULL;
		}
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		rc = vk_error_errno(VK_EXIT_FAILED, EISDIR, "cannot read %s",
				    path);
	} else {
		rc = read_fd(fd, path, &b);
	}
	if (!is_stdin)
		close(fd);
	if (rc < 0) {
		vk_buf_free(&b);
		return NULL;
	}
	if (len)
		*len = b.len;
	return vk_buf_steal(&b);
}

/* SAX hook: a DOCTYPE stops the parser before its subset is read. */
static void refuse_doctype(void *ctx, const xmlChar *name,
			   const xmlChar *ext, const xmlChar *sys)
{
	xmlParserCtxtPtr ctxt = ctx;
	int *line = ctxt->_private;

	(void)name;
	(void)ext;
	(void)sys;
	if (!*line)
		*line = ctxt->input ? ctxt->input->line : 1;
	xmlStopParser(ctxt);
}

/* DATA holds no NUL byte (vk_xml_parse checked). */
static bool all_blank(const char *data, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!strchr(" \t\r\n", data[i]))
			return false;
	return true;
}

/* "FILE:LINE: WHAT", without LINE when libxml2 gave none. */
static void parse_error(const char *name, const struct capture *cap)
{
	const char *what = cap->set ? cap->msg : "document has no root element";

	if (cap->line > 0)
		vk_error(VK_EXIT_DOCUMENT, "%s:%d: %s", name, cap->line, what);
	else
		vk_error(VK_EXIT_DOCUMENT, "%s: %s", name, what);
}

static xmlDocPtr parse_checked(const char *data, size_t len,
			       const char *name)
{
	struct capture cap;
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;
	int doctype_line = 0;

	capture_start(&cap);
	ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		capture_stop();
		vk_error(VK_EXIT_FAILED, "%s: cannot create an XML parser",
			 name);
		return NULL;
	}
	ctxt->_private = &doctype_line;
	ctxt->sax->internalSubset = refuse_doctype;
	doc = xmlCtxtReadMemory(ctxt, data, (int)len, name, NULL,
				XML_PARSE_NONET | XML_PARSE_BIG_LINES);
	capture_stop();
	xmlFreeParserCtxt(ctxt);
	if (doctype_line || (doc && (doc->intSubset || doc->extSubset))) {
		xmlFreeDoc(doc);
		vk_error(VK_EXIT_DOCUMENT,
			 "%s:%d: document type declarations are not allowed",
			 name, doctype_line ? doctype_line : 1);
		return NULL;
	}
	if (!doc || cap.set || !xmlDocGetRootElement(doc)) {
		xmlFreeDoc(doc);
		parse_error(name, &cap);
		return NULL;
	}
	return doc;
}

/* libxml2 2.9 compares each attribute of an element with all those
 * before it: 870000 attributes fit in 10 MiB and would take half an
 * hour to parse (64000: 10 s).  No element needs more than this. */
#define VK_XML_MAX_ATTRS 1024

/* Just past the first TERM at or after P (END if none), counting the
 * newlines skipped into *LINE. */
static const char *skip_past(const char *p, const char *end,
			     const char *term, int *line)
{
	const char *q = memmem(p, (size_t)(end - p), term, strlen(term));

	q = q ? q + strlen(term) : end;
	for (; p < q; p++)
		if (*p == '\n')
			(*line)++;
	return q - 1;
}

/* The line of the first start tag with more than VK_XML_MAX_ATTRS
 * attributes (counted as '=' outside quotes), or 0. */
static int too_many_attrs(const char *p, size_t len)
{
	const char *end = p + len;
	int line = 1, tagline = 0, n = 0;
	bool in_tag = false;
	char quote = 0;

	for (; p < end; p++) {
		if (*p == '\n')
			line++;
		if (quote) {
			if (*p == quote)
				quote = 0;
		} else if (!in_tag) {
			if (*p != '<')
				continue;
			if (end - p >= 4 && !memcmp(p, "<!--", 4))
				p = skip_past(p, end, "-->", &line);
			else if (end - p >= 9 && !memcmp(p, "<![CDATA[", 9))
				p = skip_past(p, end, "]]>", &line);
			else if (end - p >= 2 && p[1] == '?')
				p = skip_past(p, end, "?>", &line);
			else
				in_tag = true, tagline = line, n = 0;
		} else if (*p == '"' || *p == '\'') {
			quote = *p;
		} else if (*p == '=' && ++n > VK_XML_MAX_ATTRS) {
			return tagline;
		} else if (*p == '>') {
			in_tag = false;
		}
	}
	return 0;
}

xmlDocPtr vk_xml_parse(const char *data, size_t len, const char *name)
{
	int line;

	if (!name)
		name = "document";
	if (len > VK_XML_MAX_SIZE) {
		vk_error(VK_EXIT_DOCUMENT, "%s: document is larger than 10 MiB",
			 name);
		return NULL;
	}
	/* libxml2 would stop at a NUL and ignore what follows it. */
	if (data && memchr(data, '\0', len)) {
		vk_error(VK_EXIT_DOCUMENT, "%s: document contains a NUL byte",
			 name);
		return NULL;
	}
	if (!data || all_blank(data, len)) {
		vk_error(VK_EXIT_DOCUMENT, "%s: document is empty", name);
		return NULL;
	}
	line = too_many_attrs(data, len);
	if (line) {
		vk_error(VK_EXIT_DOCUMENT, "%s:%d: an element with more than "
			 "%d attributes", name, line, VK_XML_MAX_ATTRS);
		return NULL;
	}
	return parse_checked(data, len, name);
}

xmlDocPtr vk_xml_parse_file(const char *path)
{
	xmlDocPtr doc;
	size_t len;
	char *data = vk_xml_read_file(path, &len);

	if (!data)
		return NULL;
	doc = vk_xml_parse(data, len, path);
	free(data);
	return doc;
}

/* ---- RelaxNG ---- */

struct schema_slot {
	char kind[32];
	xmlRelaxNGPtr rng;
};

static struct schema_slot schema_cache[8];

static xmlRelaxNGPtr compile_schema(const char *kind, const char *text)
{
	struct capture cap;
	xmlRelaxNGParserCtxtPtr pctxt;
	xmlRelaxNGPtr rng;

	if (strlen(text) > 64 * 1024)
		vk_heap_reserve(4 << 20);	/* see util/heap.h */
	capture_start(&cap);
	pctxt = xmlRelaxNGNewMemParserCtxt(text, (int)strlen(text));
	if (pctxt) {
		xmlRelaxNGSetParserStructuredErrors(
			pctxt, capture_error, &cap);
		rng = xmlRelaxNGParse(pctxt);
		xmlRelaxNGFreeParserCtxt(pctxt);
	} else {
		rng = NULL;
	}
	capture_stop();
	if (!rng)
		vk_error(VK_EXIT_FAILED, "cannot compile the %s schema: %s",
			 kind, cap.set ? cap.msg : "unknown error");
	return rng;
}

static xmlRelaxNGPtr get_schema(const char *kind)
{
	const char *text;
	size_t i;

	if (strlen(kind) >= sizeof(schema_cache[0].kind)) {
		vk_error(VK_EXIT_FAILED, "no schema for %s", kind);
		return NULL;
	}
	for (i = 0; i < sizeof(schema_cache) / sizeof(*schema_cache); i++) {
		struct schema_slot *s = &schema_cache[i];

		if (s->rng && !strcmp(s->kind, kind))
			return s->rng;
		if (s->rng)
			continue;
		text = vk_schema_text(kind);
		if (!text) {
			vk_error(VK_EXIT_FAILED, "no schema for %s", kind);
			return NULL;
		}
		s->rng = compile_schema(kind, text);
		if (s->rng)
			snprintf(s->kind, sizeof(s->kind), "%s", kind);
		return s->rng;
	}
	vk_error(VK_EXIT_FAILED, "too many schemas");
	return NULL;
}

static int report_invalid(xmlDocPtr doc, struct capture *cap)
{
	xmlNodePtr node = cap->node;
	const char *name = doc->URL ? (const char *)doc->URL : "document";

	if (node && node->type == XML_ELEMENT_NODE)
		return located_error(node, xmlGetLineNo(node),
				     (const char *)node->name, cap->msg);
	node = xmlDocGetRootElement(doc);
	if (node)
		return located_error(node, cap->line > 0 ? cap->line :
				     xmlGetLineNo(node),
				     (const char *)node->name, cap->msg);
	return vk_error(VK_EXIT_DOCUMENT, "%s: %s", name, cap->msg);
}

int vk_xml_validate(xmlDocPtr doc, const char *kind)
{
	xmlRelaxNGValidCtxtPtr vctxt;
	xmlRelaxNGPtr rng = get_schema(kind);
	struct vk_xml_culprit found;
	struct capture cap;
	int rc;

	if (!rng)
		return -1;
	capture_start(&cap);
	vctxt = xmlRelaxNGNewValidCtxt(rng);
	if (!vctxt) {
		capture_stop();
		return vk_error(VK_EXIT_FAILED, "cannot validate against %s",
				kind);
	}
	xmlRelaxNGSetValidStructuredErrors(
		vctxt, capture_error, &cap);
	rc = xmlRelaxNGValidateDoc(vctxt, doc);
	xmlRelaxNGFreeValidCtxt(vctxt);
	capture_stop();
	if (rc == 0)
		return 0;
	if (vk_xml_find_invalid(doc, rng, vk_schema_text(kind), &found))
		return located_error(found.node, xmlGetLineNo(found.node),
				     (const char *)found.elem->name,
				     found.msg);
	if (!cap.set)
		snprintf(cap.msg, sizeof(cap.msg),
			 "document does not match the %s schema", kind);
	return report_invalid(doc, &cap);
}

/* ---- navigation and checks ---- */

static xmlNodePtr skip_to_element(xmlNodePtr n)
{
	while (n && n->type != XML_ELEMENT_NODE)
		n = n->next;
	return n;
}

xmlNodePtr vk_xml_first(xmlNodePtr parent)
{
	return parent ? skip_to_element(parent->children) : NULL;
}

xmlNodePtr vk_xml_next(xmlNodePtr node)
{
	return node ? skip_to_element(node->next) : NULL;
}

bool vk_xml_is(xmlNodePtr node, const char *name)
{
	return node && node->type == XML_ELEMENT_NODE && !node->ns &&
	       !strcmp((const char *)node->name, name);
}

static const char *attr_name(xmlAttrPtr a, char *buf, size_t size)
{
	if (a->ns && a->ns->prefix)
		snprintf(buf, size, "%s:%s", a->ns->prefix, a->name);
	else
		snprintf(buf, size, "%s", a->name);
	return buf;
}

int vk_xml_check_attrs(xmlNodePtr node, const char *const *allowed)
{
	xmlAttrPtr a;
	char buf[256];

	for (a = node->properties; a; a = a->next) {
		const char *const *p;

		for (p = allowed; p && *p; p++)
			if (!a->ns && !strcmp((const char *)a->name, *p))
				break;
		if (!p || !*p)
			return vk_xml_error(node, "unknown attribute '%s'",
					    attr_name(a, buf, sizeof(buf)));
	}
	return 0;
}

static bool is_text(xmlNodePtr n)
{
	return n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE;
}

static bool blank(const char *s)
{
	return !s || !s[strspn(s, " \t\r\n")];
}

/* libxml2 gives a text node the line where it ends; the message wants
 * the line of its first non-blank character. */
static long text_line(xmlNodePtr n, const char *start)
{
	long line = xmlGetLineNo(n);
	const char *p;

	for (p = start; *p; p++)
		if (*p == '\n')
			line--;
	return line;
}

static int text_error(xmlNodePtr n)
{
	const char *s = (const char *)n->content;
	const char *pname = n->parent ? (const char *)n->parent->name : "?";
	char what[128];
	int len;

	s += strspn(s, " \t\r\n");
	len = (int)strcspn(s, "\r\n");
	if (len > 40)
		len = 40;
	snprintf(what, sizeof(what), "unexpected text '%.*s'", len, s);
	return located_error(n, text_line(n, s), pname, what);
}

int vk_xml_check_no_text(xmlNodePtr node)
{
	xmlNodePtr n;

	for (n = node->children; n; n = n->next) {
		if (n->type == XML_ENTITY_REF_NODE)
			return vk_xml_child_error(n, "unexpected entity "
						  "reference");
		if (is_text(n) && !blank((const char *)n->content))
			return text_error(n);
	}
	return 0;
}

int vk_xml_check_empty(xmlNodePtr node)
{
	xmlNodePtr child = vk_xml_first(node);

	if (child)
		return vk_xml_unknown(child);
	return vk_xml_check_no_text(node);
}

bool vk_xml_has_attr(xmlNodePtr node, const char *name)
{
	return xmlHasNsProp(node, (const xmlChar *)name, NULL) != NULL;
}

char *vk_xml_attr(xmlNodePtr node, const char *name)
{
	xmlChar *v = xmlGetNoNsProp(node, (const xmlChar *)name);
	char *s;

	if (!v)
		return NULL;
	s = vk_strdup((const char *)v);
	xmlFree(v);
	return s;
}

int vk_xml_attr_str(xmlNodePtr node, const char *name, bool required,
		    char **out)
{
	char *v = vk_xml_attr(node, name);

	if (!v)
		return required ? vk_xml_error(node, "missing attribute '%s'",
					       name) : 0;
	if (!*v) {
		free(v);
		return vk_xml_error(node, "%s must not be empty", name);
	}
	*out = v;
	return 0;
}

static char *trim(char *s)
{
	size_t len = strlen(s), skip = strspn(s, " \t\r\n");

	while (len > skip && strchr(" \t\r\n", s[len - 1]))
		len--;
	memmove(s, s + skip, len - skip);
	s[len - skip] = '\0';
	return s;
}

int vk_xml_text(xmlNodePtr node, bool trim_blanks, char **out)
{
	struct vk_buf b = VK_BUF_INIT;
	xmlNodePtr n;

	*out = NULL;
	for (n = node->children; n; n = n->next) {
		if (n->type == XML_ELEMENT_NODE ||
		    n->type == XML_ENTITY_REF_NODE) {
			vk_buf_free(&b);
			if (n->type == XML_ELEMENT_NODE)
				return vk_xml_unknown(n);
			return vk_xml_child_error(n, "unexpected entity "
						  "reference");
		}
		if (is_text(n) && n->content)
			vk_buf_add(&b, (const char *)n->content);
	}
	*out = vk_buf_steal(&b);
	if (trim_blanks)
		trim(*out);
	return 0;
}

int vk_xml_plain_text(xmlNodePtr node, bool trim_blanks, char **out)
{
	*out = NULL;
	if (vk_xml_check_attrs(node, NULL) < 0)
		return -1;
	return vk_xml_text(node, trim_blanks, out);
}

int vk_xml_text_nonempty(xmlNodePtr node, char **out)
{
	if (vk_xml_plain_text(node, true, out) < 0)
		return -1;
	if (**out)
		return 0;
	free(*out);
	*out = NULL;
	return vk_xml_error(node, "must not be empty");
}

int vk_xml_text_uuid(xmlNodePtr node, unsigned char uuid[16])
{
	char *text;
	int rc = 0;

	if (vk_xml_plain_text(node, true, &text) < 0)
		return -1;
	if (vk_uuid_parse(text, uuid) < 0)
		rc = vk_xml_error(node, "'%s' is not a valid UUID", text);
	free(text);
	return rc;
}

/* ---- typed values ---- */

static void join_values(const char *const *values, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (; *values && used < size; values++) {
		int n = snprintf(buf + used, size - used, "%s%s",
				 used ? ", " : "", *values);

		if (n < 0)
			break;
		used += (size_t)n;
	}
}

static int find_value(const char *s, const char *const *values)
{
	int i;

	for (i = 0; values[i]; i++)
		if (!strcmp(s, values[i]))
			return i;
	return -1;
}

int vk_xml_attr_enum(xmlNodePtr node, const char *name,
		     const char *const *values, bool required, int *out)
{
	char *v = vk_xml_attr(node, name);
	char list[512];
	int i;

	if (!v)
		return required ? vk_xml_error(node, "missing attribute '%s'",
					       name) : 0;
	i = find_value(v, values);
	if (i < 0) {
		join_values(values, list, sizeof(list));
		vk_xml_error(node, "%s '%s' is not one of %s", name, v, list);
		free(v);
		return -1;
	}
	free(v);
	*out = i;
	return 0;
}

int vk_xml_text_enum(xmlNodePtr node, const char *const *values, int *out)
{
	char list[512];
	char *v;
	int i;

	if (vk_xml_text(node, true, &v) < 0)
		return -1;
	i = find_value(v, values);
	if (i < 0) {
		join_values(values, list, sizeof(list));
		vk_xml_error(node, "'%s' is not one of %s", v, list);
		free(v);
		return -1;
	}
	free(v);
	*out = i;
	return 0;
}

int vk_xml_attr_yesno(xmlNodePtr node, const char *name, int *out)
{
	static const char *const yesno[] = {"no", "yes", NULL};

	return vk_xml_attr_enum(node, name, yesno, false, out);
}

/* Strict unsigned number: digits only (0x hex or 0 octal with ANYBASE).
 * 0 ok, -1 not a number, -2 too large, -3 negative. */
static int parse_uint(const char *s, bool anybase, unsigned long long max,
		      unsigned long long *out)
{
	unsigned long long v;
	char *end;
	int base = anybase ? 0 : 10;
	const char *digits = s;

	if (s[0] == '-' && s[1] >= '0' && s[1] <= '9' &&
	    !s[1 + strspn(s + 1, "0123456789")])
		return -3;
	if (anybase && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		digits = s + 2;
	if (!*digits || !strchr("0123456789abcdefABCDEF", *digits))
		return -1;
	errno = 0;
	v = strtoull(s, &end, base);
	if (*end)
		return -1;
	if (errno == ERANGE || v > max)
		return -2;
	*out = v;
	return 0;
}

int vk_xml_parse_int(const char *s, long long *out)
{
	const char *digits = s + (*s == '+' || *s == '-');
	long long v;
	char *end;

	if (*digits < '0' || *digits > '9')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end)
		return -1;
	if (errno == ERANGE)
		return -2;
	*out = v;
	return 0;
}

int vk_xml_attr_uint(xmlNodePtr node, const char *name, bool anybase,
		     unsigned long long max, bool required,
		     unsigned long long *out, bool *set)
{
	char *v = vk_xml_attr(node, name);
	int rc;

	if (set)
		*set = false;
	if (!v)
		return required ? vk_xml_error(node, "missing attribute '%s'",
					       name) : 0;
	rc = parse_uint(v, anybase, max, out);
	if (rc == -1)
		vk_xml_error(node, "%s '%s' is not a number", name, v);
	else if (rc == -2)
		vk_xml_error(node, "%s '%s' is out of range (at most %llu)",
			     name, v, max);
	else if (rc == -3)
		vk_xml_error(node, "%s '%s' is negative", name, v);
	else if (set)
		*set = true;
	free(v);
	return rc < 0 ? -1 : 0;
}

int vk_xml_text_uint(xmlNodePtr node, unsigned long long max,
		     unsigned long long *out)
{
	char *v;
	int rc;

	if (vk_xml_text(node, true, &v) < 0)
		return -1;
	rc = parse_uint(v, false, max, out);
	if (rc == -1)
		vk_xml_error(node, "'%s' is not a number", v);
	else if (rc == -2)
		vk_xml_error(node, "'%s' is out of range (at most %llu)", v,
			     max);
	else if (rc == -3)
		vk_xml_error(node, "'%s' is negative", v);
	free(v);
	return rc < 0 ? -1 : 0;
}

int vk_xml_set_once(xmlNodePtr node, char **slot, char *value)
{
	if (*slot) {
		free(value);
		return vk_xml_duplicate(node);
	}
	*slot = value;
	return 0;
}

/* ---- XPath ---- */

static void add_node(struct vk_buf *out, xmlDocPtr doc, xmlNodePtr n)
{
	if (n->type == XML_ELEMENT_NODE) {
		xmlBufferPtr xb = xmlBufferCreate();

		xmlNodeDump(xb, doc, n, 0, 0);
		vk_buf_add(out, (const char *)xmlBufferContent(xb));
		xmlBufferFree(xb);
	} else {
		xmlChar *s = xmlNodeGetContent(n);

		if (s)
			vk_buf_add(out, (const char *)s);
		xmlFree(s);
	}
	vk_buf_addc(out, '\n');
}

static int add_result(struct vk_buf *out, xmlDocPtr doc,
		      xmlXPathObjectPtr obj, const char *expr)
{
	xmlChar *s;
	int i;

	if (obj->type == XPATH_NODESET) {
		if (xmlXPathNodeSetIsEmpty(obj->nodesetval))
			return vk_error(VK_EXIT_NOT_FOUND,
					"XPath '%s' selects nothing", expr);
		for (i = 0; i < obj->nodesetval->nodeNr; i++)
			add_node(out, doc, obj->nodesetval->nodeTab[i]);
		return 0;
	}
	s = xmlXPathCastToString(obj);
	vk_buf_add(out, s ? (const char *)s : "");
	vk_buf_addc(out, '\n');
	xmlFree(s);
	return 0;
}

int vk_xml_xpath(xmlDocPtr doc, const char *expr, struct vk_buf *out)
{
	xmlXPathContextPtr ctx;
	xmlXPathObjectPtr obj;
	struct capture cap;
	int rc;

	capture_start(&cap);
	ctx = xmlXPathNewContext(doc);
	obj = ctx ? xmlXPathEval((const xmlChar *)expr, ctx) : NULL;
	capture_stop();
	if (!obj) {
		xmlXPathFreeContext(ctx);
		return vk_error(VK_EXIT_USAGE, "invalid XPath expression '%s'",
				expr);
	}
	rc = add_result(out, doc, obj, expr);
	xmlXPathFreeObject(obj);
	xmlXPathFreeContext(ctx);
	return rc;
}
