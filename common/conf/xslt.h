/* XSLT transforms of documents (libxslt), with the safe-input rules of
 * xml.h for the stylesheet too: it is parsed like any document (no
 * DOCTYPE, no entities, no network), and while it compiles and runs it
 * can read, write or fetch nothing else (no xsl:import, xsl:include or
 * document() of other files, no network, no output files). */
#ifndef VK_XSLT_H
#define VK_XSLT_H

#include <libxml/tree.h>

/* Apply the stylesheet in the file at PATH to DOC.  Returns the result
 * as the stylesheet's <xsl:output> says (caller frees; "" for an empty
 * result), or NULL with an error recorded (VK_EXIT_DOCUMENT for a bad
 * stylesheet or a failed transform). */
char *vk_xslt_apply_file(xmlDocPtr doc, const char *path);

#endif
