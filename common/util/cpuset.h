/* Host CPU sets as the domain format writes them: a comma-separated list
 * of N, N-M and ^N (exclude N from what the items before it selected).
 * Used by the domain parser (<vcpu cpuset>, <vcpupin cpuset>) and by the
 * supervisor, which applies them as CPU affinities.  No libxml2 here. */
#ifndef VK_CPUSET_H
#define VK_CPUSET_H

#include <stdbool.h>
#include <stddef.h>

#define VK_CPUSET_MAX 4096	/* CPUs 0 .. VK_CPUSET_MAX-1 */

struct vk_cpuset {
	unsigned char bits[VK_CPUSET_MAX / 8];
};

/* Parse S into SET.  Returns 0, -1 when S is not such a list (no error
 * recorded: the caller words it). */
int vk_cpuset_parse(const char *s, struct vk_cpuset *set);
bool vk_cpuset_has(const struct vk_cpuset *set, unsigned cpu);
bool vk_cpuset_empty(const struct vk_cpuset *set);
/* The highest CPU in SET, or -1 when it is empty. */
int vk_cpuset_last(const struct vk_cpuset *set);
/* The canonical text: ascending CPUs, runs of two or more as N-M, no
 * exclusions ("1-4,^3,6" -> "1-2,4,6").  Caller frees. */
char *vk_cpuset_format(const struct vk_cpuset *set);

#endif
