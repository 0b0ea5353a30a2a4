/* Editing a configuration in the user's editor (vm-edit, net-edit). */
#ifndef VK_CLI_EDIT_H
#define VK_CLI_EDIT_H

/* TEXT in a new private file TMPDIR/PROG-XXXXXX.xml: its path (caller
 * unlinks and frees), or NULL with an error. */
char *vk_cli_edit_file(const char *prog, const char *text);
/* Run $VISUAL, $EDITOR or vi on PATH, split on blanks (no shell in
 * between); PROG names the command in the child's message.  0, or -1
 * when it cannot run or fails ("the config is unchanged"). */
int vk_cli_run_editor(const char *prog, const char *path);
/* On a terminal, "Edit again? [y/N]": whether the answer is yes. */
int vk_cli_ask_again(void);

#endif
