#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "argv.h"
#include "buf.h"
#include "error.h"

void vk_argv_add(struct vk_argv *a, const char *s)
{
	if (a->n + 2 > a->cap) {
		a->cap = a->cap ? a->cap * 2 : 32;
		a->v = vk_realloc(a->v, (size_t)a->cap * sizeof(*a->v));
	}
	a->v[a->n++] = vk_strdup(s);
	a->v[a->n] = NULL;
}

void vk_argv_addf(struct vk_argv *a, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = vk_vasprintf(fmt, ap);
	va_end(ap);
	vk_argv_add(a, s);
	free(s);
}

void vk_argv_add2(struct vk_argv *a, const char *opt, const char *val)
{
	vk_argv_add(a, opt);
	vk_argv_add(a, val);
}

void vk_argv_free(struct vk_argv *a)
{
	int i;

	for (i = 0; i < a->n; i++)
		free(a->v[i]);
	free(a->v);
	a->v = NULL;
	a->n = a->cap = 0;
}

static int needs_quotes(const char *s)
{
	if (!*s)
		return 1;
	for (; *s; s++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789-_./=:,+@%", *s))
			return 1;
	return 0;
}

char *vk_argv_join(const struct vk_argv *a)
{
	struct vk_buf b = VK_BUF_INIT;
	int i;

	for (i = 0; i < a->n; i++) {
		const char *s = a->v[i];

		if (i)
			vk_buf_addc(&b, ' ');
		if (!needs_quotes(s)) {
			vk_buf_add(&b, s);
			continue;
		}
		vk_buf_addc(&b, '\'');
		for (; *s; s++) {
			if (*s == '\'')
				vk_buf_add(&b, "'\\''");
			else
				vk_buf_addc(&b, *s);
		}
		vk_buf_addc(&b, '\'');
	}
	return vk_buf_steal(&b);
}
