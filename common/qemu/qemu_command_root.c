/* The root elements of the domain on the QEMU 7.2 command line: I/O
 * threads, the VM generation id, the guest's sleep states, the vcpus
 * present at start, and libvirt's <qemu:commandline> passthrough.
 *
 * Options written here, for xml-convert to read back:
 *   -object iothread,id=iothreadN  each of <iothreads> (<iothreadids>
 *                                  ids, else 1 .. N)
 *   -device vmgenid,guid=UUID      <genid>
 *   -global PIIX4_PM.disable_s3=0|1, disable_s4 (pc; ICH9-LPC on q35)
 *                                  <pm><suspend-to-mem|disk enabled>
 *   ARG...                         <qemu:arg value>, at the very end
 * <qemu:env> variables go in QEMU's environment (vk_qemu_env).
 * Refused, with the reason: <vcpu placement='auto'> (numad); <vcpus>
 * enabling other vcpus than the first ones; <genid> and <pm> on other
 * arches than x86.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qemu_command_priv.h"
#include "util/error.h"
#include "util/uuid.h"

static bool listed_iothread(const struct vk_resources *r, unsigned id)
{
	int k;

	for (k = 0; k < r->niothreadids; k++)
		if (r->iothreadids[k].id == id)
			return true;
	return false;
}

/* The I/O thread ids: those of <iothreadids>, then, up to <iothreads>,
 * the lowest ids not listed.  With ADD, each becomes an -object; else
 * true when ID is one of them. */
static bool iothread_ids(const struct vk_qcmd *c, bool add, unsigned id)
{
	const struct vk_resources *r = &c->def->res;
	unsigned i, n = r->iothreads;

	for (i = 0; i < (unsigned)r->niothreadids; i++) {
		if (!add && r->iothreadids[i].id == id)
			return true;
		if (add) {
			vk_argv_add(c->a, "-object");
			vk_argv_addf(c->a, "iothread,id=iothread%u",
				     r->iothreadids[i].id);
		}
	}
	for (i = 1; n > (unsigned)r->niothreadids; i++) {
		if (listed_iothread(r, i))
			continue;
		if (!add && i == id)
			return true;
		if (add) {
			vk_argv_add(c->a, "-object");
			vk_argv_addf(c->a, "iothread,id=iothread%u", i);
		}
		n--;
	}
	return false;
}

static void add_iothreads(struct vk_qcmd *c)
{
	iothread_ids(c, true, 0);
}

int vk_qcmd_iothread(const struct vk_qcmd *c, struct vk_buf *b,
		     unsigned id, const char *who)
{
	if (!id)
		return 0;
	if (!iothread_ids(c, false, id))
		return vk_error(VK_EXIT_DOCUMENT, "%s: iothread %u: the "
				"domain has no such I/O thread (<iothreads>, "
				"<iothreadids>)", who, id);
	vk_buf_addf(b, ",iothread=iothread%u", id);
	return 0;
}

static int add_pm(struct vk_qcmd *c)
{
	const struct vk_resources *r = &c->def->res;
	const char *dev = vk_qcmd_q35(c) ? "ICH9-LPC" : "PIIX4_PM";

	if (r->pm_mem < 0 && r->pm_disk < 0)
		return 0;
	if (!c->x86)
		return vk_qcmd_refuse_why("virtkit sets the sleep states of "
					  "the PC's ACPI device only",
					  "<pm> on arch '%s'",
					  c->def->os.arch);
	if (r->pm_mem >= 0) {
		vk_argv_add(c->a, "-global");
		vk_argv_addf(c->a, "%s.disable_s3=%d", dev, !r->pm_mem);
	}
	if (r->pm_disk >= 0) {
		vk_argv_add(c->a, "-global");
		vk_argv_addf(c->a, "%s.disable_s4=%d", dev, !r->pm_disk);
	}
	return 0;
}

/* QEMU starts vcpus 0 .. current-1: <vcpus> must enable those. */
static int check_vcpus(struct vk_qcmd *c)
{
	const struct vk_domain_def *def = c->def;
	const struct vk_resources *r = &def->res;
	unsigned cur = def->vcpus_current ? def->vcpus_current : def->vcpus;
	int i;

	if (r->vcpu_placement == 1)
		return vk_qcmd_refuse_why("it asks numad where to run, and "
					  "virtkit does not use numad",
					  "vcpu placement 'auto'");
	for (i = 0; i < r->nvcpu_states; i++)
		if ((r->vcpu_states[i].id < cur) !=
		    (r->vcpu_states[i].enabled == 1))
			return vk_qcmd_refuse_why("QEMU starts the first "
						  "vcpus: enable vcpus 0 .. "
						  "current-1", "<vcpus> vcpu "
						  "%u enabled '%s'",
						  r->vcpu_states[i].id,
						  r->vcpu_states[i].enabled ?
						  "yes" : "no");
	return 0;
}

int vk_qcmd_root_objects(struct vk_qcmd *c)
{
	const struct vk_resources *r = &c->def->res;
	char uuid[VK_UUID_STRLEN + 1];

	if (check_vcpus(c) < 0)
		return -1;
	add_iothreads(c);
	if (r->has_genid) {
		if (!c->x86)
			return vk_qcmd_refuse_why("QEMU's vmgenid device is "
						  "an ACPI device of PCs",
						  "<genid> on arch '%s'",
						  c->def->os.arch);
		vk_uuid_format(r->genid, uuid);
		vk_argv_add(c->a, "-device");
		vk_argv_addf(c->a, "vmgenid,guid=%s", uuid);
	}
	return add_pm(c);
}

void vk_qcmd_passthrough(struct vk_qcmd *c)
{
	int i;

	for (i = 0; i < c->def->qemu.nargs; i++)
		vk_argv_add(c->a, c->def->qemu.args[i]);
}

void vk_qemu_env(const struct vk_domain_def *def, struct vk_argv *out)
{
	int i;

	for (i = 0; i < def->qemu.nenv; i++)
		vk_argv_addf(out, "%s=%s", def->qemu.env[i].name,
			     def->qemu.env[i].value ? def->qemu.env[i].value
						    : "");
}
