/* The qemu driver's lifecycle operations.  Each takes the domain lock,
 * reads the runtime record, and either talks to QEMU's commands monitor
 * or starts a supervisor. */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <sys/ioctl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qemu_address.h"
#include "qemu_command.h"
#include "qemu_lifecycle.h"
#include "qemu_hostdev.h"
#include "qemu_ops.h"
#include "qemu_status.h"
#include "qemu_spawn.h"
#include "util/error.h"
#include "util/file.h"
#include "util/lock.h"
#include "util/proc.h"

#define STATE_TIMEOUT_MS 10000
#define EXIT_WAIT_MS 10000

/* What an operation works on: the domain's paths, lock and record. */
struct op {
	struct vk_qemu_paths p;
	struct vk_qemu_status st;
	int lock;
	bool alive;
};

static int op_begin(struct op *o, struct vk_conn *c, const char *name)
{
	char *what = vk_asprintf("domain '%s'", name);

	memset(o, 0, sizeof(*o));
	vk_qemu_paths_init(&o->p, c, name);
	o->lock = -1;
	if (vk_mkdir_p(c->paths.run, 0700) == 0)
		o->lock = vk_lock(o->p.lock, 0, what);
	free(what);
	if (o->lock < 0)
		return -1;
	if (vk_qemu_status_read(o->p.status, &o->st) == 0) {
		o->alive = vk_qemu_status_alive(&o->st);
		/* A supervisor still cleaning up after QEMU: let it finish,
		 * and never clean up under its feet. */
		if (!o->alive &&
		    vk_qemu_wait_gone(&o->st, EXIT_WAIT_MS) < 0)
			return vk_error(VK_EXIT_CONFLICT, "domain '%s' is still "
					"stopping", name);
	}
	vk_error_clear();
	return 0;
}

static void op_end(struct op *o)
{
	vk_unlock(o->lock);
	vk_qemu_status_clear(&o->st);
	vk_qemu_paths_clear(&o->p);
}

/* type='kvm' needs a usable /dev/kvm; say so plainly rather than leave
 * it to QEMU. */
static int check_accel(const struct vk_domain_def *def)
{
	int fd, version;

	if (def->virt_type != VK_VIRT_KVM)
		return 0;
	fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return vk_error(VK_EXIT_FAILED, "domain type 'kvm' needs "
				"/dev/kvm: %s (type='qemu' emulates without it)",
				strerror(errno));
	version = ioctl(fd, KVM_GET_API_VERSION, 0);
	close(fd);
	if (version != KVM_API_VERSION)
		return vk_error(VK_EXIT_FAILED, "domain type 'kvm': /dev/kvm "
				"is not usable (API version %d) (type='qemu' "
				"emulates without it)", version);
	return 0;
}

/* Boot LIVE (its id is given here) unless the domain already runs. */
static int boot(struct vk_conn *c, struct op *o, struct vk_domain_def *live,
		const struct vk_dom *dom, unsigned flags)
{
	if (o->alive)
		return vk_dom_conflict(dom, "already running");
	if (check_accel(live) < 0 || vk_qemu_prepare_live(c, live, false) < 0 ||
	    vk_qemu_hostdevs_check(live) < 0)
		return -1;
	live->id = vk_qemu_next_id(c);
	if (live->id < 0)
		return -1;
	return vk_qemu_spawn(c, live, flags);
}

int vk_qemu_start(struct vk_conn *c, const struct vk_dom *dom, unsigned flags)
{
	struct vk_domain_def *live;
	struct op o;
	int rc = -1;

	if (!dom->def)
		return vk_dom_conflict(dom, "transient and has no config "
					    "to start");
	if (op_begin(&o, c, dom->name) < 0)
		goto out;
	live = vk_domain_copy(dom->def);
	rc = boot(c, &o, live, dom, flags);
	vk_domain_free(live);
out:
	op_end(&o);
	return rc;
}

int vk_qemu_create(struct vk_conn *c, struct vk_domain_def *def,
		   unsigned flags, struct vk_dom **out)
{
	struct vk_dom **doms = NULL, *d;
	int n = 0, existing, rc = -1;
	struct op o = {.lock = -1};

	if (vk_qemu_assign_addresses(def) < 0 ||
	    vk_dom_list(c, &doms, &n, VK_LIST_BRIEF) < 0 ||
	    vk_dom_check_identity(doms, n, def, def->uuid_generated,
				  &existing) < 0 ||
	    op_begin(&o, c, def->name) < 0)
		goto out;
	d = vk_dom_new(def);
	rc = boot(c, &o, def, d,
		  flags | (existing < 0 ? VK_QEMU_START_TRANSIENT : 0));
	vk_dom_free(d);
	if (rc == 0) {
		*out = vk_dom_new(def);
		(*out)->live = vk_domain_copy(def);
		(*out)->id = def->id;
		(*out)->state = (flags & VK_START_PAUSED) ? VK_STATE_PAUSED
							  : VK_STATE_RUNNING;
	}
out:
	if (o.lock >= 0)
		op_end(&o);
	vk_dom_list_free(doms, n);
	vk_domain_free(def);
	return rc;
}

/* Begin an operation that needs the guest running. */
static int op_live(struct op *o, struct vk_conn *c, const struct vk_dom *dom)
{
	if (op_begin(o, c, dom->name) < 0)
		return -1;
	if (!o->alive)
		return vk_dom_conflict(dom, "not running");
	return 0;
}

/* ACPI needs a guest that runs (or will run again: paused). */
static int op_acpi(struct op *o, struct vk_conn *c, const struct vk_dom *dom)
{
	if (op_live(o, c, dom) < 0)
		return -1;
	if (o->st.state != VK_STATE_RUNNING && o->st.state != VK_STATE_PAUSED)
		return vk_dom_conflict(dom, vk_state_name(o->st.state));
	return 0;
}

int vk_qemu_shutdown(struct vk_conn *c, const struct vk_dom *dom)
{
	struct op o;
	int rc = op_acpi(&o, c, dom);

	/* A poweroff, even if an earlier vm-reboot is still pending. */
	if (rc == 0) {
		unlink(o.p.reboot);
		rc = vk_qemu_monitor(&o.p, "system_powerdown");
	}
	op_end(&o);
	return rc;
}

int vk_qemu_reboot(struct vk_conn *c, const struct vk_dom *dom)
{
	struct op o;
	int rc = op_acpi(&o, c, dom);

	/* The guest powers off through ACPI; the supervisor sees the
	 * request and resets it instead of applying on_poweroff. */
	if (rc == 0)
		rc = vk_file_replace(o.p.reboot, "", 0, 0600);
	if (rc == 0 && vk_qemu_monitor(&o.p, "system_powerdown") < 0) {
		unlink(o.p.reboot);
		rc = -1;
	}
	op_end(&o);
	return rc;
}

int vk_qemu_destroy(struct vk_conn *c, const struct vk_dom *dom)
{
	struct op o;
	int rc = op_live(&o, c, dom);

	if (rc == 0)
		rc = vk_qemu_kill(&o.p, &o.st);
	op_end(&o);
	return rc;
}

static int pause_resume(struct vk_conn *c, const struct vk_dom *dom,
			bool pause)
{
	struct op o;
	int rc = op_live(&o, c, dom);

	if (rc == 0 && pause && o.st.state == VK_STATE_PAUSED)
		rc = vk_dom_conflict(dom, "already paused");
	else if (rc == 0 && pause && o.st.state != VK_STATE_RUNNING)
		rc = vk_dom_conflict(dom, vk_state_name(o.st.state));
	else if (rc == 0 && !pause && o.st.state != VK_STATE_PAUSED)
		rc = vk_dom_conflict(dom, "not paused");
	if (rc == 0)
		rc = vk_qemu_monitor(&o.p, pause ? "stop" : "cont");
	if (rc == 0)
		rc = vk_qemu_wait_state(&o.p, pause ? VK_STATE_PAUSED
						    : VK_STATE_RUNNING,
					STATE_TIMEOUT_MS);
	op_end(&o);
	return rc;
}

int vk_qemu_suspend(struct vk_conn *c, const struct vk_dom *dom)
{
	return pause_resume(c, dom, true);
}

int vk_qemu_resume(struct vk_conn *c, const struct vk_dom *dom)
{
	return pause_resume(c, dom, false);
}

int vk_qemu_console(struct vk_conn *c, const struct vk_dom *dom,
		    struct vk_console *out)
{
	const struct vk_domain_def *live = dom->live;
	struct vk_qemu_paths p;
	int i;

	/* The log outlives the guest: fill it in first (--history). */
	vk_qemu_paths_init(&p, c, dom->name);
	out->log = p.console_log;
	out->lock = p.console_lock;
	p.console_log = p.console_lock = NULL;
	vk_qemu_paths_clear(&p);
	if (!vk_dom_is_active(dom) || !live)
		return vk_dom_conflict(dom, "not running");
	for (i = 0; i < live->nchrs && !out->pty; i++)
		if ((live->chrs[i].kind == VK_CHR_SERIAL ||
		     live->chrs[i].kind == VK_CHR_CONSOLE) &&
		    live->chrs[i].type == VK_CHR_PTY && live->chrs[i].path)
			out->pty = vk_strdup(live->chrs[i].path);
	if (!out->pty)
		return vk_error(VK_EXIT_FAILED, "domain '%s' has no pty "
						"serial port or console",
				dom->name);
	return 0;
}
