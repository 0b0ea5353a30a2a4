/* Error recording for libvirtkit.
 *
 * Library code never prints and never exits: it records one error (a code
 * from the table below, docs/design.md, "Errors and exit codes", and a
 * message) and returns -1 or NULL.  The command prints it as
 * "PROGRAM: error: MESSAGE" and exits with the code.
 */
#ifndef VK_ERROR_H
#define VK_ERROR_H

#include <stdarg.h>

enum vk_status {
	VK_EXIT_OK = 0,
	VK_EXIT_FAILED = 1,	/* operation failed */
	VK_EXIT_USAGE = 2,	/* command-line usage */
	VK_EXIT_DOCUMENT = 3,	/* document rejected */
	VK_EXIT_NOT_FOUND = 4,	/* object not found */
	VK_EXIT_CONFLICT = 5,	/* state conflict */
};

/* Record an error, replacing any earlier one.  Always returns -1 so that
 * callers can write "return vk_error(...)". */
int vk_error(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int vk_verror(int code, const char *fmt, va_list ap);

/* Record an error built from errno: "MESSAGE: strerror(errno)". */
int vk_error_errno(int code, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Put "PREFIX: " in front of the recorded message (adds context). */
void vk_error_prefix(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* The recorded code (VK_EXIT_OK when none) and message ("" when none).
 * The message belongs to the library; it stays valid until the next
 * vk_error* call. */
int vk_error_code(void);
const char *vk_error_message(void);
void vk_error_clear(void);

/* Allocation helpers: they abort on exhaustion, as a library cannot
 * recover anything useful from a failed small allocation. */
void *vk_malloc(size_t n);
void *vk_calloc(size_t n, size_t size);
void *vk_realloc(void *p, size_t n);
char *vk_strdup(const char *s);
char *vk_strndup(const char *s, size_t n);
char *vk_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *vk_vasprintf(const char *fmt, va_list ap);

#endif
