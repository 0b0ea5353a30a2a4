#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "uri.h"

void vk_uri_clear(struct vk_uri *u)
{
	free(u->scheme);
	free(u->transport);
	free(u->user);
	free(u->host);
	free(u->path);
	free(u->query);
	memset(u, 0, sizeof(*u));
}

static int bad(const char *s, const char *why)
{
	return vk_error(VK_EXIT_USAGE, "invalid connection URI '%s': %s", s,
			why);
}

static int parse_authority(const char *s, const char *a, size_t n,
			   struct vk_uri *u)
{
	const char *at = memchr(a, '@', n), *colon, *end = a + n;

	if (at) {
		u->user = vk_strndup(a, (size_t)(at - a));
		a = at + 1;
	}
	colon = memchr(a, ':', (size_t)(end - a));
	if (colon) {
		char *stop;
		long port = strtol(colon + 1, &stop, 10);

		if (stop != end || colon + 1 == end || port < 1 ||
		    port > 65535)
			return bad(s, "bad port");
		u->port = (int)port;
		end = colon;
	}
	if (end > a)
		u->host = vk_strndup(a, (size_t)(end - a));
	return 0;
}

int vk_uri_parse(const char *s, struct vk_uri *u)
{
	const char *p, *sep, *auth, *path, *q;
	size_t i;

	memset(u, 0, sizeof(*u));
	sep = strstr(s, "://");
	if (!sep || sep == s)
		return bad(s, "expected DRIVER://[HOST]/PATH");
	for (p = s; p < sep; p++)
		if (!isalnum((unsigned char)*p) && *p != '+' && *p != '-')
			return bad(s, "bad driver name");
	p = memchr(s, '+', (size_t)(sep - s));
	u->scheme = vk_strndup(s, (size_t)((p ? p : sep) - s));
	if (p)
		u->transport = vk_strndup(p + 1, (size_t)(sep - p - 1));
	for (i = 0; u->scheme[i]; i++)
		u->scheme[i] = (char)tolower((unsigned char)u->scheme[i]);
	auth = sep + 3;
	path = strchr(auth, '/');
	q = strchr(auth, '?');
	if (q && path && q < path)
		path = NULL;
	if (parse_authority(s, auth,
			    (size_t)((path ? path : q ? q : auth + strlen(auth)) -
				     auth),
			    u) < 0) {
		vk_uri_clear(u);
		return -1;
	}
	if (path)
		u->path = vk_strndup(path, (size_t)((q ? q : path + strlen(path)) -
						    path));
	if (q)
		u->query = vk_strdup(q + 1);
	return 0;
}

const char *vk_uri_default(void)
{
	const char *env = getenv("VIRTKIT_DEFAULT_URI");

	if (env && *env)
		return env;
	return geteuid() == 0 ? "qemu:///system" : "qemu:///session";
}

int vk_uri_local_mode(const char *uri, const char *what, bool *session)
{
	struct vk_uri u;

	if (!uri)
		uri = vk_uri_default();
	if (vk_uri_parse(uri, &u) < 0)
		return -1;
	if (u.transport || (u.host && *u.host)) {
		vk_error(VK_EXIT_USAGE, "remote %s are not supported ('%s')",
			 what, uri);
		vk_uri_clear(&u);
		return -1;
	}
	if (u.path && !strcmp(u.path, "/session"))
		*session = true;
	else if (u.path && !strcmp(u.path, "/system"))
		*session = false;
	else
		*session = geteuid() != 0;
	vk_uri_clear(&u);
	return 0;
}
