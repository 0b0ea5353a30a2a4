/* XSLT transforms with libxslt, under the rules of xml.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>

#include "../util/error.h"
#include "xml.h"
#include "xslt.h"

/* The first message libxslt reports, one line. */
struct capture {
	char msg[512];
	size_t len;
	bool done;
};

static void capture(void *ctx, const char *fmt, ...)
{
	struct capture *c = ctx;
	char *nl;
	va_list ap;

	if (c->done || c->len >= sizeof(c->msg) - 1)
		return;
	va_start(ap, fmt);
	vsnprintf(c->msg + c->len, sizeof(c->msg) - c->len, fmt, ap);
	va_end(ap);
	nl = strchr(c->msg, '\n');
	if (nl) {
		*nl = '\0';
		/* Location and "error" lines come first: keep the
		 * message that follows them. */
		if (!strncmp(c->msg, "compilation error:", 18) ||
		    !strncmp(c->msg, "runtime error:", 14) ||
		    !strcmp(c->msg, "error") || !strcmp(c->msg, "warning")) {
			c->len = 0;
			c->msg[0] = '\0';
			return;
		}
		c->done = true;
	}
	c->len = strlen(c->msg);
}

static void silent(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

/* Nothing outside the stylesheet and the document. */
static xsltSecurityPrefsPtr locked_prefs(void)
{
	xsltSecurityPrefsPtr sec = xsltNewSecurityPrefs();

	if (!sec)
		return NULL;
	xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_FILE,
			     xsltSecurityForbid);
	xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_FILE,
			     xsltSecurityForbid);
	xsltSetSecurityPrefs(sec, XSLT_SECPREF_CREATE_DIRECTORY,
			     xsltSecurityForbid);
	xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_NETWORK,
			     xsltSecurityForbid);
	xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_NETWORK,
			     xsltSecurityForbid);
	return sec;
}

static int xslt_error(const char *path, const struct capture *c,
		      const char *what)
{
	return vk_error(VK_EXIT_DOCUMENT, "%s: %s%s%s", path, what,
			c->msg[0] ? ": " : "", c->msg);
}

static char *run(xsltStylesheetPtr style, xmlDocPtr doc, const char *path,
		 xsltSecurityPrefsPtr sec, struct capture *c)
{
	xsltTransformContextPtr ctx = xsltNewTransformContext(style, doc);
	xmlDocPtr res = NULL;
	xmlChar *out = NULL;
	int len = 0;
	char *text = NULL;

	if (!ctx || xsltSetCtxtSecurityPrefs(sec, ctx) < 0) {
		vk_error(VK_EXIT_FAILED, "%s: cannot set up the transform",
			 path);
		goto out;
	}
	res = xsltApplyStylesheetUser(style, doc, NULL, NULL, NULL, ctx);
	if (!res || ctx->state != XSLT_STATE_OK) {
		xslt_error(path, c, "the transform failed");
		goto out;
	}
	if (xsltSaveResultToString(&out, &len, res, style) < 0) {
		xslt_error(path, c, "cannot write the result");
		goto out;
	}
	text = vk_strndup(out ? (const char *)out : "", (size_t)len);
out:
	xmlFree(out);
	xmlFreeDoc(res);
	if (ctx)
		xsltFreeTransformContext(ctx);
	return text;
}

char *vk_xslt_apply_file(xmlDocPtr doc, const char *path)
{
	struct capture c = {"", 0, false};
	xsltSecurityPrefsPtr sec, old;
	xsltStylesheetPtr style = NULL;
	xmlDocPtr sdoc;
	char *text = NULL;

	sdoc = vk_xml_parse_file(path);
	if (!sdoc)
		return NULL;
	sec = locked_prefs();
	if (!sec) {
		xmlFreeDoc(sdoc);
		vk_error(VK_EXIT_FAILED, "out of memory");
		return NULL;
	}
	/* xsl:import and xsl:include check the default preferences. */
	old = xsltGetDefaultSecurityPrefs();
	xsltSetDefaultSecurityPrefs(sec);
	xsltSetGenericErrorFunc(&c, capture);
	style = xsltParseStylesheetDoc(sdoc);
	if (!style || style->errors) {
		xslt_error(path, &c, "not a usable XSLT stylesheet");
		if (!style)
			xmlFreeDoc(sdoc);
		goto out;
	}
	text = run(style, doc, path, sec, &c);
out:
	if (style)
		xsltFreeStylesheet(style);	/* frees SDOC */
	xsltSetGenericErrorFunc(NULL, silent);
	xsltSetDefaultSecurityPrefs(old);
	xsltFreeSecurityPrefs(sec);
	return text;
}
