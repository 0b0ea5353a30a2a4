/* Safe XML input and canonical XML output, shared by every document kind.
 *
 * Input is parsed with no network, no DTD, no entities (a DOCTYPE is
 * rejected, which stops XXE and entity expansion) and a 10 MiB limit.
 * Errors are recorded as VK_EXIT_DOCUMENT with "FILE:LINE: <elem>: what".
 */
#ifndef VK_XML_H
#define VK_XML_H

#include <stdbool.h>
#include <stddef.h>
#include <libxml/tree.h>

#include "../util/buf.h"

#define VK_XML_MAX_SIZE (10u * 1024 * 1024)

/* Read a whole document from PATH ("-" is stdin) into a NUL-terminated
 * buffer the caller frees.  Refuses more than VK_XML_MAX_SIZE bytes. */
char *vk_xml_read_file(const char *path, size_t *len);

/* Parse DATA (LEN bytes); NAME is used in messages.  Returns a document
 * the caller frees with xmlFreeDoc, or NULL with an error recorded. */
xmlDocPtr vk_xml_parse(const char *data, size_t len, const char *name);

/* Parse the file at PATH ("-" is stdin). */
xmlDocPtr vk_xml_parse_file(const char *path);

/* Validate DOC against the project's RelaxNG schema KIND ("domain",
 * "pool", ...).  Returns 0, or -1 with an error recorded at the element,
 * attribute or text at fault (xml_invalid.h), else libxml2's first. */
int vk_xml_validate(xmlDocPtr doc, const char *kind);

/* The schema text for KIND compiled into the library, or NULL. */
const char *vk_schema_text(const char *kind);

/* Record a document error located at NODE. Returns -1. */
int vk_xml_error(xmlNodePtr node, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* "<PARENT>: unknown element <CHILD>" at CHILD's line. Returns -1. */
int vk_xml_unknown(xmlNodePtr child);
/* "<PARENT>: more than one <CHILD>" at CHILD's line. Returns -1. */
int vk_xml_duplicate(xmlNodePtr child);
/* "<PARENT>: WHAT" at CHILD's line, PARENT being CHILD's parent.
 * Returns -1. */
int vk_xml_child_error(xmlNodePtr child, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Record the current error again, located at NODE. Returns -1. */
int vk_xml_error_wrap(xmlNodePtr node);

/* Element children, skipping text, comments and processing instructions.
 * Non-blank text where only elements may stand is an error (see
 * vk_xml_check_children). */
xmlNodePtr vk_xml_first(xmlNodePtr parent);
xmlNodePtr vk_xml_next(xmlNodePtr node);
#define vk_xml_foreach(child, parent) \
	for ((child) = vk_xml_first(parent); (child); \
	     (child) = vk_xml_next(child))

bool vk_xml_is(xmlNodePtr node, const char *name);

/* Error unless every attribute of NODE is named in ALLOWED (NULL-ended). */
int vk_xml_check_attrs(xmlNodePtr node, const char *const *allowed);
/* Error if NODE has element children or non-blank text. */
int vk_xml_check_empty(xmlNodePtr node);
/* Error if NODE holds non-blank text beside its element children. */
int vk_xml_check_no_text(xmlNodePtr node);

/* Whether NODE has the attribute NAME (without namespace). */
bool vk_xml_has_attr(xmlNodePtr node, const char *name);
/* Attribute value (caller frees) or NULL when absent. */
char *vk_xml_attr(xmlNodePtr node, const char *name);
/* Attribute NAME that must not be empty, into *OUT (caller frees).
 * Absent: *OUT untouched, and an error only when REQUIRED.  Empty: an
 * error, *OUT untouched.  Returns 0 or -1. */
int vk_xml_attr_str(xmlNodePtr node, const char *name, bool required,
		    char **out);
/* Text content (caller frees); with TRIM, surrounding blanks removed.
 * Error if NODE has element children. */
int vk_xml_text(xmlNodePtr node, bool trim, char **out);

/* vk_xml_text for an element that takes no attributes. */
int vk_xml_plain_text(xmlNodePtr node, bool trim, char **out);
/* Trimmed text of an element without attributes that must not be
 * empty (a path, a serial number).  *OUT (caller frees) is NULL on
 * error.  Returns 0 or -1. */
int vk_xml_text_nonempty(xmlNodePtr node, char **out);
/* Trimmed text of an element without attributes, a UUID, into UUID.
 * Returns 0 or -1 (the error names the element). */
int vk_xml_text_uuid(xmlNodePtr node, unsigned char uuid[16]);

/* Attribute parsed as one of VALUES (NULL-ended): *OUT is its index.
 * Absent: *OUT untouched and 0 returned, unless REQUIRED. */
int vk_xml_attr_enum(xmlNodePtr node, const char *name,
		     const char *const *values, bool required, int *out);
/* Attribute parsed as an unsigned integer (decimal, or 0x hex / leading-0
 * octal when ANYBASE) no greater than MAX.  *SET tells it was present. */
int vk_xml_attr_uint(xmlNodePtr node, const char *name, bool anybase,
		     unsigned long long max, bool required,
		     unsigned long long *out, bool *set);
/* S as a signed decimal integer (an optional sign, then digits only).
 * 0 ok, -1 not a number, -2 out of range; *OUT set only on success. */
int vk_xml_parse_int(const char *s, long long *out);
/* Text of NODE parsed as an unsigned integer no greater than MAX
 * (attributes are the caller's to check). */
int vk_xml_text_uint(xmlNodePtr node, unsigned long long max,
		     unsigned long long *out);
/* Text of NODE parsed as one of VALUES. */
int vk_xml_text_enum(xmlNodePtr node, const char *const *values, int *out);
/* "yes"/"no" attribute into *OUT (1/0); absent leaves *OUT. */
int vk_xml_attr_yesno(xmlNodePtr node, const char *name, int *out);

/* Replace *SLOT with a new string, erroring on a second occurrence of
 * an element that may appear once. */
int vk_xml_set_once(xmlNodePtr node, char **slot, char *value);

/* Sizes with units (libvirt's: b bytes KB K KiB MB M MiB GB G GiB TB T
 * TiB PB P PiB EB E EiB, the letter in either case).  vk_unit_scale sets
 * *SCALE to the bytes in one UNIT, or returns -1 for an unknown unit. */
int vk_unit_scale(const char *unit, unsigned long long *scale);
/* The text of NODE, a whole number, times its optional unit= attribute
 * (absent: DEFAULT_SCALE bytes), in units of OUT_SCALE bytes rounded up,
 * at most MAX; into *OUT.  Other attributes are the caller's to check.
 * Negative, fractional, empty, overflowing values and unknown units are
 * errors at NODE.  Returns 0 or -1. */
int vk_xml_text_size(xmlNodePtr node, unsigned long long default_scale,
		     unsigned long long out_scale, unsigned long long max,
		     unsigned long long *out);
/* The same for attribute ATTR, scaled by attribute UNIT_ATTR (NULL: no
 * unit attribute).  Absent: *OUT untouched, *SET false, an error only
 * when REQUIRED (UNIT_ATTR without ATTR is an error). */
int vk_xml_attr_size(xmlNodePtr node, const char *attr,
		     const char *unit_attr, unsigned long long default_scale,
		     unsigned long long out_scale, unsigned long long max,
		     bool required, unsigned long long *out, bool *set);

/* Canonical writer: two-space indentation, single-quoted attributes,
 * empty elements written as <x/>.  Opening more than VK_XW_MAX_DEPTH
 * nested elements is a programming error (assert).  vk_xml_node_text
 * writes a kept subtree as deep as libxml2 parses (256 levels). */
#define VK_XW_MAX_DEPTH 260

struct vk_xw {
	struct vk_buf b;
	int depth;
	bool pending;		/* start tag not yet closed with '>' */
	bool text;		/* vk_xw_text wrote inline text */
	const char *stack[VK_XW_MAX_DEPTH];
};

void vk_xw_open(struct vk_xw *w, const char *name);
/* Attributes go right after vk_xw_open; a NULL value writes nothing. */
void vk_xw_attr(struct vk_xw *w, const char *name, const char *value);
void vk_xw_attrf(struct vk_xw *w, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void vk_xw_close(struct vk_xw *w);
/* Text inside the element just opened: <name attr='..'>TEXT</name>
 * once closed.  Call right after the attributes, then vk_xw_close. */
void vk_xw_text(struct vk_xw *w, const char *text);
/* <name>text</name>; nothing when TEXT is NULL. */
void vk_xw_elem(struct vk_xw *w, const char *name, const char *text);
void vk_xw_elemf(struct vk_xw *w, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* <name/> */
void vk_xw_empty(struct vk_xw *w, const char *name);
/* <name unit='UNIT'>V</name> */
void vk_xw_size(struct vk_xw *w, const char *name, const char *unit,
		unsigned long long v);
/* The subtree at NODE in canonical form at depth 0, with the namespaces
 * it uses declared on its root (caller frees): an element kept as it was
 * given.  vk_xw_raw writes such text at the writer's current depth. */
char *vk_xml_node_text(xmlNodePtr node);
/* An element kept as it was given, for what no parser models: its
 * qualified name, its subtree as vk_xml_node_text wrote it, and its
 * line in the input (0: unknown). */
struct vk_kept {
	char *name;
	char *xml;
	int line;
};
void vk_xw_raw(struct vk_xw *w, const char *text);
/* The document text (caller frees). */
char *vk_xw_finish(struct vk_xw *w);

/* Evaluate XPath EXPR on DOC and append the result to OUT: nodes are
 * serialised one per line, strings/numbers/booleans as their value.
 * Returns 0, or -1 (bad expression: VK_EXIT_USAGE; empty: NOT_FOUND). */
int vk_xml_xpath(xmlDocPtr doc, const char *expr, struct vk_buf *out);

#endif
