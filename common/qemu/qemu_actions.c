/* The supervisor's side of the guest's lifecycle: QMP events and the
 * on_poweroff / on_reboot / on_crash actions.  Static: no libxml2. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "conf/domain.h"
#include "driver/driver.h"
#include "qemu_sup_priv.h"
#include "util/error.h"
#include "util/proc.h"
#include "util/file.h"
#include "util/proc.h"
#include "util/uuid.h"

#define DUMP_TIMEOUT_MS 600000
#define REBOOT_TTL 300		/* seconds */
#define RECORD_MAX (16u << 20)

/* CMD with ARGS (consumed); *RET (may be NULL) gets its return value. */
static int qmp_ret(struct sup *s, const char *cmd, json_object *args,
		   json_object **ret)
{
	if (s->qmp.fd < 0) {
		json_object_put(args);
		return vk_error(VK_EXIT_FAILED, "the QEMU monitor is closed");
	}
	if (vk_qmp_run(&s->qmp, cmd, args, ret, QMP_TIMEOUT_MS) < 0) {
		vk_sup_log(s, "%s: %s", cmd, vk_error_message());
		return -1;
	}
	return 0;
}

static int qmp(struct sup *s, const char *cmd, json_object *args)
{
	return qmp_ret(s, cmd, args, NULL);
}

/* Replace the value of the first ATTR='...' in TEXT (in place, into a
 * new string the caller frees), or NULL when there is none. */
static char *replace_attr(const char *text, const char *attr,
			  const char *value)
{
	char *key = vk_asprintf("%s='", attr), *at, *end, *out;

	at = strstr(text, key);
	end = at ? strchr(at + strlen(key), '\'') : NULL;
	if (!end) {
		free(key);
		return NULL;
	}
	out = vk_asprintf("%.*s%s%s%s", (int)(at - text), text, key, value,
			  end);
	free(key);
	return out;
}

/* Rewrite the record at PATH with STATE. */
static int write_state(const char *path, int state)
{
	char *text = vk_file_read(path, RECORD_MAX, NULL), *out;
	int rc;

	if (!text)
		return -1;
	out = replace_attr(text, "state", vk_state_name(state));
	free(text);
	if (!out)
		return vk_error(VK_EXIT_FAILED, "%s: no state", path);
	rc = vk_file_replace(path, out, strlen(out), 0600);
	free(out);
	return rc;
}

static void set_state(struct sup *s, int state)
{
	if (s->state == state)
		return;
	s->state = state;
	if (write_state(s->sc->status, state) < 0)
		vk_sup_log(s, "cannot update the runtime record: %s",
			   vk_error_message());
}

static void destroy(struct sup *s)
{
	if (qmp(s, "quit", NULL) < 0 && !s->kill_at) {
		kill(s->pid, SIGTERM);
		s->kill_at = vk_now_ms() + TERM_GRACE_MS;
	}
}

static void restart(struct sup *s)
{
	if (qmp(s, "system_reset", NULL) == 0 && qmp(s, "cont", NULL) == 0)
		set_state(s, VK_STATE_RUNNING);
	else
		destroy(s);
}

/* Write the guest's memory to LOGDIR/NAME.TIME.core through a
 * descriptor passed to QEMU, so QEMU needs no right to the directory. */
static void coredump(struct sup *s)
{
	char *path = vk_asprintf("%s/%s.%lld.core", s->sc->logdir,
				 s->sc->name, (long long)time(NULL));
	json_object *args;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	if (fd < 0) {
		vk_sup_log(s, "cannot create %s: %s", path, strerror(errno));
		free(path);
		return;
	}
	args = json_object_new_object();
	json_object_object_add(args, "fdname", json_object_new_string("dump"));
	if (vk_qmp_run_fd(&s->qmp, "getfd", args, fd, QMP_TIMEOUT_MS) == 0) {
		args = json_object_new_object();
		json_object_object_add(args, "paging",
				       json_object_new_boolean(0));
		json_object_object_add(args, "protocol",
				       json_object_new_string("fd:dump"));
		if (vk_qmp_run(&s->qmp, "dump-guest-memory", args, NULL,
			       DUMP_TIMEOUT_MS) == 0)
			vk_sup_log(s, "core dumped to %s", path);
		else
			vk_sup_log(s, "core dump failed: %s", vk_error_message());
	}
	close(fd);
	free(path);
}

/* Start NAME again from the definition in RECORD (the record's text)
 * with vm-create: the new guest gets its own supervisor. */
static int create_again(struct sup *s, const char *record)
{
	const char *dom = strstr(record, "<domain");
	const char *end = dom ? strstr(dom, "</domstatus>") : NULL;
	char *tmp = vk_asprintf("%s.restart.xml", s->sc->status);
	pid_t pid;
	int status;

	if (!end || !s->sc->create ||
	    vk_file_replace(tmp, dom, (size_t)(end - dom), 0600) < 0) {
		free(tmp);
		return vk_error(VK_EXIT_FAILED, "no definition to restart");
	}
	pid = fork();
	if (pid == 0) {
		vk_child_stdio(-1, s->logfd, s->logfd, -1);
		execl(s->sc->create, "vm-create", "-c", s->sc->uri, tmp,
		      (char *)NULL);
		_exit(127);
	}
	status = -1;
	if (pid > 0)
		waitpid(pid, &status, 0);
	unlink(tmp);
	free(tmp);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return vk_error(VK_EXIT_FAILED, "vm-create failed");
	return 0;
}

/* TEXT with LEN bytes at AT replaced by INS (caller frees). */
static char *text_splice(const char *text, const char *at, size_t len,
		    const char *ins)
{
	return vk_asprintf("%.*s%s%s", (int)(at - text), text, ins, at + len);
}

static char *xml_escaped(const char *fmt, const char *s)
{
	struct vk_buf b = VK_BUF_INIT;
	char *out;

	vk_buf_add_xml(&b, s);
	out = vk_asprintf(fmt, b.s);
	vk_buf_free(&b);
	return out;
}

/* RECORD for the crashed instance: NEWNAME, a new uuid, state crashed. */
static char *crashed_record(const struct sup *s, const char *record,
			    const char *newname)
{
	char *oldtag = xml_escaped("<name>%s</name>", s->sc->name);
	char *newtag = xml_escaped("<name>%s</name>", newname);
	char *a = replace_attr(record, "state",
			       vk_state_name(VK_STATE_CRASHED));
	char *b = NULL, *c = NULL, *at, uuid[VK_UUID_STRLEN + 1];
	unsigned char u[VK_UUID_LEN];

	if (a && (at = strstr(a, oldtag)))
		b = text_splice(a, at, strlen(oldtag), newtag);
	if (b && (at = strstr(b, "<uuid>")) && vk_uuid_generate(u) == 0) {
		vk_uuid_format(u, uuid);
		c = text_splice(b, at + 6, VK_UUID_STRLEN, uuid);
	}
	free(oldtag);
	free(newtag);
	free(a);
	free(b);
	return c;
}

/* The record and the socket directory move to NEWNAME. */
static int rename_self(struct sup *s, const char *record, const char *newname)
{
	const char *slash = strrchr(s->sc->status, '/');
	char *text = crashed_record(s, record, newname);
	char *status = vk_asprintf("%.*s/%s.xml", (int)(slash - s->sc->status),
				   s->sc->status, newname);
	char *dir = vk_asprintf("%.*s/%s.d", (int)(slash - s->sc->status),
				s->sc->status, newname);
	char *reboot = vk_asprintf("%.*s/%s.reboot",
				   (int)(slash - s->sc->status), s->sc->status,
				   newname);
	int rc = -1;

	if (!text || vk_file_replace(status, text, strlen(text), 0600) < 0)
		goto out;
	if (rename(s->sc->dir, dir) < 0) {
		unlink(status);
		goto out;
	}
	unlink(s->sc->status);
	free(s->sc->status);
	free(s->sc->dir);
	free(s->sc->reboot);
	free(s->sc->name);
	s->sc->status = status;
	s->sc->dir = dir;
	s->sc->reboot = reboot;
	s->sc->name = vk_strdup(newname);
	status = dir = reboot = NULL;
	s->state = VK_STATE_CRASHED;
	rc = 0;
out:
	free(text);
	free(status);
	free(dir);
	free(reboot);
	return rc;
}

/* The id= of the -drive value V (",," is a comma in a value; caller
 * frees), or NULL. */
static char *drive_id(const char *v)
{
	const char *p = v;

	while (*p) {
		if (!strncmp(p, "id=", 3))
			return vk_asprintf("%.*s", (int)strcspn(p + 3, ","),
					   p + 3);
		for (; *p && (*p != ',' || p[1] == ','); p++)
			if (*p == ',')
				p++;
		if (*p)
			p++;
	}
	return NULL;
}

/* rename-restart: the crashed instance lets go of its disks (drive_del
 * closes each image, and QEMU's own locks on it go), so that the new
 * instance can open them and nothing but the new one can write them.
 * 0 when every -drive went. */
static int drop_drives(struct sup *s)
{
	int i, rc = 0;

	for (i = 0; i + 1 < s->sc->argv.n; i++) {
		char *id, *cmd;
		json_object *args, *ret = NULL;

		if (strcmp(s->sc->argv.v[i], "-drive") ||
		    !(id = drive_id(s->sc->argv.v[i + 1])))
			continue;
		cmd = vk_asprintf("drive_del %s", id);
		args = json_object_new_object();
		json_object_object_add(args, "command-line",
				       json_object_new_string(cmd));
		/* HMP: a failure is the text it returns */
		if (qmp_ret(s, "human-monitor-command", args, &ret) < 0 ||
		    *json_object_get_string(ret)) {
			vk_sup_log(s, "%s: %s", cmd, ret ?
				   json_object_get_string(ret) : "failed");
			rc = -1;
		}
		json_object_put(ret);
		free(cmd);
		free(id);
	}
	return rc;
}

/* rename-restart: this instance stays, paused, as NAME-crashed-ID with
 * a new uuid (for post-mortem work and vm-destroy), and NAME starts
 * again from the same definition under a new supervisor. */
static void rename_restart(struct sup *s)
{
	char *record = vk_file_read(s->sc->status, RECORD_MAX, NULL);
	char *newname = vk_asprintf("%s-crashed-%d", s->sc->name, s->sc->id);

	if (!record || rename_self(s, record, newname) < 0) {
		vk_sup_log(s, "cannot keep the crashed guest; restarting it");
		restart(s);
	} else {
		vk_sup_log(s, "kept the crashed guest as '%s'", newname);
		/* Its leases and image locks go to the new instance once
		 * its disks are gone; else it keeps them (and the new
		 * start says which image is in use). */
		if (drop_drives(s) == 0) {
			vk_qemu_locks_release(&s->locks);
			/* interfaces: its MAC locks went too; a macvtap with
			 * that MAC (or any, in passthrough mode) on the same
			 * host device would refuse the new one's. */
			vk_sup_delete_macvtaps(s);
		} else {
			vk_sup_log(s, "it keeps its leases and disk images");
		}
		if (create_again(s, record) < 0)
			vk_sup_log(s, "cannot start it again: %s",
				   vk_error_message());
	}
	free(record);
	free(newname);
}

/* Apply ACTION (enum vk_lifecycle) after WHAT happened in the guest. */
static void apply(struct sup *s, int action, const char *what)
{
	vk_sup_log(s, "guest %s: %s", what, vk_lifecycle_names[action]);
	switch (action) {
	case VK_LIFE_DESTROY:
		destroy(s);
		break;
	case VK_LIFE_COREDUMP_DESTROY:
		coredump(s);
		destroy(s);
		break;
	case VK_LIFE_COREDUMP_RESTART:
		coredump(s);
		restart(s);
		break;
	case VK_LIFE_RESTART:
		restart(s);
		break;
	case VK_LIFE_RENAME_RESTART:
		rename_restart(s);
		break;
	case VK_LIFE_PRESERVE:
		set_state(s, strcmp(what, "crashed") ? VK_STATE_SHUTOFF
							   : VK_STATE_CRASHED);
		break;
	}
}

/* Did vm-reboot ask for this poweroff to be a reboot?  A request the
 * guest ignored for REBOOT_TTL seconds has lapsed.  Either way it is
 * used up. */
static bool reboot_requested(struct sup *s)
{
	struct stat st;
	bool fresh;

	if (!s->sc->reboot || stat(s->sc->reboot, &st) < 0)
		return false;
	fresh = time(NULL) - st.st_mtime <= REBOOT_TTL;
	unlink(s->sc->reboot);
	return fresh;
}

/* A guest poweroff, unless vm-reboot asked for a reboot through it. */
static void on_shutdown(struct sup *s, const char *reason)
{
	if (!strcmp(reason, "guest-shutdown")) {
		if (reboot_requested(s)) {
			vk_sup_log(s, "guest powered off for vm-reboot");
			restart(s);
			return;
		}
		apply(s, s->sc->on_poweroff, "powered off");
	} else if (!strcmp(reason, "guest-reset")) {
		apply(s, s->sc->on_reboot, "rebooted");
	} else {
		vk_sup_log(s, "QEMU is shutting down (%s)", reason);
	}
}

/* The watchdog fired.  With action dump QEMU has paused the guest
 * (-action watchdog=pause): write its core as on_crash coredump-* does,
 * then let it run on. */
static void on_watchdog(struct sup *s, const char *action)
{
	if (!s->sc->watchdog_dump) {
		vk_sup_log(s, "guest watchdog fired: %s", action);
		return;
	}
	vk_sup_log(s, "guest watchdog fired: dump");
	coredump(s);
	if (qmp(s, "cont", NULL) == 0)
		set_state(s, VK_STATE_RUNNING);
}

/* QEMU stopped the guest: paused, unless QEMU stopped it for an error
 * (a KVM internal error, say), which is a crash with no action to take. */
static void on_stop(struct sup *s)
{
	json_object *ret = NULL;
	const char *why;

	if (s->state != VK_STATE_RUNNING)
		return;
	if (s->qmp.fd >= 0 && vk_qmp_run(&s->qmp, "query-status", NULL, &ret,
					  QMP_TIMEOUT_MS) == 0) {
		why = vk_json_str(ret, "status");
		if (!strcmp(why, "internal-error") ||
		    !strcmp(why, "io-error")) {
			vk_sup_log(s, "QEMU stopped the guest: %s", why);
			set_state(s, VK_STATE_CRASHED);
			json_object_put(ret);
			return;
		}
	}
	json_object_put(ret);
	set_state(s, VK_STATE_PAUSED);
}

void vk_sup_event(struct sup *s, json_object *ev)
{
	const char *name = vk_json_str(ev, "event");
	json_object *data = NULL;

	json_object_object_get_ex(ev, "data", &data);
	if (!strcmp(name, "SHUTDOWN")) {
		on_shutdown(s, vk_json_str(data, "reason"));
	} else if (!strcmp(name, "GUEST_PANICKED")) {
		apply(s, s->sc->on_crash, "crashed");
	} else if (!strcmp(name, "WATCHDOG")) {
		on_watchdog(s, vk_json_str(data, "action"));
	} else if (!strcmp(name, "STOP")) {
		on_stop(s);
	} else if (!strcmp(name, "RESUME")) {
		set_state(s, VK_STATE_RUNNING);
	} else if (!strcmp(name, "RESET") || !strcmp(name, "POWERDOWN")) {
		vk_sup_log(s, "event %s", name);
	}
	json_object_put(ev);
}
