/* vm-console: the guest's serial console.  On a terminal: raw mode,
 * Ctrl+] leaves.  Without one: stdin goes to the guest and the guest's
 * output to stdout, so scripts can talk to it. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/error.h"
#include "util/proc.h"
#include "util/file.h"
#include "util/lock.h"

#define ESCAPE_CHAR 0x1d	/* Ctrl+] */

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

/* Take the console lock; with FORCE, make its holder let go. */
static int take_console(const char *lockpath, const char *name, int force)
{
	char *what = vk_asprintf("the console of domain '%s'", name), buf[32];
	int fd = vk_lock(lockpath, VK_LOCK_TRY, what), i;
	char *holder;

	if (fd < 0 && vk_error_code() == VK_EXIT_CONFLICT) {
		holder = vk_file_read(lockpath, 64, NULL);
		if (!force) {
			vk_error(VK_EXIT_CONFLICT, "console busy: domain '%s' "
				 "is attached to vm-console (pid %d); use "
				 "--force to take it over", name,
				 holder ? atoi(holder) : 0);
		} else {
			if (holder && atoi(holder) > 0)
				kill(atoi(holder), SIGTERM);
			for (i = 0; i < 500 && fd < 0; i++) {
				usleep(10000);
				fd = vk_lock(lockpath, VK_LOCK_TRY, what);
			}
		}
		free(holder);
	}
	free(what);
	if (fd >= 0) {
		snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
		if (ftruncate(fd, 0) < 0 || pwrite(fd, buf, strlen(buf), 0) < 0)
			vk_error_clear();
	}
	return fd;
}

/* Copy the console log to stdout as it streams (logs grow without
 * bound); a reader that went away (EPIPE) ends it quietly. */
static int print_history(const char *log)
{
	char buf[65536];
	ssize_t n;
	int fd;

	if (!log)
		return vk_error(VK_EXIT_FAILED, "no console log");
	fd = open(log, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return vk_error_errno(errno == ENOENT ? VK_EXIT_NOT_FOUND
						      : VK_EXIT_FAILED,
				      errno, "cannot read %s", log);
	while ((n = read(fd, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR))
		if (n > 0 && vk_write_all(1, buf, (size_t)n) < 0)
			break;
	close(fd);
	return n < 0 ? vk_error_errno(VK_EXIT_FAILED, errno, "cannot read %s",
				      log) : 0;
}

struct pump {
	int pty;
	int tty;		/* stdin is a terminal */
	long long deadline;	/* 0: none */
	int idle_ms;		/* after stdin's end: quiet time to stop */
	long long last_out;
	int in_open;
};

/* One round of copying.  1 to go on, 0 to stop, -1 on error. */
static int pump_once(struct pump *p)
{
	struct pollfd f[2] = {{.fd = p->in_open ? 0 : -1, .events = POLLIN},
			      {.fd = p->pty, .events = POLLIN}};
	char buf[4096];
	long long now = vk_now_ms();
	int timeout = 200;
	ssize_t n;

	if (stop_signal)
		return 0;
	if (p->deadline && now >= p->deadline)
		return 0;
	if (!p->in_open && now - p->last_out >= p->idle_ms)
		return 0;
	if (poll(f, 2, timeout) < 0)
		return errno == EINTR ? 1 : -1;
	if (f[1].revents & (POLLIN | POLLHUP)) {
		n = read(p->pty, buf, sizeof(buf));
		if (n <= 0)
			return n < 0 && errno == EIO ? 0 : n < 0 ? -1 : 0;
		if (vk_write_all(1, buf, (size_t)n) < 0)
			return 0;	/* nobody reads our output any more */
		p->last_out = vk_now_ms();
	}
	if (f[0].revents & (POLLIN | POLLHUP)) {
		n = read(0, buf, sizeof(buf));
		if (n <= 0) {
			p->in_open = 0;
			p->last_out = vk_now_ms();
			return 1;
		}
		if (p->tty && memchr(buf, ESCAPE_CHAR, (size_t)n))
			return 0;
		if (vk_write_all(p->pty, buf, (size_t)n) < 0)
			return -1;
	}
	return 1;
}

static int attach(const struct vk_console *con, const char *name,
		  int timeout, int idle, int quiet)
{
	struct pump p = {.in_open = 1, .idle_ms = idle * 1000};
	struct termios saved, raw;
	int rc;

	p.pty = open(con->pty, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (p.pty < 0)
		return vk_error_errno(VK_EXIT_FAILED, errno, "cannot open %s",
				      con->pty);
	if (tcgetattr(p.pty, &raw) == 0) {
		cfmakeraw(&raw);
		tcsetattr(p.pty, TCSANOW, &raw);
	}
	p.tty = isatty(0) && tcgetattr(0, &saved) == 0;
	if (p.tty) {
		raw = saved;
		cfmakeraw(&raw);
		tcsetattr(0, TCSANOW, &raw);
		if (!quiet)
			fprintf(stderr, "Connected to domain %s\r\nEscape "
					"character is ^]\r\n", name);
	}
	p.deadline = timeout > 0 ? vk_now_ms() + timeout * 1000LL : 0;
	while ((rc = pump_once(&p)) > 0)
		;
	if (p.tty) {
		tcsetattr(0, TCSANOW, &saved);
		if (!quiet)
			fputs("\n", stderr);
	}
	close(p.pty);
	if (stop_signal == SIGTERM)
		return vk_error(VK_EXIT_CONFLICT, "console of domain '%s' "
				"taken over by another client", name);
	return rc < 0 ? vk_error_errno(VK_EXIT_FAILED, errno, "console") : 0;
}

static int history, force, timeout, idle = 2;
static struct poptOption opts[] = {
	{"history", '\0', POPT_ARG_NONE, &history, 0,
	 "print what the guest wrote on its console so far", NULL},
	{"force", '\0', POPT_ARG_NONE, &force, 0,
	 "take the console over from another client", NULL},
	{"timeout", '\0', POPT_ARG_INT, &timeout, 0,
	 "leave after S seconds", "S"},
	{"idle", '\0', POPT_ARG_INT, &idle, 0,
	 "once stdin ends, leave after S quiet seconds (default 2)", "S"},
	VK_CLI_COMMON
	POPT_TABLEEND
};

static int check(struct vk_cli *cli)
{
	if (timeout < 0 || idle < 0)
		return vk_cli_usage(cli, "--timeout and --idle take seconds");
	return 0;
}

static int run(struct vk_cli *cli, struct vk_conn *c, struct vk_dom *dom)
{
	struct sigaction sa = {.sa_handler = on_signal};
	struct vk_console con = {0};
	int lock = -1, rc = -1;

	/* The log outlives the guest: --history works on a stopped one. */
	if (history) {
		if (vk_dom_console(c, dom, &con) == 0 || con.log)
			rc = print_history(con.log);
		vk_console_clear(&con);
		return rc;
	}
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (vk_dom_console(c, dom, &con) == 0 &&
	    (lock = take_console(con.lock, dom->name, force)) >= 0)
		rc = attach(&con, dom->name, timeout, idle, cli->quiet);
	vk_unlock(lock);
	vk_console_clear(&con);
	return rc;
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_cmd cmd = {
		.opts = opts, .check = check, .run = run,
	};

	return vk_cli_domain_run(argc, argv, &cmd);
}
