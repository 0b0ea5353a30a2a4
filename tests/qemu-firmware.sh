#!/bin/sh
# UEFI firmware on a real guest (qemu:///system with VIRTKIT_ROOT, TCG,
# the q35 machine), booted from the guest kit's kernel and initramfs,
# which OVMF loads through fw_cfg:
#   define-fills  vm-define writes the chosen <loader> (OVMF_CODE_4M.fd,
#                 read-only pflash) and <nvram> (the per-domain path,
#                 OVMF_VARS_4M.fd as its template) into the config
#   boot-efi      the guest prints its marker under OVMF (the time from
#                 vm-start to the marker is printed: UEFI boot time)
#   nvram-made    the NVRAM file exists after the start, a copy of the
#                 template, mode 0600
#   nvram-kept    a second start (after vm-destroy) boots again and keeps
#                 the same file (same inode)
#   undefine-refused  vm-undefine without --nvram/--keep-nvram exits 5
#                 and leaves the config and the file
#   undefine-nvram    vm-undefine --nvram removes both
#   keep-nvram    vm-undefine --keep-nvram removes the config only
# The guest gets 256 MiB: with the kit's 128 MiB OVMF does not reach the
# kernel.  Needs root, QEMU, the kit and the ovmf package.
. "$TOP/tests/lib.sh"
. "$TOP/tests/qemu/common.sh"

root_or_skip qemu-firmware || exit 0
kit_or_skip qemu-firmware || exit 0
CODE=/usr/share/OVMF/OVMF_CODE_4M.fd
VARS=/usr/share/OVMF/OVMF_VARS_4M.fd
if [ ! -r "$CODE" ] || [ ! -r "$VARS" ] ||
    [ ! -r /usr/share/qemu/firmware/60-edk2-x86_64.json ]; then
	skip qemu-firmware "no OVMF with its descriptors (apt-get install ovmf)"
	exit 0
fi
NV=$VIRTKIT_ROOT/var/lib/virtkit/qemu/nvram/efi_VARS.fd

mkdom efi "" "s|<memory>131072</memory>|<memory>262144</memory>|; s|<os>|<os firmware='efi'>|; s|<type arch='x86_64'>|<type arch='x86_64' machine='q35'>|"
expect define-efi 0 vm-define "$T/efi.xml"
vm-dumpxml efi > "$T/efi.dump" 2> "$T/err"
check define-fills "grep -qF \"<loader readonly='yes' type='pflash'>$CODE</loader>\" '$T/efi.dump' &&
	grep -qF \"<nvram template='$VARS'>$NV</nvram>\" '$T/efi.dump'" \
	"vm-dumpxml shows no chosen loader and nvram: $(grep -A2 '<os' "$T/efi.dump" | tr '\n' '|' | head -c 400)"

t0=$(date +%s%N)
expect start-efi 0 vm-start efi
boot_timed boot-efi efi 240 "qemu-firmware: UEFI boot"
check nvram-made "[ -f '$NV' ] && [ \"\$(stat -c %a '$NV')\" = 600 ] &&
	[ \"\$(stat -c %s '$NV')\" = \"\$(stat -c %s '$VARS')\" ]" \
	"no NVRAM copy of the template at $NV: $(ls -l "$NV" 2>&1)"
ino=$(stat -c %i "$NV" 2> /dev/null)
vm-destroy efi > /dev/null 2>&1
wait_until 30 "dom_gone efi"
expect restart-efi 0 vm-start efi
if wait_boot efi 2 240; then
	pass boot-efi-again
else
	fail boot-efi-again "no second boot; log: $(tail -n 3 "$(logdir)/efi.log" | tr '\n' '|' | head -c 300)"
fi
check nvram-kept "[ -n '$ino' ] && [ \"\$(stat -c %i '$NV')\" = '$ino' ]" \
	"the NVRAM file changed across starts (inode $ino, now $(stat -c %i "$NV" 2>&1))"
vm-destroy efi > /dev/null 2>&1
wait_until 30 "dom_gone efi"

vm-undefine efi > "$T/out" 2> "$T/err"
rc=$?
check undefine-refused "[ $rc -eq 5 ] && grep -q 'has an NVRAM file' '$T/err' &&
	[ -f '$NV' ] && vm-dumpxml efi > /dev/null 2>&1" \
	"exit $rc: $(cat "$T/err")"
expect undefine-nvram 0 vm-undefine --nvram efi
check nvram-removed "[ ! -e '$NV' ] && ! vm-dumpxml efi > /dev/null 2>&1" \
	"after --nvram: $(ls -l "$NV" 2>&1)"

# --keep-nvram: a file left as vm-start would have made it.
mkdom efi2 "" "s|<os>|<os firmware='efi'>|; s|<type arch='x86_64'>|<type arch='x86_64' machine='q35'>|"
vm-define "$T/efi2.xml" > /dev/null 2>&1
NV2=$VIRTKIT_ROOT/var/lib/virtkit/qemu/nvram/efi2_VARS.fd
cp "$VARS" "$NV2"
expect keep-nvram 0 vm-undefine --keep-nvram efi2
check nvram-left "[ -f '$NV2' ] && ! vm-dumpxml efi2 > /dev/null 2>&1" \
	"after --keep-nvram: $(ls -l "$NV2" 2>&1)"
expect both-flags 2 vm-undefine --nvram --keep-nvram efi2
