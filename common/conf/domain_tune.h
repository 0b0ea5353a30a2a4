/* The structures of libvirt 9.x's root resources, memory backing, guest
 * NUMA cells and the QEMU passthrough (<qemu:commandline>), included by
 * domain.h.  Parsed and written by domain_tune.c (memory backing),
 * domain_cpu.c and domain_numa.c (<cpu> and its <numa>) and
 * domain_res.c (the other root elements and qemu:commandline). */
#ifndef VK_DOMAIN_TUNE_H
#define VK_DOMAIN_TUNE_H

#include <stdbool.h>

/* The namespace of libvirt's QEMU passthrough elements. */
#define VK_QEMU_NS "http://libvirt.org/schemas/domain/qemu/1.0"

enum vk_cpu_mode { VK_CPU_MODE_CUSTOM, VK_CPU_MODE_HOST_MODEL,
		   VK_CPU_MODE_HOST_PASSTHROUGH, VK_CPU_MODE_MAXIMUM };
extern const char *const vk_cpu_mode_names[];
enum vk_cpu_check { VK_CPU_CHECK_NONE, VK_CPU_CHECK_PARTIAL,
		    VK_CPU_CHECK_FULL };
extern const char *const vk_cpu_check_names[];
enum vk_cpu_fallback { VK_CPU_FALLBACK_ALLOW, VK_CPU_FALLBACK_FORBID };
extern const char *const vk_cpu_fallback_names[];
enum vk_cache_mode { VK_CACHE_EMULATE, VK_CACHE_PASSTHROUGH,
		     VK_CACHE_DISABLE };
extern const char *const vk_cache_mode_names[];
/* memAccess of a NUMA cell, <memoryBacking><access mode>. */
enum vk_mem_access { VK_MEM_SHARED, VK_MEM_PRIVATE };
extern const char *const vk_mem_access_names[];
enum vk_mem_source { VK_MEMSRC_FILE, VK_MEMSRC_ANONYMOUS, VK_MEMSRC_MEMFD };
extern const char *const vk_mem_source_names[];
enum vk_mem_alloc { VK_ALLOC_IMMEDIATE, VK_ALLOC_ONDEMAND };
extern const char *const vk_mem_alloc_names[];

struct vk_numa_distance {
	unsigned id;		/* the other cell */
	unsigned value;		/* 10 .. 255 */
};

/* <cpu><numa><cell>: a guest NUMA node. */
struct vk_numa_cell {
	unsigned id;		/* its index: cells are 0 .. n-1 */
	char *cpus;		/* canonical vcpu set; NULL: no vcpus */
	unsigned long long memory;	/* KiB */
	int mem_access;		/* enum vk_mem_access, -1 unset */
	int discard;		/* -1 unset, 0, 1 */
	int ndist;
	struct vk_numa_distance *dist;	/* input order */
};

/* <memoryBacking><hugepages><page size nodeset>. */
struct vk_hugepage {
	unsigned long long size;	/* KiB */
	char *nodeset;		/* canonical; NULL: every node */
};

struct vk_mem_backing {
	int npages;		/* <page> children of <hugepages> */
	struct vk_hugepage *pages;
	bool nosharepages;
	bool locked;
	bool discard;
	int source;		/* enum vk_mem_source, -1 unset */
	int access;		/* enum vk_mem_access, -1 unset */
	int alloc;		/* enum vk_mem_alloc, -1 unset */
	unsigned alloc_threads;	/* 0 unset */
};

/* <vcpus><vcpu id enabled hotpluggable order>. */
struct vk_vcpu_state {
	unsigned id;
	int enabled;		/* 0, 1 */
	int hotpluggable;	/* -1 unset, 0, 1 */
	unsigned order;		/* 0 unset */
};

struct vk_iothreadid {
	unsigned id;
	char *cpuset;		/* <iothreadpin>, canonical; NULL: none */
};

/* <cputune> beyond vcpupin and shares: the cgroup bandwidth values
 * (period in us, quota in us, -1 .. ), emulator and iothread pins. */
enum vk_cpu_bw { VK_BW_PERIOD, VK_BW_QUOTA, VK_BW_GLOBAL_PERIOD,
		 VK_BW_GLOBAL_QUOTA, VK_BW_EMULATOR_PERIOD,
		 VK_BW_EMULATOR_QUOTA, VK_BW_IOTHREAD_PERIOD,
		 VK_BW_IOTHREAD_QUOTA, VK_BW_LAST };
extern const char *const vk_cpu_bw_names[];

/* <qemu:commandline> (libvirt's QEMU passthrough). */
struct vk_qemu_env {
	char *name;
	char *value;		/* NULL: empty */
};

struct vk_qemu_ns {
	int nargs;
	char **args;
	int nenv;
	struct vk_qemu_env *env;
};

/* The root elements beside memory and vcpu (domain_res.c). */
struct vk_resources {
	char *title;
	bool has_genid;		/* <genid> given */
	unsigned char genid[16];	/* generated when given empty */
	unsigned long long max_memory;	/* <maxMemory>, KiB; 0 unset */
	unsigned max_memory_slots;
	int dump_core;		/* <memory dumpCore>: -1 unset, 0, 1 */
	int vcpu_placement;	/* 0 static, 1 auto; -1 unset */
	int nvcpu_states;
	struct vk_vcpu_state *vcpu_states;	/* ascending id */
	unsigned iothreads;	/* <iothreads>; 0 unset */
	int niothreadids;
	struct vk_iothreadid *iothreadids;	/* ascending id */
	int pm_mem, pm_disk;	/* <pm>: -1 unset, 0, 1 */
	bool has_pm;
};

#endif
