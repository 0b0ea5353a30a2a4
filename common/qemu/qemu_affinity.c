/* CPU affinities of a guest: <vcpu cpuset> for the whole QEMU process
 * (set in the child before exec, so every thread QEMU starts inherits
 * it) and <cputune><vcpupin> for each vcpu thread (set by the
 * supervisor once QEMU is up and paused, from query-cpus-fast).  Linked
 * into the static supervisor: no libxml2 calls here. */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/domain.h"
#include "qemu_sup_priv.h"
#include "util/cpuset.h"
#include "util/error.h"

void vk_qemu_sup_affinity(struct vk_sup_conf *sc,
			  const struct vk_domain_def *def)
{
	int i;

	sc->affinity = vk_strdup(def->cpuset);
	for (i = 0; i < def->cputune.npins; i++) {
		char *pin = vk_asprintf("%u %s", def->cputune.pins[i].vcpu,
					def->cputune.pins[i].cpuset);

		vk_argv_add(&sc->vcpupins, pin);
		free(pin);
	}
}

int vk_sup_set_affinity(pid_t tid, const char *cpuset, const char *what)
{
	size_t size = CPU_ALLOC_SIZE(VK_CPUSET_MAX);
	cpu_set_t *mask = CPU_ALLOC(VK_CPUSET_MAX);
	struct vk_cpuset set;
	int cpu, rc = 0;

	if (!mask)
		return vk_error_errno(VK_EXIT_FAILED, errno, "%s", what);
	CPU_ZERO_S(size, mask);
	if (vk_cpuset_parse(cpuset, &set) < 0) {
		CPU_FREE(mask);
		return vk_error(VK_EXIT_FAILED, "%s: cpuset '%s' is not valid",
				what, cpuset);
	}
	for (cpu = 0; cpu < VK_CPUSET_MAX; cpu++)
		if (vk_cpuset_has(&set, (unsigned)cpu))
			CPU_SET_S((size_t)cpu, size, mask);
	if (sched_setaffinity(tid, size, mask) < 0)
		rc = errno == EINVAL
			     ? vk_error(VK_EXIT_FAILED, "%s: no CPU of '%s' is "
					"online on this host", what, cpuset)
			     : vk_error_errno(VK_EXIT_FAILED, errno, "%s: cannot "
					      "set the CPU affinity '%s'", what,
					      cpuset);
	CPU_FREE(mask);
	return rc;
}

/* The thread of vcpu VCPU in the query-cpus-fast list, or -1. */
static pid_t vcpu_thread(json_object *list, unsigned vcpu)
{
	size_t i;

	for (i = 0; i < json_object_array_length(list); i++) {
		json_object *e = json_object_array_get_idx(list, i), *v;

		if (json_object_object_get_ex(e, "cpu-index", &v) &&
		    (unsigned)json_object_get_int(v) == vcpu &&
		    json_object_object_get_ex(e, "thread-id", &v))
			return (pid_t)json_object_get_int(v);
	}
	return -1;
}

/* A vcpu sharing its thread with an earlier pinned vcpu (TCG without
 * one thread per vcpu) cannot get a cpuset of its own. */
static int shared_thread(json_object *list, const struct vk_argv *pins,
			 int i, pid_t tid)
{
	int j;

	for (j = 0; j < i; j++) {
		unsigned other = (unsigned)strtoul(pins->v[j], NULL, 10);
		const char *a = strchr(pins->v[i], ' ');
		const char *b = strchr(pins->v[j], ' ');

		if (vcpu_thread(list, other) == tid && strcmp(a, b))
			return vk_error(VK_EXIT_FAILED, "vcpupin: vcpus %u and "
					"%lu run in one QEMU thread and cannot "
					"be pinned apart", other,
					strtoul(pins->v[i], NULL, 10));
	}
	return 0;
}

int vk_sup_pin_vcpus(struct vk_qmp *qmp, const struct vk_argv *pins,
		     int timeout_ms)
{
	json_object *list;
	int i, rc = 0;

	if (!pins->n)
		return 0;
	if (vk_qmp_run(qmp, "query-cpus-fast", NULL, &list, timeout_ms) < 0)
		return -1;
	for (i = 0; i < pins->n && !rc; i++) {
		unsigned vcpu = (unsigned)strtoul(pins->v[i], NULL, 10);
		const char *set = strchr(pins->v[i], ' ');
		char what[64];
		pid_t tid = vcpu_thread(list, vcpu);

		snprintf(what, sizeof(what), "vcpupin vcpu %u", vcpu);
		if (!set || tid <= 0)
			rc = vk_error(VK_EXIT_FAILED, "%s: QEMU reports no "
				      "thread for it", what);
		else if (!(rc = shared_thread(list, pins, i, tid)))
			rc = vk_sup_set_affinity(tid, set + 1, what);
	}
	json_object_put(list);
	return rc;
}
