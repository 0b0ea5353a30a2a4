/* A QEMU command line to a domain: the objects and what names them
 * (qemu_command_root.c, qemu_command_mem.c, qemu_command_devmisc.c write
 * them):
 *   -object iothread,id=iothreadN     <iothreads>, <iothreadids>
 *   -object memory-backend-TYPE,...   <memoryBacking> and a cell's
 *                                     memory (a backend, by id)
 *   -machine memory-backend=ID        the backend of all the memory
 *   -machine mem-merge=off            <nosharepages/>
 *   -machine dump-guest-core=on|off   <memory dumpCore>
 *   -overcommit mem-lock=on           <memoryBacking><locked/>
 *   -numa node,nodeid=N,cpus=...,memdev=ID   <cpu><numa><cell>
 *   -numa dist,src=I,dst=J,val=V      <cell><distances><sibling>
 *   -tpmdev passthrough|emulator + -device tpm-tis|tpm-crb   <tpm>
 * A chardev socket at RUN/NAME.d/swtpm.sock is the swtpm vm-start runs
 * (an emulator backend); any other socket is an external TPM.
 * What the domain cannot hold (backends that differ in what the domain
 * gives once, per-cell huge page sizes, a cell without a backend) is
 * refused, never dropped. */
#include <stdlib.h>
#include <string.h>

#include "qemu_argv_parse_priv.h"
#include "qemu_tpm.h"
#include "util/cpuset.h"
#include "util/error.h"

/* ---- I/O threads ---- */

/* "iothreadN" (N from 1) as N; 0 when S is not one. */
static unsigned iothread_id(const char *s)
{
	unsigned long long n;

	if (!s || strncmp(s, "iothread", 8) ||
	    vk_qa_uint(s + 8, 0xffffffffULL, &n) < 0)
		return 0;
	return (unsigned)n;
}

static int add_iothread(struct vk_qa *q, struct vk_qa_props *p)
{
	struct vk_resources *r = &q->def->res;
	const char *id = vk_qa_get(p, "id");
	unsigned n = iothread_id(id);
	int i;

	if (!n)
		return vk_qa_err(p->opt, "iothread id '%s': not iothreadN "
				 "(N from 1)", id ? id : "");
	if (r->niothreadids == 4096)
		return vk_qa_err(p->opt, "more than 4096 I/O threads");
	for (i = 0; i < r->niothreadids; i++)
		if (r->iothreadids[i].id == n)
			return vk_qa_err(p->opt, "iothread %u given twice", n);
	((struct vk_iothreadid *)vk_array_add(&r->iothreadids,
					      &r->niothreadids,
					      sizeof(*r->iothreadids)))->id =
		n;
	r->iothreads = (unsigned)r->niothreadids;
	return 0;
}

static int id_order(const void *a, const void *b)
{
	unsigned x = ((const struct vk_iothreadid *)a)->id;
	unsigned y = ((const struct vk_iothreadid *)b)->id;

	return x < y ? -1 : x > y;
}

/* Whether IDS[0..K) are ascending and IDS[K..N) are, in order, the
 * lowest ids not among them: what the writer makes of <iothreadids>
 * IDS[0..K) and <iothreads>N. */
static bool split_at(const struct vk_iothreadid *ids, int n, int k)
{
	struct vk_iothreadid key;
	unsigned next = 1;
	int i;

	for (i = 1; i < k; i++)
		if (ids[i].id <= ids[i - 1].id)
			return false;
	for (i = k; i < n; i++, next++) {
		key.id = next;
		while (bsearch(&key, ids, (size_t)k, sizeof(*ids), id_order))
			key.id = ++next;
		if (ids[i].id != next)
			return false;
	}
	return true;
}

/* The line's threads as <iothreadids> (the first ones, ascending) and
 * <iothreads> N (the rest: the lowest ids not listed), the way the
 * writer makes the same line again: the list ends where the ids stop
 * ascending, or is empty, or is every id.  Failing that, every id is
 * listed, ascending. */
static void iothreads_finish(struct vk_qa *q)
{
	struct vk_resources *r = &q->def->res;
	int n = r->niothreadids, k = 1;

	while (k < n && r->iothreadids[k].id > r->iothreadids[k - 1].id)
		k++;
	if (split_at(r->iothreadids, n, 0))
		k = 0;
	else if (!split_at(r->iothreadids, n, k) &&
		 !split_at(r->iothreadids, n, k = n))
		qsort(r->iothreadids, (size_t)n, sizeof(*r->iothreadids),
		      id_order);
	r->niothreadids = k;
	if (!k) {
		free(r->iothreadids);
		r->iothreadids = NULL;
	}
}

int vk_qa_object(struct vk_qa *q, const struct vk_qa_opt *o)
{
	struct vk_qa_props p;
	const char *type;
	int rc = -1;

	if (vk_qa_props_parse(o, o->value, "qom-type", &p) < 0)
		goto out;
	type = vk_qa_peek(&p, "qom-type");
	if (type && !strncmp(type, "memory-backend-", 15)) {
		rc = 0;		/* a backend, read where it is named */
		goto out;
	}
	if (!type || strcmp(type, "iothread")) {
		vk_qa_err(o, "object '%s': not supported", type ? type : "");
		goto out;
	}
	vk_qa_get(&p, "qom-type");
	if (add_iothread(q, &p) < 0 || vk_qa_check_used(&p, "'iothread'") < 0)
		goto out;
	rc = 0;
out:
	vk_qa_props_free(&p);
	return rc;
}

/* iothread=iothreadN on a device: its I/O thread N (0: none). */
int vk_qa_iothread_ref(struct vk_qa_props *p, unsigned *out)
{
	const char *v = vk_qa_get(p, "iothread");

	if (!v)
		return 0;
	*out = iothread_id(v);
	if (!*out)
		return vk_qa_err(p->opt, "iothread '%s': not iothreadN", v);
	return 0;
}

/* ---- memory backends ---- */

/* What the domain gives once for every backend: the first backend
 * sets it, the others must agree. */
static int once(const struct vk_qa_opt *o, bool first, int *slot, int v,
		const char *what)
{
	if (first || *slot == v) {
		*slot = v;
		return 0;
	}
	return vk_qa_err(o, "memory backends that differ in %s: not "
			 "supported (the domain gives it once)", what);
}

/* Backend BE for all the memory (CELL NULL) or for CELL. */
static int apply_backend(struct vk_qa *q, struct vk_qa_backend *be,
			 struct vk_numa_cell *cell)
{
	struct vk_domain_def *def = q->def;
	struct vk_mem_backing *mb = &def->mb;
	struct vk_qa_props *p = &be->props;
	const struct vk_qa_opt *o = p->opt;
	const char *type = vk_qa_get(p, "qom-type") + 15;
	const char *path = vk_qa_get(p, "mem-path");
	unsigned long long size = 0, huge_size = 0, threads = 0;
	int share = -1, prealloc = 0, discard = 0, hugetlb = 0, huge;
	int source = -1, alloc, hp;
	bool first = !q->nmem_backends++;
	char *what;

	if (vk_qa_get_uint(p, "size", 1ULL << 60, &size) < 0 ||
	    vk_qa_get_bool(p, "share", &share) < 0 ||
	    vk_qa_get_bool(p, "prealloc", &prealloc) < 0 ||
	    vk_qa_get_uint(p, "prealloc-threads", 0xffffffffULL,
			   &threads) < 0 ||
	    vk_qa_get_bool(p, "discard-data", &discard) < 0 ||
	    vk_qa_get_bool(p, "hugetlb", &hugetlb) < 0 ||
	    vk_qa_get_uint(p, "hugetlbsize", 1ULL << 50, &huge_size) < 0)
		return -1;
	if (!size || size % 1024)
		return vk_qa_err(o, "backend size %llu: not whole KiB", size);
	if (!strcmp(type, "memfd") && !path) {
		source = VK_MEMSRC_MEMFD;
		huge = hugetlb;
	} else if (!strcmp(type, "file") && path && !hugetlb && !huge_size) {
		/* /dev/shm: source type='file'; else the hugetlbfs mount */
		huge = strcmp(path, "/dev/shm") != 0;
		source = huge ? -1 : VK_MEMSRC_FILE;
	} else if (!strcmp(type, "ram") && !path && !hugetlb && !huge_size) {
		huge = 0;
	} else {
		return vk_qa_err(o, "memory backend '%s' with these options: "
				 "not supported", type);
	}
	if (huge_size % 1024)
		return vk_qa_err(o, "hugetlbsize %llu: not whole KiB",
				 huge_size);
	what = vk_asprintf("'memory-backend-%s'", type);
	hp = def->hugepages;
	alloc = prealloc ? VK_ALLOC_IMMEDIATE : -1;
	if (vk_qa_check_used(p, what) < 0 ||
	    once(o, first, &mb->source, source, "type") < 0 ||
	    once(o, first, &hp, huge, "huge pages") < 0 ||
	    once(o, first, &mb->alloc, alloc, "prealloc") < 0 ||
	    once(o, first, (int *)&mb->alloc_threads, (int)threads,
		 "prealloc-threads") < 0) {
		free(what);
		return -1;
	}
	free(what);
	def->hugepages = hp;
	if (huge_size && !mb->npages) {
		mb->pages = vk_calloc(1, sizeof(*mb->pages));
		mb->npages = 1;
		mb->pages[0].size = huge_size / 1024;
	}
	if (huge_size ? !mb->npages || mb->pages[0].size != huge_size / 1024
		      : mb->npages > 0)
		return vk_qa_err(o, "memory backends that differ in huge page "
				 "size: not supported");
	if (cell) {
		cell->memory = size / 1024;
		cell->mem_access = share < 0 ? -1 : share ? VK_MEM_SHARED
							  : VK_MEM_PRIVATE;
		cell->discard = discard ? 1 : -1;
	} else {
		mb->access = share < 0 ? -1 : share ? VK_MEM_SHARED
						    : VK_MEM_PRIVATE;
		mb->discard = discard;
	}
	return 0;
}

/* The memory keys of -machine (in P). */
int vk_qa_machine_mem(struct vk_qa *q, struct vk_qa_props *p)
{
	const char *id = vk_qa_get(p, "memory-backend");
	struct vk_qa_backend *be;
	int merge = -1, dump = -1;

	/* Absent: as a -machine before it left them. */
	if (vk_qa_get_bool(p, "mem-merge", &merge) < 0 ||
	    vk_qa_get_bool(p, "dump-guest-core", &dump) < 0)
		return -1;
	if (merge >= 0)
		q->def->mb.nosharepages = !merge;
	if (dump >= 0)
		q->def->res.dump_core = dump;
	if (!id)
		return 0;
	be = vk_qa_backend(q, p->opt, VK_QA_OBJECT, id);
	return be ? apply_backend(q, be, NULL) : -1;
}

int vk_qa_overcommit(struct vk_qa *q, const struct vk_qa_opt *o)
{
	struct vk_qa_props p;
	int lock = 0, rc = -1;

	if (vk_qa_props_parse(o, o->value, NULL, &p) == 0 &&
	    vk_qa_get_bool(&p, "mem-lock", &lock) == 0 &&
	    vk_qa_check_used(&p, NULL) == 0) {
		q->def->mb.locked = lock;
		rc = 0;
	}
	vk_qa_props_free(&p);
	return rc;
}

/* ---- NUMA ---- */

/* Every cpus= of P (QEMU repeats the key for each range) as one
 * canonical set; NULL when there is none. */
static char *cell_cpus(struct vk_qa_props *p, int *err)
{
	struct vk_buf b = VK_BUF_INIT;
	struct vk_cpuset set;
	char *out = NULL;
	int i;

	for (i = 0; i < p->n; i++) {
		if (strcmp(p->v[i].key, "cpus"))
			continue;
		p->v[i].used = true;
		vk_buf_addf(&b, "%s%s", b.len ? "," : "", p->v[i].val);
	}
	if (!b.len)
		return NULL;
	if (vk_cpuset_parse(b.s, &set) < 0) {
		vk_error_clear();
		*err = vk_qa_err(p->opt, "cpus '%s': not a CPU set", b.s);
	} else {
		out = vk_cpuset_format(&set);
	}
	vk_buf_free(&b);
	return out;
}

static int numa_node(struct vk_qa *q, struct vk_qa_props *p)
{
	struct vk_cpu *cpu = &q->def->cpu;
	unsigned long long id = (unsigned long long)cpu->ncells;
	struct vk_qa_backend *be;
	struct vk_numa_cell *cell;
	int err = 0;
	char *cpus;

	if (vk_qa_get_uint(p, "nodeid", 255, &id) < 0)
		return -1;
	if (id != (unsigned long long)cpu->ncells)
		return vk_qa_err(p->opt, "node %llu: nodes must come in order "
				 "from 0", id);
	be = vk_qa_backend(q, p->opt, VK_QA_OBJECT, vk_qa_get(p, "memdev"));
	if (!be)
		return -1;
	cpus = cell_cpus(p, &err);
	if (err)
		return -1;
	cell = vk_array_add(&cpu->cells, &cpu->ncells, sizeof(*cell));
	memset(cell, 0, sizeof(*cell));
	cell->id = (unsigned)id;
	cell->cpus = cpus;
	cpu->present = true;
	return apply_backend(q, be, cell);
}

static int numa_dist(struct vk_qa *q, struct vk_qa_props *p)
{
	struct vk_cpu *cpu = &q->def->cpu;
	unsigned long long src = 0, dst = 0, val = 0;
	struct vk_numa_distance *d;

	if (vk_qa_get_uint(p, "src", 255, &src) < 0 ||
	    vk_qa_get_uint(p, "dst", 255, &dst) < 0 ||
	    vk_qa_get_uint(p, "val", 255, &val) < 0)
		return -1;
	if (src >= (unsigned long long)cpu->ncells ||
	    dst >= (unsigned long long)cpu->ncells)
		return vk_qa_err(p->opt, "distance between nodes %llu and "
				 "%llu: no such node before it", src, dst);
	if (val < 10)
		return vk_qa_err(p->opt, "distance %llu: below 10", val);
	d = vk_array_add(&cpu->cells[src].dist, &cpu->cells[src].ndist,
			 sizeof(*d));
	d->id = (unsigned)dst;
	d->value = (unsigned)val;
	return 0;
}

int vk_qa_numa(struct vk_qa *q, const struct vk_qa_opt *o)
{
	struct vk_qa_props p;
	const char *type;
	int rc = -1;

	if (vk_qa_props_parse(o, o->value, "type", &p) < 0)
		goto out;
	type = vk_qa_get(&p, "type");
	if (type && !strcmp(type, "node"))
		rc = numa_node(q, &p);
	else if (type && !strcmp(type, "dist"))
		rc = numa_dist(q, &p);
	else
		vk_qa_err(o, "'%s': not node or dist", type ? type : "");
	if (rc == 0)
		rc = vk_qa_check_used(&p, NULL);
out:
	vk_qa_props_free(&p);
	return rc;
}

/* ---- TPM ---- */

/* Whether PATH is the swtpm socket vm-start makes: RUN/NAME.d/SOCK. */
static bool swtpm_socket(const char *path)
{
	size_t n = strlen(path), s = strlen(VK_QEMU_SWTPM_SOCK);

	return n > s + 3 && !strcmp(path + n - s, VK_QEMU_SWTPM_SOCK) &&
	       path[n - s - 1] == '/' && !strncmp(path + n - s - 3, ".d", 2);
}

static int tpm_backend(struct vk_qa *q, struct vk_qa_backend *be,
		       struct vk_tpm *t)
{
	struct vk_qa_props *p = &be->props;
	const char *type = vk_qa_get(p, "type"), *path;
	struct vk_qa_backend *chr;

	if (type && !strcmp(type, "passthrough")) {
		path = vk_qa_get(p, "path");
		t->type = VK_TPM_PASSTHROUGH;
		t->path = path && strcmp(path, "/dev/tpm0") ? vk_strdup(path)
							    : NULL;
		return vk_qa_check_used(p, "'passthrough'");
	}
	if (!type || strcmp(type, "emulator"))
		return vk_qa_err(p->opt, "TPM backend '%s': not passthrough or "
				 "emulator", type ? type : "");
	chr = vk_qa_backend(q, p->opt, VK_QA_CHARDEV, vk_qa_get(p, "chardev"));
	if (!chr || vk_qa_check_used(p, "'emulator'") < 0)
		return -1;
	type = vk_qa_get(&chr->props, "backend");
	path = vk_qa_get(&chr->props, "path");
	if (!type || strcmp(type, "socket") || !path)
		return vk_qa_err(chr->props.opt, "a TPM emulator's chardev is a "
				 "unix socket (socket,path=)");
	if (swtpm_socket(path)) {
		t->type = VK_TPM_EMULATOR;
	} else {
		t->type = VK_TPM_EXTERNAL;
		t->path = vk_strdup(path);
	}
	return vk_qa_check_used(&chr->props, "the TPM's chardev");
}

int vk_qa_dev_tpm(struct vk_qa *q, struct vk_qa_props *p, const char *drv)
{
	struct vk_qa_backend *be;
	struct vk_tpm *t;

	if (q->def->ntpms)
		return vk_qa_err(p->opt, "a second TPM device");
	be = vk_qa_backend(q, p->opt, VK_QA_TPMDEV, vk_qa_get(p, "tpmdev"));
	if (!be)
		return -1;
	vk_qa_get(p, "id");
	t = vk_qa_new_tpm(q);
	t->model = strcmp(drv, "tpm-crb") ? VK_TPM_TIS : VK_TPM_CRB;
	return tpm_backend(q, be, t);
}

int vk_qa_objects_finish(struct vk_qa *q)
{
	iothreads_finish(q);
	return 0;
}
