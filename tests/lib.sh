# Shared helpers for the shell tests.  Source it first:  . "$TOP/tests/lib.sh"
# Every test gets a private VIRTKIT_ROOT, so nothing touches /var/lib.
set -u
: "${TOP:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${BUILD:=$TOP/build}"
PATH=$BUILD/bin:$PATH
export PATH
VIRTKIT_ROOT=$(mktemp -d /tmp/vktest.XXXXXX)
export VIRTKIT_ROOT
unset VIRTKIT_DEFAULT_URI VIRTKIT_DEBUG
T=$VIRTKIT_ROOT/t
mkdir -p "$T"
trap 'rm -rf "$VIRTKIT_ROOT"' EXIT
# dash runs the EXIT trap on a signal only when a trap makes it exit
trap 'exit 130' INT TERM HUP
DATA=$TOP/tests/data

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1: $2"; }
skip() { echo "SKIP: $1: $2"; }

# expect NAME CODE CMD...: the command exits with CODE; its stdout and
# stderr are kept in $T/out and $T/err.
expect() {
	_n=$1 _c=$2; shift 2
	"$@" > "$T/out" 2> "$T/err"
	_rc=$?
	if [ "$_rc" -eq "$_c" ]; then
		pass "$_n"
		return 0
	fi
	fail "$_n" "exit $_rc, wanted $_c: $(head -c 300 "$T/err")"
	return 1
}

# expect_err NAME CODE MESSAGE CMD...: exit CODE and stderr exactly
# MESSAGE (one line).
expect_err() {
	_n=$1 _c=$2 _m=$3; shift 3
	"$@" > "$T/out" 2> "$T/err"
	_rc=$?
	if [ "$_rc" -ne "$_c" ]; then
		fail "$_n" "exit $_rc, wanted $_c: $(head -c 300 "$T/err")"
	elif [ "$(cat "$T/err")" != "$_m" ]; then
		fail "$_n" "stderr '$(head -c 300 "$T/err")', wanted '$_m'"
	else
		pass "$_n"
		return 0
	fi
	return 1
}

# same NAME FILE1 FILE2: the two files are identical.
same() {
	if cmp -s "$2" "$3"; then pass "$1"; return 0; fi
	fail "$1" "$(diff -u "$2" "$3" | head -n 20 | tr '\n' '|')"
	return 1
}

# root_or_skip NAME: returns 1 (after a SKIP line) unless root.
root_or_skip() {
	[ "$(id -u)" = 0 ] && return 0
	skip "$1" "needs root"
	return 1
}

# mkdoc NAME [UUID [MEMORY [TYPE]]]: a small domain document on stdout.
mkdoc() {
	printf "<domain type='%s'><name>%s</name>%s<memory>%s</memory>" \
		"${4:-qemu}" "$1" "${2:+<uuid>$2</uuid>}" "${3:-65536}"
	printf "<vcpu>1</vcpu><os><type>hvm</type></os></domain>\n"
}

# libvirt's own RelaxNG schema for domains (libvirt0 installs it).
LV_DOMAIN_RNG=${LV_DOMAIN_RNG:-/usr/share/libvirt/schemas/domain.rng}

# lv_schema NAME FILE: a PASS, FAIL or SKIP line for FILE against
# libvirt's domain schema (SKIP when the schema is not installed).
# Returns 0 when FILE validates.
lv_schema() {
	if [ ! -f "$LV_DOMAIN_RNG" ]; then
		skip "$1" "no $LV_DOMAIN_RNG (Debian package libvirt0)"
		return 1
	fi
	if xmllint --noout --relaxng "$LV_DOMAIN_RNG" "$2" \
	    > "$T/lv-schema" 2>&1; then
		pass "$1"
		return 0
	fi
	fail "$1" "libvirt's domain.rng: $(grep -v 'fails to validate' \
"$T/lv-schema" | head -n 3 | tr '\n' '|')"
	return 1
}

# golden NAME EXPECTED GOT: GOT equals the file EXPECTED, or with
# REGENERATE set, GOT is copied to EXPECTED (review every change).
golden() {
	if [ -n "${REGENERATE:-}" ]; then
		cp "$3" "$2"
		pass "$1 (regenerated)"
	elif [ ! -f "$2" ]; then
		fail "$1" "no $2; got: $(head -c 300 "$3")"
	else
		same "$1" "$2" "$3"
	fi
}

# reject NAME ERRFILE CMD...: CMD exits 3 with nothing on stdout and one
# line on stderr, the line in ERRFILE (golden, so REGENERATE applies).
reject() {
	_n=$1 _e=$2; shift 2
	"$@" > "$T/out" 2> "$T/err"
	_rc=$?
	if [ "$_rc" -ne 3 ]; then
		fail "$_n" "exit $_rc, wanted 3: $(head -c 300 "$T/err")"
	elif [ -s "$T/out" ] || [ "$(wc -l < "$T/err")" -ne 1 ]; then
		fail "$_n" "not one error line and nothing else"
	else
		golden "$_n" "$_e" "$T/err"
	fi
}

# rng_check NAME RNG FILE WANT: xmllint --relaxng RNG on FILE exits WANT
# (0 valid, 3 invalid); SKIP when RNG is not installed.
rng_check() {
	if [ ! -f "$2" ]; then
		skip "$1" "no $2"
		return
	fi
	xmllint --noout --relaxng "$2" "$3" > "$T/rng" 2>&1
	_rc=$?
	if [ "$_rc" -eq "$4" ]; then
		pass "$1"
	elif [ "$_rc" -eq 0 ]; then
		fail "$1" "validates, but $2 must reject it"
	else
		fail "$1" "$2: $(grep -v 'fails to validate' "$T/rng" | \
head -n 3 | tr '\n' '|')"
	fi
}

# For the storage tests, as root.  newloop SIZE: a loop device (with
# partition scanning) over a new sparse file in $VIRTKIT_ROOT, its name
# on stdout; storage_cleanup (an EXIT trap): unmount what is mounted
# under $VIRTKIT_ROOT, detach those loop devices, remove $VIRTKIT_ROOT.
newloop() {
	_f=$(mktemp "$VIRTKIT_ROOT/disk.XXXXXX")
	truncate -s "$1" "$_f"
	_l=$(losetup -P -f --show "$_f") || return 1
	echo "$_l" >> "$VIRTKIT_ROOT/loops"	# (called in a subshell)
	echo "$_l"
}
storage_cleanup() {
	for m in $(findmnt -rn -o TARGET 2> /dev/null | grep "^$VIRTKIT_ROOT/"); do
		umount -l "$m" 2> /dev/null
	done
	for l in $(cat "$VIRTKIT_ROOT/loops" 2> /dev/null); do
		losetup -d "$l" 2> /dev/null
	done
	rm -rf "$VIRTKIT_ROOT"
}
