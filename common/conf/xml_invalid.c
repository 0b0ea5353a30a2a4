/* Where a document that fails its RelaxNG schema is wrong.
 *
 * libxml2 reports an error inside an <interleave> (the children of
 * <domain>, <devices>, of most devices) as the interleave's own failure
 * ("Extra element devices in interleave" at the root), dropping the
 * error of the element that caused it.  So a typo inside an element the
 * schema alone checks would be reported at line 1.  This file finds the
 * element at fault by taking parts out of the document: the deepest
 * element whose removal makes the document valid is the culprit, and
 * then its attribute, text or name says why.  Validation is repeated at
 * most a bounded number of times (the budget shrinks with the size of
 * the document); beyond it, or when no single removal makes the
 * document valid (two errors), the caller reports libxml2's own error.
 */
#include <stdio.h>
#include <string.h>

#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>

#include "xml_invalid.h"

/* libxml2 2.12 made the error argument const. */
#if LIBXML_VERSION >= 21200
typedef const xmlError *xml_err_t;
#else
typedef xmlErrorPtr xml_err_t;
#endif

/* Validations allowed: at most MAX_TRIES, fewer for big documents. */
#define MAX_TRIES 256
#define NODE_BUDGET 2000000L

struct hunt {
	xmlDocPtr doc;
	xmlRelaxNGPtr rng;
	const char *schema;	/* the schema's text, for names it knows */
	long tries;		/* validations left */
	bool out;		/* the budget ran out */
};

struct first_at {
	xmlNodePtr within;	/* an error on this element or inside it */
	xmlNodePtr node;
	char msg[256];
};

static void quiet(void *ctx, xml_err_t err)
{
	(void)ctx;
	(void)err;
}

static bool inside(xmlNodePtr node, xmlNodePtr top)
{
	for (; node; node = node->parent)
		if (node == top)
			return true;
	return false;
}

static void first_within(void *ctx, xml_err_t err)
{
	struct first_at *f = ctx;
	xmlNodePtr n;
	size_t len;

	if (f->node || !err || err->level == XML_ERR_WARNING || !err->node)
		return;
	n = err->node;
	if (n->type != XML_ELEMENT_NODE || !inside(n, f->within))
		return;
	f->node = n;
	snprintf(f->msg, sizeof(f->msg), "%s",
		 err->message ? err->message : "does not match the schema");
	len = strlen(f->msg);
	while (len && (f->msg[len - 1] == '\n' || f->msg[len - 1] == ' '))
		f->msg[--len] = '\0';
}

/* Whether the document is valid now; false also once the budget is
 * spent (marked in H->out). */
static bool valid(struct hunt *h, xmlStructuredErrorFunc fn, void *ctx)
{
	xmlRelaxNGValidCtxtPtr v;
	int rc;

	if (h->tries-- <= 0) {
		h->out = true;
		return false;
	}
	v = xmlRelaxNGNewValidCtxt(h->rng);
	if (!v) {
		h->out = true;
		return false;
	}
	xmlRelaxNGSetValidStructuredErrors(v, fn ? fn : quiet, ctx);
	rc = xmlRelaxNGValidateDoc(v, h->doc);
	xmlRelaxNGFreeValidCtxt(v);
	return rc == 0;
}

/* Whether the document is valid without NODE (an element or an
 * attribute), which is put back where it was. */
static bool valid_without(struct hunt *h, xmlNodePtr node)
{
	xmlNodePtr parent = node->parent, next = node->next;
	bool ok;

	xmlUnlinkNode(node);
	ok = valid(h, NULL, NULL);
	if (node->type == XML_ATTRIBUTE_NODE) {
		xmlAttrPtr a = (xmlAttrPtr)node;

		/* back at its place among the attributes */
		a->parent = parent;
		a->next = (xmlAttrPtr)next;
		if (next) {
			a->prev = ((xmlAttrPtr)next)->prev;
			((xmlAttrPtr)next)->prev = a;
		} else {
			xmlAttrPtr last = parent->properties;

			while (last && last->next)
				last = last->next;
			a->prev = last;
		}
		if (a->prev)
			a->prev->next = a;
		else
			parent->properties = a;
	} else if (next) {
		xmlAddPrevSibling(next, node);
	} else {
		xmlAddChild(parent, node);
	}
	return ok;
}

/* Whether the schema names an element (WHAT "element") or attribute
 * NAME anywhere. */
static bool known(const struct hunt *h, const char *what, const char *name)
{
	char pat[160];

	snprintf(pat, sizeof(pat), "<%s name=\"%s\"", what, name);
	return strstr(h->schema, pat) != NULL;
}

/* The end of the element definition opened at P (past its matching
 * </element>), or the schema's end. */
static const char *element_end(const char *p)
{
	int depth = 0;

	while (*p) {
		if (!strncmp(p, "<element", 8)) {
			const char *gt = strchr(p, '>');

			if (!gt)
				break;
			if (gt[-1] != '/')
				depth++;
			p = gt + 1;
			continue;
		}
		if (!strncmp(p, "</element>", 10) && --depth == 0)
			return p + 10;
		p++;
	}
	return p;
}

/* Whether the schema text from P to END, or a definition it refers to
 * (DEPTH levels deep), names attribute ATTR. */
static bool span_names(const char *schema, const char *p, const char *end,
		       const char *attr, int depth)
{
	char pat[160], name[128];
	const char *q;

	snprintf(pat, sizeof(pat), "<attribute name=\"%s\"", attr);
	q = strstr(p, pat);
	if (q && q < end)
		return true;
	if (depth <= 0)
		return false;
	for (q = strstr(p, "<ref name=\""); q && q < end;
	     q = strstr(q + 1, "<ref name=\"")) {
		const char *n = q + 11, *e = strchr(n, '"'), *d;

		if (!e || (size_t)(e - n) >= sizeof(name))
			continue;
		snprintf(pat, sizeof(pat), "<define name=\"%.*s\"",
			 (int)(e - n), n);
		d = strstr(schema, pat);
		if (d && span_names(schema, d, strstr(d, "</define>"), attr,
				    depth - 1))
			return true;
	}
	return false;
}

/* Whether the schema lets some element ELEM have attribute ATTR (an
 * approximation: the attributes of elements nested in ELEM's definition
 * count too). */
static bool elem_has_attr(const struct hunt *h, const char *elem,
			  const char *attr)
{
	char pat[160];
	const char *p;

	snprintf(pat, sizeof(pat), "<element name=\"%s\"", elem);
	for (p = strstr(h->schema, pat); p; p = strstr(p + 1, pat))
		if (span_names(h->schema, p, element_end(p), attr, 6))
			return true;
	return false;
}

/* The first element in N's subtree (N included) whose name the schema
 * does not know, or NULL. */
static xmlNodePtr unknown_below(const struct hunt *h, xmlNodePtr n)
{
	xmlNodePtr c, u;

	if (!known(h, "element", (const char *)n->name))
		return n;
	for (c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && (u = unknown_below(h, c)))
			return u;
	return NULL;
}

static long count_nodes(xmlNodePtr n)
{
	long c = 0;

	for (; n; n = n->next) {
		c++;
		if (n->type == XML_ELEMENT_NODE)
			c += count_nodes(n->children);
	}
	return c;
}

/* Non-blank text directly in NODE, or NULL; *HAS_ELEMS tells whether
 * NODE has element children. */
static const xmlChar *own_text(xmlNodePtr node, bool *has_elems)
{
	const xmlChar *t = NULL;
	xmlNodePtr c;

	*has_elems = false;
	for (c = node->children; c; c = c->next) {
		if (c->type == XML_ELEMENT_NODE)
			*has_elems = true;
		else if ((c->type == XML_TEXT_NODE ||
			  c->type == XML_CDATA_SECTION_NODE) && !t &&
			 c->content && !xmlIsBlankNode(c))
			t = c->content;
	}
	return t;
}

#define MAX_CANDIDATES 24

struct candidates {
	int n;
	char v[MAX_CANDIDATES][48];
};

static void add_candidate(struct candidates *c, const char *v, size_t len)
{
	int i;

	if (c->n == MAX_CANDIDATES || len >= sizeof(c->v[0]))
		return;
	for (i = 0; i < c->n; i++)
		if (strlen(c->v[i]) == len && !strncmp(c->v[i], v, len))
			return;
	memcpy(c->v[c->n], v, len);
	c->v[c->n++][len] = '\0';
}

/* The <value>s of the schema text from P to END and of the definitions
 * it refers to (DEPTH levels deep). */
static void span_values(const char *schema, const char *p, const char *end,
			struct candidates *c, int depth)
{
	char pat[160];
	const char *q;

	for (q = strstr(p, "<value>"); q && q < end;
	     q = strstr(q + 1, "<value>")) {
		const char *e = strstr(q, "</value>");

		if (e && e < end)
			add_candidate(c, q + 7, (size_t)(e - q - 7));
	}
	if (depth <= 0)
		return;
	for (q = strstr(p, "<ref name=\""); q && q < end;
	     q = strstr(q + 1, "<ref name=\"")) {
		const char *n = q + 11, *e = strchr(n, '"'), *d;

		if (!e || e - n > 100)
			continue;
		snprintf(pat, sizeof(pat), "<define name=\"%.*s\"",
			 (int)(e - n), n);
		d = strstr(schema, pat);
		if (d)
			span_values(schema, d, strstr(d, "</define>"), c,
				    depth - 1);
	}
}

/* Values to try in attribute ATTR: those the schema lists for an
 * attribute of that name, and a few plain numbers and words. */
static void attr_values_in(const struct hunt *h, const char *from,
			   const char *to, const char *attr,
			   struct candidates *c)
{
	char pat[160];
	const char *p, *gt;

	snprintf(pat, sizeof(pat), "<attribute name=\"%s\"", attr);
	for (p = strstr(from, pat); p && (!to || p < to);
	     p = strstr(p + 1, pat)) {
		gt = strchr(p, '>');
		if (!gt || gt[-1] == '/')
			continue;
		span_values(h->schema, gt, strstr(gt, "</attribute>"), c, 3);
	}
}

/* Values to try in attribute ATTR of element ELEM: a few plain numbers
 * and words, those the schema lists for ATTR in ELEM's definitions, then
 * for any attribute of that name. */
static void attr_candidates(const struct hunt *h, const char *elem,
			    const char *attr, struct candidates *c)
{
	static const char *const plain[] = {"1", "0", "yes", "on", NULL};
	char pat[160];
	const char *p;
	int i;

	c->n = 0;
	for (i = 0; plain[i]; i++)
		add_candidate(c, plain[i], strlen(plain[i]));
	snprintf(pat, sizeof(pat), "<element name=\"%s\"", elem);
	for (p = strstr(h->schema, pat); p; p = strstr(p + 1, pat))
		attr_values_in(h, p, element_end(p), attr, c);
	attr_values_in(h, h->schema, NULL, attr, c);
}

/* Whether attribute A of N is at fault by its value: some other value
 * makes the document valid.  A keeps its value. */
static bool value_at_fault(struct hunt *h, xmlNodePtr n, xmlAttrPtr a)
{
	struct candidates c;
	xmlChar *orig = xmlNodeGetContent((xmlNodePtr)a);
	bool ok = false;
	int i;

	attr_candidates(h, (const char *)n->name, (const char *)a->name, &c);
	for (i = 0; i < c.n && !ok && !h->out; i++) {
		if (orig && !strcmp((const char *)orig, c.v[i]))
			continue;
		xmlSetProp(n, a->name, (const xmlChar *)c.v[i]);
		ok = valid(h, NULL, NULL);
	}
	xmlSetProp(n, a->name, orig ? orig : (const xmlChar *)"");
	xmlFree(orig);
	return ok;
}

/* The first attribute in N's subtree whose removal makes the document
 * valid, said in R; false when there is none. */
static bool attr_at_fault(struct hunt *h, xmlNodePtr n,
			  struct vk_xml_culprit *r)
{
	xmlAttrPtr a;
	xmlNodePtr c;
	xmlChar *v;

	for (a = n->properties; a; a = a->next) {
		bool known_attr = elem_has_attr(h, (const char *)n->name,
						(const char *)a->name);

		if (!valid_without(h, (xmlNodePtr)a) &&
		    (!known_attr || !value_at_fault(h, n, a)))
			continue;
		r->elem = r->node = n;
		if (!known_attr) {
			snprintf(r->msg, sizeof(r->msg),
				 "unknown attribute '%s'", a->name);
			return true;
		}
		v = xmlNodeGetContent((xmlNodePtr)a);
		snprintf(r->msg, sizeof(r->msg),
			 "invalid value '%.100s' for attribute '%s'",
			 v ? (const char *)v : "", a->name);
		xmlFree(v);
		return true;
	}
	for (c = n->children; c && !h->out; c = c->next)
		if (c->type == XML_ELEMENT_NODE && attr_at_fault(h, c, r))
			return true;
	return false;
}

/* Say why C, whose removal makes the document valid and none of whose
 * children is at fault, is wrong. */
static void explain(struct hunt *h, xmlNodePtr c, struct vk_xml_culprit *r)
{
	const char *name = (const char *)c->name;
	xmlNodePtr parent = c->parent;
	struct first_at f = {.within = c};
	const xmlChar *text;
	bool elems;

	xmlNodePtr u = unknown_below(h, c);

	if (u) {
		parent = u->parent;
		r->node = u;
		r->elem = parent && parent->type == XML_ELEMENT_NODE ? parent
								      : u;
		snprintf(r->msg, sizeof(r->msg), "unknown element <%s>",
			 (const char *)u->name);
		return;
	}
	if (attr_at_fault(h, c, r))
		return;
	r->elem = r->node = c;
	text = own_text(c, &elems);
	if (text && !elems) {
		snprintf(r->msg, sizeof(r->msg), "invalid value '%.100s'",
			 (const char *)text);
		return;
	}
	/* libxml2's own word on C, when it has one */
	if (!valid(h, first_within, &f) && f.node) {
		r->node = r->elem = f.node;
		snprintf(r->msg, sizeof(r->msg), "%s", f.msg);
		return;
	}
	r->elem = r->node = c;
	snprintf(r->msg, sizeof(r->msg), "<%s> is not allowed here, or lacks "
		 "a required attribute or element", name);
}

/* The deepest element under NODE whose removal makes the document
 * valid, or NULL. */
static xmlNodePtr hunt_under(struct hunt *h, xmlNodePtr node)
{
	xmlNodePtr c, deeper;

	for (c = node->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!valid_without(h, c)) {
			if (h->out)
				return NULL;
			continue;
		}
		deeper = hunt_under(h, c);
		if (h->out)
			return NULL;
		return deeper ? deeper : c;
	}
	return NULL;
}

int vk_xml_find_invalid(xmlDocPtr doc, xmlRelaxNGPtr rng, const char *schema,
			struct vk_xml_culprit *r)
{
	xmlNodePtr root = xmlDocGetRootElement(doc), c;
	struct hunt h = {.doc = doc, .rng = rng, .schema = schema};
	long n;

	memset(r, 0, sizeof(*r));
	if (!root || !schema)
		return 0;
	n = count_nodes(root);
	h.tries = NODE_BUDGET / (n ? n : 1);
	if (h.tries > MAX_TRIES)
		h.tries = MAX_TRIES;
	c = hunt_under(&h, root);
	if (!c || h.out)
		return 0;
	explain(&h, c, r);
	return h.out ? 0 : 1;
}
