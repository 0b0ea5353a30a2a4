#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "qmp.h"
#include "util/error.h"
#include "util/proc.h"

int vk_qmp_try_connect(const char *path)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

const char *vk_json_str(json_object *o, const char *key)
{
	json_object *v;

	if (!o || !json_object_object_get_ex(o, key, &v))
		return "";
	return json_object_get_string(v);
}

int vk_qmp_fill(struct vk_qmp *q)
{
	char buf[4096];
	ssize_t n;

	do
		n = read(q->fd, buf, sizeof(buf));
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return vk_error_errno(VK_EXIT_FAILED, errno,
				      "cannot read from the QEMU monitor");
	if (n == 0)
		return vk_error(VK_EXIT_FAILED, "the QEMU monitor closed");
	vk_buf_addn(&q->in, buf, (size_t)n);
	return 0;
}

/* The next whole line as JSON (NULL when none is complete). */
static json_object *pop_line(struct vk_qmp *q)
{
	while (q->in.s && q->used < q->in.len) {
		char *start = q->in.s + q->used;
		char *nl = memchr(start, '\n', q->in.len - q->used);
		json_object *o;

		if (!nl)
			break;
		*nl = '\0';
		q->used += (size_t)(nl - start) + 1;
		o = json_tokener_parse(start);
		if (o)
			return o;
	}
	if (q->used && q->used == q->in.len) {
		q->in.len = q->used = 0;
		q->in.s[0] = '\0';
	}
	return NULL;
}

json_object *vk_qmp_pop(struct vk_qmp *q)
{
	json_object *o;

	if (q->nevents) {
		o = q->events[0];
		memmove(q->events, q->events + 1,
			(size_t)--q->nevents * sizeof(*q->events));
		return o;
	}
	return pop_line(q);
}

/* Wait for and return the next message (not from the event queue). */
static json_object *next_message(struct vk_qmp *q, long long deadline)
{
	for (;;) {
		struct pollfd p = {.fd = q->fd, .events = POLLIN};
		json_object *o = pop_line(q);
		long long left = deadline - vk_now_ms();

		if (o)
			return o;
		if (left <= 0) {
			vk_error(VK_EXIT_FAILED,
				 "the QEMU monitor did not answer in time");
			return NULL;
		}
		if (poll(&p, 1, (int)left) < 0 && errno != EINTR) {
			vk_error_errno(VK_EXIT_FAILED, errno, "poll");
			return NULL;
		}
		if ((p.revents & (POLLIN | POLLHUP | POLLERR)) &&
		    vk_qmp_fill(q) < 0)
			return NULL;
	}
}

static int send_all(int fd, const char *s, size_t len, int passfd)
{
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = {.iov_base = (void *)s, .iov_len = len};
	struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1};

	if (passfd >= 0) {
		struct cmsghdr *c;

		memset(cbuf, 0, sizeof(cbuf));
		m.msg_control = cbuf;
		m.msg_controllen = sizeof(cbuf);
		c = CMSG_FIRSTHDR(&m);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &passfd, sizeof(int));
	}
	while (iov.iov_len) {
		ssize_t n = sendmsg(fd, &m, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return vk_error_errno(VK_EXIT_FAILED, errno,
					      "cannot write to the QEMU monitor");
		iov.iov_base = (char *)iov.iov_base + n;
		iov.iov_len -= (size_t)n;
		m.msg_control = NULL;
		m.msg_controllen = 0;
	}
	return 0;
}

static int run(struct vk_qmp *q, const char *cmd, json_object *args, int fd,
	       json_object **ret, int timeout_ms)
{
	long long deadline = vk_now_ms() + timeout_ms;
	json_object *req = json_object_new_object(), *msg, *v;
	char *line;
	int rc;

	json_object_object_add(req, "execute", json_object_new_string(cmd));
	if (args)
		json_object_object_add(req, "arguments", args);
	/* One write with the newline: QEMU acts on the closing brace, and
	 * after "quit" it may close the socket before a second write. */
	line = vk_asprintf("%s\n", json_object_to_json_string_ext(
					req, JSON_C_TO_STRING_PLAIN));
	rc = send_all(q->fd, line, strlen(line), fd);
	free(line);
	json_object_put(req);
	if (rc < 0)
		return -1;
	while ((msg = next_message(q, deadline))) {
		if (json_object_object_get_ex(msg, "event", NULL)) {
			q->events = vk_realloc(q->events, (size_t)(q->nevents + 1)
						* sizeof(*q->events));
			q->events[q->nevents++] = msg;
			continue;
		}
		if (json_object_object_get_ex(msg, "error", &v)) {
			vk_error(VK_EXIT_FAILED, "QEMU refused %s: %s", cmd,
				 vk_json_str(v, "desc"));
			json_object_put(msg);
			return -1;
		}
		if (ret && json_object_object_get_ex(msg, "return", &v))
			*ret = json_object_get(v);
		json_object_put(msg);
		return 0;
	}
	return -1;
}

int vk_qmp_run(struct vk_qmp *q, const char *cmd, json_object *args,
	       json_object **ret, int timeout_ms)
{
	if (ret)
		*ret = NULL;
	return run(q, cmd, args, -1, ret, timeout_ms);
}

int vk_qmp_run_fd(struct vk_qmp *q, const char *cmd, json_object *args,
		  int fd, int timeout_ms)
{
	return run(q, cmd, args, fd, NULL, timeout_ms);
}

int vk_qmp_handshake(struct vk_qmp *q, int fd, int timeout_ms)
{
	json_object *greeting;

	memset(q, 0, sizeof(*q));
	q->fd = fd;
	greeting = next_message(q, vk_now_ms() + timeout_ms);
	if (!greeting)
		return -1;
	if (!json_object_object_get_ex(greeting, "QMP", NULL)) {
		json_object_put(greeting);
		return vk_error(VK_EXIT_FAILED,
				"the QEMU monitor sent no greeting");
	}
	json_object_put(greeting);
	return vk_qmp_run(q, "qmp_capabilities", NULL, NULL, timeout_ms);
}

int vk_qmp_open(struct vk_qmp *q, const char *path, int timeout_ms)
{
	long long deadline = vk_now_ms() + timeout_ms;
	int fd;

	memset(q, 0, sizeof(*q));
	q->fd = -1;
	while ((fd = vk_qmp_try_connect(path)) < 0) {
		if ((errno != ENOENT && errno != ECONNREFUSED) ||
		    vk_now_ms() >= deadline)
			return vk_error_errno(VK_EXIT_FAILED, errno,
					      "cannot connect to the QEMU "
					      "monitor %s", path);
		usleep(5000);
	}
	if (vk_qmp_handshake(q, fd, (int)(deadline - vk_now_ms() + 1)) < 0) {
		vk_qmp_close(q);
		return -1;
	}
	return 0;
}

void vk_qmp_close(struct vk_qmp *q)
{
	int i;

	if (q->fd >= 0)
		close(q->fd);
	q->fd = -1;
	for (i = 0; i < q->nevents; i++)
		json_object_put(q->events[i]);
	free(q->events);
	q->events = NULL;
	q->nevents = 0;
	vk_buf_free(&q->in);
	q->used = 0;
}
