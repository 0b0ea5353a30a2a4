#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "error.h"
#include "lock.h"

int vk_lock(const char *path, unsigned flags, const char *what)
{
	int op = (flags & VK_LOCK_SHARED) ? LOCK_SH : LOCK_EX;
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

	if (fd < 0)
		return vk_error_errno(VK_EXIT_FAILED, errno,
				      "cannot open lock %s", path);
	if (flags & VK_LOCK_TRY)
		op |= LOCK_NB;
	while (flock(fd, op) < 0) {
		int e = errno;

		if (e == EINTR)
			continue;
		close(fd);
		if (e == EWOULDBLOCK)
			return vk_error(VK_EXIT_CONFLICT, "%s is locked", what);
		return vk_error_errno(VK_EXIT_FAILED, e, "cannot lock %s",
				      what);
	}
	return fd;
}

void vk_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}
