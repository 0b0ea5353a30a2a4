#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "util/error.h"
#include "util/proc.h"

static struct vk_cli *current;

struct poptOption vk_cli_common_options[] = {
	{"connect", 'c', POPT_ARG_STRING, NULL, 'c',
	 "hypervisor connection URI", "URI"},
	{"debug", '\0', POPT_ARG_NONE, NULL, 'd',
	 "print more detail with errors", NULL},
	{"quiet", 'q', POPT_ARG_NONE, NULL, 'q',
	 "print nothing but errors and requested data", NULL},
	{"version", 'V', POPT_ARG_NONE, NULL, 'V',
	 "print the version and exit", NULL},
	POPT_TABLEEND
};

static void common_option(struct vk_cli *cli, int val)
{
	switch (val) {
	case 'c':
		free(cli->uri);
		cli->uri = poptGetOptArg(cli->ctx);
		break;
	case 'd':
		cli->debug = 1;
		break;
	case 'q':
		cli->quiet = 1;
		break;
	case 'V':
		cli->version = 1;
		break;
	}
}

int vk_cli_parse(struct vk_cli *cli, int argc, const char **argv,
		 const struct poptOption *opts, const char *args_help,
		 int min, int max)
{
	const char *p = strrchr(argv[0], '/'), *dbg;
	int val;

	memset(cli, 0, sizeof(*cli));
	cli->prog = p ? p + 1 : argv[0];
	current = cli;
	dbg = getenv("VIRTKIT_DEBUG");
	cli->debug = dbg && *dbg && strcmp(dbg, "0");
	cli->ctx = poptGetContext(cli->prog, argc, argv, opts, 0);
	poptSetOtherOptionHelp(cli->ctx, args_help);
	while ((val = poptGetNextOpt(cli->ctx)) > 0)
		common_option(cli, val);
	if (val < -1) {
		fprintf(stderr, "%s: error: %s: %s\n", cli->prog,
			poptBadOption(cli->ctx, POPT_BADOPTION_NOALIAS),
			poptStrerror(val));
		cli->exit = VK_EXIT_USAGE;
		return -1;
	}
	if (cli->version) {
		printf("%s (virtkit) %s\n", cli->prog, VK_VERSION);
		cli->exit = 0;
		return -1;
	}
	cli->args = poptGetArgs(cli->ctx);
	while (cli->args && cli->args[cli->nargs])
		cli->nargs++;
	if (cli->nargs < min) {
		cli->exit = vk_cli_usage(cli, "missing argument: %s", args_help);
		return -1;
	}
	if (max >= 0 && cli->nargs > max) {
		cli->exit = vk_cli_usage(cli, "unexpected argument '%s'",
					 cli->args[max]);
		return -1;
	}
	return 0;
}

void vk_cli_done(struct vk_cli *cli)
{
	if (cli->ctx)
		poptFreeContext(cli->ctx);
	cli->ctx = NULL;
	free(cli->uri);
	cli->uri = NULL;
	current = NULL;
}

/* S on stderr, on one line: control characters escaped (\n, \r,
 * \xHH), as a message may quote the user's input. */
static void put_one_line(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\n')
			fputs("\\n", stderr);
		else if (c == '\r')
			fputs("\\r", stderr);
		else if ((c < 0x20 && c != '\t') || c == 0x7f)
			fprintf(stderr, "\\x%02X", c);
		else
			fputc(c, stderr);
	}
}

int vk_cli_fail(const struct vk_cli *cli)
{
	int code = vk_error_code();
	const char *msg = vk_error_message();

	if (!code) {
		code = VK_EXIT_FAILED;
		msg = "operation failed";
	}
	fprintf(stderr, "%s: error: ", cli->prog);
	put_one_line(msg);
	fputc('\n', stderr);
	if (cli->debug)
		fprintf(stderr, "%s: debug: exit code %d\n", cli->prog, code);
	return code;
}

int vk_cli_usage(const struct vk_cli *cli, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = vk_vasprintf(fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: error: ", cli->prog);
	put_one_line(msg);
	free(msg);
	fprintf(stderr, " (see %s --help)\n", cli->prog);
	return VK_EXIT_USAGE;
}

struct vk_conn *vk_cli_connect(const struct vk_cli *cli, int *rc)
{
	struct vk_conn *c = vk_conn_open(cli->uri);

	if (!c)
		*rc = vk_cli_fail(cli);
	return c;
}

struct vk_dom *vk_cli_domain(const struct vk_cli *cli, struct vk_conn **conn,
			     int *rc)
{
	struct vk_dom *dom;

	*conn = vk_cli_connect(cli, rc);
	if (!*conn)
		return NULL;
	dom = vk_dom_lookup(*conn, cli->args[0]);
	if (!dom)
		*rc = vk_cli_fail(cli);
	return dom;
}

void vk_cli_json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			printf("\\%c", ch);
		else if (ch < 0x20)
			printf("\\u%04x", ch);
		else
			putchar(ch);
	}
	putchar('"');
}

int vk_cli_exec_console(const struct vk_cli *cli, const char *uri,
			const char *name)
{
	char *self = vk_self_relative("vm-console");
	const char *argv[7];
	int i = 0;

	argv[i++] = self ? self : "vm-console";
	argv[i++] = "-c";
	argv[i++] = uri;
	if (cli->debug)
		argv[i++] = "--debug";
	argv[i++] = "--";
	argv[i++] = name;
	argv[i] = NULL;
	fflush(stdout);
	if (self)
		execv(self, (char *const *)argv);
	else
		execvp(argv[0], (char *const *)argv);
	fprintf(stderr, "%s: error: domain '%s' started, but cannot run "
		"%s: %s\n", cli->prog, name, argv[0], strerror(errno));
	free(self);
	return VK_EXIT_FAILED;
}

int vk_cli_domain_run(int argc, const char **argv,
		      const struct vk_cli_cmd *cmd)
{
	static struct poptOption common[] = {VK_CLI_COMMON POPT_TABLEEND};
	struct vk_conn *conn = NULL;
	struct vk_dom *dom = NULL;
	struct vk_cli cli;
	int rc;

	if (vk_cli_parse(&cli, argc, argv, cmd->opts ? cmd->opts : common,
			 "DOMAIN", 1, 1) < 0) {
		rc = cli.exit;
		goto out;
	}
	rc = cmd->check ? cmd->check(&cli) : 0;
	if (rc)
		goto out;
	dom = vk_cli_domain(&cli, &conn, &rc);
	if (!dom)
		goto out;
	rc = cmd->run ? cmd->run(&cli, conn, dom) : cmd->op(conn, dom);
	if (rc < 0)
		rc = vk_cli_fail(&cli);
out:
	vk_dom_free(dom);
	vk_conn_close(conn);
	vk_cli_done(&cli);
	return rc;
}

int vk_cli_print_xpath(const char *xml, const char *name, const char *expr)
{
	xmlDocPtr doc = vk_xml_parse(xml, strlen(xml), name);
	struct vk_buf out = VK_BUF_INIT;
	int rc = -1;

	if (doc && vk_xml_xpath(doc, expr, &out) == 0) {
		fputs(out.s ? out.s : "", stdout);
		rc = 0;
	}
	vk_buf_free(&out);
	xmlFreeDoc(doc);
	return rc;
}

int vk_cli_width(const char *s)
{
	int w = 0;

	for (; *s; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}
