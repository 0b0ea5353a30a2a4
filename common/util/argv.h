/* Growable argument vectors (for exec, never a shell). */
#ifndef VK_ARGV_H
#define VK_ARGV_H

struct vk_argv {
	char **v;	/* NULL-terminated once anything was added */
	int n;
	int cap;
};

#define VK_ARGV_INIT {NULL, 0, 0}

void vk_argv_add(struct vk_argv *a, const char *s);
void vk_argv_addf(struct vk_argv *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Append both: "-drive" "file=..." */
void vk_argv_add2(struct vk_argv *a, const char *opt, const char *val);
void vk_argv_free(struct vk_argv *a);
/* One line, arguments separated by blanks, each quoted for a POSIX shell
 * only when it needs it (for logs and xml-convert; never executed). */
char *vk_argv_join(const struct vk_argv *a);

#endif
