/* Editing a configuration in the user's editor (edit.h). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "edit.h"
#include "util/error.h"
#include "util/file.h"

char *vk_cli_edit_file(const char *prog, const char *text)
{
	const char *tmpdir = getenv("TMPDIR");
	char *tpl = vk_asprintf("%s/%s-XXXXXX.xml",
				tmpdir && *tmpdir ? tmpdir : "/tmp", prog);
	int fd = mkstemps(tpl, 4);
	bool ok;

	if (fd < 0) {
		vk_error_errno(VK_EXIT_FAILED, errno, "cannot create %s", tpl);
		free(tpl);
		return NULL;
	}
	ok = vk_write_all(fd, text, strlen(text)) == 0;
	close(fd);
	if (!ok) {
		vk_error_errno(VK_EXIT_FAILED, errno, "cannot write %s", tpl);
		unlink(tpl);
		free(tpl);
		return NULL;
	}
	return tpl;
}

int vk_cli_run_editor(const char *prog, const char *path)
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
		fprintf(stderr, "%s: error: cannot run editor '%s': %s\n",
			prog, argv[0], strerror(errno));
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

int vk_cli_ask_again(void)
{
	char line[16];

	if (!isatty(STDIN_FILENO) || !isatty(STDERR_FILENO))
		return 0;
	fputs("Edit again? [y/N] ", stderr);
	if (!fgets(line, sizeof(line), stdin))
		return 0;
	return line[0] == 'y' || line[0] == 'Y';
}

