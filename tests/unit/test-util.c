/* Unit tests for common/util: uuid, mac, uri, names, atomic replace,
 * buffers and errors. */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/file.h"
#include "util/lock.h"
#include "util/mac.h"
#include "util/name.h"
#include "util/paths.h"
#include "util/uri.h"
#include "util/uuid.h"

static void test_uuid(void)
{
	unsigned char a[16], b[16];
	char s[VK_UUID_STRLEN + 1];

	CHECK("uuid parse dashed",
	      vk_uuid_parse("4dea22b3-1d52-d8f3-2516-782e98a23fa0", a) == 0);
	CHECK("uuid parse undashed",
	      vk_uuid_parse("4dea22b31d52d8f32516782e98a23fa0", b) == 0);
	CHECK("uuid forms equal", !memcmp(a, b, 16));
	vk_uuid_format(b, s);
	CHECK("uuid prints dashed",
	      !strcmp(s, "4dea22b3-1d52-d8f3-2516-782e98a23fa0"));
	CHECK("uuid parse uppercase",
	      vk_uuid_parse("4DEA22B3-1D52-D8F3-2516-782E98A23FA0", b) == 0 &&
		      !memcmp(a, b, 16));
	CHECK("uuid parse blanks", vk_uuid_parse(
		" 4dea22b31d52d8f32516782e98a23fa0\n", b) == 0);
	CHECK("uuid rejects short", vk_uuid_parse("4dea22b3", a) < 0);
	CHECK("uuid rejects bad digit",
	      vk_uuid_parse("4dea22b3-1d52-d8f3-2516-782e98a23fag", a) < 0);
	CHECK("uuid rejects misplaced dash",
	      vk_uuid_parse("4dea22b31-d52-d8f3-2516-782e98a23fa0", a) < 0);
	CHECK("uuid rejects long",
	      vk_uuid_parse("4dea22b31d52d8f32516782e98a23fa000", a) < 0);
	CHECK("uuid rejects empty", vk_uuid_parse("", a) < 0);
	CHECK("uuid generate", vk_uuid_generate(a) == 0 &&
				       vk_uuid_generate(b) == 0);
	CHECK("uuid generate differs", memcmp(a, b, 16) != 0);
	CHECK("uuid generate v4", (a[6] >> 4) == 4 && (a[8] & 0xc0) == 0x80);
	vk_uuid_format(a, s);
	CHECK("uuid generated round trip",
	      vk_uuid_parse(s, b) == 0 && !memcmp(a, b, 16));
	memset(a, 0, 16);
	CHECK("uuid null", vk_uuid_is_null(a));
}

static void test_mac(void)
{
	unsigned char m[6], n[6];
	char s[VK_MAC_STRLEN + 1];

	CHECK("mac parse", vk_mac_parse("52:54:00:AB:cd:01", m) == 0);
	vk_mac_format(m, s);
	CHECK("mac prints lowercase", !strcmp(s, "52:54:00:ab:cd:01"));
	CHECK("mac parse short groups", vk_mac_parse("0:16:3e:5:c7:9e", n) == 0
						&& n[0] == 0 && n[3] == 5);
	CHECK("mac rejects 5 groups", vk_mac_parse("52:54:00:ab:cd", m) < 0);
	CHECK("mac rejects 7 groups",
	      vk_mac_parse("52:54:00:ab:cd:01:02", m) < 0);
	CHECK("mac rejects 3 digits", vk_mac_parse("525:54:00:ab:cd:01", m) < 0);
	CHECK("mac rejects dashes", vk_mac_parse("52-54-00-ab-cd-01", m) < 0);
	CHECK("mac rejects junk", vk_mac_parse("52:54:00:ab:cd:0g", m) < 0);
	vk_mac_parse("01:00:5e:00:00:01", m);
	CHECK("mac multicast invalid", vk_mac_validate(m) < 0 &&
		      vk_error_code() == VK_EXIT_DOCUMENT);
	vk_mac_parse("00:00:00:00:00:00", m);
	CHECK("mac zero invalid", vk_mac_validate(m) < 0);
	vk_mac_parse("24:42:53:21:52:45", m);
	CHECK("mac unicast valid", vk_mac_validate(m) == 0);
	CHECK("mac generate qemu",
	      vk_mac_generate(VK_MAC_PREFIX_QEMU, m) == 0 && m[0] == 0x52 &&
		      m[1] == 0x54 && m[2] == 0 && vk_mac_validate(m) == 0);
	CHECK("mac generate xen",
	      vk_mac_generate(VK_MAC_PREFIX_XEN, m) == 0 && m[0] == 0 &&
		      m[1] == 0x16 && m[2] == 0x3e);
}

static void test_uri(void)
{
	struct vk_uri u;

	CHECK("uri qemu system", vk_uri_parse("qemu:///system", &u) == 0 &&
		      !strcmp(u.scheme, "qemu") && !u.host &&
		      !strcmp(u.path, "/system") && !u.transport);
	vk_uri_clear(&u);
	CHECK("uri test path", vk_uri_parse("test:///tmp/x.xml", &u) == 0 &&
		      !strcmp(u.path, "/tmp/x.xml"));
	vk_uri_clear(&u);
	CHECK("uri remote", vk_uri_parse("qemu+ssh://root@host:2222/system?"
					 "keyfile=/k", &u) == 0 &&
		      !strcmp(u.transport, "ssh") && !strcmp(u.user, "root") &&
		      !strcmp(u.host, "host") && u.port == 2222 &&
		      !strcmp(u.path, "/system") &&
		      !strcmp(u.query, "keyfile=/k"));
	vk_uri_clear(&u);
	CHECK("uri lxc", vk_uri_parse("lxc:///", &u) == 0 &&
		      !strcmp(u.path, "/"));
	vk_uri_clear(&u);
	CHECK("uri scheme lowercased", vk_uri_parse("QEMU:///session", &u) == 0
		      && !strcmp(u.scheme, "qemu"));
	vk_uri_clear(&u);
	CHECK("uri rejects no scheme", vk_uri_parse("/system", &u) < 0 &&
		      vk_error_code() == VK_EXIT_USAGE);
	CHECK("uri rejects bad port", vk_uri_parse("qemu://h:99999/system",
						   &u) < 0);
	CHECK("uri rejects empty scheme", vk_uri_parse(":///x", &u) < 0);
	unsetenv("VIRTKIT_DEFAULT_URI");
	CHECK("uri default", !strcmp(vk_uri_default(), geteuid() ?
				      "qemu:///session" : "qemu:///system"));
	setenv("VIRTKIT_DEFAULT_URI", "test:///default", 1);
	CHECK("uri default from env",
	      !strcmp(vk_uri_default(), "test:///default"));
	unsetenv("VIRTKIT_DEFAULT_URI");
}

static void test_name(void)
{
	char longname[VK_NAME_MAX + 2];

	CHECK("name ok", vk_name_check("domain", "web-1.example_x") == 0);
	CHECK("name utf8 ok", vk_name_check("domain", "caf\xc3\xa9") == 0);
	CHECK("name slash", vk_name_check("domain", "a/b") < 0 &&
		      strstr(vk_error_message(), "'/'"));
	CHECK("name dot", vk_name_check("domain", ".hidden") < 0 &&
		      strstr(vk_error_message(), "starts with '.'"));
	CHECK("name dotdot", vk_name_check("domain", "..") < 0);
	CHECK("name empty", vk_name_check("domain", "") < 0);
	CHECK("name control", vk_name_check("domain", "a\nb") < 0);
	CHECK("name bad utf8", vk_name_check("domain", "a\xff") < 0);
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	CHECK("name too long", vk_name_check("domain", longname) < 0);
	longname[VK_NAME_MAX] = '\0';
	CHECK("name at limit", vk_name_check("domain", longname) == 0);
	CHECK("name error code", vk_name_check("pool", "/") < 0 &&
		      vk_error_code() == VK_EXIT_DOCUMENT &&
		      !strncmp(vk_error_message(), "pool name", 9));
}

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	if (d)
		closedir(d);
	return n;
}

static void test_file(void)
{
	char dir[] = "/tmp/vkunit.XXXXXX", *path, *sub, *data;
	struct stat st;
	size_t len;
	int fd, fd2;

	CHECK("mkdtemp", mkdtemp(dir) != NULL);
	path = vk_asprintf("%s/a.xml", dir);
	CHECK("replace new", vk_file_replace(path, "one\n", 4, 0600) == 0);
	data = vk_file_read(path, 100, &len);
	CHECK("read back", data && len == 4 && !strcmp(data, "one\n"));
	free(data);
	CHECK("replace existing", vk_file_replace(path, "two", 3, 0640) == 0);
	data = vk_file_read(path, 100, &len);
	CHECK("read replaced", data && !strcmp(data, "two"));
	free(data);
	CHECK("replace mode", stat(path, &st) == 0 &&
		      (st.st_mode & 0777) == 0640);
	CHECK("replace leaves no temp", count_entries(dir) == 1);
	CHECK("read limit", !vk_file_read(path, 2, NULL) &&
		      vk_error_code() == VK_EXIT_DOCUMENT);
	free(path);
	path = vk_asprintf("%s/missing", dir);
	CHECK("read missing", !vk_file_read(path, 100, NULL) &&
		      vk_error_code() == VK_EXIT_NOT_FOUND);
	CHECK("remove missing ok", vk_file_remove(path) == 0);
	free(path);
	path = vk_asprintf("%s/.x.xml.1234abcd.vktmp", dir);
	fd = open(path, O_CREAT | O_WRONLY, 0600);
	close(fd);
	CHECK("temp name", vk_file_is_temp(".x.xml.1234abcd.vktmp") &&
		      !vk_file_is_temp("x.xml"));
	vk_file_clean_temps(dir);
	CHECK("clean temps", access(path, F_OK) != 0 && count_entries(dir) == 1);
	free(path);
	sub = vk_asprintf("%s/x/y/z", dir);
	CHECK("mkdir -p", vk_mkdir_p(sub, 0700) == 0 && stat(sub, &st) == 0 &&
		      S_ISDIR(st.st_mode));
	CHECK("mkdir -p again", vk_mkdir_p(sub, 0700) == 0);
	free(sub);
	path = vk_asprintf("%s/l.lock", dir);
	fd = vk_lock(path, 0, "object l");
	CHECK("lock", fd >= 0);
	fd2 = vk_lock(path, VK_LOCK_TRY, "object l");
	CHECK("lock conflict", fd2 < 0 && vk_error_code() == VK_EXIT_CONFLICT &&
		      !strcmp(vk_error_message(), "object l is locked"));
	vk_unlock(fd);
	fd2 = vk_lock(path, VK_LOCK_TRY, "object l");
	CHECK("lock after release", fd2 >= 0);
	vk_unlock(fd2);
	free(path);
	path = vk_asprintf("rm -rf %s", dir);
	CHECK("cleanup", system(path) == 0);
	free(path);
}

static void test_paths(void)
{
	struct vk_paths p;

	setenv("VIRTKIT_ROOT", "/r", 1);
	vk_paths_init(&p, "qemu", false);
	CHECK("paths system config", !strcmp(p.config, "/r/var/lib/virtkit/qemu"));
	CHECK("paths system run", !strcmp(p.run, "/r/run/virtkit/qemu"));
	CHECK("paths system log", !strcmp(p.log, "/r/var/log/virtkit/qemu"));
	CHECK("paths system settings",
	      !strcmp(p.settings, "/r/etc/virtkit/qemu.conf"));
	vk_paths_clear(&p);
	unsetenv("VIRTKIT_ROOT");
	setenv("XDG_DATA_HOME", "/h/data", 1);
	setenv("XDG_RUNTIME_DIR", "/h/run", 1);
	setenv("XDG_STATE_HOME", "/h/state", 1);
	setenv("XDG_CONFIG_HOME", "/h/conf", 1);
	vk_paths_init(&p, "storage", true);
	CHECK("paths session config",
	      !strcmp(p.config, "/h/data/virtkit/storage"));
	CHECK("paths session run", !strcmp(p.run, "/h/run/virtkit/storage"));
	CHECK("paths session log",
	      !strcmp(p.log, "/h/state/virtkit/log/storage"));
	CHECK("paths session settings",
	      !strcmp(p.settings, "/h/conf/virtkit/storage.conf"));
	vk_paths_clear(&p);
}

static void test_buf_error(void)
{
	struct vk_buf b = VK_BUF_INIT;
	char *s;
	int i;

	vk_buf_add_xml(&b, "a<b>&'\"c");
	CHECK("buf xml escape", !strcmp(b.s, "a&lt;b&gt;&amp;&apos;&quot;c"));
	vk_buf_free(&b);
	vk_buf_add_xml_esc(&b, "<'\"\r\n\t>", VK_BUF_XML_CR);
	CHECK("buf xml escape for text",
	      !strcmp(b.s, "&lt;'\"&#13;\n\t&gt;"));
	vk_buf_free(&b);
	vk_buf_add_xml_esc(&b, "'\r\n\t", VK_BUF_XML_QUOTES |
			   VK_BUF_XML_CR | VK_BUF_XML_BLANKS);
	CHECK("buf xml escape for attributes",
	      !strcmp(b.s, "&apos;&#13;&#10;&#9;"));
	vk_buf_free(&b);
	for (i = 0; i < 1000; i++)
		vk_buf_addf(&b, "%d,", i);
	CHECK("buf grows", b.len > 3000 && !strncmp(b.s + b.len - 4, "999,", 4));
	s = vk_buf_steal(&b);
	CHECK("buf steal", s && !b.s && b.len == 0);
	free(s);
	s = vk_buf_steal(&b);
	CHECK("buf steal empty", s && !*s);
	free(s);
	CHECK("error returns -1", vk_error(VK_EXIT_CONFLICT, "x %d", 1) == -1);
	CHECK("error code", vk_error_code() == VK_EXIT_CONFLICT);
	vk_error_prefix("ctx");
	CHECK("error prefix", !strcmp(vk_error_message(), "ctx: x 1"));
	vk_error_clear();
	CHECK("error clear", vk_error_code() == 0 && !*vk_error_message());
}

int main(void)
{
	test_uuid();
	test_mac();
	test_uri();
	test_name();
	test_file();
	test_paths();
	test_buf_error();
	return unit_failed;
}
