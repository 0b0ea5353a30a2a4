#include <string.h>

#include "buf.h"
#include "cpuset.h"
#include "error.h"

static int number(const char **p, unsigned *out)
{
	unsigned long v = 0;

	if (**p < '0' || **p > '9')
		return -1;
	while (**p >= '0' && **p <= '9') {
		v = v * 10 + (unsigned long)(**p - '0');
		if (v >= VK_CPUSET_MAX)
			return -1;
		(*p)++;
	}
	*out = (unsigned)v;
	return 0;
}

/* One item: N, N-M or ^N; marks or clears it in SET. */
static int item(const char **p, struct vk_cpuset *set)
{
	bool neg = false;
	unsigned a, b, i;

	if (**p == '^') {
		neg = true;
		(*p)++;
	}
	if (number(p, &a) < 0)
		return -1;
	b = a;
	if (!neg && **p == '-') {
		(*p)++;
		if (number(p, &b) < 0 || b < a)
			return -1;
	}
	for (i = a; i <= b; i++) {
		if (neg)
			set->bits[i / 8] &= (unsigned char)~(1u << (i % 8));
		else
			set->bits[i / 8] |= (unsigned char)(1u << (i % 8));
	}
	return 0;
}

int vk_cpuset_parse(const char *s, struct vk_cpuset *set)
{
	const char *p = s;

	memset(set, 0, sizeof(*set));
	for (;;) {
		if (item(&p, set) < 0 || (*p && *p != ','))
			return -1;
		if (!*p)
			return 0;
		p++;
	}
}

bool vk_cpuset_has(const struct vk_cpuset *set, unsigned cpu)
{
	return cpu < VK_CPUSET_MAX &&
	       (set->bits[cpu / 8] & (1u << (cpu % 8)));
}

bool vk_cpuset_empty(const struct vk_cpuset *set)
{
	return vk_cpuset_last(set) < 0;
}

int vk_cpuset_last(const struct vk_cpuset *set)
{
	int i;

	for (i = VK_CPUSET_MAX - 1; i >= 0; i--)
		if (vk_cpuset_has(set, (unsigned)i))
			return i;
	return -1;
}

char *vk_cpuset_format(const struct vk_cpuset *set)
{
	struct vk_buf b = VK_BUF_INIT;
	unsigned i = 0, j;

	while (i < VK_CPUSET_MAX) {
		if (!vk_cpuset_has(set, i)) {
			i++;
			continue;
		}
		for (j = i; j + 1 < VK_CPUSET_MAX &&
		     vk_cpuset_has(set, j + 1); j++)
			;
		if (b.len)
			vk_buf_addc(&b, ',');
		if (j > i)
			vk_buf_addf(&b, "%u-%u", i, j);
		else
			vk_buf_addf(&b, "%u", i);
		i = j + 1;
	}
	return vk_buf_steal(&b);
}
