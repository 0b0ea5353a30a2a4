/* Unit tests of the domain parser and writer (common/conf/domain*.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conf/domain.h"
#include "qemu/qemu_locks.h"
#include "unit.h"
#include "util/cpuset.h"
#include "util/error.h"
#include "util/uuid.h"

#define HEAD(type) "<domain type='" type "'>\n<name>t</name>\n" \
	"<memory>1024</memory>\n<os><type>hvm</type></os>\n"

static struct vk_domain_def *parse(const char *xml, unsigned flags)
{
	struct vk_domain_def *def;

	def = vk_domain_parse_string(xml, strlen(xml), "dom.xml",
				     flags | VK_PARSE_NO_SCHEMA);
	if (!def)
		printf("# %s\n", vk_error_message());
	return def;
}

/* The error message of a document that must fail, or "" if it parsed. */
static const char *reject(const char *xml)
{
	struct vk_domain_def *def;

	def = vk_domain_parse_string(xml, strlen(xml), "dom.xml",
				     VK_PARSE_INACTIVE | VK_PARSE_NO_SCHEMA);
	if (def) {
		vk_domain_free(def);
		return "";
	}
	return vk_error_message();
}

static bool has(const char *text, const char *piece)
{
	if (text && strstr(text, piece))
		return true;
	printf("# missing '%s' in:\n%s\n", piece, text ? text : "(null)");
	return false;
}

static char *format_of(const char *xml, unsigned pflags, unsigned fflags)
{
	struct vk_domain_def *def = parse(xml, pflags);
	char *s;

	if (!def)
		return NULL;
	s = vk_domain_format(def, fflags);
	vk_domain_free(def);
	return s;
}

static void test_uuid(void)
{
	struct vk_domain_def *a = parse(HEAD("kvm") "</domain>", 0);
	struct vk_domain_def *b = parse(HEAD("kvm") "</domain>", 0);
	struct vk_domain_def *c = parse(HEAD("kvm") "<uuid>"
		"C7A5FDBDCDAF9455926AD65C16DB1809</uuid></domain>", 0);
	char s[VK_UUID_STRLEN + 1] = "";

	CHECK("domain: uuid generated when missing",
	      a && b && a->uuid_generated && !vk_uuid_is_null(a->uuid) &&
	      (a->uuid[6] & 0xf0) == 0x40 && memcmp(a->uuid, b->uuid, 16));
	if (c)
		vk_uuid_format(c->uuid, s);
	CHECK("domain: undashed uuid accepted",
	      !strcmp(s, "c7a5fdbd-cdaf-9455-926a-d65c16db1809") &&
	      !c->uuid_generated);
	CHECK("domain: bad uuid",
	      has(reject(HEAD("kvm") "<uuid>1234</uuid></domain>"),
		  "dom.xml:5: <uuid>: '1234' is not a valid UUID"));
	vk_domain_free(a);
	vk_domain_free(b);
	vk_domain_free(c);
}

static void test_mac(void)
{
	static const char *const types[] = {"qemu", "kvm", "xen"};
	static const unsigned char prefix[][3] = {
		{0x52, 0x54, 0x00}, {0x52, 0x54, 0x00}, {0x00, 0x16, 0x3e}
	};
	char xml[512], name[64];
	int i;

	for (i = 0; i < 3; i++) {
		struct vk_domain_def *def;

		snprintf(xml, sizeof(xml), "<domain type='%s'><name>t</name>"
			 "<memory>1024</memory><os><type>hvm</type></os>"
			 "<devices><interface type='user'/></devices></domain>",
			 types[i]);
		def = parse(xml, 0);
		snprintf(name, sizeof(name), "domain: generated MAC for %s",
			 types[i]);
		CHECK(name, def && def->nnets == 1 &&
		      !memcmp(def->nets[0].mac, prefix[i], 3));
		vk_domain_free(def);
	}
	CHECK("domain: multicast MAC refused",
	      has(reject(HEAD("kvm") "<devices><interface type='user'>\n"
			 "<mac address='01:00:00:00:00:01'/></interface>"
			 "</devices></domain>"),
		  "dom.xml:6: <mac>: MAC address '01:00:00:00:00:01' is a "
		  "multicast address"));
}

static void test_memory(void)
{
	struct vk_domain_def *def = parse(HEAD("kvm") "</domain>", 0);

	CHECK("domain: currentMemory defaults to memory",
	      def && def->current_memory == 1024);
	vk_domain_free(def);
	def = parse(HEAD("kvm") "<currentMemory>512</currentMemory></domain>",
		    0);
	CHECK("domain: currentMemory kept", def && def->current_memory == 512);
	vk_domain_free(def);
	def = parse(HEAD("kvm") "<currentMemory>2048</currentMemory></domain>",
		    0);
	CHECK("domain: currentMemory above memory is memory (as libvirt)",
	      def && def->current_memory == 1024);
	vk_domain_free(def);
	CHECK("domain: memory must be a number",
	      has(reject("<domain type='kvm'><name>t</name>\n"
			 "<memory>1G</memory></domain>"),
		  "dom.xml:2: <memory>: '1G' is not a number"));
	CHECK("domain: missing name",
	      has(reject("<domain type='kvm'><memory>1</memory></domain>"),
		  "dom.xml:1: <domain>: missing element <name>"));
}

static void test_clock(void)
{
	char *s = format_of(HEAD("kvm") "<clock sync='localtime'/></domain>",
			    0, VK_FMT_INACTIVE);

	CHECK("domain: sync= written as offset=",
	      has(s, "<clock offset='localtime'/>"));
	free(s);
	s = format_of(HEAD("kvm") "</domain>", 0, VK_FMT_INACTIVE);
	CHECK("domain: missing clock written as utc",
	      has(s, "<clock offset='utc'/>"));
	free(s);
	s = format_of(HEAD("kvm") "<clock offset='variable' "
		      "adjustment='-30'/></domain>", 0, 0);
	CHECK("domain: variable clock",
	      has(s, "<clock offset='variable' adjustment='-30' "
			 "basis='utc'/>"));
	free(s);
	CHECK("domain: timezone needs timezone=",
	      has(reject(HEAD("kvm") "<clock offset='timezone'/></domain>"),
		  "dom.xml:5: <clock>: offset 'timezone' needs a timezone "
		  "attribute"));
}

static void test_console(void)
{
	const char *xml = HEAD("xen") "<devices><console tty='/dev/pts/5'/>"
		"</devices></domain>";
	char *live = format_of(xml, 0, 0);
	char *cfg = format_of(xml, 0, VK_FMT_INACTIVE);

	CHECK("domain: console tty= live form",
	      has(live, "<console type='pty' tty='/dev/pts/5'>\n"
		  "      <source path='/dev/pts/5'/>\n"
		  "      <target port='0'/>\n"));
	CHECK("domain: console tty= inactive form",
	      has(cfg, "<console type='pty'>\n      <target port='0'/>\n") &&
	      !strstr(cfg, "pts"));
	free(live);
	free(cfg);
	CHECK("domain: tty only with pty",
	      has(reject(HEAD("kvm") "<devices>\n<console type='null' "
			 "tty='/dev/pts/1'/></devices></domain>"),
		  "dom.xml:6: <console>: tty is only allowed with type 'pty'"));
}

static void test_chr_ports(void)
{
	char *s = format_of(HEAD("kvm") "<devices><serial type='null'>"
			    "<target port='1'/></serial><serial type='null'/>"
			    "<parallel type='null'/></devices></domain>",
			    0, 0);

	CHECK("domain: default port follows the highest",
	      has(s, "<target port='0'/>") && has(s, "<target port='1'/>") &&
	      has(s, "<target port='2'/>"));
	free(s);
	CHECK("domain: same port twice",
	      has(reject(HEAD("kvm") "<devices><serial type='null'/>\n"
			 "<serial type='null'><target port='0'/></serial>"
			 "</devices></domain>"),
		  "dom.xml:6: <serial>: target port 0 is already used by "
		  "another <serial>"));
	CHECK("domain: serial needs a type",
	      has(reject(HEAD("kvm") "<devices>\n<serial/></devices>"
			 "</domain>"),
		  "dom.xml:6: <serial>: missing attribute 'type'"));
}

/* A document with N <serial type='null'/> on one line (line 5). */
static char *serials(int n)
{
	struct vk_buf b = VK_BUF_INIT;
	int i;

	vk_buf_add(&b, HEAD("kvm") "<devices>");
	for (i = 0; i < n; i++)
		vk_buf_add(&b, "<serial type='null'/>");
	vk_buf_add(&b, "</devices></domain>");
	return vk_buf_steal(&b);
}

static void test_device_cap(void)
{
	struct vk_domain_def *def;
	char *xml = serials(4096);

	def = parse(xml, VK_PARSE_INACTIVE);
	CHECK("domain: 4096 devices parse",
	      def && def->nchrs == 4096 && def->chrs[4095].port == 4095);
	vk_domain_free(def);
	free(xml);
	xml = serials(4097);
	CHECK("domain: more than 4096 devices",
	      has(reject(xml), "dom.xml:5: <devices>: more than 4096 devices"));
	free(xml);
}

static void test_port_and_boot(void)
{
	CHECK("domain: no free target port after 65535",
	      has(reject(HEAD("kvm") "<devices><serial type='pty'>"
			 "<target port='65535'/></serial>\n"
			 "<serial type='pty'/></devices></domain>"),
		  "dom.xml:6: <serial>: no free target port: 65535, the "
		  "highest, is used by another <serial>"));
	CHECK("domain: <os><boot dev> with <boot order>",
	      has(reject("<domain type='kvm'>\n<name>t</name>\n"
			 "<memory>1024</memory>\n<os><type>hvm</type>"
			 "<boot dev='hd'/></os>\n<devices><disk>"
			 "<source file='/a'/><target dev='vda'/>\n"
			 "<boot order='1'/></disk></devices></domain>"),
		  "dom.xml:6: <disk>: per-device <boot order> cannot be "
		  "used with <os><boot dev>"));
}

static void test_bus(void)
{
	static const struct {
		const char *dev;
		int bus;
	} cases[] = {
		{"hda", VK_BUS_IDE}, {"sdb", VK_BUS_SCSI},
		{"vdc", VK_BUS_VIRTIO}, {"xvda", VK_BUS_XEN},
		{"fda", VK_BUS_FDC}, {"ubda", VK_BUS_IDE}, {"disk0", -1},
	};
	size_t i;
	char *s;

	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char name[64];

		snprintf(name, sizeof(name), "domain: bus of %s", cases[i].dev);
		CHECK(name, vk_disk_bus_from_target(cases[i].dev) ==
		      cases[i].bus);
	}
	s = format_of(HEAD("kvm") "<devices><disk><source file='/a'/>"
		      "<target dev='sda'/></disk><disk device='floppy'>"
		      "<target dev='flop'/></disk></devices></domain>",
		      0, VK_FMT_INACTIVE);
	CHECK("domain: inferred bus written",
	      has(s, "<target dev='sda' bus='scsi'/>") &&
	      has(s, "<target dev='flop' bus='fdc'/>") &&
	      has(s, "<disk type='file' device='disk'>"));
	free(s);
	CHECK("domain: no bus can be inferred",
	      has(reject(HEAD("kvm") "<devices><disk>\n<target dev='x0'/>"
			 "</disk></devices></domain>"),
		  "dom.xml:6: <target>: cannot infer the bus of 'x0'"));
	CHECK("domain: disk without target",
	      has(reject(HEAD("kvm") "<devices>\n<disk><source file='/a'/>"
			 "</disk></devices></domain>"),
		  "dom.xml:6: <disk>: missing element <target>"));
	CHECK("domain: same target twice",
	      has(reject(HEAD("kvm") "<devices><disk><target dev='vda'/>"
			 "</disk>\n<disk><target dev='vda'/></disk></devices>"
			 "</domain>"), "dom.xml:6: <disk>: target dev 'vda' is "
		  "already used by another disk"));
}

static void test_strict(void)
{
	CHECK("domain: unknown element",
	      has(reject(HEAD("kvm") "\n<foo/></domain>"),
		  "dom.xml:6: <domain>: unknown element <foo>"));
	CHECK("domain: unknown attribute",
	      has(reject(HEAD("kvm") "<devices>\n<disk foo='1'><target "
			 "dev='hda'/></disk></devices></domain>"),
		  "dom.xml:6: <disk>: unknown attribute 'foo'"));
	CHECK("domain: bad on_crash",
	      has(reject(HEAD("kvm") "\n<on_crash>explode</on_crash></domain>"),
		  "dom.xml:6: <on_crash>: 'explode' is not one of destroy, "
		  "restart, preserve, rename-restart, coredump-destroy, "
		  "coredump-restart"));
	CHECK("domain: two names",
	      has(reject(HEAD("kvm") "\n<name>u</name></domain>"),
		  "dom.xml:6: <domain>: more than one <name>"));
	CHECK("domain: text in devices",
	      has(reject(HEAD("kvm") "<devices>\nhello</devices></domain>"),
		  "<devices>: unexpected text 'hello'"));
	CHECK("domain: bad cpuset",
	      has(reject(HEAD("kvm") "\n<vcpu cpuset='1-'>2</vcpu></domain>"),
		  "dom.xml:6: <vcpu>: cpuset '1-' is not valid"));
	CHECK("domain: vcpu current above vcpus",
	      has(reject(HEAD("kvm") "\n<vcpu current='3'>2</vcpu></domain>"),
		  "dom.xml:6: <vcpu>: current '3' is not between 1 and 2"));
	CHECK("domain: negative memory",
	      has(reject("<domain type='kvm'><name>t</name>\n"
			 "<memory>-5</memory></domain>"),
		  "dom.xml:2: <memory>: '-5' is negative"));
	CHECK("domain: namespaced root",
	      has(reject("<domain xmlns='urn:x' type='kvm'/>"),
		  "dom.xml:1: <domain>: namespace 'urn:x' is not allowed"));
	CHECK("domain: namespaced child",
	      has(reject(HEAD("kvm") "\n<q:cmd xmlns:q='urn:q'/></domain>"),
		  "dom.xml:6: <domain>: unknown element <q:cmd>"));
	CHECK("domain: network needs a source",
	      has(reject(HEAD("kvm") "<devices>\n<interface type='network'/>"
			 "</devices></domain>"),
		  "dom.xml:6: <interface>: type 'network' needs"));
}

static void test_flags(void)
{
	const char *xml = "<domain type='kvm' id='3'><name>t</name>"
		"<memory>1024</memory><os><type>hvm</type></os><devices>"
		"<graphics type='vnc' port='5901' passwd='pw'/></devices>"
		"</domain>";
	char *live = format_of(xml, 0, VK_FMT_SECURE);
	char *cfg = format_of(xml, VK_PARSE_INACTIVE, 0);
	char *inact = format_of(xml, 0, VK_FMT_INACTIVE);

	CHECK("domain: id kept live", has(live, "<domain type='kvm' id='3'>"));
	CHECK("domain: passwd only when secure",
	      has(live, "passwd='pw'") && inact && !strstr(inact, "passwd"));
	CHECK("domain: id ignored when parsed inactive",
	      has(cfg, "<domain type='kvm'>"));
	CHECK("domain: id not written inactive",
	      has(inact, "<domain type='kvm'>"));
	CHECK("domain: vnc fixed port",
	      has(inact, "<graphics type='vnc' port='5901' autoport='no'/>"));
	free(live);
	free(cfg);
	free(inact);
}

static void test_copy(void)
{
	const char *xml = "<domain type='kvm'><name>c</name><description>d"
		"</description><memory>1024</memory><vcpu cpuset='0-1'>2</vcpu>"
		"<bootloader>/b</bootloader><os><type arch='x86_64'>hvm</type>"
		"<kernel>/k</kernel><boot dev='hd'/></os><features><acpi/>"
		"</features><clock offset='timezone' timezone='UTC'/><devices>"
		"<emulator>/e</emulator><disk><driver name='qemu'/>"
		"<source file='/a'/><target dev='vda'/><serial>s</serial>"
		"</disk>"
		"<interface type='bridge'><source bridge='br0'/><model "
		"type='virtio'/></interface><input type='tablet'/>"
		"<graphics type='sdl' display=':0'/><serial type='tcp'>"
		"<source host='h' service='1'/></serial><console type='pty'>"
		"<target type='serial'/></console><memballoon model='none'/>"
		"</devices></domain>";
	struct vk_domain_def *def = parse(xml, 0), *copy;
	char *a, *b, *again;
	int n = 0;
	int *arr = NULL;

	if (!def) {
		CHECK("domain: copy source parses", 0);
		return;
	}
	a = vk_domain_format(def, 0);
	copy = vk_domain_copy(def);
	vk_domain_free(def);
	b = vk_domain_format(copy, 0);
	CHECK("domain: copy formats the same", !strcmp(a, b));
	again = format_of(a, 0, 0);
	CHECK("domain: output is a fixed point", again && !strcmp(a, again));
	vk_domain_free(copy);
	free(a);
	free(b);
	free(again);
	*(int *)vk_array_add(&arr, &n, sizeof(int)) = 4;
	*(int *)vk_array_add(&arr, &n, sizeof(int)) = 5;
	CHECK("domain: vk_array_add", n == 2 && arr[0] == 4 && arr[1] == 5);
	free(arr);
	vk_domain_free(NULL);
}

/* platform: sysinfo, tuning, cpu */
static void test_platform(void)
{
	static const struct { const char *in, *out; } sets[] = {
		{"1-4,^3,6", "1-2,4,6"}, {"3,1,2", "1-3"}, {"0", "0"},
		{"0-7,^0-", NULL}, {"^1,1", "1"}, {"4095", "4095"},
		{"4096", NULL}, {"1,,2", NULL}, {"", NULL}, {"1-", NULL},
	};
	const char *xml = "<domain type='kvm'><name>p</name><memory>1024"
		"</memory><memoryBacking><hugepages/></memoryBacking>"
		"<blkiotune><weight>100</weight></blkiotune><memtune>"
		"<soft_limit>5</soft_limit></memtune><vcpu>2</vcpu><cputune>"
		"<vcpupin vcpu='1' cpuset='2'/><shares>2</shares></cputune>"
		"<sysinfo type='smbios'><system><entry name='uuid'>"
		"00000000-0000-4000-8000-0000000000aa</entry><entry "
		"name='sku'>s</entry></system><bios><entry name='date'>d"
		"</entry></bios></sysinfo><os><type>hvm</type><smbios "
		"mode='sysinfo'/></os><cpu><model>m</model><feature "
		"name='f'/><topology sockets='2' cores='1' threads='1'/></cpu>"
		"<clock><timer name='rtc' tickpolicy='catchup'><catchup "
		"limit='3'/></timer><timer name='tsc' frequency='9'/></clock>"
		"</domain>";
	struct vk_domain_def *def = parse(xml, 0), *copy;
	struct vk_cpuset set;
	char uuid[VK_UUID_STRLEN + 1], *a, *b;
	size_t i;

	for (i = 0; i < sizeof(sets) / sizeof(*sets); i++) {
		int rc = vk_cpuset_parse(sets[i].in, &set);
		char *f = rc < 0 ? NULL : vk_cpuset_format(&set);

		if (!sets[i].out)
			CHECK("cpuset: invalid one refused", rc < 0 || !*f);
		else
			CHECK("cpuset: canonical form",
			      f && !strcmp(f, sets[i].out));
		free(f);
	}
	if (!def) {
		CHECK("platform: document parses", 0);
		return;
	}
	vk_uuid_format(def->uuid, uuid);
	CHECK("platform: sysinfo uuid is the domain's",
	      !strcmp(uuid, "00000000-0000-4000-8000-0000000000aa") &&
	      !def->uuid_generated);
	a = vk_domain_format(def, 0);
	copy = vk_domain_copy(def);
	vk_domain_free(def);
	b = vk_domain_format(copy, 0);
	CHECK("platform: copy formats the same", a && b && !strcmp(a, b));
	CHECK("platform: written", has(a, "<timer name='tsc' frequency='9'/>")
	      && has(a, "<catchup limit='3'/>") &&
	      has(a, "<feature policy='require' name='f'/>"));
	vk_domain_free(copy);
	free(a);
	free(b);
	CHECK("platform: topology checked", has(reject(HEAD("kvm")
	      "<cpu><topology sockets='2' cores='1' threads='1'/></cpu>"
	      "</domain>"), "not the 1 vcpus"));
}

/* network, display and other devices */
static void test_devices_nd(void)
{
	const char *xml = HEAD("qemu") "<devices>"
		"<interface type='direct'><source dev='eth0'/>"
		"<virtualport type='802.1Qbg'><parameters managerid='1' "
		"typeid='2' typeidversion='3'/></virtualport></interface>"
		"<interface type='mcast'><source address='230.0.0.1' "
		"port='5558'/><driver txmode='timer'/><boot order='4'/>"
		"</interface>"
		"<graphics type='spice' port='5903' passwd='pw'><image "
		"compression='lz'/><channel name='main' mode='insecure'/>"
		"</graphics><video><model type='qxl' heads='2'/></video>"
		"<sound model='ich6'/><watchdog model='ib700'/>"
		"<memballoon model='virtio'><address type='pci' bus='0' "
		"slot='3' function='0'/></memballoon></devices>"
		"<seclabel type='static' model='selinux'><label>l</label>"
		"</seclabel></domain>";
	struct vk_domain_def *def = parse(xml, VK_PARSE_INACTIVE), *copy;
	char *a = NULL, *b = NULL, *again = NULL;

	CHECK("domain: net/display devices parse", def != NULL);
	if (!def)
		return;
	CHECK("domain: virtualport instanceid generated",
	      def->nets[0].has_vport &&
	      !vk_uuid_is_null(def->nets[0].vport.instanceid));
	CHECK("domain: direct mode defaults to vepa",
	      def->nets[0].mode == VK_DIRECT_VEPA);
	CHECK("domain: mcast source and boot order",
	      def->nets[1].port == 5558 && def->nets[1].boot_order == 4 &&
	      def->nets[1].txmode == VK_TXMODE_TIMER &&
	      def->nets[1].driver_name < 0);
	CHECK("domain: watchdog default action",
	      def->watchdog.model == VK_WD_IB700 &&
	      def->watchdog.action == VK_WD_RESET);
	a = vk_domain_format(def, VK_FMT_INACTIVE | VK_FMT_SECURE);
	copy = vk_domain_copy(def);
	vk_domain_free(def);
	b = vk_domain_format(copy, VK_FMT_INACTIVE | VK_FMT_SECURE);
	vk_domain_free(copy);
	CHECK("domain: net/display copy formats the same",
	      a && b && !strcmp(a, b));
	again = format_of(a, VK_PARSE_INACTIVE, VK_FMT_INACTIVE |
			  VK_FMT_SECURE);
	CHECK("domain: generated instanceid is kept",
	      again && !strcmp(a, again));
	free(b);
	b = format_of(a, VK_PARSE_INACTIVE, VK_FMT_INACTIVE);
	CHECK("domain: spice passwd only with VK_FMT_SECURE",
	      has(a, "passwd='pw'") && b && !strstr(b, "passwd"));
	free(a);
	free(b);
	free(again);
	/* The later device is the one at fault. */
	CHECK("domain: interface boot order shared with a later disk",
	      has(reject(HEAD("qemu") "<devices><interface type='user'>"
			 "<boot order='1'/></interface><disk><source "
			 "file='/a'/><target dev='vda'/><boot order='1'/>"
			 "</disk></devices></domain>"),
		  "<disk>: boot order 1 is already used by another "
		  "device"));
}

/* storage devices: disk sources and addresses, filesystem, controller,
 * hostdev */
static void test_storage(void)
{
	const char *xml = HEAD("qemu") "<devices>"
		"<disk type='network'><source protocol='rbd' name='p/i'>"
		"<host name='a' port='1'/><host name='b'/></source>"
		"<target dev='vda'/><encryption format='qcow'><secret "
		"type='passphrase' uuid='0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9'"
		"/></encryption><address type='pci' bus='0' slot='0x1f' "
		"function='7'/></disk>"
		"<disk type='dir'><driver error_policy='enospace' io='native'/>"
		"<source dir='/d'/><target dev='hda'/><address type='drive' "
		"bus='1' unit='1'/><boot order='2'/></disk>"
		"<filesystem accessmode='squash'><source dir='/s'/>"
		"<target dir='t'/><readonly/></filesystem>"
		"<controller type='virtio-serial' index='3' ports='2' "
		"vectors='0'/><controller type='scsi' index='0' "
		"model='vmpvscsi'><address type='pci' bus='0' slot='9' "
		"function='0'/></controller>"
		"<hostdev mode='subsystem' type='usb'><source><address bus='1' "
		"device='127'/></source><boot order='1'/></hostdev>"
		"<hostdev mode='subsystem' type='pci' managed='yes'><source>"
		"<address domain='0xffff' bus='0xff' slot='0x1f' "
		"function='0x7'/></source></hostdev></devices></domain>";
	struct vk_domain_def *def = parse(xml, 0), *copy;
	char *a, *b;

	if (!def) {
		CHECK("storage: document parses", 0);
		return;
	}
	CHECK("storage: rbd hosts", def->disks[0].nhosts == 2 &&
	      def->disks[0].hosts[0].port == 1 && !def->disks[0].hosts[1].port);
	CHECK("storage: pci address", def->disks[0].addr.type ==
	      VK_ADDR_PCI && def->disks[0].addr.slot == 31 &&
	      def->disks[0].addr.function == 7);
	CHECK("storage: drive address", def->disks[1].addr.type ==
	      VK_ADDR_DRIVE && def->disks[1].addr.bus == 1 &&
	      def->disks[1].addr.unit == 1);
	CHECK("storage: boot orders", vk_dom_boot_order_used(def, 1) &&
	      vk_dom_boot_order_used(def, 2) &&
	      !vk_dom_boot_order_used(def, 3) &&
	      !vk_dom_boot_order_used(def, 0));
	CHECK("storage: hostdev source", def->hostdevs[1].src.domain ==
	      0xffff && def->hostdevs[1].managed &&
	      def->hostdevs[0].usb_device == 127 && !def->hostdevs[0].by_id);
	CHECK("storage: vectors 0 kept", def->controllers[0].vectors == 0 &&
	      def->controllers[1].ports == -1);
	a = vk_domain_format(def, 0);
	copy = vk_domain_copy(def);
	vk_domain_free(def);
	b = vk_domain_format(copy, 0);
	CHECK("storage: copy formats the same", a && b && !strcmp(a, b));
	CHECK("storage: canonical pci address",
	      has(a, "<address type='pci' domain='0x0000' bus='0x00' "
		  "slot='0x1f' function='0x7'/>"));
	vk_domain_free(copy);
	free(a);
	free(b);
	CHECK("storage: hostdev and disk share a boot order",
	      has(reject(HEAD("qemu") "<devices><hostdev mode='subsystem' "
			 "type='usb'><source><vendor id='1'/><product id='2'/>"
			 "</source><boot order='4'/></hostdev><disk><source "
			 "file='/a'/><target dev='vda'/><boot order='4'/></disk>"
			 "</devices></domain>"), "boot order 4 is already used"));
	CHECK("storage: address type none",
	      has(reject(HEAD("qemu") "<devices><disk><source file='/a'/>"
			 "<target dev='vda'/><address type='none'/></disk>"
			 "</devices></domain>"), "type 'none' does not fit"));
	CHECK("storage: pci domain range",
	      has(reject(HEAD("qemu") "<devices><filesystem><source dir='/a'/>"
			 "<target dir='t'/><address type='pci' "
			 "domain='0x10000' bus='0' slot='1' function='0'/>"
			 "</filesystem></devices></domain>"),
		  "out of range (at most 65535)"));
}

/* character devices, smartcards, leases */
static void test_chr_devices(void)
{
	const char *xml = HEAD("qemu") "<devices>"
		"<disk><source file='/img/a'/><target dev='vda'/></disk>"
		"<disk><source file='/img/ro'/><target dev='vdb'/><readonly/>"
		"</disk><disk><source file='/img/sh'/><target dev='vdc'/>"
		"<shareable/></disk>"
		"<channel type='pty'><source path='/dev/pts/9'/>"
		"<target type='virtio' name='n'/></channel>"
		"<channel type='udp'><source mode='bind' service='1'/>"
		"<source host='h' service='2'/><target type='guestfwd' "
		"address='10.0.2.1' port='3'/></channel>"
		"<smartcard mode='passthrough' type='tcp'><source mode='bind' "
		"service='4'/><protocol type='telnet'/></smartcard>"
		"<smartcard mode='host-certificates'><certificate>a"
		"</certificate><certificate>b</certificate><certificate>c"
		"</certificate><database>/db</database></smartcard>"
		"<lease><lockspace>s</lockspace><key>k</key><target "
		"path='/l' offset='7'/></lease></devices></domain>";
	struct vk_domain_def *def = parse(xml, 0), *copy;
	struct vk_argv locks = VK_ARGV_INIT;
	char *a, *b;

	if (!def) {
		CHECK("chr: document parses", 0);
		return;
	}
	CHECK("chr: udp ends", def->chrs[1].type == VK_CHR_UDP &&
	      !strcmp(def->chrs[1].bind_service, "1") &&
	      !strcmp(def->chrs[1].service, "2") && def->chrs[1].port == 3);
	CHECK("chr: smartcards", def->nsmartcards == 2 &&
	      def->smartcards[0].chr.bind &&
	      def->smartcards[0].chr.protocol == VK_TCP_TELNET &&
	      !strcmp(def->smartcards[1].certs[2], "c"));
	a = vk_domain_format(def, 0);
	copy = vk_domain_copy(def);
	b = vk_domain_format(copy, 0);
	CHECK("chr: copy formats the same", a && b && !strcmp(a, b));
	CHECK("chr: live pty channel path", has(a, "<source path='/dev/pts/9'/>"));
	free(b);
	b = vk_domain_format(copy, VK_FMT_INACTIVE);
	CHECK("chr: inactive has no pty path", b && !strstr(b, "/dev/pts/9"));
	vk_qemu_locks_list(def, &locks);
	CHECK("locks: lease, shared disk, writable disk; not readonly",
	      locks.n == 9 && !strcmp(locks.v[0], "lease 's/k'") &&
	      !strcmp(locks.v[1], "7") && !strcmp(locks.v[2], "/l") &&
	      !strcmp(locks.v[3], "shared disk image") &&
	      !strcmp(locks.v[5], "/img/sh") &&
	      !strcmp(locks.v[6], "disk image") &&
	      !strcmp(locks.v[8], "/img/a"));
	vk_argv_free(&locks);
	vk_domain_free(copy);
	vk_domain_free(def);
	free(a);
	free(b);
}

/* A lock one process holds is refused to another, with its pid. */
static void test_locks(void)
{
	char path[] = "/tmp/vk-unit-lock.XXXXXX";
	struct vk_argv spec = VK_ARGV_INIT;
	struct vk_held_locks held;
	char want[128];
	int fd = mkstemp(path), status = -1, p[2];
	pid_t child;

	if (fd < 0 || pipe(p) < 0) {
		CHECK("locks: temp file", 0);
		return;
	}
	close(fd);
	vk_argv_add(&spec, "lease 'k'");
	vk_argv_add(&spec, "4096");
	vk_argv_add(&spec, path);
	CHECK("locks: take", vk_qemu_locks_take(&spec, &held) == 0);
	snprintf(want, sizeof(want), "lease 'k' (%s offset 4096) is held by "
		 "process %d", path, (int)getpid());
	child = fork();
	if (child == 0) {
		struct vk_held_locks other;
		int rc = vk_qemu_locks_take(&spec, &other);

		dprintf(p[1], "%d %d %s", rc, vk_error_code(),
			vk_error_message());
		_exit(0);
	}
	close(p[1]);
	waitpid(child, &status, 0);
	{
		char got[256] = "";
		ssize_t n = read(p[0], got, sizeof(got) - 1);
		char expect[256];

		got[n > 0 ? n : 0] = '\0';
		snprintf(expect, sizeof(expect), "-1 %d %s", VK_EXIT_CONFLICT,
			 want);
		CHECK("locks: another process is refused", !strcmp(got, expect));
		if (strcmp(got, expect))
			printf("# got '%s'\n", got);
	}
	close(p[0]);
	vk_qemu_locks_release(&held);
	CHECK("locks: taken again once released",
	      vk_qemu_locks_take(&spec, &held) == 0);
	vk_qemu_locks_release(&held);
	vk_argv_free(&spec);
	unlink(path);
}

int main(void)
{
	test_uuid();
	test_mac();
	test_memory();
	test_clock();
	test_console();
	test_chr_ports();
	test_port_and_boot();
	test_device_cap();
	test_bus();
	test_strict();
	test_flags();
	test_copy();
	test_platform();	/* platform: sysinfo, tuning, cpu */
	test_devices_nd();	/* network, display and other devices */
	test_storage();		/* storage devices */
	test_chr_devices();	/* character devices, smartcards, leases */
	test_locks();
	return unit_failed;
}
