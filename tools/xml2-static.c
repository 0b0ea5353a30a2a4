/* What the commands link with the static libxml2 (Makefile).
 *
 * 1. libxml2 without ICU.  Debian's libxml2 is built with ICU, which it
 * uses only to convert documents in encodings that iconv does not know.
 * Loading ICU's 32 MB of data tables, libstdc++ and their relocations
 * costs every command about 4 ms at start on a 2-CPU VM, more than the
 * work most of them do.  The commands link libxml2.a instead, and the
 * definitions below stand in for the seven ICU converter functions it
 * calls: opening a converter always fails, so libxml2 never makes an
 * ICU handler and keeps its own converters and iconv's.  The others are
 * unreachable without an open converter.  ICU versions its symbols
 * (ucnv_open_72); the Makefile passes the suffix it finds in libxml2.a
 * as VK_ICU_SUFFIX, and leaves it out for a libxml2 without ICU.
 *
 * 2. Compiled pattern facets, kept.  libxml2's RelaxNG validator
 * compiles a <param name="pattern"> into a regular expression each time
 * it checks a value against it, and frees it after: validating a
 * desktop guest's definition compiled the same address pattern 515
 * times, 14% of a vm-define.  The link wraps xmlRegexpCompile and
 * xmlRegFreeRegexp (ld --wrap): the first compile of a pattern is kept
 * for the life of the process and handed out again, and freeing a kept
 * one does nothing.  A compiled expression is read-only when matched
 * (xmlRegexpExec makes its own state), so sharing it is safe. */
#include <stddef.h>
#include <stdlib.h>

#include <string.h>

/* No libxml2 header here: with ICU enabled they include ICU's, whose
 * macros rename ucnv_open to ucnv_open_72 already. */
typedef unsigned char xmlChar;
typedef struct _xmlRegexp *xmlRegexpPtr;

#ifdef VK_ICU_SUFFIX
#define VK_CAT2(a, b) a##b
#define VK_CAT(a, b) VK_CAT2(a, b)
#define ICU(name) VK_CAT(name, VK_ICU_SUFFIX)

/* ICU's UErrorCode U_FILE_ACCESS_ERROR: "the requested file cannot be
 * found", what ucnv_open sets for a converter it lacks. */
#define VK_U_FILE_ACCESS_ERROR 4

void *ICU(ucnv_open)(const char *name, int *err);
void ICU(ucnv_close)(void *conv);
void ICU(ucnv_convertEx)(void);
void ICU(ucnv_setFromUCallBack)(void);
void ICU(ucnv_setToUCallBack)(void);
void ICU(UCNV_FROM_U_CALLBACK_STOP)(void);
void ICU(UCNV_TO_U_CALLBACK_STOP)(void);

void *ICU(ucnv_open)(const char *name, int *err)
{
	(void)name;
	if (err && *err <= 0)
		*err = VK_U_FILE_ACCESS_ERROR;
	return NULL;
}

void ICU(ucnv_close)(void *conv)
{
	(void)conv;
}

/* Never called: each needs a converter ucnv_open never returns. */
void ICU(ucnv_convertEx)(void)
{
	abort();
}

void ICU(ucnv_setFromUCallBack)(void)
{
	abort();
}

void ICU(ucnv_setToUCallBack)(void)
{
	abort();
}

void ICU(UCNV_FROM_U_CALLBACK_STOP)(void)
{
	abort();
}

void ICU(UCNV_TO_U_CALLBACK_STOP)(void)
{
	abort();
}
#endif /* VK_ICU_SUFFIX */

xmlRegexpPtr __real_xmlRegexpCompile(const xmlChar *regexp);
void __real_xmlRegFreeRegexp(xmlRegexpPtr regexp);
xmlRegexpPtr __wrap_xmlRegexpCompile(const xmlChar *regexp);
void __wrap_xmlRegFreeRegexp(xmlRegexpPtr regexp);

/* A schema has a few dozen distinct patterns; past that, compile anew. */
#define KEPT_MAX 64

static struct {
	char *pattern;
	xmlRegexpPtr re;
} kept[KEPT_MAX];
static int nkept;

xmlRegexpPtr __wrap_xmlRegexpCompile(const xmlChar *regexp)
{
	xmlRegexpPtr re;
	char *copy;
	int i;

	if (!regexp)
		return __real_xmlRegexpCompile(regexp);
	for (i = 0; i < nkept; i++)
		if (!strcmp(kept[i].pattern, (const char *)regexp))
			return kept[i].re;
	re = __real_xmlRegexpCompile(regexp);
	if (!re || nkept == KEPT_MAX || !(copy = strdup((const char *)regexp)))
		return re;
	kept[nkept].pattern = copy;
	kept[nkept++].re = re;
	return re;
}

void __wrap_xmlRegFreeRegexp(xmlRegexpPtr regexp)
{
	int i;

	for (i = 0; i < nkept; i++)
		if (kept[i].re == regexp)
			return;
	__real_xmlRegFreeRegexp(regexp);
}
