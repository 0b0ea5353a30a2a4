#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

static __thread int err_code;
static __thread char err_msg[1024];

int vk_verror(int code, const char *fmt, va_list ap)
{
	err_code = code ? code : VK_EXIT_FAILED;
	vsnprintf(err_msg, sizeof(err_msg), fmt, ap);
	return -1;
}

int vk_error(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vk_verror(code, fmt, ap);
	va_end(ap);
	return -1;
}

int vk_error_errno(int code, int errnum, const char *fmt, ...)
{
	va_list ap;
	size_t len;

	va_start(ap, fmt);
	vk_verror(code, fmt, ap);
	va_end(ap);
	len = strlen(err_msg);
	snprintf(err_msg + len, sizeof(err_msg) - len, ": %s",
		 strerror(errnum));
	return -1;
}

void vk_error_prefix(const char *fmt, ...)
{
	char old[sizeof(err_msg)];
	va_list ap;
	int n;

	memcpy(old, err_msg, sizeof(old));
	va_start(ap, fmt);
	n = vsnprintf(err_msg, sizeof(err_msg), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(err_msg))
		return;
	if ((size_t)n + 3 < sizeof(err_msg)) {
		memcpy(err_msg + n, ": ", 2);
		strncpy(err_msg + n + 2, old, sizeof(err_msg) - (size_t)n - 3);
		err_msg[sizeof(err_msg) - 1] = '\0';
	}
}

int vk_error_code(void)
{
	return err_code;
}

const char *vk_error_message(void)
{
	return err_msg;
}

void vk_error_clear(void)
{
	err_code = 0;
	err_msg[0] = '\0';
}

static void *oom(void)
{
	fputs("virtkit: out of memory\n", stderr);
	abort();
}

void *vk_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	return p ? p : oom();
}

void *vk_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	return p ? p : oom();
}

void *vk_realloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	return q ? q : oom();
}

char *vk_strdup(const char *s)
{
	char *p;

	if (!s)
		return NULL;
	p = strdup(s);
	return p ? p : oom();
}

char *vk_strndup(const char *s, size_t n)
{
	char *p = strndup(s, n);

	return p ? p : oom();
}

char *vk_vasprintf(const char *fmt, va_list ap)
{
	char *p;

	return vasprintf(&p, fmt, ap) < 0 ? oom() : p;
}

char *vk_asprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = vk_vasprintf(fmt, ap);
	va_end(ap);
	return p;
}
