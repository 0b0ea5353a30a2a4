# The guest kit (tests/guest/): it builds from Debian packages, a second
# build reuses the cache, its example domain document is valid, and the
# guest really boots under QEMU (TCG) with a console, a power button, a
# pvpanic crash report and a reboot (tests/guest/boot-check.sh).
# Skipped, with the reason, when QEMU is missing and cannot be installed
# (needs root) or the Debian package registry cannot be reached.
. "$TOP/tests/lib.sh"

KIT=$TOP/tests/guest

if ! command -v qemu-system-x86_64 > /dev/null 2>&1; then
	if [ "$(id -u)" = 0 ]; then
		echo "installing qemu-system-x86"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-system-x86 > "$T/apt" 2>&1 ||
			{ apt-get update -qq > /dev/null 2>&1 &&
				DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-system-x86 > "$T/apt" 2>&1; }
	fi
	if ! command -v qemu-system-x86_64 > /dev/null 2>&1; then
		if [ "$(id -u)" = 0 ]; then
			skip guest-kit "qemu-system-x86_64 missing and apt-get install qemu-system-x86 failed: $(tail -n 1 "$T/apt" | head -c 200)"
		else
			skip guest-kit "qemu-system-x86_64 missing (installing qemu-system-x86 needs root)"
		fi
		exit 0
	fi
fi

bash "$KIT/make-kit.sh" > "$T/kit" 2> "$T/kit.err"
rc=$?
if [ $rc -eq 75 ]; then
	skip guest-kit "Debian package registry unreachable: $(tail -n 1 "$T/kit.err" | head -c 200)"
	exit 0
elif [ $rc -ne 0 ]; then
	fail guest-kit-build "make-kit.sh exited $rc: $(tail -n 3 "$T/kit.err" | tr '\n' '|' | head -c 300)"
	exit 0
fi
dir=$(cat "$T/kit")
if [ "$(wc -l < "$T/kit")" -ne 1 ] || [ ! -s "$dir/vmlinuz" ] || [ ! -s "$dir/initrd.img" ] ||
	[ ! -s "$dir/stamp" ]; then
	fail guest-kit-build "stdout was '$(head -c 200 "$T/kit")', not the one line naming a complete kit"
	exit 0
fi
pass guest-kit-build

# A second run finds the stamp and rebuilds nothing.
cp "$dir/stamp" "$T/stamp1"
bash "$KIT/make-kit.sh" > "$T/kit2" 2> "$T/kit2.err"
rc=$?
if [ $rc -ne 0 ]; then
	fail guest-kit-cached "second make-kit.sh exited $rc: $(tail -n 1 "$T/kit2.err")"
elif ! cmp -s "$T/kit" "$T/kit2"; then
	fail guest-kit-cached "second run printed '$(head -c 200 "$T/kit2")', first '$dir'"
elif ! cmp -s "$T/stamp1" "$dir/stamp" || grep -q downloading "$T/kit2.err"; then
	fail guest-kit-cached "second run rebuilt the kit: $(head -n 1 "$T/kit2.err")"
else
	pass guest-kit-cached
fi

if command -v xml-validate > /dev/null 2>&1; then
	expect guest-kit-xml 0 xml-validate -q "$dir/guest.xml"
else
	skip guest-kit-xml "xml-validate not built"
fi

# boot-check prints a line per check; an exit without a FAIL line of
# its own (say, it died) is a failure too.
bash "$KIT/boot-check.sh" "$dir" > "$T/boot" 2>&1
rc=$?
cat "$T/boot"
if [ $rc -ne 0 ] && ! grep -q '^FAIL:' "$T/boot"; then
	fail guest-kit-boot-check "boot-check.sh exited $rc: $(tail -n 3 "$T/boot" | tr '\n' '|')"
fi
exit 0
