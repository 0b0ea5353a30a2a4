/* xml-convert: convert a domain between domain XML and QEMU's native
 * command line (qemu-argv), optionally through an XSLT stylesheet, or
 * print what an XPath expression selects in the domain document. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "conf/xslt.h"
#include "qemu/qemu_argv_parse.h"
#include "qemu/qemu_tpm.h"
#include "util/error.h"
#include "util/uri.h"

enum format { FMT_DOMAIN, FMT_ARGV };

static char *from, *to, *xslt, *xpath;
static struct poptOption opts[] = {
	{"from", '\0', POPT_ARG_STRING, &from, 0,
	 "the input's format: domain-xml or qemu-argv", "FORMAT"},
	{"to", '\0', POPT_ARG_STRING, &to, 0,
	 "the output's format: domain-xml or qemu-argv", "FORMAT"},
	{"xslt", '\0', POPT_ARG_STRING, &xslt, 0,
	 "transform the domain document with STYLESHEET", "STYLESHEET"},
	{"xpath", '\0', POPT_ARG_STRING, &xpath, 0,
	 "print only what EXPR selects in the domain document", "EXPR"},
	VK_CLI_COMMON
	POPT_TABLEEND
};

static int format_of(const struct vk_cli *cli, const char *opt,
		     const char *name, int *out)
{
	if (!name)
		return vk_cli_usage(cli, "%s FORMAT is required", opt);
	if (!strcmp(name, "domain-xml"))
		*out = FMT_DOMAIN;
	else if (!strcmp(name, "qemu-argv"))
		*out = FMT_ARGV;
	else
		return vk_cli_usage(cli, "%s '%s': not domain-xml or "
				    "qemu-argv", opt, name);
	return 0;
}

/* The canonical XML of DEF; a uuid the input did not give is left out
 * (vm-define gives one). */
static char *domain_text(const struct vk_domain_def *def)
{
	char *xml = vk_domain_format(def, VK_FMT_INACTIVE | VK_FMT_SECURE);
	char *u = strstr(xml, "  <uuid>"), *end;

	if (def->uuid_generated && u && (end = strstr(u, "</uuid>\n")))
		memmove(u, end + 8, strlen(end + 8) + 1);
	return xml;
}

/* The input as a domain definition. */
static struct vk_domain_def *read_input(const char *file, int fmt)
{
	struct vk_domain_def *def, *check;
	char *text, *xml;
	size_t len;

	if (fmt == FMT_DOMAIN)
		return vk_domain_parse_file(file, VK_PARSE_INACTIVE);
	text = vk_xml_read_file(file, &len);
	if (!text)
		return NULL;
	if (memchr(text, '\0', len)) {
		free(text);
		vk_error(VK_EXIT_DOCUMENT, "%s: contains a NUL byte",
			 strcmp(file, "-") ? file : "(stdin)");
		return NULL;
	}
	def = vk_qemu_argv_parse(text);
	free(text);
	if (!def)
		return NULL;
	/* What the line gives must make a valid domain. */
	xml = vk_domain_format(def, VK_FMT_INACTIVE | VK_FMT_SECURE);
	check = vk_domain_parse_string(xml, strlen(xml), "converted",
				       VK_PARSE_INACTIVE);
	free(xml);
	if (check)
		check->uuid_generated = def->uuid_generated;
	vk_domain_free(def);
	return check;
}

/* The domain document after the stylesheet, as text. */
static char *transform(const char *xml, const char *sheet)
{
	xmlDocPtr doc = vk_xml_parse(xml, strlen(xml), "domain");
	char *out;

	if (!doc)
		return NULL;
	out = vk_xslt_apply_file(doc, sheet);
	xmlFreeDoc(doc);
	return out;
}

/* The connection URI (-c): vm-start's paths, pools and networks. */
static const char *conn_uri;

/* The qemu connection vm-start would run the domain on: -c, else the
 * default URI when it is a qemu one, else qemu:///system for root and
 * qemu:///session for others.  NULL with the error printed. */
static struct vk_conn *qemu_conn(void)
{
	const char *uri = conn_uri;

	if (!uri) {
		uri = vk_uri_default();
		if (strncmp(uri, "qemu:", 5))
			uri = geteuid() ? "qemu:///session" : "qemu:///system";
	} else if (strncmp(uri, "qemu:", 5)) {
		vk_error(VK_EXIT_USAGE, "-c '%s': the qemu-argv line is the "
			 "qemu driver's; give a qemu:// connection", uri);
		return NULL;
	}
	return vk_conn_open(uri);
}

static int output(const char *xml, int fmt)
{
	const struct vk_tpm *tpm;
	struct vk_domain_def *def;
	struct vk_conn *c;
	char *line, *name;

	if (xpath)
		return vk_cli_print_xpath(xml, "domain", xpath);
	if (fmt == FMT_DOMAIN) {
		fputs(xml, stdout);
		return 0;
	}
	/* Errors name the stylesheet's result, not its file. */
	name = xslt ? vk_asprintf("%s (result)", xslt) : vk_strdup("domain");
	def = vk_domain_parse_string(xml, strlen(xml), name,
				     VK_PARSE_INACTIVE);
	free(name);
	if (!def)
		return -1;
	c = qemu_conn();
	if (!c) {
		vk_domain_free(def);
		return -1;
	}
	/* The transformed document may have dropped its uuid. */
	line = vk_qemu_native_format(c, def);
	vk_conn_close(c);
	tpm = line ? vk_qemu_tpm_emulator(def) : NULL;
	if (tpm)
		fprintf(stderr, "xml-convert: note: <tpm> needs an swtpm "
			"listening on the -chardev socket of chrtpm0, as "
			"vm-start runs it (swtpm socket%s --tpmstate dir=DIR "
			"--ctrl type=unixio,path=SOCKET --terminate)\n",
			vk_tpm_version(def, tpm) == VK_TPM_V2 ? " --tpm2" : "");
	vk_domain_free(def);
	if (!line)
		return -1;
	printf("%s\n", line);
	free(line);
	return 0;
}

static int convert(const char *file, int fin, int fout)
{
	struct vk_domain_def *def = read_input(file, fin);
	char *xml, *res;
	int rc;

	if (!def)
		return -1;
	xml = domain_text(def);
	vk_domain_free(def);
	if (xslt) {
		res = transform(xml, xslt);
		free(xml);
		if (!res)
			return -1;
		xml = res;
	}
	rc = output(xml, fout);
	free(xml);
	return rc;
}

int main(int argc, const char **argv)
{
	struct vk_cli cli;
	int rc, fin = 0, fout = 0;

	if (vk_cli_parse(&cli, argc, argv, opts, "[FILE|-]", 0, 1) < 0) {
		rc = cli.exit;
		goto out;
	}
	rc = format_of(&cli, "--from", from, &fin);
	if (!rc)
		rc = format_of(&cli, "--to", to, &fout);
	if (!rc && xpath && fout != FMT_DOMAIN)
		rc = vk_cli_usage(&cli, "--xpath prints from domain XML: "
				  "give --to domain-xml");
	if (rc)
		goto out;
	conn_uri = cli.uri;
	if (convert(cli.nargs ? cli.args[0] : "-", fin, fout) < 0)
		rc = vk_cli_fail(&cli);
	else if (fflush(stdout))
		rc = VK_EXIT_FAILED;
out:
	vk_cli_done(&cli);
	free(from);
	free(to);
	free(xslt);
	free(xpath);
	return rc;
}
