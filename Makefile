# virtkit: one build for the library, the commands, the tests and the docs.
#   make            every executable, in $(BUILD)/bin and $(BUILD)/libexec
#   make check      the whole test suite (installs missing packages first)
#   make check-asan the same suite built with AddressSanitizer and UBSan
#   make install    PREFIX (default /usr/local) and DESTDIR
#   make deps       the Debian packages the build, tests and runtime need

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBEXECDIR ?= $(PREFIX)/libexec/virtkit
DATADIR ?= $(PREFIX)/share/virtkit
MANDIR ?= $(PREFIX)/share/man
COMPDIR ?= $(PREFIX)/share/bash-completion/completions
UNITDIR ?= $(PREFIX)/lib/systemd/system
DESTDIR ?=

BUILD ?= build
CC ?= cc
PKGS = libxml-2.0 libxslt popt libudev json-c libcap-ng
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)

WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
       -Werror
CFLAGS ?= -O2 -g
SANITIZE ?=
ALL_CFLAGS = -std=gnu11 $(WARN) $(CFLAGS) $(SANITIZE) -D_GNU_SOURCE \
	     -ffunction-sections -fdata-sections \
	     -DVK_VERSION='"$(VERSION)"' -DVK_LIBEXECDIR='"$(LIBEXECDIR)"' \
	     -Icommon $(PKG_CFLAGS) -MMD -MP
LDLIBS = $(XML_LIBS) $(OTHER_LIBS)
OTHER_LIBS := $(shell pkg-config --libs popt libudev json-c libcap-ng 2>/dev/null)

# libxml2 is linked statically where the system has libxml2.a and the
# only things it needs beyond zlib, liblzma and libm are ICU's seven
# converter functions, which tools/xml2-static.c stands in for; it also
# keeps compiled schema patterns (ld --wrap).  It says why: about 4 ms
# off the start of every command, 14% off a vm-define.  Elsewhere, and
# for the commands that use libxslt (which needs the shared libxml2),
# the shared library as before.
XML2_A := $(wildcard $(shell pkg-config --variable=libdir libxml-2.0 2>/dev/null)/libxml2.a)
XML2_ICU := $(if $(XML2_A),$(sort $(shell nm -u $(XML2_A) 2>/dev/null | \
	awk '$$1 == "U" && $$2 ~ /_[0-9]+$$/ { print $$2 }')))
ICU_SUFFIX := $(patsubst ucnv_open%,%,$(filter ucnv_open_%,$(XML2_ICU)))
ICU_KNOWN := $(foreach f,ucnv_open ucnv_close ucnv_convertEx \
	ucnv_setFromUCallBack ucnv_setToUCallBack UCNV_FROM_U_CALLBACK_STOP \
	UCNV_TO_U_CALLBACK_STOP,$(f)$(ICU_SUFFIX))
XML2_STATIC := $(if $(XML2_A),$(if $(filter-out $(ICU_KNOWN),$(XML2_ICU)),,yes))
XML2_OBJ := $(if $(XML2_STATIC),$(BUILD)/obj/tools/xml2-static.o)
XML_WRAP := -Wl,--wrap=xmlRegexpCompile -Wl,--wrap=xmlRegFreeRegexp
XML_LIBS := $(if $(XML2_STATIC),$(XML2_OBJ) $(XML_WRAP) $(XML2_A) -lz -llzma -lm,\
	$(shell pkg-config --libs libxml-2.0 2>/dev/null))
XSLT_LIBS := $(shell pkg-config --libs libxslt libxml-2.0 2>/dev/null) $(OTHER_LIBS)
XSLT_CMDS := $(patsubst cmd/%.c,%,$(shell grep -l 'conf/xslt\.h' cmd/*.c))
VERSION = 0.1.0
# V=1 shows the whole command lines.
ifeq ($(V),1)
Q =
say = @true
else
Q = @
say = @printf '  %-6s %s\n'
endif

LIB_SRC := $(sort $(wildcard common/*/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/schemas.o
CMD_SRC := $(sort $(wildcard cmd/*.c))
CMDS := $(CMD_SRC:cmd/%.c=%)
BINS := $(CMDS:%=$(BUILD)/bin/%)
TEST_SRC := $(sort $(wildcard tests/unit/*.c))
TESTS := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
LIBEXEC_SRC := $(sort $(wildcard libexec/*.c))
LIBEXECS := $(LIBEXEC_SRC:libexec/%.c=$(BUILD)/libexec/%)
BENCH_SRC := $(sort $(wildcard bench/*.c))
BENCH := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)
TOOL_SRC := $(sort $(wildcard tests/tools/*.c))
TOOLS := $(TOOL_SRC:tests/tools/%.c=$(BUILD)/tools/%)
FUZZ_NAMES := $(filter-out fuzz replay,$(patsubst fuzz/%.c,%,$(sort $(wildcard fuzz/*.c))))
FUZZ_REPLAY := $(FUZZ_NAMES:%=$(BUILD)/fuzz/replay-%)
SCHEMAS := $(sort $(wildcard schemas/*.rng))
LIB := $(BUILD)/libvirtkit.a

all: $(BINS) $(LIBEXECS) $(TESTS) $(TOOLS) $(BENCH) $(FUZZ_REPLAY)

$(BUILD)/obj/%.o: %.c Makefile
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The schemas are compiled into the library so that a command never
# depends on finding them at run time.
$(BUILD)/gen/schemas.c: $(SCHEMAS) tools/embed-schemas.sh
	@mkdir -p $(dir $@)
	$(say) GEN $@
	$(Q)sh tools/embed-schemas.sh $(SCHEMAS) > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/tools/xml2-static.o: tools/xml2-static.c Makefile
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(ALL_CFLAGS) $(if $(ICU_SUFFIX),-DVK_ICU_SUFFIX=$(ICU_SUFFIX)) -c -o $@ $<

$(BUILD)/obj/gen/schemas.o: $(BUILD)/gen/schemas.c
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	$(say) AR $@
	$(Q)rm -f $@
	$(Q)ar rcs $@ $^

$(BUILD)/bin/%: $(BUILD)/obj/cmd/%.o $(LIB) $(XML2_OBJ)
	@mkdir -p $(dir $@)
	$(say) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(LDLIBS)

$(XSLT_CMDS:%=$(BUILD)/bin/%): LDLIBS = $(XSLT_LIBS)

# The supervisor stays resident beside every guest: static, and with
# only what it uses (no libxml2), it costs well under 1 MiB.  Sanitizer
# builds link it dynamically, as the sanitizers need.
SUP_LDFLAGS = $(if $(SANITIZE),,-static) -Wl,--gc-sections
SUP_LIBS = $(shell pkg-config --libs json-c libcap-ng 2>/dev/null)

$(BUILD)/libexec/%: $(BUILD)/obj/libexec/%.o $(LIB)
	@mkdir -p $(dir $@)
	$(say) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) $(SUP_LDFLAGS) -o $@ $< $(LIB) $(SUP_LIBS)

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(LIB) $(XML2_OBJ)
	@mkdir -p $(dir $@)
	$(say) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(LDLIBS)

$(BUILD)/bench/%: $(BUILD)/obj/bench/%.o $(LIB) $(XML2_OBJ)
	@mkdir -p $(dir $@)
	$(say) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(LDLIBS)

$(BUILD)/tools/%: $(BUILD)/obj/tests/tools/%.o $(LIB) $(XML2_OBJ)
	@mkdir -p $(dir $@)
	$(say) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(LDLIBS)

# Fuzz targets (fuzz/README): each with the replay driver here, for make
# check; with libFuzzer (clang) in build-fuzz/ for make fuzz.
FUZZ_OBJ = $(BUILD)/obj/fuzz/fuzz.o

$(BUILD)/fuzz/replay-%: $(BUILD)/obj/fuzz/%.o $(FUZZ_OBJ) \
		$(BUILD)/obj/fuzz/replay.o $(LIB) $(XML2_OBJ)
	@mkdir -p $(dir $@)
	$(say) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(FUZZ_OBJ) $(BUILD)/obj/fuzz/replay.o \
	  $(LIB) $(LDLIBS)

$(BUILD)/fuzz/fuzz-%: $(BUILD)/obj/fuzz/%.o $(FUZZ_OBJ) $(LIB) $(XML2_OBJ)
	@mkdir -p $(dir $@)
	$(say) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJ) \
	  $(LIB) $(LDLIBS)

fuzz-bins: $(FUZZ_NAMES:%=$(BUILD)/fuzz/fuzz-%)

FUZZ_TIME ?= 60
FUZZ_TARGETS ?=
fuzz:
	@command -v clang > /dev/null || { [ "$$(id -u)" = 0 ] && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang; } || \
	  { echo "make fuzz: needs clang (apt-get install clang)" >&2; exit 1; }
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang \
	  SANITIZE="-fsanitize=fuzzer-no-link,address,undefined" \
	  CFLAGS="-O1 -g" fuzz-bins
	@BUILD=build-fuzz FUZZ_TIME=$(FUZZ_TIME) FUZZ_TARGETS="$(FUZZ_TARGETS)" \
	  sh fuzz/run.sh

# Packages: build, tests, runtime.
DEB_PKGS = gcc make pkg-config libxml2-dev libxslt1-dev libpopt-dev \
	   libudev-dev libjson-c-dev libcap-ng-dev libxml2-utils \
	   bash-completion man-db groff-base qemu-system-x86 qemu-utils cpio \
	   procps python3 util-linux passwd
# virtual networks: bridges and addresses (ip), dnsmasq, nft; busybox's
# udhcpc and nslookup are the DHCP and DNS clients of tests/net-live.sh,
# which also tries the iptables fallback
DEB_PKGS += iproute2 dnsmasq-base nftables busybox-static iptables
# dhclient -6: the DHCPv6 client of tests/net-v6.sh (busybox has none)
DEB_PKGS += isc-dhcp-client
# storage: xz unpacks the kernel module storage-boot adds to the guest kit;
# mtools and syslinux (with mkfs.fat) make the FAT image storage-boot boots
DEB_PKGS += xz-utils mtools syslinux syslinux-common
# storage backends (mkfs, parted, LVM, open-iscsi, the NFS client,
# btrfs for <features><cow>) and the storage test guest (debootstrap;
# strip for its payload)
DEB_PKGS += e2fsprogs xfsprogs dosfstools parted lvm2 open-iscsi btrfs-progs \
	    nfs-common debootstrap binutils
# smartcard NSS databases in argv-qemu (character devices, smartcards)
DEB_PKGS += libnss3-tools
# UEFI firmware (OVMF and its QEMU descriptors) for firmware='efi'
DEB_PKGS += ovmf
# libvirt's own RelaxNG schemas (/usr/share/libvirt/schemas), which the
# domain tests check virtkit's output against (libvirt-schema,
# virtinst); libvirt0 alone, no daemon.  Regenerating the virt-install
# corpus (tests/data/virtinst/generate.sh) also needs virtinst, left out
# here because deps installs recommends (virt-viewer and its GTK stack).
DEB_PKGS += libvirt0
# emulated TPMs: swtpm runs beside QEMU, swtpm_setup makes its state
# (tests/qemu-tpm.sh)
DEB_PKGS += swtpm swtpm-tools

deps:
	@if [ "$$(id -u)" != 0 ]; then \
	  echo "make deps: run as root: apt-get update && apt-get install -y $(DEB_PKGS)" >&2; \
	  exit 1; fi
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEB_PKGS)

# Missing anything? Then make deps first, so that "make check" alone
# works on a fresh machine.
deps-ok:
	@missing=""; \
	for p in $(PKGS); do pkg-config --exists $$p 2>/dev/null || missing="$$missing $$p"; done; \
	for f in /usr/share/libvirt/schemas/domain.rng; do [ -f $$f ] || missing="$$missing $$f"; done; \
	for t in xmllint gcc qemu-system-x86_64 qemu-img cpio groff pgrep \
	    python3 runuser useradd flock timeout certutil; do command -v $$t >/dev/null || missing="$$missing $$t"; done; \
	for t in ip dnsmasq nft busybox parted mkfs.xfs mkfs.vfat mkfs.btrfs pvcreate \
	    iscsiadm mount.nfs debootstrap mcopy syslinux swtpm swtpm_setup; do command -v $$t >/dev/null || \
	    [ -x /usr/sbin/$$t ] || [ -x /sbin/$$t ] || missing="$$missing $$t"; done; \
	if [ -n "$$missing" ]; then echo "missing:$$missing; running make deps"; \
	  $(MAKE) --no-print-directory deps; fi

check: deps-ok
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) sh tests/run.sh

ASAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer \
	     -fno-sanitize-recover=undefined

# The suite's own make calls (tests/install.sh) get the same flags.
check-asan: deps-ok
	@$(MAKE) --no-print-directory BUILD=build-asan \
	  SANITIZE="$(ASAN_FLAGS)" CFLAGS="-O1 -g" all
	@BUILD=build-asan SANITIZE="$(ASAN_FLAGS)" CFLAGS="-O1 -g" \
	  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1 sh tests/run.sh

demo: deps-ok
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) sh tools/demo.sh

install: $(BINS) $(LIBEXECS)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBEXECDIR) \
	  $(DESTDIR)$(DATADIR)/schemas $(DESTDIR)$(MANDIR)/man1 \
	  $(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(COMPDIR) $(DESTDIR)$(UNITDIR) \
	  $(DESTDIR)$(DATADIR)/networks
	install -m 755 $(BINS) $(DESTDIR)$(BINDIR)
	install -m 755 $(LIBEXECS) $(DESTDIR)$(LIBEXECDIR)
	for u in contrib/*.service; do \
	  sed 's|/usr/local/bin|$(BINDIR)|g' $$u > $(DESTDIR)$(UNITDIR)/$$(basename $$u); \
	  chmod 644 $(DESTDIR)$(UNITDIR)/$$(basename $$u); done
	install -m 644 $(SCHEMAS) $(DESTDIR)$(DATADIR)/schemas
	install -m 644 contrib/networks/*.xml $(DESTDIR)$(DATADIR)/networks
	install -m 644 $(wildcard man/*.1) $(DESTDIR)$(MANDIR)/man1
	install -m 644 $(wildcard man/*.7) $(DESTDIR)$(MANDIR)/man7
	install -m 644 completion/virtkit $(DESTDIR)$(COMPDIR)/virtkit
	for c in $(CMDS); do ln -sf virtkit $(DESTDIR)$(COMPDIR)/$$c; done

clean:
	rm -rf $(BUILD) build build-asan build-fuzz

.PHONY: all check check-asan demo install deps deps-ok clean fuzz fuzz-bins
.SECONDARY:

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
