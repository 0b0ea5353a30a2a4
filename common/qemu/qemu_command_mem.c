/* The memory part of the QEMU 7.2 command line: size and hotplug slots,
 * the memory backends of <memoryBacking>, the guest NUMA cells of
 * <cpu><numa>, and the machine's memory options.
 *
 * Options written here, for xml-convert to read back:
 *   -m size=Nk[,slots=S,maxmem=Mk]   <memory>, <maxMemory slots>
 *   -mem-path DIR                  <hugepages/> alone, no NUMA cells
 *   -overcommit mem-lock=on        <locked/>
 *   -machine ...,mem-merge=off     <nosharepages/>
 *   -machine ...,dump-guest-core=on|off   <memory dumpCore>
 *   -machine ...,memory-backend=pc.ram    a backend for all memory
 *   -object memory-backend-TYPE,id=pc.ram|ram-nodeN,size=BYTES
 *           [,mem-path=DIR][,hugetlb=on[,hugetlbsize=BYTES]]
 *           [,share=on|off][,prealloc=on][,prealloc-threads=N]
 *           [,discard-data=on]
 *       TYPE: memfd (source memfd), file (source file: a file in
 *       /dev/shm; hugepages: in the hugetlbfs mount), ram (otherwise);
 *       share: access mode (a cell's memAccess first); prealloc:
 *       allocation immediate; discard-data: <discard/> or a cell's
 *       discard='yes' (file backends only)
 *   -numa node,nodeid=N,cpus=A[-B]...,memdev=ram-nodeN   each <cell>
 *   -numa dist,src=I,dst=J,val=V   each <sibling>
 * Refused, with the reason: discard of memory that is not in a file;
 * distances that leave a pair of cells without one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qemu_command_priv.h"
#include "util/cpuset.h"
#include "util/error.h"

/* Where source type='file' memory goes when it is not in huge pages. */
#define FILE_BACKING_DIR "/dev/shm"

/* Whether the memory needs a backend object rather than plain -m. */
static bool wants_backend(const struct vk_domain_def *def)
{
	const struct vk_mem_backing *mb = &def->mb;

	return mb->source >= 0 || mb->access >= 0 || mb->alloc >= 0 ||
	       mb->alloc_threads || mb->discard || mb->npages;
}

/* The huge page size for NUMA cell CELL (-1: the whole memory), in
 * KiB; 0 for the default size; -1 when the memory is not in huge
 * pages. */
static long long page_size(const struct vk_domain_def *def, int cell)
{
	const struct vk_mem_backing *mb = &def->mb;
	struct vk_cpuset set;
	int i;

	if (!def->hugepages)
		return -1;
	if (!mb->npages)
		return 0;
	for (i = 0; i < mb->npages; i++) {
		if (!mb->pages[i].nodeset || cell < 0)
			return (long long)mb->pages[i].size;
		if (vk_cpuset_parse(mb->pages[i].nodeset, &set) == 0 &&
		    vk_cpuset_has(&set, (unsigned)cell))
			return (long long)mb->pages[i].size;
	}
	return -1;
}

/* -object memory-backend-...,id=ID,size=KIB*1024... for CELL (-1:
 * all the memory). */
static int add_backend(struct vk_qcmd *c, const char *id,
		       unsigned long long kib, int cell)
{
	const struct vk_domain_def *def = c->def;
	const struct vk_mem_backing *mb = &def->mb;
	const struct vk_numa_cell *nc = cell >= 0 ? &def->cpu.cells[cell]
						  : NULL;
	long long huge = page_size(def, cell);
	int access = nc && nc->mem_access >= 0 ? nc->mem_access : mb->access;
	bool discard = nc && nc->discard >= 0 ? nc->discard : mb->discard;
	struct vk_buf b = VK_BUF_INIT;
	bool file = false;

	if (mb->source == VK_MEMSRC_MEMFD) {
		vk_buf_add(&b, "memory-backend-memfd");
		vk_buf_addf(&b, ",id=%s,size=%llu", id, kib * 1024);
		if (huge >= 0)
			vk_buf_add(&b, ",hugetlb=on");
		if (huge > 0)
			vk_buf_addf(&b, ",hugetlbsize=%llu",
				    (unsigned long long)huge * 1024);
	} else if (huge >= 0 || mb->source == VK_MEMSRC_FILE) {
		if (huge >= 0 && !c->st->hugetlbfs) {
			vk_buf_free(&b);
			return vk_error(VK_EXIT_FAILED, "memoryBacking "
					"hugepages: no hugetlbfs file system "
					"is mounted on this host");
		}
		file = true;
		vk_buf_add(&b, "memory-backend-file");
		vk_buf_addf(&b, ",id=%s,size=%llu", id, kib * 1024);
		vk_qcmd_kv(&b, "mem-path",
			   huge >= 0 ? c->st->hugetlbfs : FILE_BACKING_DIR);
	} else {
		vk_buf_add(&b, "memory-backend-ram");
		vk_buf_addf(&b, ",id=%s,size=%llu", id, kib * 1024);
	}
	if (access >= 0)
		vk_buf_addf(&b, ",share=%s",
			    access == VK_MEM_SHARED ? "on" : "off");
	if (mb->alloc == VK_ALLOC_IMMEDIATE)
		vk_buf_add(&b, ",prealloc=on");
	if (mb->alloc_threads)
		vk_buf_addf(&b, ",prealloc-threads=%u", mb->alloc_threads);
	if (discard && !file) {
		vk_buf_free(&b);
		return vk_qcmd_refuse_why("QEMU discards the memory of file "
					  "backends only: source type 'file' "
					  "or hugepages", "memory discard");
	}
	if (discard)
		vk_buf_add(&b, ",discard-data=on");
	vk_qcmd_push(c, "-object", &b);
	return 0;
}

void vk_qcmd_machine_mem(struct vk_qcmd *c, struct vk_buf *b)
{
	const struct vk_domain_def *def = c->def;

	if (def->mb.nosharepages)
		vk_buf_add(b, ",mem-merge=off");
	if (def->res.dump_core >= 0)
		vk_buf_addf(b, ",dump-guest-core=%s",
			    def->res.dump_core ? "on" : "off");
	if (!def->cpu.ncells && wants_backend(def))
		vk_buf_add(b, ",memory-backend=pc.ram");
}

int vk_qcmd_memory(struct vk_qcmd *c)
{
	const struct vk_domain_def *def = c->def;
	struct vk_buf b = VK_BUF_INIT;

	vk_buf_addf(&b, "size=%lluk", def->memory);
	if (def->res.max_memory)
		vk_buf_addf(&b, ",slots=%u,maxmem=%lluk",
			    def->res.max_memory_slots, def->res.max_memory);
	vk_qcmd_push(c, "-m", &b);
	if (def->mb.locked)
		vk_argv_add2(c->a, "-overcommit", "mem-lock=on");
	if (def->cpu.ncells)
		return 0;
	if (wants_backend(def))
		return add_backend(c, "pc.ram", def->memory, -1);
	if (!def->hugepages)
		return 0;
	if (!c->st->hugetlbfs)
		return vk_error(VK_EXIT_FAILED, "memoryBacking hugepages: no "
				"hugetlbfs file system is mounted on this "
				"host");
	vk_argv_add2(c->a, "-mem-path", c->st->hugetlbfs);
	return 0;
}

/* Whether cell I gives its distance to cell J or J to I. */
static bool has_distance(const struct vk_cpu *cpu, int i, int j)
{
	int k;

	for (k = 0; k < cpu->cells[i].ndist; k++)
		if (cpu->cells[i].dist[k].id == (unsigned)j)
			return true;
	for (k = 0; k < cpu->cells[j].ndist; k++)
		if (cpu->cells[j].dist[k].id == (unsigned)i)
			return true;
	return false;
}

static int check_distances(const struct vk_cpu *cpu)
{
	bool any = false;
	int i, j;

	for (i = 0; i < cpu->ncells; i++)
		any = any || cpu->cells[i].ndist;
	if (!any)
		return 0;
	for (i = 0; i < cpu->ncells; i++)
		for (j = i + 1; j < cpu->ncells; j++)
			if (!has_distance(cpu, i, j))
				return vk_qcmd_refuse_why("QEMU needs the "
					"distance of every pair of cells once "
					"one is given", "numa cells %d and %d "
					"without a distance", i, j);
	return 0;
}

int vk_qcmd_numa(struct vk_qcmd *c)
{
	const struct vk_cpu *cpu = &c->def->cpu;
	int i, k;

	if (!cpu->ncells)
		return 0;
	if (check_distances(cpu) < 0)
		return -1;
	for (i = 0; i < cpu->ncells; i++) {
		const struct vk_numa_cell *cell = &cpu->cells[i];
		struct vk_buf b = VK_BUF_INIT;
		char id[32];
		char *s, *p, *save = NULL;

		snprintf(id, sizeof(id), "ram-node%d", i);
		if (add_backend(c, id, cell->memory, i) < 0)
			return -1;
		vk_buf_addf(&b, "node,nodeid=%d", i);
		s = vk_strdup(cell->cpus ? cell->cpus : "");
		for (p = strtok_r(s, ",", &save); p;
		     p = strtok_r(NULL, ",", &save))
			vk_buf_addf(&b, ",cpus=%s", p);
		free(s);
		vk_buf_addf(&b, ",memdev=%s", id);
		vk_qcmd_push(c, "-numa", &b);
	}
	for (i = 0; i < cpu->ncells; i++)
		for (k = 0; k < cpu->cells[i].ndist; k++) {
			vk_argv_add(c->a, "-numa");
			vk_argv_addf(c->a, "dist,src=%d,dst=%u,val=%u", i,
				     cpu->cells[i].dist[k].id,
				     cpu->cells[i].dist[k].value);
		}
	return 0;
}
