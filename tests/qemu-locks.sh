#!/bin/sh
# Leases, disk image locks and character devices with real guests (the
# guest kit, TCG):
#   - two domains with one writable disk image: the second start fails
#     (exit 5, the image and the first domain named), leaves nothing
#     behind, and the first keeps running; once the first is destroyed
#     the second starts; a guest whose QEMU or supervisor is killed lets
#     the image go;
#   - the same through a symbolic or hard link, and for a block device; an open file description
#     lock (vol-upload) names no process;
#   - rename-restart: the crashed instance lets go of its image, the new
#     one runs on it and holds its lock;
#   - readonly and shareable images may be shared, a shareable image
#     not with a domain that has it as an exclusive disk (either way);
#   - a lease another process holds (python3 fcntl.lockf) blocks the
#     start (exit 5, the lease and the holder's pid named); the running
#     domain holds its lease, and a second domain is refused it (the
#     holder domain named); a missing lease file is an error;
#   - a virtio channel on a unix socket and a serial port on tcp carry
#     data both ways between the guest and the host, and a pty channel's
#     path shows in the live XML; a stdio serial port writes into the
#     domain's log; a passthrough smartcard's pty path shows in the
#     live XML too.
# Skipped with the reason when QEMU, the kit or python3 is missing.
. "$TOP/tests/lib.sh"
. "$TOP/tests/qemu/common.sh"

root_or_skip qemu-locks || exit 0
kit_or_skip qemu-locks || exit 0
if ! command -v python3 > /dev/null 2>&1; then
	skip qemu-locks "python3 is missing (the lock holder and the socket peers are python)"
	exit 0
fi
R=$(rundir)

# disk XML: a virtio disk on the image $1 with the extra elements $2.
disk() {
	echo "<disk type='file' device='disk'><source file='$1'/><target dev='vda' bus='virtio'/>${2:-}</disk>"
}
# mkdev NAME DEVICES: the kit's domain NAME with DEVICES added.
mkdev() { mkdom "$1" "" "s|<devices>|<devices>$2|"; }
define() { vm-define "$T/$1.xml" > "$T/out" 2> "$T/err" || fail "define-$1" "$(cat "$T/err")"; }
sup_pid() { rec_attr "$1" sup; }
# lock_holder FILE: the pid F_GETLK names for FILE's image lock byte.
lock_holder() {
	python3 - "$1" <<'EOF'
import fcntl, struct, sys
fd = open(sys.argv[1], "r+")
lk = struct.pack("hhqqi", fcntl.F_WRLCK, 0, 1 << 62, 1, 0)
print(struct.unpack("hhqqi", fcntl.fcntl(fd, fcntl.F_GETLK, lk))[4])
EOF
}
IMG=$T/shared.img
truncate -s 1M "$IMG"
RO=$T/readonly.img
truncate -s 1M "$RO"
SH=$T/shareable.img
truncate -s 1M "$SH"
LEASE=$T/lease
: > "$LEASE"	# empty: the lease (offset 1024) lies past its end

mkdev lk-a "$(disk "$IMG")"
mkdev lk-b "$(disk "$IMG")"
# The same image by other names: a symbolic link and a hard link.
ln -s "$IMG" "$T/sym.img"
ln "$IMG" "$T/hard.img"
mkdev lk-sym "$(disk "$T/sym.img")"
mkdev lk-hard "$(disk "$T/hard.img")"
mkdev lk-ro1 "$(disk "$RO" '<readonly/>')"
mkdev lk-ro2 "$(disk "$RO" '<readonly/>')"
mkdev lk-sh1 "$(disk "$SH" '<shareable/>')"
mkdev lk-sh2 "$(disk "$SH" '<shareable/>')"
# An exclusive disk on a shared image, a shared one on an exclusive one.
mkdev lk-shx "$(disk "$SH")"
mkdev lk-ash "$(disk "$IMG" '<shareable/>')"
mkdev lk-lease "<lease><lockspace>space</lockspace><key>key1</key><target path='$LEASE' offset='1024'/></lease>"
# The same lease byte under another key, through a symbolic link.
ln -s "$LEASE" "$T/lease-link"
mkdev lk-lease2 "<lease><key>other</key><target path='$T/lease-link' offset='1024'/></lease>"
mkdev lk-nolease "<lease><key>gone</key><target path='$T/no-such-lease'/></lease>"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdev lk-chan "<channel type='unix'><source mode='bind' path='$T/chan.sock'/><target type='virtio' name='org.virtkit.test'/></channel><channel type='pty'><target type='virtio' name='org.virtkit.pty'/></channel><serial type='tcp'><source mode='bind' host='127.0.0.1' service='$PORT'/><protocol type='raw'/><target port='1'/></serial><serial type='stdio'><target port='2'/></serial>"
mkdev lk-sc "<smartcard mode='passthrough' type='pty'/>"
for n in lk-sc lk-a lk-b lk-sym lk-hard lk-ro1 lk-ro2 lk-sh1 lk-sh2 lk-shx lk-ash lk-lease lk-lease2 lk-nolease lk-chan; do
	define "$n"
done

# ---- disk images --------------------------------------------------------
# An open file description lock (what vol-upload holds) names no pid:
# the error says "another process" (it said "process -1").
python3 - "$IMG" > "$T/holder" <<'EOF' &
import fcntl, struct, sys, time
fd = open(sys.argv[1], "r+")
fcntl.fcntl(fd, getattr(fcntl, "F_OFD_SETLK", 37),
            struct.pack("hhqqi", fcntl.F_WRLCK, 0, 1 << 62, 1, 0))
print("locked", flush=True)
time.sleep(300)
EOF
holder=$!
wait_until 20 "grep -q locked '$T/holder'" || fail ofd-holder "python3 did not lock $IMG"
expect_err ofd-lock-refused 5 "vm-start: error: disk image '$IMG' is in use: locked by another process" \
	vm-start lk-a
check ofd-lock-left-nothing 'dom_gone lk-a' "state '$(dom_state lk-a)'"
kill "$holder"
wait "$holder" 2> /dev/null

expect start-first 0 vm-start lk-a
pa=$(sup_pid lk-a)
vm-start lk-b > "$T/out" 2> "$T/err"
rc=$?
check second-start-refused "[ $rc -eq 5 ] && [ \"\$(cat '$T/err')\" = \"vm-start: error: disk image '$IMG' is in use by domain 'lk-a' (process $pa)\" ]" \
	"exit $rc, stderr '$(cat "$T/err")', supervisor of lk-a: $pa"
check second-left-nothing 'dom_gone lk-b && [ "$(dom_state lk-b)" = "shut off" ]' \
	"state '$(dom_state lk-b)', record $(ls "$(record lk-b)" 2>&1), QEMU '$(qemu_pids lk-b)'"
# The lock is on the file, whatever its name.
for n in sym hard; do
	expect_err "$n-link-refused" 5 "vm-start: error: disk image '$T/$n.img' is in use by domain 'lk-a' (process $pa)" \
		vm-start "lk-$n"
done
expect_err exclusive-then-shared-refused 5 "vm-start: error: disk image '$IMG' is in use by domain 'lk-a' (process $pa)" \
	vm-start lk-ash
check first-keeps-running '[ "$(dom_state lk-a)" = running ] && [ -n "$(qemu_pids lk-a)" ]' \
	"lk-a: state '$(dom_state lk-a)'"

# The lock is a POSIX record lock far into the image, held by lk-a's
# supervisor; QEMU's own locks stay where QEMU puts them.
held=$(lock_holder "$IMG")
check image-lock-holder '[ "$held" = "$pa" ]' "F_GETLK at 2^62 says pid '$held', supervisor $pa"

for n in lk-ro1 lk-ro2; do expect "start-$n" 0 vm-start "$n"; done
for n in lk-sh1 lk-sh2; do expect "start-$n" 0 vm-start "$n"; done
check shared-images-run '[ "$(dom_state lk-ro2)" = running ] && [ "$(dom_state lk-sh2)" = running ]' \
	"lk-ro2 '$(dom_state lk-ro2)', lk-sh2 '$(dom_state lk-sh2)'"
vm-start lk-shx > "$T/out" 2> "$T/err"
rc=$?
check shared-then-exclusive-refused "[ $rc -eq 5 ] && grep -q \"^vm-start: error: disk image '$SH' is in use by domain 'lk-sh[12]' (process [0-9]*)\$\" '$T/err'" \
	"exit $rc, stderr '$(cat "$T/err")'"
for n in lk-ro1 lk-ro2 lk-sh1 lk-sh2; do vm-destroy "$n" > /dev/null 2>&1; done

expect destroy-first 0 vm-destroy lk-a
expect start-second-after 0 vm-start lk-b
# A guest that dies (its QEMU killed) lets the image go.
for p in $(qemu_pids lk-b); do kill -9 "$p"; done
wait_state lk-b "shut off" 30 || fail crash-stops "lk-b: state '$(dom_state lk-b)'"
expect start-after-crash 0 vm-start lk-a
# A supervisor killed outright: the kernel drops its locks (and QEMU
# dies with it).
kill -9 "$(sup_pid lk-a)"
wait_until 30 '[ -z "$(qemu_pids lk-a)" ]' || fail sup-killed "QEMU of lk-a still runs: $(qemu_pids lk-a)"
expect start-after-sup-killed 0 vm-start lk-b
vm-destroy lk-b > /dev/null 2>&1

# A block device is locked as a file is (a loop device here).
truncate -s 1M "$T/blk.img"
if LOOP=$(losetup -f --show "$T/blk.img" 2> /dev/null); then
	for n in lk-blk1 lk-blk2; do
		mkdev "$n" "<disk type='block' device='disk'><source dev='$LOOP'/><target dev='vda' bus='virtio'/></disk>"
		define "$n"
	done
	expect start-blk1 0 vm-start lk-blk1
	expect_err blk-second-refused 5 "vm-start: error: disk image '$LOOP' is in use by domain 'lk-blk1' (process $(sup_pid lk-blk1))" \
		vm-start lk-blk2
	vm-destroy lk-blk1 > /dev/null 2>&1
	expect start-blk2-after 0 vm-start lk-blk2
	vm-destroy lk-blk2 > /dev/null 2>&1
	losetup -d "$LOOP"
else
	skip blk-lock "no loop device (losetup -f failed)"
fi

# on_crash rename-restart: the crashed instance (kept, paused) lets go of
# its image, and the new instance runs on it holding the lock (it used
# to hand the lock over while the crashed QEMU kept the image open: the
# new one could not start).
RR=$T/rr.img
truncate -s 1M "$RR"
mkdom lk-rr "<on_crash>rename-restart</on_crash>" "s|<devices>|<devices>$(disk "$RR")|"
define lk-rr
expect start-rr 0 vm-start lk-rr
old=$(dom_id lk-rr)
if wait_boot lk-rr 1 180; then pass rr-boot; else
	fail rr-boot "no prompt; log: $(tail -n 3 "$(logdir)/lk-rr.log" | tr '\n' '|' | head -c 300)"; fi
send lk-rr vk-crash &
wait_state "lk-rr-crashed-$old" crashed 60 || fail rr-kept "no crashed lk-rr-crashed-$old: $(vm-list --all --name | tr '\n' ' ')"
if wait_boot lk-rr 2 180; then pass rr-restarted; else
	fail rr-restarted "state '$(dom_state lk-rr)'; log: $(tail -n 4 "$(logdir)/lk-rr.log" | tr '\n' '|' | head -c 400)"; fi
cq=$(rec_attr "lk-rr-crashed-$old" pid)
held=$(lock_holder "$RR")
check rr-lock-moved '[ -n "$cq" ] && [ "$held" = "$(sup_pid lk-rr)" ] && ! ls -l /proc/$cq/fd | grep -q "$RR"' \
	"lock holder '$held', new supervisor '$(sup_pid lk-rr)', crashed QEMU $cq has: $(ls -l /proc/$cq/fd 2>&1 | grep rr.img)"
vm-destroy "lk-rr-crashed-$old" > /dev/null 2>&1
vm-destroy lk-rr > /dev/null 2>&1

# ---- leases ---------------------------------------------------------------
python3 - "$LEASE" > "$T/holder" <<'EOF' &
import fcntl, sys, time
f = open(sys.argv[1], "r+")
fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 1024)
print("locked", flush=True)
time.sleep(300)
EOF
holder=$!
wait_until 20 "grep -q locked '$T/holder'" || fail lease-holder "python3 did not lock $LEASE"
expect_err lease-held 5 "vm-start: error: lease 'space/key1' ($LEASE offset 1024) is held by process $holder" \
	vm-start lk-lease
check lease-left-nothing 'dom_gone lk-lease' "state '$(dom_state lk-lease)'"
kill "$holder"
wait "$holder" 2> /dev/null
expect lease-free 0 vm-start lk-lease
python3 - "$LEASE" > "$T/out" 2>&1 <<'EOF'
import fcntl, sys
f = open(sys.argv[1], "r+")
try:
    fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 1024)
    print("got it")
except OSError:
    print("refused")
EOF
check lease-held-by-domain 'grep -q refused "$T/out"' "another process could take the lease: $(cat "$T/out")"
expect_err lease-held-by-other-domain 5 "vm-start: error: lease 'other' ($T/lease-link offset 1024) is held by process $(sup_pid lk-lease) (domain 'lk-lease')" \
	vm-start lk-lease2
check lease-other-left-nothing 'dom_gone lk-lease2' "state '$(dom_state lk-lease2)'"
vm-destroy lk-lease > /dev/null 2>&1
expect_err lease-missing-file 1 "vm-start: error: lease 'gone': cannot open $T/no-such-lease: No such file or directory" \
	vm-start lk-nolease
check lease-missing-left-nothing 'dom_gone lk-nolease' "state '$(dom_state lk-nolease)'"

# ---- character devices ----------------------------------------------------
expect start-chan 0 vm-start lk-chan
if wait_boot lk-chan 1 180; then pass chan-boot; else
	fail chan-boot "no prompt; log: $(tail -n 3 "$(logdir)/lk-chan.log" | tr '\n' '|' | head -c 300)"; fi
expect chan-dumpxml 0 vm-dumpxml lk-chan
check chan-pty-live 'tr -d "\n" < "$T/out" | grep -q "<channel type=.pty.> *<source path=./dev/pts/[0-9]*./> *<target type=.virtio. name=.org.virtkit.pty./>"' \
	"live XML: $(grep -A2 "<channel type='pty'" "$T/out" | tr '\n' ' ')"

# The virtio port: the host says from-host, the guest answers to-host.
chan_exchange lk-chan "$T/chan.sock" org.virtkit.test

# The tcp serial port: the host connects, then the guest writes a line
# and reads the host's answer (on one open descriptor: a closed port
# drops what arrives).
python3 - "$PORT" > "$T/tcp.out" 2>&1 <<'EOF' &
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), 30)
s.settimeout(90)
print("connected", flush=True)
buf = b""
while b"tcp-out" not in buf:
    d = s.recv(100)
    if not d:
        break
    buf += d
s.sendall(b"tcp-in\n")
time.sleep(2)
print(buf.decode(errors="replace").strip())
EOF
peer=$!
# What the guest writes before the host is connected is dropped (a tcp
# server with wait=off): wait for the peer, however slow python starts.
wait_until 30 "grep -q connected '$T/tcp.out'" ||
	fail tcp-connect "$(cat "$T/tcp.out")"
send lk-chan 'exec 3<> /dev/ttyS1; stty -F /dev/ttyS1 raw -echo; echo tcp-out >&3; read t <&3; echo "got-$t"; exec 3>&-'
wait "$peer"
check tcp-host-reads 'grep -q "tcp-out" "$T/tcp.out"' "host read: $(cat "$T/tcp.out")"
check tcp-guest-reads 'tr -d "\r" < "$T/console.lk-chan" | grep -q "^got-tcp-in"' \
	"console: $(tr -d '\r' < "$T/console.lk-chan" | tail -n 3 | tr '\n' '|')"
# A stdio serial port writes into the domain's log.
send lk-chan 'stty -F /dev/ttyS2 raw -echo; echo "stdio-$((6*7))" > /dev/ttyS2'
wait_until 10 "grep -q stdio-42 '$(logdir)/lk-chan.log'" && pass stdio-to-log ||
	fail stdio-to-log "log: $(tail -n 3 "$(logdir)/lk-chan.log" | tr '\n' '|' | head -c 300)"
vm-destroy lk-chan > /dev/null 2>&1

# A passthrough smartcard on a pty shows its path in the live XML.
expect start-sc 0 vm-start lk-sc
expect sc-dumpxml 0 vm-dumpxml lk-sc
check sc-pty-live 'tr -d "\n" < "$T/out" | grep -q "<smartcard mode=.passthrough. type=.pty.> *<source path=./dev/pts/[0-9]*./>"' \
	"live XML: $(grep -A2 "<smartcard" "$T/out" | tr '\n' ' ')"
vm-destroy lk-sc > /dev/null 2>&1
