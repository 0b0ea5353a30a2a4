/* Where a document that fails its RelaxNG schema is wrong (for
 * vk_xml_validate's error line; see xml_invalid.c). */
#ifndef VK_XML_INVALID_H
#define VK_XML_INVALID_H

#include <libxml/relaxng.h>
#include <libxml/tree.h>

struct vk_xml_culprit {
	xmlNodePtr elem;	/* the element the message names */
	xmlNodePtr node;	/* the element whose line it gives */
	char msg[320];
};

/* Find the one element, attribute or text of DOC that makes it fail
 * RNG, whose text SCHEMA is.  1 with R filled, or 0 (not found within
 * the budget, or more than one error): report libxml2's error then.
 * DOC is changed while searching and restored. */
int vk_xml_find_invalid(xmlDocPtr doc, xmlRelaxNGPtr rng, const char *schema,
			struct vk_xml_culprit *r);

#endif
