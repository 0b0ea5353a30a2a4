/* Unit tests of common/conf/xml.c: safe parsing, typed attribute and text
 * helpers, the canonical writer, RelaxNG and XPath. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/xml.h"
#include "unit.h"
#include "util/error.h"

static xmlDocPtr doc_of(const char *text)
{
	return vk_xml_parse(text, strlen(text), "t.xml");
}

static bool err_is(int code, const char *msg)
{
	if (vk_error_code() == code && !strcmp(vk_error_message(), msg))
		return true;
	printf("# got %d '%s'\n", vk_error_code(), vk_error_message());
	return false;
}

static void test_parse_safety(void)
{
	const char *xxe = "<?xml version='1.0'?>\n"
		"<!DOCTYPE d [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>\n"
		"<d>&x;</d>";
	const char *lol = "<!DOCTYPE d [\n<!ENTITY a 'lol'>\n"
		"<!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'>\n]>\n<d>&b;</d>";
	char *big;

	CHECK("xml: doctype with external entity is refused",
	      !doc_of(xxe) && err_is(VK_EXIT_DOCUMENT, "t.xml:2: document "
				     "type declarations are not allowed"));
	CHECK("xml: billion laughs is refused",
	      !doc_of(lol) && err_is(VK_EXIT_DOCUMENT, "t.xml:1: document "
				     "type declarations are not allowed"));
	CHECK("xml: plain doctype is refused",
	      !doc_of("<!DOCTYPE d SYSTEM 'x.dtd'><d/>") &&
	      vk_error_code() == VK_EXIT_DOCUMENT);
	CHECK("xml: undeclared entity is an error",
	      !doc_of("<d>&x;</d>") && vk_error_code() == VK_EXIT_DOCUMENT &&
	      !strncmp(vk_error_message(), "t.xml:1: ", 9));
	CHECK("xml: empty document",
	      !doc_of("  \n") && err_is(VK_EXIT_DOCUMENT,
					"t.xml: document is empty"));
	CHECK("xml: malformed reports the line",
	      !doc_of("<a>\n<b>\n</a>") &&
	      vk_error_code() == VK_EXIT_DOCUMENT &&
	      !strncmp(vk_error_message(), "t.xml:3: Opening and ending tag "
		       "mismatch", 37));
	big = vk_malloc(VK_XML_MAX_SIZE + 2);
	memset(big, ' ', VK_XML_MAX_SIZE + 1);
	big[VK_XML_MAX_SIZE + 1] = '\0';
	CHECK("xml: more than 10 MiB is refused",
	      !vk_xml_parse(big, VK_XML_MAX_SIZE + 1, "big.xml") &&
	      err_is(VK_EXIT_DOCUMENT,
		     "big.xml: document is larger than 10 MiB"));
	free(big);
}

static void test_nul_and_depth(void)
{
	static const char nul[] = "<d/>\0junk";
	struct vk_buf b = VK_BUF_INIT;
	xmlDocPtr doc;
	int i;

	CHECK("xml: a NUL byte is refused",
	      !vk_xml_parse(nul, sizeof(nul) - 1, "t.xml") &&
	      err_is(VK_EXIT_DOCUMENT, "t.xml: document contains a NUL "
		     "byte"));
	CHECK("xml: a NUL byte in blanks is refused",
	      !vk_xml_parse(" \0 ", 3, "t.xml") &&
	      err_is(VK_EXIT_DOCUMENT, "t.xml: document contains a NUL "
		     "byte"));
	for (i = 0; i < 300; i++)
		vk_buf_add(&b, "<a>");
	doc = doc_of(b.s);
	CHECK("xml: depth error without libxml2's advice",
	      !doc && err_is(VK_EXIT_DOCUMENT, "t.xml:1: Excessive depth in "
			     "document: 256"));
	xmlFreeDoc(doc);
	vk_buf_free(&b);
}

/* A file opened while fd 0 is free gets fd 0 and must still be closed. */
static void test_read_on_fd0(const char *path)
{
	int saved = dup(STDIN_FILENO);
	char *data;

	close(STDIN_FILENO);
	data = vk_xml_read_file(path, NULL);
	CHECK("xml: a file read on fd 0 is closed",
	      data && fcntl(STDIN_FILENO, F_GETFD) < 0 && errno == EBADF);
	free(data);
	if (saved >= 0) {
		dup2(saved, STDIN_FILENO);
		close(saved);
	}
}

static void test_read_file(void)
{
	char path[] = "/tmp/test-xml-XXXXXX";
	int fd = mkstemp(path);
	char *data, *big;
	size_t len = 0;

	CHECK("xml: missing file is not found",
	      !vk_xml_read_file("/nonexistent/x.xml", NULL) &&
	      err_is(VK_EXIT_NOT_FOUND, "cannot read /nonexistent/x.xml: "
		     "No such file or directory"));
	CHECK("xml: a directory cannot be read",
	      !vk_xml_read_file("/tmp", NULL) &&
	      err_is(VK_EXIT_FAILED, "cannot read /tmp: Is a directory"));
	if (fd < 0) {
		CHECK("xml: temp file", 0);
		return;
	}
	big = vk_calloc(1, VK_XML_MAX_SIZE + 1);
	memset(big, ' ', VK_XML_MAX_SIZE + 1);
	CHECK("xml: write small", write(fd, "<a/>", 4) == 4);
	data = vk_xml_read_file(path, &len);
	CHECK("xml: read small", data && len == 4 && !strcmp(data, "<a/>"));
	free(data);
	test_read_on_fd0(path);
	CHECK("xml: write big", write(fd, big, VK_XML_MAX_SIZE) ==
	      (ssize_t)VK_XML_MAX_SIZE);
	CHECK("xml: a file over 10 MiB is refused",
	      !vk_xml_read_file(path, &len) &&
	      vk_error_code() == VK_EXIT_DOCUMENT &&
	      strstr(vk_error_message(), "document is larger than 10 MiB"));
	free(big);
	close(fd);
	unlink(path);
}

static const char *const colours[] = {"red", "green", "blue", NULL};

static void test_attr_enum(xmlNodePtr e, xmlNodePtr f)
{
	int i = -1;

	CHECK("xml: enum ok",
	      vk_xml_attr_enum(e, "c", colours, true, &i) == 0 && i == 1);
	CHECK("xml: enum bad value",
	      vk_xml_attr_enum(f, "c", colours, false, &i) < 0 &&
	      err_is(VK_EXIT_DOCUMENT, "t.xml:3: <f>: c 'pink' is not one of "
		     "red, green, blue"));
	i = 7;
	CHECK("xml: enum absent, optional",
	      vk_xml_attr_enum(e, "zz", colours, false, &i) == 0 && i == 7);
	CHECK("xml: enum absent, required",
	      vk_xml_attr_enum(e, "zz", colours, true, &i) < 0 &&
	      err_is(VK_EXIT_DOCUMENT, "t.xml:2: <e>: missing attribute 'zz'"));
	CHECK("xml: yes/no bad",
	      vk_xml_attr_yesno(f, "yn", &i) < 0 &&
	      err_is(VK_EXIT_DOCUMENT, "t.xml:3: <f>: yn 'maybe' is not one "
		     "of no, yes"));
}

static void test_attr_uint(xmlNodePtr e)
{
	unsigned long long v = 0;
	bool set = false;

	CHECK("xml: uint",
	      vk_xml_attr_uint(e, "n", false, 100, true, &v, &set) == 0 &&
	      v == 42 && set);
	CHECK("xml: uint above bound",
	      vk_xml_attr_uint(e, "n", false, 41, true, &v, &set) < 0 &&
	      err_is(VK_EXIT_DOCUMENT, "t.xml:2: <e>: n '42' is out of range "
		     "(at most 41)"));
	CHECK("xml: uint absent",
	      vk_xml_attr_uint(e, "zz", false, 9, false, &v, &set) == 0 &&
	      !set);
	CHECK("xml: hex with anybase",
	      vk_xml_attr_uint(e, "h", true, 255, true, &v, NULL) == 0 &&
	      v == 31);
	CHECK("xml: hex without anybase",
	      vk_xml_attr_uint(e, "h", false, 255, true, &v, NULL) < 0 &&
	      err_is(VK_EXIT_DOCUMENT, "t.xml:2: <e>: h '0x1f' is not a "
		     "number"));
}

static void test_attrs(void)
{
	static const char *const allowed[] = {"a", "n", "h", "c", NULL};
	xmlDocPtr doc = doc_of("<r>\n<e a='x' n='42' h='0x1f' c='green'/>\n"
			       "<f bad='1' c='pink' yn='maybe'/>\n</r>");
	xmlNodePtr r = xmlDocGetRootElement(doc), e, f;
	char *s;

	e = vk_xml_first(r);
	f = vk_xml_next(e);
	s = vk_xml_attr(e, "a");
	CHECK("xml: attr value", s && !strcmp(s, "x"));
	free(s);
	CHECK("xml: absent attr is NULL", !vk_xml_attr(e, "zz"));
	CHECK("xml: has_attr", vk_xml_has_attr(e, "n") &&
	      !vk_xml_has_attr(e, "zz"));
	CHECK("xml: known attrs pass", vk_xml_check_attrs(e, allowed) == 0);
	CHECK("xml: unknown attr",
	      vk_xml_check_attrs(f, allowed) < 0 &&
	      err_is(VK_EXIT_DOCUMENT,
		     "t.xml:3: <f>: unknown attribute 'bad'"));
	test_attr_enum(e, f);
	test_attr_uint(e);
	xmlFreeDoc(doc);
}

static void test_nonempty(void)
{
	xmlDocPtr doc = doc_of("<r>\n<e a='x' z=''/>\n<p> /x </p>\n"
			       "<q> </q>\n</r>");
	xmlNodePtr e = vk_xml_first(xmlDocGetRootElement(doc));
	xmlNodePtr p = vk_xml_next(e), q = vk_xml_next(p);
	char *s = NULL;

	CHECK("xml: attr_str present",
	      vk_xml_attr_str(e, "a", true, &s) == 0 && s && !strcmp(s, "x"));
	free(s);
	s = NULL;
	CHECK("xml: attr_str absent, optional",
	      vk_xml_attr_str(e, "b", false, &s) == 0 && !s);
	CHECK("xml: attr_str absent, required",
	      vk_xml_attr_str(e, "b", true, &s) < 0 && !s &&
	      err_is(VK_EXIT_DOCUMENT, "t.xml:2: <e>: missing attribute 'b'"));
	CHECK("xml: attr_str empty",
	      vk_xml_attr_str(e, "z", false, &s) < 0 && !s &&
	      err_is(VK_EXIT_DOCUMENT, "t.xml:2: <e>: z must not be empty"));
	CHECK("xml: text_nonempty trims",
	      vk_xml_text_nonempty(p, &s) == 0 && !strcmp(s, "/x"));
	free(s);
	CHECK("xml: text_nonempty blank",
	      vk_xml_text_nonempty(q, &s) < 0 && !s &&
	      err_is(VK_EXIT_DOCUMENT, "t.xml:4: <q>: must not be empty"));
	CHECK("xml: text_nonempty takes no attributes",
	      vk_xml_text_nonempty(e, &s) < 0 && !s);
	xmlFreeDoc(doc);
}

static void test_parse_int(void)
{
	long long v = 7;

	CHECK("xml: int", vk_xml_parse_int("-12", &v) == 0 && v == -12);
	CHECK("xml: int plus", vk_xml_parse_int("+5", &v) == 0 && v == 5);
	v = 7;
	CHECK("xml: int not a number",
	      vk_xml_parse_int("", &v) == -1 &&
	      vk_xml_parse_int("-", &v) == -1 &&
	      vk_xml_parse_int("+-1", &v) == -1 &&
	      vk_xml_parse_int(" 1", &v) == -1 &&
	      vk_xml_parse_int("1 ", &v) == -1 &&
	      vk_xml_parse_int("0x1", &v) == -1 && v == 7);
	CHECK("xml: int out of range",
	      vk_xml_parse_int("-9223372036854775809", &v) == -2 &&
	      vk_xml_parse_int("9223372036854775808", &v) == -2 && v == 7);
}

static void test_octal(void)
{
	xmlDocPtr doc = doc_of("<e o='0755' d='0755' m='-1' x='0x' s=' 1'/>");
	xmlNodePtr e = xmlDocGetRootElement(doc);
	unsigned long long v = 0;

	CHECK("xml: octal with anybase",
	      vk_xml_attr_uint(e, "o", true, 07777, true, &v, NULL) == 0 &&
	      v == 0755);
	CHECK("xml: leading zero is decimal without anybase",
	      vk_xml_attr_uint(e, "d", false, 07777, true, &v, NULL) == 0 &&
	      v == 755);
	CHECK("xml: negative",
	      vk_xml_attr_uint(e, "m", true, 10, true, &v, NULL) < 0 &&
	      err_is(VK_EXIT_DOCUMENT, "t.xml:1: <e>: m '-1' is negative"));
	CHECK("xml: bare 0x is not a number",
	      vk_xml_attr_uint(e, "x", true, 10, true, &v, NULL) < 0);
	CHECK("xml: blank before digits is not a number",
	      vk_xml_attr_uint(e, "s", true, 10, true, &v, NULL) < 0);
	xmlFreeDoc(doc);
}

static void test_checks(xmlNodePtr r, xmlNodePtr t, xmlNodePtr e,
			xmlNodePtr x)
{
	xmlNodePtr n = vk_xml_first(r), c = vk_xml_next(n);
	char *s;

	CHECK("xml: plain text refuses attributes",
	      vk_xml_plain_text(t, true, &s) < 0 &&
	      err_is(VK_EXIT_DOCUMENT, "t.xml:5: <t>: unknown attribute 'a'"));
	CHECK("xml: blank and comments are empty",
	      vk_xml_check_empty(e) == 0);
	CHECK("xml: check_empty sees a child",
	      vk_xml_check_empty(x) < 0 &&
	      err_is(VK_EXIT_DOCUMENT, "t.xml:4: <x>: unknown element <y>"));
	CHECK("xml: text among elements, at its first line",
	      vk_xml_check_no_text(r) < 0 &&
	      err_is(VK_EXIT_DOCUMENT, "t.xml:8: <r>: unexpected text 'oops'"));
	s = vk_strdup("once");
	CHECK("xml: set_once refuses a second value",
	      vk_xml_set_once(n, &s, vk_strdup("x")) < 0 &&
	      err_is(VK_EXIT_DOCUMENT, "t.xml:2: <r>: more than one <n>"));
	free(s);
	CHECK("xml: unknown element names the parent",
	      vk_xml_unknown(c) < 0 &&
	      err_is(VK_EXIT_DOCUMENT, "t.xml:3: <r>: unknown element <c>"));
}


static void test_text(void)
{
	xmlDocPtr doc = doc_of("<r>\n<n> 12 </n>\n<c> blue </c>\n"
			       "<x>5<y/></x>\n<t a='1'>z</t>\n"
			       "<big>99999999999999999999999</big>\n"
			       "<e> <!-- c --> </e>\n oops\n</r>");
	xmlNodePtr r = xmlDocGetRootElement(doc);
	xmlNodePtr n = vk_xml_first(r), c = vk_xml_next(n);
	xmlNodePtr x = vk_xml_next(c), t = vk_xml_next(x);
	xmlNodePtr big = vk_xml_next(t), e = vk_xml_next(big);
	unsigned long long v;
	char *s;
	int i;

	CHECK("xml: text uint trims",
	      vk_xml_text_uint(n, 100, &v) == 0 && v == 12);
	CHECK("xml: text uint overflow",
	      vk_xml_text_uint(big, ~0ULL, &v) < 0 &&
	      vk_error_code() == VK_EXIT_DOCUMENT);
	CHECK("xml: text enum", vk_xml_text_enum(c, colours, &i) == 0 &&
	      i == 2);
	CHECK("xml: text enum bad",
	      vk_xml_text_enum(n, colours, &i) < 0 &&
	      err_is(VK_EXIT_DOCUMENT, "t.xml:2: <n>: '12' is not one of red, "
		     "green, blue"));
	CHECK("xml: element inside text",
	      vk_xml_text(x, true, &s) < 0 && !s &&
	      err_is(VK_EXIT_DOCUMENT, "t.xml:4: <x>: unknown element <y>"));
	CHECK("xml: text untrimmed",
	      vk_xml_text(n, false, &s) == 0 && !strcmp(s, " 12 "));
	free(s);
	test_checks(r, t, e, x);
	xmlFreeDoc(doc);
}

static void test_writer(void)
{
	struct vk_xw w;
	char *s;

	memset(&w, 0, sizeof(w));
	vk_xw_open(&w, "a");
	vk_xw_attr(&w, "q", "it's <\"&\">\n\t");
	vk_xw_attr(&w, "none", NULL);
	vk_xw_elem(&w, "t", "x < y & 'z' > \"w\"");
	vk_xw_elem(&w, "skip", NULL);
	vk_xw_elem(&w, "blank", "");
	vk_xw_open(&w, "n");
	vk_xw_attrf(&w, "i", "%d", 5);
	vk_xw_text(&w, "a&b");
	vk_xw_close(&w);
	vk_xw_open(&w, "p");
	vk_xw_empty(&w, "e");
	vk_xw_close(&w);
	vk_xw_elemf(&w, "f", "%s-%d", "v", 1);
	s = vk_xw_finish(&w);
	CHECK("xml: writer output", !strcmp(s,
		"<a q='it&apos;s &lt;&quot;&amp;&quot;&gt;&#10;&#9;'>\n"
		"  <t>x &lt; y &amp; 'z' &gt; \"w\"</t>\n"
		"  <blank/>\n"
		"  <n i='5'>a&amp;b</n>\n"
		"  <p>\n"
		"    <e/>\n"
		"  </p>\n"
		"  <f>v-1</f>\n"
		"</a>\n"));
	if (strcmp(s, "") && s[0] != '<')
		printf("# %s\n", s);
	free(s);
	memset(&w, 0, sizeof(w));
	vk_xw_empty(&w, "x");
	s = vk_xw_finish(&w);
	CHECK("xml: writer empty root", !strcmp(s, "<x/>\n"));
	free(s);
}

static void test_roundtrip_escape(void)
{
	const char *in = "<a q='1&#10;2 &apos;&amp;'>t&lt;&#13;</a>";
	xmlDocPtr doc = doc_of(in), doc2;
	struct vk_xw w;
	char *q, *t, *s, *q2;

	q = vk_xml_attr(xmlDocGetRootElement(doc), "q");
	vk_xml_text(xmlDocGetRootElement(doc), false, &t);
	memset(&w, 0, sizeof(w));
	vk_xw_open(&w, "a");
	vk_xw_attr(&w, "q", q);
	vk_xw_text(&w, t);
	s = vk_xw_finish(&w);
	doc2 = doc_of(s);
	q2 = doc2 ? vk_xml_attr(xmlDocGetRootElement(doc2), "q") : NULL;
	CHECK("xml: escaped attribute survives a round trip",
	      q && q2 && !strcmp(q, q2) && !strcmp(q, "1\n2 '&"));
	free(q);
	free(q2);
	free(t);
	free(s);
	xmlFreeDoc(doc);
	xmlFreeDoc(doc2);
}

static void test_xpath(void)
{
	xmlDocPtr doc = doc_of("<d t='k'><n>x</n><m a='1'/><m a='2'/></d>");
	struct vk_buf b = VK_BUF_INIT;

	CHECK("xml: xpath nodes", vk_xml_xpath(doc, "/d/m", &b) == 0 &&
	      !strcmp(b.s, "<m a=\"1\"/>\n<m a=\"2\"/>\n"));
	vk_buf_free(&b);
	CHECK("xml: xpath attributes", vk_xml_xpath(doc, "//@a", &b) == 0 &&
	      !strcmp(b.s, "1\n2\n"));
	vk_buf_free(&b);
	CHECK("xml: xpath string", vk_xml_xpath(doc, "string(/d/n)", &b) ==
	      0 && !strcmp(b.s, "x\n"));
	vk_buf_free(&b);
	CHECK("xml: xpath number", vk_xml_xpath(doc, "count(//m)", &b) == 0 &&
	      !strcmp(b.s, "2\n"));
	vk_buf_free(&b);
	CHECK("xml: xpath invalid", vk_xml_xpath(doc, "/d/[", &b) < 0 &&
	      err_is(VK_EXIT_USAGE, "invalid XPath expression '/d/['"));
	CHECK("xml: xpath empty", vk_xml_xpath(doc, "/nope", &b) < 0 &&
	      err_is(VK_EXIT_NOT_FOUND, "XPath '/nope' selects nothing"));
	vk_buf_free(&b);
	xmlFreeDoc(doc);
}

static void test_validate(void)
{
	xmlDocPtr doc = doc_of("<domain type='kvm'>\n  <name>x</name>\n"
			       "  <bogus/>\n</domain>");

	CHECK("xml: unknown schema kind",
	      vk_xml_validate(doc, "no-such-kind") < 0 &&
	      err_is(VK_EXIT_FAILED, "no schema for no-such-kind"));
	CHECK("xml: a kind longer than a cache slot is not truncated",
	      vk_xml_validate(doc, "domain-with-a-name-longer-than-32-"
			      "bytes") < 0 &&
	      err_is(VK_EXIT_FAILED, "no schema for domain-with-a-name-"
		     "longer-than-32-bytes"));
	if (!vk_schema_text("domain")) {
		printf("SKIP: xml: schema validation: no domain schema\n");
	} else {
		CHECK("xml: schema error is located",
		      vk_xml_validate(doc, "domain") < 0 &&
		      vk_error_code() == VK_EXIT_DOCUMENT &&
		      !strncmp(vk_error_message(), "t.xml:", 6) &&
		      !strchr(vk_error_message(), '\n'));
		printf("# %s\n", vk_error_message());
		CHECK("xml: schema cached, second run same",
		      vk_xml_validate(doc, "domain") < 0);
	}
	xmlFreeDoc(doc);
}

int main(void)
{
	test_parse_safety();
	test_nul_and_depth();
	test_read_file();
	test_attrs();
	test_nonempty();
	test_parse_int();
	test_octal();
	test_text();
	test_writer();
	test_roundtrip_escape();
	test_xpath();
	test_validate();
	return unit_failed;
}
