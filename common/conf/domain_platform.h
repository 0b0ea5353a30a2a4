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

#endif
