/* vm-start's side of starting a guest (see qemu_supervisor.h): files,
 * QEMU's command line, the supervisor, its report, the runtime record. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "qemu_command.h"
#include "qemu_conf.h"
#include "qemu_firmware.h"
#include "qemu_locks.h"
#include "qemu_net.h"
#include "qemu_secrets.h"
#include "qemu_spawn.h"
#include "qemu_status.h"
#include "qemu_supervisor.h"
#include "qemu_tpm.h"
#include "util/error.h"
#include "util/file.h"
#include "util/proc.h"

#define REPORT_TIMEOUT_MS 120000

/* Let QEMU's user pass through DIR and its parent (names stay hidden:
 * search permission only). */
static void let_through(const char *dir)
{
	char *parent = vk_strdup(dir), *slash = strrchr(parent, '/');

	chmod(dir, 0711);
	if (slash && slash != parent) {
		*slash = '\0';
		chmod(parent, 0711);
	}
	free(parent);
}

/* Directories and files QEMU itself opens belong to its user. */
static int prepare_files(const struct vk_conn *c,
			 const struct vk_qemu_paths *p,
			 const struct vk_qemu_conf *conf)
{
	int fd;

	if (vk_mkdir_p(c->paths.log, 0700) < 0)
		return -1;
	vk_qemu_cleanup_stale(p);	/* what a dead supervisor left */
	if (mkdir(p->dir, 0700) < 0 && errno != EEXIST)
		return vk_error_errno(VK_EXIT_FAILED, errno, "cannot create %s",
				      p->dir);
	fd = open(p->console_log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
		  0600);
	if (fd >= 0)
		close(fd);
	if (geteuid() != 0)
		return 0;
	if (conf->user) {
		let_through(c->paths.run);
		let_through(c->paths.log);
	}
	/* Always, so that a change of user in qemu.conf takes effect. */
	if (chown(p->dir, conf->uid, conf->gid) < 0)
		return vk_error_errno(VK_EXIT_FAILED, errno,
				      "cannot give %s to uid %u", p->dir,
				      (unsigned)conf->uid);
	if (chown(p->console_log, conf->uid, conf->gid) < 0)
		return vk_error_errno(VK_EXIT_FAILED, errno,
				      "cannot give %s to uid %u",
				      p->console_log, (unsigned)conf->uid);
	return 0;
}

/* The supervisor beside this executable (build tree or installed), or
 * $VIRTKIT_SUPERVISOR. */
static char *find_supervisor(void)
{
	const char *env = getenv("VIRTKIT_SUPERVISOR");
	char *p;

	if (env && *env)
		return vk_strdup(env);
	p = vk_self_relative("../libexec/virtkit-supervisor");
	if (!p)
		p = vk_self_relative("../libexec/virtkit/virtkit-supervisor");
	if (!p && access(VK_LIBEXECDIR "/virtkit-supervisor", X_OK) == 0)
		p = vk_strdup(VK_LIBEXECDIR "/virtkit-supervisor");
	if (!p)
		vk_error(VK_EXIT_FAILED, "cannot find virtkit-supervisor (set "
					 "VIRTKIT_SUPERVISOR)");
	return p;
}

/* What the supervisor needs to know about LIVE. */
static int fill_conf(struct vk_sup_conf *sc, const struct vk_conn *c,
		     const struct vk_qemu_paths *p,
		     const struct vk_qemu_conf *conf,
		     const struct vk_domain_def *live, unsigned flags)
{
	struct vk_qemu_start qs = {
		.qmp_supervisor = p->qmp_sup,
		.qmp_commands = p->qmp_cmd,
		.console_log = p->console_log,
		.sandbox = conf->sandbox,
		.swtpm_dir = p->dir,
	};
	char *huge;	/* platform: a hugetlbfs mount */
	int i, j;

	sc->uri = vk_strdup(c->uri);
	sc->name = vk_strdup(live->name);
	sc->id = live->id;
	sc->status = vk_strdup(p->status);
	sc->dir = vk_strdup(p->dir);
	sc->reboot = vk_strdup(p->reboot);
	sc->log = vk_strdup(p->log);
	sc->logdir = vk_strdup(c->paths.log);
	sc->qmp = vk_strdup(p->qmp_sup);
	sc->create = vk_self_relative("vm-create");
	sc->uid = conf->uid;
	sc->gid = conf->gid;
	sc->drop = geteuid() == 0;
	sc->paused = flags & VK_START_PAUSED;
	sc->on_poweroff = live->on_poweroff;
	sc->on_reboot = live->on_reboot;
	sc->on_crash = live->on_crash;
	for (i = 0; i < live->nchrs; i++) {
		char *id = live->chrs[i].type == VK_CHR_PTY
				   ? vk_qemu_chr_id(live, i) : NULL;

		for (j = 0; id && j < sc->ptys.n; j++)
			if (!strcmp(sc->ptys.v[j], id))
				break;
		if (id && j == sc->ptys.n)
			vk_argv_add(&sc->ptys, id);
		free(id);
	}
	for (i = 0; i < live->nsmartcards; i++) {	/* a passthrough pty */
		char *id;

		if (live->smartcards[i].mode != VK_SC_PASSTHROUGH ||
		    live->smartcards[i].chr.type != VK_CHR_PTY)
			continue;
		id = vk_qemu_smartcard_chr_id(i);
		vk_argv_add(&sc->ptys, id);
		free(id);
	}
	for (i = 0; i < live->ngraphics; i++) {
		if (live->graphics[i].type != VK_GFX_VNC || sc->vnc)
			continue;
		sc->vnc = true;
		sc->vnc_passwd = vk_strdup(live->graphics[i].passwd);
		sc->vnc_expiry = vk_qemu_passwd_expiry(&live->graphics[i]);
	}
	for (i = 0; i < live->ngraphics; i++) {
		if (live->graphics[i].type != VK_GFX_SPICE || sc->spice_passwd)
			continue;
		sc->spice_passwd = vk_strdup(live->graphics[i].passwd);
		sc->spice_expiry = vk_qemu_passwd_expiry(&live->graphics[i]);
	}
	vk_qemu_locks_list(live, &sc->locks);
	vk_qemu_nets_locks(c, live, &sc->locks);	/* interfaces */
	/* platform: sysinfo, tuning, cpu */
	vk_qemu_sup_affinity(sc, live);
	sc->watchdog_dump = live->watchdog.model >= 0 &&	/* watchdog */
			    live->watchdog.action == VK_WD_DUMP;
	huge = live->hugepages ? vk_qemu_hugetlbfs() : NULL;
	qs.hugetlbfs = huge;
	i = vk_qemu_build_argv(live, &qs, &sc->argv);
	free(huge);
	vk_qemu_env(live, &sc->env);
	return i;
}

/* In the grandchild: become the supervisor, or say on the report pipe
 * why not (vm-start shows it). */
static void exec_supervisor(const char *sup, int conf_fd, int report_fd,
			    const struct vk_qemu_nets *nets)
{
	char fdarg[16];
	int k;

	vk_child_stdio(conf_fd, -1, -1, report_fd);
	for (k = 0; k < nets->nfds; k++)	/* interfaces: taps for QEMU */
		fcntl(nets->fds[k], F_SETFD, 0);
	snprintf(fdarg, sizeof(fdarg), "%d", report_fd);
	execl(sup, "virtkit-supervisor", "--report-fd", fdarg, (char *)NULL);
	dprintf(report_fd, "ERR %d cannot run %s: %s\n", VK_EXIT_FAILED, sup,
		strerror(errno));
	_exit(127);
}

/* Start the supervisor detached (double fork).  *CONF_FD and *REPORT_FD
 * are our ends of its stdin and of its report pipe. */
static int start_supervisor(int *conf_fd, int *report_fd,
			    const struct vk_qemu_nets *nets)
{
	char *sup = find_supervisor();
	int cp[2] = {-1, -1}, rp[2] = {-1, -1}, status;
	pid_t pid;

	if (!sup)
		return -1;
	if (pipe2(cp, O_CLOEXEC) < 0 || pipe2(rp, O_CLOEXEC) < 0) {
		vk_error_errno(VK_EXIT_FAILED, errno, "pipe");
		goto fail;
	}
	pid = fork();
	if (pid == 0) {
		setsid();
		pid = fork();
		if (pid == 0)
			exec_supervisor(sup, cp[0], rp[1], nets);
		if (pid < 0)
			dprintf(rp[1], "ERR %d cannot start the supervisor: "
				"%s\n", VK_EXIT_FAILED, strerror(errno));
		_exit(0);
	}
	if (pid < 0) {
		vk_error_errno(VK_EXIT_FAILED, errno, "fork");
		goto fail;
	}
	waitpid(pid, &status, 0);
	close(cp[0]);
	close(rp[1]);
	*conf_fd = cp[1];
	*report_fd = rp[0];
	free(sup);
	return 0;
fail:
	if (cp[0] >= 0) {
		close(cp[0]);
		close(cp[1]);
	}
	if (rp[0] >= 0) {
		close(rp[0]);
		close(rp[1]);
	}
	free(sup);
	return -1;
}

/* The supervisor's report, whole (up to "END" or an "ERR" line). */
static char *read_report(int fd)
{
	long long end = vk_now_ms() + REPORT_TIMEOUT_MS;
	struct vk_buf b = VK_BUF_INIT;
	char buf[1024];

	for (;;) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		ssize_t n;

		if (b.s && (strstr(b.s, "END\n") ||
			    (!strncmp(b.s, "ERR ", 4) && strchr(b.s, '\n'))))
			return vk_buf_steal(&b);
		if (poll(&p, 1, (int)(end - vk_now_ms())) <= 0)
			break;
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		vk_buf_addn(&b, buf, (size_t)n);
	}
	if (b.s && !strncmp(b.s, "ERR ", 4))
		return vk_buf_steal(&b);
	vk_buf_free(&b);
	vk_error(VK_EXIT_FAILED, "the supervisor died while starting the "
				 "guest (see the domain log)");
	return NULL;
}

/* The pty PATH QEMU gave chardev ID, when it is a smartcard's. */
static void pty_smartcard(struct vk_domain_def *live, const char *id,
			  const char *path)
{
	struct vk_chr *chr;
	char *cid;
	int i;

	for (i = 0; i < live->nsmartcards; i++) {
		chr = &live->smartcards[i].chr;
		cid = vk_qemu_smartcard_chr_id(i);
		if (!strcmp(cid, id) && chr->type == VK_CHR_PTY &&
		    live->smartcards[i].mode == VK_SC_PASSTHROUGH) {
			free(chr->path);
			chr->path = vk_strdup(path);
		}
		free(cid);
	}
}

/* Apply the report to LIVE and ST: pids, ptys, VNC port. */
static int apply_report(char *rep, struct vk_domain_def *live,
			struct vk_qemu_status *st)
{
	char *line, *save, *msg;
	int sup, pid, code, i;

	if (!strncmp(rep, "ERR ", 4)) {
		code = (int)strtol(rep + 4, &msg, 10);
		msg += *msg == ' ';
		msg[strcspn(msg, "\n")] = '\0';
		return vk_error(code ? code : VK_EXIT_FAILED, "%s", msg);
	}
	if (sscanf(rep, "OK %d %llu %d %llu", &sup, &st->sup_start, &pid,
		   &st->pid_start) != 4)
		return vk_error(VK_EXIT_FAILED, "bad report from the "
						"supervisor");
	st->sup = sup;
	st->pid = pid;
	for (line = strtok_r(rep, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char id[64], path[256];
		int port;

		if (sscanf(line, "pty %63s %255s", id, path) == 2) {
			for (i = 0; i < live->nchrs; i++) {
				char *cid = vk_qemu_chr_id(live, i);

				if (cid && !strcmp(cid, id) &&
				    live->chrs[i].type == VK_CHR_PTY) {
					free(live->chrs[i].path);
					live->chrs[i].path = vk_strdup(path);
				}
				free(cid);
			}
			pty_smartcard(live, id, path);
		} else if (sscanf(line, "vnc %d", &port) == 1) {
			for (i = 0; i < live->ngraphics; i++)
				if (live->graphics[i].type == VK_GFX_VNC) {
					live->graphics[i].port = port;
					break;
				}
		}
	}
	return 0;
}

int vk_qemu_spawn(struct vk_conn *c, struct vk_domain_def *live,
		  unsigned flags)
{
	struct vk_sup_conf sc = {0};
	struct vk_qemu_status st = {0};
	struct vk_buf enc = VK_BUF_INIT;
	struct vk_qemu_conf conf;
	struct vk_qemu_paths p;
	struct vk_qemu_nets nets = {0};	/* interfaces */
	int conf_fd = -1, report_fd = -1, rc = -1;
	char *rep = NULL;

	vk_qemu_paths_init(&p, c, live->name);
	/* interfaces: macvtap links a killed supervisor left */
	vk_qemu_nets_sweep(c, &p, vk_qemu_nets_direct(live));
	/* The command line first (LIVE is prepared: vk_qemu_prepare_live):
	 * a refused element leaves nothing. */
	if (vk_qemu_conf_load(&conf, c->paths.settings) < 0 ||
	    fill_conf(&sc, c, &p, &conf, live, flags) < 0 ||
	    vk_qemu_nets_check(c, live, &nets) < 0 ||
	    prepare_files(c, &p, &conf) < 0 ||
	    vk_qemu_disk_secrets_write(live, c->session, p.dir, conf.uid,
				       conf.gid) < 0 ||
	    vk_qemu_nvram_prepare(live, conf.uid, conf.gid) < 0 ||
	    vk_qemu_nets_prepare(live, p.dir, &nets) < 0 ||
	    vk_qemu_tpm_start(live, c->paths.config, p.dir, c->paths.log,
			      conf.uid, conf.gid) < 0 ||
	    ((flags & VK_QEMU_START_TRANSIENT) &&
	     vk_qemu_tpm_transient(live, c->paths.config, p.dir) < 0) ||
	    start_supervisor(&conf_fd, &report_fd, &nets) < 0)
		goto out;
	vk_qemu_nets_pass(&nets, &sc);
	vk_qemu_nets_links(live, &sc);
	vk_sup_conf_encode(&sc, &enc);
	signal(SIGPIPE, SIG_IGN);
	if (write(conf_fd, enc.s, enc.len) != (ssize_t)enc.len)
		vk_error_clear();	/* the report says what went wrong */
	rep = read_report(report_fd);
	/* QEMU has read its keys (or is gone): they go now. */
	vk_qemu_disk_secrets_remove(live, p.dir);
	if (!rep || apply_report(rep, live, &st) < 0)
		goto out;
	st.state = (flags & VK_START_PAUSED) ? VK_STATE_PAUSED
					      : VK_STATE_RUNNING;
	st.id = live->id;
	st.live = live;
	rc = vk_qemu_status_write(p.status, &st);
	st.live = NULL;
	if (rc == 0 && write(conf_fd, "GO\n", 3) != 3)
		rc = vk_error_errno(VK_EXIT_FAILED, errno,
				    "the supervisor went away");
out:
	if (rc < 0 && st.sup)
		unlink(p.status);	/* the supervisor gives up on EOF */
	if (conf_fd >= 0)
		close(conf_fd);
	if (report_fd >= 0)
		close(report_fd);
	if (enc.s)
		memset(enc.s, 0, enc.len);	/* it holds the VNC password */
	vk_buf_free(&enc);
	free(rep);
	vk_qemu_nets_release(&nets, rc < 0);	/* interfaces */
	/* No supervisor runs to clean up (none started, it could not
	 * exec, or it died): swtpm and the directory go here. */
	if (rc < 0 && !st.sup) {
		vk_qemu_tpm_stop(p.dir);
		vk_dir_remove(p.dir);
	}
	vk_sup_conf_clear(&sc);
	vk_qemu_conf_clear(&conf);
	vk_qemu_paths_clear(&p);
	return rc;
}
