#!/bin/sh
# Acceptance test of the QEMU command line: every golden case of
# tests/data/argv that builds a command line is run with the real QEMU.
# The case's paths under /tmp/vk-argv-img are moved to a private
# directory, whose disk images (qemu-img, in the format the command line
# names), kernel (a minimal bzImage header QEMU's loader accepts) and
# initrd this test creates, and whose connect-mode socket peers it
# starts (listen-sock).  QEMU starts paused (-S); a case passes when QEMU
# accepted every option, both QMP monitors answer qmp_capabilities
# (qmp-ping), QEMU quits cleanly on "quit", and the console log (and
# each <log file> under the directory) exists when the command line
# asks for one.
# Skipped, with the reason: everything when /usr/bin/qemu-system-x86_64
# (the golden documents' <emulator>) is missing; SDL cases (need a
# display); KVM cases without a writable /dev/kvm; non-raw images without
# qemu-img; cases with host devices (usb-host, vfio-pci) or network disks
# (nbd, rbd servers); interfaces on a tap or macvtap (-netdev tap,fd=N:
# vm-start makes the device; tests/qemu-net.sh boots them); TPM
# emulators (-tpmdev emulator: the swtpm vm-start runs; tests/qemu-tpm.sh).
# Directories a case shares (vvfat file.dir=, 9p
# -fsdev path=) are created.
# Character devices and smartcards: a pipe chardev's path under the
# directory is made a FIFO; a smartcard's NSS database (db=) under it is
# created with certutil (libnss3-tools), with the three certificates the
# case names; a host smartcard (backend=nss-emulated) needs the host's
# /etc/pki/nssdb and is skipped without it.
. "$TOP/tests/lib.sh"

QEMU=/usr/bin/qemu-system-x86_64
DOMARGV=$BUILD/tools/domargv
PING=$BUILD/tools/qmp-ping
LISTEN=$BUILD/tools/listen-sock
OLD=/tmp/vk-argv-img
IMG=$T/img
NOW=1700000000

for t in "$DOMARGV" "$PING" "$LISTEN"; do
	if [ ! -x "$t" ]; then
		fail argv-qemu "$t is not built"
		exit 0
	fi
done
if [ ! -x "$QEMU" ]; then
	skip argv-qemu "$QEMU is missing (apt-get install qemu-system-x86)"
	exit 0
fi

# A file the x86 Linux loader takes: "HdrS", boot protocol 2.02,
# 4 setup sectors, loaded high.
fake_kernel() {
	truncate -s 65536 "$1" &&
	printf '\004' | dd of="$1" bs=1 seek=497 conv=notrunc 2> /dev/null &&
	printf 'HdrS\002\002' | dd of="$1" bs=1 seek=514 conv=notrunc 2> /dev/null &&
	printf '\001' | dd of="$1" bs=1 seek=529 conv=notrunc 2> /dev/null
}

# prepare ARGS-FILE: create the images, kernel and initrd it names and
# start the peers it connects to (their pids in $peers).  Returns 1, with
# the reason to skip in $why, when the case cannot run here.
prepare() {
	rm -rf "$IMG"
	mkdir -p "$IMG"
	tr ' ' '\n' < "$1" > "$T/words"
	sed -n -E 's/^file=(([^,]|,,)*),format=([a-z0-9]+).*/\3 \1/p' \
	    "$T/words" | sed 's/,,/,/g' > "$T/images"
	while read -r fmt path; do
		case $path in "$IMG"/*) ;; *) continue ;; esac
		if command -v qemu-img > /dev/null 2>&1; then
			qemu-img create -q -f "$fmt" "$path" 1M ||
				{ why="qemu-img create -f $fmt failed"; return 1; }
		elif [ "$fmt" = raw ]; then
			truncate -s 1M "$path"
		else
			why="qemu-img is missing (a $fmt image)"
			return 1
		fi
	done < "$T/images"
	# Directories shared with the guest (vvfat disks, 9p filesystems).
	sed -n -E 's/.*(file\.dir|^local,id=[^,]*,path)=(([^,]|,,)*).*/\2/p' \
	    "$T/words" | sed 's/,,/,/g' | while read -r d; do
		case $d in "$IMG"/*) mkdir -p "$d" ;; esac
	done
	k=$(sed -n '/^-kernel$/{n;p;}' "$T/words")
	[ -n "$k" ] && fake_kernel "$k"
	i=$(sed -n '/^-initrd$/{n;p;}' "$T/words")
	[ -n "$i" ] && truncate -s 4096 "$i"
	prepare_chr "$T/words" || return 1
	sed -n -E 's/.*,path=(([^,]|,,)*),server=off.*/unix \1/p
		s/.*,port=([0-9]+),server=off.*/tcp \1/p' "$T/words" |
	    sed 's/,,/,/g' > "$T/peers"
	while read -r kind addr; do
		"$LISTEN" "$kind" "$addr" > "$T/listen" 2>&1 &
		peers="$peers $!"
		w=0
		while ! grep -q ready "$T/listen" && [ $w -lt 50 ]; do
			sleep 0.1
			w=$((w + 1))
		done
	done < "$T/peers"
	return 0
}

# prepare_chr WORDS: FIFOs for pipe chardevs, NSS databases for
# smartcards (character devices, smartcards, leases).
prepare_chr() {
	for p in $(sed -n -E 's/^pipe,id=[^,]*,path=([^,]*).*/\1/p' "$1"); do
		case $p in "$IMG"/*) mkfifo "$p" ;; esac
	done
	if grep -q 'backend=nss-emulated' "$1" && [ ! -d /etc/pki/nssdb ]; then
		why="a host smartcard needs the host's NSS database /etc/pki/nssdb"
		return 1
	fi
	db=$(sed -n -E 's/^ccid-card-emulated,.*,db=([^,]*).*/\1/p' "$1")
	case $db in "$IMG"/*) ;; *) return 0 ;; esac
	if ! command -v certutil > /dev/null 2>&1; then
		why="certutil is missing (apt-get install libnss3-tools)"
		return 1
	fi
	mkdir -p "$db" && certutil -N -d "sql:$db" --empty-password &&
	    head -c 64 /dev/urandom > "$T/noise" || return 1
	for c in $(sed -n -E 's/^ccid-card-emulated,.*cert1=([^,]*),cert2=([^,]*),cert3=([^,]*).*/\1 \2 \3/p' "$1"); do
		certutil -S -d "sql:$db" -n "$c" -s "CN=$c" -x -t CT,CT,CT \
		    -z "$T/noise" > /dev/null 2>&1 ||
			{ why="certutil could not make certificate $c"; return 1; }
	done
}

stop_peers() {
	for p in $peers; do
		kill "$p" 2> /dev/null
		wait "$p" 2> /dev/null
	done
	peers=
}

# logs_exist: each <log file> under $IMG (logfile=) was made by QEMU;
# $log names the first missing one.
logs_exist() {
	for log in $(tr " " '\n' < "$T/args" | tr -d "'" | sed -n -E 's/.*,logfile=([^,]*).*/\1/p'); do
		case $log in "$IMG"/*) [ -e "$log" ] || return 1 ;; esac
	done
	return 0
}

# run NAME: start QEMU from $T/args, ping both monitors, quit.
run() {
	name=$1
	rm -rf "$T/qmp" "$T/console.log"
	mkdir -p "$T/qmp"
	eval "set -- $(cat "$T/args")"
	"$@" < /dev/null > "$T/qemu.out" 2> "$T/qemu.err" &
	qpid=$!
	if "$PING" --no-quit --pid $qpid "$T/qmp/qmp1.sock" 20 2> "$T/ping" &&
	    "$PING" --pid $qpid "$T/qmp/qmp0.sock" 20 2> "$T/ping"; then
		ok=1
	else
		ok=0
	fi
	n=0
	while kill -0 $qpid 2> /dev/null && [ $n -lt 100 ] &&
	    ! grep -q ' Z' "/proc/$qpid/stat" 2> /dev/null; do
		sleep 0.1
		n=$((n + 1))
	done
	kill $qpid 2> /dev/null
	wait $qpid
	rc=$?
	if [ $ok = 0 ]; then
		fail "qemu:$name" "QMP: $(cat "$T/ping"); QEMU exit $rc: $(head -c 300 "$T/qemu.err")"
	elif [ $rc -ne 0 ]; then
		fail "qemu:$name" "QEMU exit $rc after quit: $(head -c 300 "$T/qemu.err")"
	elif grep -q "logfile=$T/console.log" "$T/args" &&
	    [ ! -e "$T/console.log" ]; then
		fail "qemu:$name" "no console log"
	elif ! logs_exist; then
		fail "qemu:$name" "no <log> file $log"
	else
		pass "qemu:$name"
	fi
}

peers=
# tests/domain-qemu.sh runs the same over another directory of tests/data
# (QEMU_CASES) with its own case_wanted NAME.
if ! command -v case_wanted > /dev/null 2>&1; then
	case_wanted() { [ -f "$1.args" ]; }
fi
cd "$DATA/${QEMU_CASES:-argv}" || exit 1
for f in *.xml; do
	n=${f%.xml}
	case_wanted "$n" || continue
	sed "s#$OLD#$IMG#g" "$f" > "$T/case.xml"
	if ! "$DOMARGV" --now "$NOW" --qmp-dir "$T/qmp" \
	    --log "$T/console.log" "$T/case.xml" > "$T/args" 2> "$T/err"; then
		fail "qemu:$n" "domargv: $(head -c 300 "$T/err")"
		continue
	fi
	if grep -q -- '-display sdl' "$T/args"; then
		skip "qemu:$n" "SDL needs a display"
		continue
	fi
	# -mem-path makes QEMU create a file when the path is no
	# directory: run only on a real hugetlbfs mount with free pages.
	huge=$(tr ' ' '\n' < "$T/args" | sed -n '/^-mem-path$/{n;p;}')
	if [ -n "$huge" ] && ! { awk -v d="$huge" '$2 == d && $3 == "hugetlbfs"' \
	    /proc/mounts | grep -q . && ! grep -q '^HugePages_Free: *0$' \
	    /proc/meminfo; }; then
		skip "qemu:$n" "$huge is not a hugetlbfs mount with free huge pages"
		continue
	fi
	if grep -q -- '-accel kvm' "$T/args" && [ ! -w /dev/kvm ]; then
		skip "qemu:$n" "KVM needs a writable /dev/kvm"
		continue
	fi
	# Host devices and disk servers are not part of this test.
	if grep -q -E -- '-device (usb-host|vfio-pci),' "$T/args"; then
		skip "qemu:$n" "needs a host device (usb-host, vfio-pci)"
		continue
	fi
	if grep -q -E 'file\.driver=(nbd|rbd),' "$T/args"; then
		skip "qemu:$n" "needs a network disk server (nbd, rbd)"
		continue
	fi
	# Taps and macvtaps are made by vm-start, which hands QEMU their
	# descriptors: tests/qemu-net.sh boots guests on them.
	if grep -q -- '-netdev tap,fd=' "$T/args"; then
		skip "qemu:$n" "needs a tap descriptor from vm-start (tests/qemu-net.sh runs these interface types)"
		continue
	fi
	# A TPM emulator is a swtpm that vm-start runs before QEMU:
	# tests/qemu-tpm.sh boots guests on it.
	if grep -q -- '-tpmdev emulator,' "$T/args"; then
		skip "qemu:$n" "needs the swtpm vm-start runs (tests/qemu-tpm.sh runs TPM guests)"
		continue
	fi
	if ! prepare "$T/args"; then
		stop_peers
		skip "qemu:$n" "$why"
		continue
	fi
	run "$n"
	stop_peers
done
