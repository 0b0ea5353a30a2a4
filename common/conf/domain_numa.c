/* <cpu><numa>: the guest's NUMA cells (which vcpus, how much memory,
 * shared or private, the distances between cells).  As in libvirt, the
 * cells are numbered 0 .. n-1 and the domain's memory is their total. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/cpuset.h"
#include "../util/error.h"
#include "domain_platform.h"

const char *const vk_mem_access_names[] = {"shared", "private", NULL};

#define MAX_CELLS 128
#define MAX_KIB (1ULL << 50)
/* ACPI SLIT: 10 is a cell's distance to itself, 255 unreachable. */
#define MIN_DISTANCE 10
#define MAX_DISTANCE 255

static int parse_sibling(struct vk_numa_cell *cell, xmlNodePtr node)
{
	static const char *const attrs[] = {"id", "value", NULL};
	unsigned long long id, value;
	int i;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_uint(node, "id", false, MAX_CELLS - 1, true, &id,
			     NULL) < 0 ||
	    vk_xml_attr_uint(node, "value", false, MAX_DISTANCE, true,
			     &value, NULL) < 0)
		return -1;
	if (value < MIN_DISTANCE)
		return vk_xml_error(node, "value %llu is not between %d and %d",
				    value, MIN_DISTANCE, MAX_DISTANCE);
	for (i = 0; i < cell->ndist; i++)
		if (cell->dist[i].id == id)
			return vk_xml_error(node, "sibling %llu is given twice",
					    id);
	vk_array_add(&cell->dist, &cell->ndist, sizeof(*cell->dist));
	cell->dist[cell->ndist - 1].id = (unsigned)id;
	cell->dist[cell->ndist - 1].value = (unsigned)value;
	return 0;
}

static int parse_distances(struct vk_numa_cell *cell, xmlNodePtr node)
{
	xmlNodePtr c;

	if (cell->ndist)
		return vk_xml_duplicate(node);
	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(c, node) {
		if (!vk_xml_is(c, "sibling"))
			return vk_xml_unknown(c);
		if (parse_sibling(cell, c) < 0)
			return -1;
	}
	return 0;
}

static int parse_cell(struct vk_cpu *cpu, xmlNodePtr node)
{
	static const char *const attrs[] = {
		"id", "cpus", "memory", "unit", "memAccess", "discard", NULL
	};
	struct vk_numa_cell *cell;
	unsigned long long id;
	bool has_id;
	xmlNodePtr c;

	if (cpu->ncells == MAX_CELLS)
		return vk_xml_error(node, "more than %d cells", MAX_CELLS);
	cell = vk_array_add(&cpu->cells, &cpu->ncells, sizeof(*cell));
	cell->mem_access = cell->discard = -1;
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    vk_xml_attr_uint(node, "id", false, MAX_CELLS - 1, false, &id,
			     &has_id) < 0 ||
	    vk_xml_attr_size(node, "memory", "unit", 1024, 1024, MAX_KIB,
			     true, &cell->memory, NULL) < 0 ||
	    vk_xml_attr_enum(node, "memAccess", vk_mem_access_names, false,
			     &cell->mem_access) < 0 ||
	    vk_xml_attr_yesno(node, "discard", &cell->discard) < 0 ||
	    vk_dom_parse_cpuset(node, "cpus", &cell->cpus) < 0)
		return -1;
	/* Without id= a cell is numbered by its place, as libvirt does. */
	cell->id = has_id ? (unsigned)id : (unsigned)(cpu->ncells - 1);
	if (cell->id != (unsigned)(cpu->ncells - 1))
		return vk_xml_error(node, "cell id %u is not %d (cells are "
				    "numbered 0, 1, ... in order)", cell->id,
				    cpu->ncells - 1);
	if (!cell->memory)
		return vk_xml_error(node, "memory must be at least 1 KiB");
	vk_xml_foreach(c, node) {
		if (!vk_xml_is(c, "distances"))
			return vk_xml_unknown(c);
		if (parse_distances(cell, c) < 0)
			return -1;
	}
	return 0;
}

int vk_dom_parse_numa(struct vk_cpu *cpu, xmlNodePtr node)
{
	xmlNodePtr c;

	if (cpu->ncells)
		return vk_xml_duplicate(node);
	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(c, node) {
		if (!vk_xml_is(c, "cell"))
			return vk_xml_unknown(c);
		if (parse_cell(cpu, c) < 0)
			return -1;
	}
	if (!cpu->ncells)
		return vk_xml_error(node, "has no <cell>");
	return 0;
}

void vk_dom_format_numa(struct vk_xw *w, const struct vk_cpu *cpu)
{
	int i, k;

	if (!cpu->ncells)
		return;
	vk_xw_open(w, "numa");
	for (i = 0; i < cpu->ncells; i++) {
		const struct vk_numa_cell *cell = &cpu->cells[i];

		vk_xw_open(w, "cell");
		vk_xw_attrf(w, "id", "%u", cell->id);
		vk_xw_attr(w, "cpus", cell->cpus);
		vk_xw_attrf(w, "memory", "%llu", cell->memory);
		vk_xw_attr(w, "unit", "KiB");
		if (cell->mem_access >= 0)
			vk_xw_attr(w, "memAccess",
				   vk_mem_access_names[cell->mem_access]);
		if (cell->discard >= 0)
			vk_xw_attr(w, "discard", cell->discard ? "yes" : "no");
		if (cell->ndist) {
			vk_xw_open(w, "distances");
			for (k = 0; k < cell->ndist; k++) {
				vk_xw_open(w, "sibling");
				vk_xw_attrf(w, "id", "%u", cell->dist[k].id);
				vk_xw_attrf(w, "value", "%u",
					    cell->dist[k].value);
				vk_xw_close(w);
			}
			vk_xw_close(w);
		}
		vk_xw_close(w);
	}
	vk_xw_close(w);
}

/* The Ith <cell> element under ROOT's <cpu><numa>, for messages. */
static xmlNodePtr cell_node(xmlNodePtr root, int i)
{
	xmlNodePtr cpu, numa, cell;

	vk_xml_foreach(cpu, root) {
		if (!vk_xml_is(cpu, "cpu"))
			continue;
		vk_xml_foreach(numa, cpu) {
			if (!vk_xml_is(numa, "numa"))
				continue;
			vk_xml_foreach(cell, numa)
				if (!i--)
					return cell;
		}
	}
	return root;
}

int vk_dom_numa_finish(struct vk_domain_def *def, xmlNodePtr root)
{
	struct vk_cpu *cpu = &def->cpu;
	unsigned vcpus = def->vcpus ? def->vcpus : 1;
	unsigned long long total = 0;
	struct vk_cpuset seen, set;
	int i, k, last;

	if (!cpu->ncells)
		return 0;
	memset(&seen, 0, sizeof(seen));
	for (i = 0; i < cpu->ncells; i++) {
		const struct vk_numa_cell *cell = &cpu->cells[i];

		total += cell->memory;
		for (k = 0; k < cell->ndist; k++)
			if (cell->dist[k].id >= (unsigned)cpu->ncells)
				return vk_xml_error(cell_node(root, i),
						    "sibling %u is not a cell",
						    cell->dist[k].id);
		if (!cell->cpus)
			continue;
		vk_cpuset_parse(cell->cpus, &set);
		last = vk_cpuset_last(&set);
		if (last >= (int)vcpus)
			return vk_xml_error(cell_node(root, i), "vcpu %d does "
					    "not exist (the domain has %u "
					    "vcpus)", last, vcpus);
		for (k = 0; k <= last; k++) {
			if (!vk_cpuset_has(&set, (unsigned)k))
				continue;
			if (vk_cpuset_has(&seen, (unsigned)k))
				return vk_xml_error(cell_node(root, i), "vcpu "
						    "%d is in two cells", k);
			seen.bits[k / 8] |= (unsigned char)(1u << (k % 8));
		}
	}
	if (total > MAX_KIB)
		return vk_xml_error(cell_node(root, 0), "the cells' memory is "
				    "more than %llu KiB", MAX_KIB);
	def->memory = total;
	return 0;
}

void vk_dom_numa_clear(struct vk_cpu *cpu)
{
	int i;

	for (i = 0; i < cpu->ncells; i++) {
		free(cpu->cells[i].cpus);
		free(cpu->cells[i].dist);
	}
	free(cpu->cells);
	cpu->cells = NULL;
	cpu->ncells = 0;
}

void vk_dom_numa_copy(struct vk_cpu *dst, const struct vk_cpu *src)
{
	int i;

	dst->cells = NULL;
	if (!src->ncells)
		return;
	dst->cells = vk_calloc((size_t)src->ncells, sizeof(*dst->cells));
	for (i = 0; i < src->ncells; i++) {
		struct vk_numa_cell *d = &dst->cells[i];
		const struct vk_numa_cell *s = &src->cells[i];

		*d = *s;
		d->cpus = vk_strdup(s->cpus);
		d->dist = NULL;
		if (s->ndist) {
			d->dist = vk_calloc((size_t)s->ndist,
					    sizeof(*d->dist));
			memcpy(d->dist, s->dist,
			       (size_t)s->ndist * sizeof(*d->dist));
		}
	}
}
