/* listen-sock: a peer for chardevs in connect mode (tests only).
 *   listen-sock unix PATH | tcp PORT
 * Listens on 127.0.0.1:PORT or on the unix socket PATH, accepts and holds
 * every connection, and runs until killed.  Prints "ready" once
 * listening; errors: "listen-sock: error: WHY", exit 1. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int open_unix(const char *path)
{
	struct sockaddr_un sa;
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (fd < 0 || strlen(path) >= sizeof(sa.sun_path))
		return -1;
	strcpy(sa.sun_path, path);
	unlink(path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -1;
	return fd;
}

static int open_tcp(const char *port)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0), on = 1;

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)atoi(port));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -1;
	return fd;
}

int main(int argc, char **argv)
{
	int fd;

	if (argc != 3 || (strcmp(argv[1], "unix") && strcmp(argv[1], "tcp"))) {
		fputs("usage: listen-sock unix PATH | tcp PORT\n", stderr);
		return 2;
	}
	fd = !strcmp(argv[1], "unix") ? open_unix(argv[2]) :
	     open_tcp(argv[2]);
	if (fd < 0 || listen(fd, 16) < 0) {
		fprintf(stderr, "listen-sock: error: %s: %s\n", argv[2],
			strerror(errno));
		return 1;
	}
	puts("ready");
	fflush(stdout);
	for (;;)
		if (accept(fd, NULL, NULL) < 0 && errno != EINTR)
			return 1;
}
