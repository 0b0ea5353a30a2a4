/* Internal to domain_tune.c, domain_cpu.c and domain_clock.c (the
 * platform elements): what one of them needs from another. */
#ifndef VK_DOMAIN_PLATFORM_H
#define VK_DOMAIN_PLATFORM_H

#include "domain.h"

/* Topology and vcpupin against <vcpu>; 0 or -1. */
int vk_dom_cpu_finish(const struct vk_domain_def *def, xmlNodePtr root);
void vk_dom_cpu_clear(struct vk_domain_def *def);
void vk_dom_cpu_copy(struct vk_domain_def *dst,
		     const struct vk_domain_def *src);

/* One <clock><timer> (domain_clock.c); the timers inside <clock>. */
int vk_dom_parse_timer(struct vk_clock *clock, xmlNodePtr node);
void vk_dom_format_timers(struct vk_xw *w, const struct vk_clock *clock);
void vk_dom_timers_clear(struct vk_clock *clock);
void vk_dom_timers_copy(struct vk_clock *dst, const struct vk_clock *src);

/* <cpu><numa> (domain_numa.c): its cells into CPU; written back. */
int vk_dom_parse_numa(struct vk_cpu *cpu, xmlNodePtr node);
void vk_dom_format_numa(struct vk_xw *w, const struct vk_cpu *cpu);
/* The cells against the vcpus; <memory> becomes their total, as in
 * libvirt.  0 or -1. */
int vk_dom_numa_finish(struct vk_domain_def *def, xmlNodePtr root);
void vk_dom_numa_clear(struct vk_cpu *cpu);
void vk_dom_numa_copy(struct vk_cpu *dst, const struct vk_cpu *src);

/* <NAME unit='KiB'>KIB</NAME>, as libvirt writes sizes (<memory>
 * with its dumpCore= when DUMP_CORE is 0 or 1); in domain.c. */
void vk_dom_format_kib(struct vk_xw *w, const char *name,
		       unsigned long long kib, int dump_core);

/* The root elements of domain_res.c: <title> <genid> <maxMemory>
 * <vcpus> <iothreads> <iothreadids> <pm>, by the element's name. */
int vk_dom_parse_res(struct vk_domain_def *def, xmlNodePtr node);
/* Checks against <memory> and <vcpu>; 0 or -1. */
int vk_dom_res_finish(struct vk_domain_def *def, xmlNodePtr root);
void vk_dom_format_res_head(struct vk_xw *w, const struct vk_domain_def *d);
void vk_dom_format_max_memory(struct vk_xw *w,
			      const struct vk_domain_def *d);
void vk_dom_format_res_cpus(struct vk_xw *w, const struct vk_domain_def *d);
void vk_dom_format_pm(struct vk_xw *w, const struct vk_domain_def *d);
/* Whether NODE is in libvirt's QEMU namespace (VK_QEMU_NS). */
bool vk_dom_is_qemu_ns(xmlNodePtr node);
/* <qemu:commandline>; written at the end of <domain>. */
int vk_dom_parse_qemu_ns(struct vk_domain_def *def, xmlNodePtr node);
void vk_dom_format_qemu_ns(struct vk_xw *w, const struct vk_domain_def *d);
void vk_dom_res_clear(struct vk_domain_def *def);
void vk_dom_res_copy(struct vk_domain_def *dst,
		     const struct vk_domain_def *src);

#endif
