/* What every command shares: the common options (-c/--connect, --debug,
 * -q/--quiet, -V/--version, plus popt's --help and --usage), the error
 * line "PROGRAM: error: MESSAGE" and the exit code from the table in
 * docs/design.md, "Errors and exit codes".
 * This is the one part of common/ that writes to the terminal: it
 * speaks for the command that called it. */
#ifndef VK_CLI_H
#define VK_CLI_H

#include <popt.h>
#include <stdbool.h>

#include "driver/driver.h"

struct vk_cli {
	const char *prog;
	char *uri;		/* -c value (owned) */
	int debug;
	int quiet;
	int version;
	poptContext ctx;
	const char **args;	/* the positional arguments */
	int nargs;
	int exit;		/* the exit code when vk_cli_parse stops */
};

extern struct poptOption vk_cli_common_options[];

/* The include lines for a command's own table; POPT_TABLEEND follows
 * with no comma in between (popt's POPT_AUTOHELP ends with one). */
#define VK_CLI_COMMON                                                    \
	{NULL, '\0', POPT_ARG_INCLUDE_TABLE, vk_cli_common_options, 0,   \
	 "Common options:", NULL},                                       \
	POPT_AUTOHELP

/* Parse ARGV with OPTS (which must contain VK_CLI_COMMON and end with
 * POPT_TABLEEND).  ARGS_HELP is the synopsis after the options, e.g.
 * "DOMAIN".  MIN and MAX bound the positional arguments (MAX < 0: no
 * bound).  Returns 0 to go on, or -1 to stop with the exit code in
 * CLI->exit (VK_EXIT_USAGE after a message, 0 after --version). */
int vk_cli_parse(struct vk_cli *cli, int argc, const char **argv,
		 const struct poptOption *opts, const char *args_help,
		 int min, int max);
void vk_cli_done(struct vk_cli *cli);

/* Print the recorded error as one line and return its exit code. */
int vk_cli_fail(const struct vk_cli *cli);
/* Print a usage error and return VK_EXIT_USAGE. */
int vk_cli_usage(const struct vk_cli *cli, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Open the connection the options name. NULL after printing the error;
 * *RC holds the exit code then. */
struct vk_conn *vk_cli_connect(const struct vk_cli *cli, int *rc);

/* Open the connection and find the domain the first argument names.
 * NULL after printing the error; *RC holds the exit code then.  *CONN
 * is set either way (NULL when the connection failed). */
struct vk_dom *vk_cli_domain(const struct vk_cli *cli, struct vk_conn **conn,
			     int *rc);

/* A command that works on one DOMAIN (vm-destroy, vm-info, ...). */
struct vk_cli_cmd {
	/* Its own options, then VK_CLI_COMMON and POPT_TABLEEND (file-scope
	 * variables hold the values); NULL: the common options only. */
	struct poptOption *opts;
	/* Checks the options before connecting: 0, or the exit code after
	 * printing why (vk_cli_usage). */
	int (*check)(struct vk_cli *cli);
	/* The work: 0, -1 with an error recorded (printed here), or an exit
	 * code it printed itself. */
	int (*run)(struct vk_cli *cli, struct vk_conn *c, struct vk_dom *dom);
	/* Instead of RUN, for commands that are one operation. */
	int (*op)(struct vk_conn *c, const struct vk_dom *dom);
};

/* The whole main() of such a command: options, DOMAIN looked up, the
 * work, the exit code. */
int vk_cli_domain_run(int argc, const char **argv,
		      const struct vk_cli_cmd *cmd);

/* Replace this process with vm-console attached to domain NAME over
 * URI (the vm-console beside this executable, else from PATH).  Returns
 * only on failure, after printing why, with the exit code. */
int vk_cli_exec_console(const struct vk_cli *cli, const char *uri,
			const char *name);

/* Print what XPath EXPR selects in the XML document XML (NAME names it
 * in messages) to stdout (vk_xml_xpath's form).  Returns 0, or -1 with
 * the error recorded. */
int vk_cli_print_xpath(const char *xml, const char *name, const char *expr);

/* Print S (a JSON string value, quoted and escaped) to stdout. */
void vk_cli_json_string(const char *s);

/* The columns S takes in a table: its UTF-8 characters (names are valid
 * UTF-8).  Pad with "%s%*s", S, WIDTH - vk_cli_width(S), "". */
int vk_cli_width(const char *s);

#endif
