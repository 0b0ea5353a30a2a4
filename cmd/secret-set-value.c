/* secret-set-value: set a secret's value from stdin or a private file,
 * in base64 (as virsh) or, with --plain, as raw bytes.  Never from the
 * command line, where every user of the host could read it. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli/cli_secret.h"
#include "util/base64.h"
#include "util/error.h"

static char *file, *base64_arg;
static int plain;
static struct poptOption opts[] = {
	{"file", 'f', POPT_ARG_STRING, &file, 0,
	 "read the value from FILE (mode 0600 or 0400) instead of stdin",
	 "FILE"},
	{"plain", '\0', POPT_ARG_NONE, &plain, 0,
	 "the value is raw bytes, not base64", NULL},
	{"base64", '\0', POPT_ARG_STRING | POPT_ARGFLAG_DOC_HIDDEN,
	 &base64_arg, 0, "refused: a value on the command line", "VALUE"},
	VK_CLI_COMMON
	POPT_TABLEEND
};

static int check(struct vk_cli *cli)
{
	if (base64_arg || cli->nargs > 1) {
		if (base64_arg)
			explicit_bzero(base64_arg, strlen(base64_arg));
		return vk_cli_usage(cli, "a secret value is not taken on the "
				    "command line (any user can read it "
				    "there): give it on stdin or with --file");
	}
	return 0;
}

/* One line from the terminal on FD, not echoed, without its newline. */
static int read_tty(int fd, unsigned char **value, size_t *len)
{
	unsigned char *buf = vk_malloc(VK_SECRET_VALUE_MAX + 1);
	struct termios old, quiet;
	ssize_t n;

	if (tcgetattr(fd, &old) < 0) {
		free(buf);
		return vk_secret_read_fd(fd, "stdin", value, len);
	}
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	quiet.c_lflag |= ICANON;
	fputs("Enter the secret value: ", stderr);
	fflush(stderr);
	tcsetattr(fd, TCSAFLUSH, &quiet);
	/* In canonical mode one read is one line. */
	do
		n = read(fd, buf, VK_SECRET_VALUE_MAX);
	while (n < 0 && errno == EINTR);
	tcsetattr(fd, TCSAFLUSH, &old);
	fputc('\n', stderr);
	if (n < 0) {
		vk_secret_value_free(buf, VK_SECRET_VALUE_MAX + 1);
		return vk_error_errno(VK_EXIT_FAILED, errno, "cannot read "
				      "the terminal");
	}
	if (n > 0 && buf[n - 1] == '\n')
		n--;
	buf[n] = '\0';
	*value = buf;
	*len = (size_t)n;
	return 0;
}

static int read_value(unsigned char **value, size_t *len)
{
	int fd, rc;

	if (!file)
		return isatty(STDIN_FILENO) ? read_tty(STDIN_FILENO, value, len)
		       : vk_secret_read_fd(STDIN_FILENO, "stdin", value, len);
	fd = vk_secret_open_private(file, false);
	if (fd < 0)
		return -1;
	rc = vk_secret_read_fd(fd, file, value, len);
	close(fd);
	return rc;
}

static int run(struct vk_cli *cli, struct vk_secrets *s,
	       struct vk_secret_def *def)
{
	unsigned char *in = NULL, *value = NULL;
	size_t inlen = 0, len = 0;
	int rc = -1;

	(void)cli;
	if (read_value(&in, &inlen) < 0)
		return -1;
	if (plain) {
		value = in;
		len = inlen;
		in = NULL;
	} else if (vk_base64_decode((const char *)in, inlen, &value,
				    &len) < 0) {
		vk_error(VK_EXIT_DOCUMENT, "the value is not base64 (--plain "
			 "takes raw bytes)");
		goto out;
	}
	rc = vk_secret_set_value(s, def, value, len);
out:
	vk_secret_value_free(in, inlen);
	vk_secret_value_free(value, len);
	return rc;
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_secret_cmd cmd = {
		.opts = opts, .args_help = "SECRET", .min = 1, .max = -1,
		.find = true, .check = check, .run = run,
	};

	return vk_cli_secret_run(argc, argv, &cmd);
}
