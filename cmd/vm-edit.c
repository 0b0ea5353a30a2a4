/* vm-edit: edit a domain's persistent config in $VISUAL or $EDITOR. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/error.h"
#include "util/file.h"

/* Run the editor on PATH: $VISUAL, $EDITOR or vi, split on blanks (no
 * shell in between). */
static int run_editor(const char *path)
{
	const char *ed = getenv("VISUAL");
	char *copy, *argv[32], *tok, *save;
	int argc = 0, status;
	pid_t pid;

	if (!ed || !*ed)
		ed = getenv("EDITOR");
	if (!ed || !*ed)
		ed = "vi";
	copy = vk_strdup(ed);
	for (tok = strtok_r(copy, " \t", &save); tok && argc < 30;
	     tok = strtok_r(NULL, " \t", &save))
		argv[argc++] = tok;
	argv[argc++] = (char *)path;
	argv[argc] = NULL;
	pid = fork();
	if (pid == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "vm-edit: error: cannot run editor '%s': %s\n",
			argv[0], strerror(errno));
		_exit(127);
	}
	free(copy);
	if (pid < 0)
		return vk_error_errno(VK_EXIT_FAILED, errno, "cannot fork");
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return vk_error_errno(VK_EXIT_FAILED, errno, "wait");
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return vk_error(VK_EXIT_FAILED,
				"the editor failed; the config is unchanged");
	return 0;
}

static int ask_again(void)
{
	char line[16];

	if (!isatty(STDIN_FILENO) || !isatty(STDERR_FILENO))
		return 0;
	fputs("Edit again? [y/N] ", stderr);
	if (!fgets(line, sizeof(line), stdin))
		return 0;
	return line[0] == 'y' || line[0] == 'Y';
}

/* Edit until the result is defined, unchanged, or given up. */
static int edit(const struct vk_cli *cli, struct vk_conn *conn,
		const struct vk_dom *dom, const char *path, const char *orig)
{
	for (;;) {
		struct vk_domain_def *def;
		struct vk_dom *done;
		char *now;
		int same;

		if (run_editor(path) < 0)
			return vk_cli_fail(cli);
		now = vk_file_read(path, VK_XML_MAX_SIZE, NULL);
		if (!now)
			return vk_cli_fail(cli);
		same = !strcmp(now, orig);
		free(now);
		if (same) {
			if (!cli->quiet)
				printf("Domain %s XML configuration not "
				       "changed.\n", dom->name);
			return 0;
		}
		def = vk_domain_parse_file(path, VK_PARSE_INACTIVE);
		done = def ? vk_dom_define(conn, def, orig) : NULL;
		if (done) {
			vk_dom_free(done);
			return 0;
		}
		if (vk_error_code() != VK_EXIT_DOCUMENT || !ask_again())
			return vk_cli_fail(cli);
		vk_cli_fail(cli);
	}
}

/* Write the config to a private temp file and edit it there. */
static int run(struct vk_cli *cli, struct vk_conn *c, struct vk_dom *dom)
{
	const char *tmpdir = getenv("TMPDIR");
	char *orig, *tpl;
	int fd, rc;

	if (!dom->def)
		return vk_error(VK_EXIT_CONFLICT, "domain '%s' is transient: it "
				"has no config to edit", dom->name);
	orig = vk_domain_format(dom->def, VK_FMT_INACTIVE | VK_FMT_SECURE);
	tpl = vk_asprintf("%s/vm-edit-XXXXXX.xml",
			  tmpdir && *tmpdir ? tmpdir : "/tmp");
	fd = mkstemps(tpl, 4);
	if (fd < 0) {
		rc = vk_error_errno(VK_EXIT_FAILED, errno, "cannot create %s",
				    tpl);
	} else {
		bool ok = write(fd, orig, strlen(orig)) == (ssize_t)strlen(orig);

		close(fd);
		rc = ok ? edit(cli, c, dom, tpl, orig)
			: vk_error_errno(VK_EXIT_FAILED, errno,
					 "cannot write %s", tpl);
		unlink(tpl);
	}
	free(tpl);
	free(orig);
	return rc;
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_cmd cmd = {.run = run};

	return vk_cli_domain_run(argc, argv, &cmd);
}
