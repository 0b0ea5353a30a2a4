#!/bin/sh
# LUKS volumes and disks with a real guest (qemu:///system with
# VIRTKIT_ROOT, TCG, the guest kit), their passphrase from a secret:
#   create  vol-create of raw and qcow2 volumes with <encryption
#           format='luks'>: qemu-img info says encrypted (luks, or qcow2
#           with encrypt.format luks) and the passphrase opens them; no
#           key file is left behind; a missing secret, a secret without
#           a value, another format or a <cipher> are refused and leave
#           no volume
#   guest   a domain with both as disks, <encryption format='luks'>
#           naming the secret by uuid and by usage: it boots, writes a
#           marker through each disk and reads it back after a restart;
#           no key file stays in the runtime directory while it runs,
#           and neither QEMU's argv nor its environment holds the
#           passphrase; the raw bytes of both images on the host do not
#           contain the marker
#   nosec   the secret undefined: vm-start refuses with one line naming
#           the disk, and leaves nothing
#   argv    xml-convert --to qemu-argv gives the secret object and the
#           luks options
. "$TOP/tests/lib.sh"
. "$TOP/tests/qemu/common.sh"

root_or_skip secret-luks || exit 0
kit_or_skip secret-luks || exit 0
R=$(rundir)
PASS=luks-pass-$$-Xq9
MARK=VKMARK-$$-luks
U1=5a1c9e2b-7d4f-4e8a-9b3c-1f2e3d4c5b6a
U2=6b2d0f3c-8e5a-4f9b-8c4d-2a3b4c5d6e7f
SR=$VIRTKIT_ROOT/run/virtkit/storage

gone() {
	wait_until 10 "dom_gone '$2'"
	check "$1-nothing-left" "dom_gone '$2'" \
		"QEMU '$(qemu_pids "$2")' or a record or socket directory is left"
}

# ---- pool, secrets, volumes ---------------------------------------------
mkdir -p "$T/pool"
echo "<pool type='dir'><name>encpool</name><target><path>$T/pool</path></target></pool>" > "$T/pool.xml"
expect pool-define 0 pool-define "$T/pool.xml"
expect pool-start 0 pool-start encpool
echo "<secret ephemeral='no' private='yes'><uuid>$U1</uuid><usage type='volume'><volume>$T/pool/enc.img</volume></usage></secret>" > "$T/s1.xml"
echo "<secret ephemeral='yes' private='yes'><uuid>$U2</uuid><usage type='volume'><volume>$T/pool/enc.qcow2</volume></usage></secret>" > "$T/s2.xml"
expect secret1-define 0 secret-define "$T/s1.xml"
expect secret2-define 0 secret-define "$T/s2.xml"

vol() { # vol NAME FORMAT SECRET-ATTRS [EXTRA]
	echo "<volume><name>$1</name><capacity unit='M'>16</capacity><target><format type='$2'/><encryption format='luks'><secret type='passphrase' $3/>${4:-}</encryption></target></volume>"
}
vol enc.img raw "uuid='$U1'" > "$T/v1.xml"
vol enc.qcow2 qcow2 "usage='$T/pool/enc.qcow2'" > "$T/v2.xml"

expect_err create-no-value 4 "vol-create: error: volume 'enc.img': secret $U1 has no value" \
	vol-create encpool "$T/v1.xml"
check create-no-value-no-volume "[ ! -e '$T/pool/enc.img' ]" "enc.img was left"
printf '%s' "$PASS" | secret-set-value --plain $U1
printf '%s' "$PASS" | base64 | secret-set-value $U2
vol other.img raw "uuid='00000000-0000-4000-8000-0000000000aa'" > "$T/v3.xml"
expect_err create-no-secret 4 "vol-create: error: volume 'other.img': no secret with uuid or usage '00000000-0000-4000-8000-0000000000aa'" \
	vol-create encpool "$T/v3.xml"
vol other.vmdk vmdk "uuid='$U1'" > "$T/v4.xml"
expect_err create-vmdk 1 "vol-create: error: volume 'other.vmdk': LUKS encryption of format vmdk: not supported (raw and qcow2 only)" \
	vol-create encpool "$T/v4.xml"
vol other.img raw "uuid='$U1'" "<cipher name='aes' size='128' mode='cbc' hash='sha1'/>" > "$T/v5.xml"
expect_err create-cipher 1 "vol-create: error: volume 'other.img': <encryption><cipher>: not supported (qemu-img's defaults apply: aes-256, xts, plain64, sha256)" \
	vol-create encpool "$T/v5.xml"
check create-refused-no-volume "[ ! -e '$T/pool/other.img' ] && [ ! -e '$T/pool/other.vmdk' ]" \
	"a refused volume was left"

expect create-raw 0 vol-create encpool "$T/v1.xml"
expect create-qcow2 0 vol-create encpool "$T/v2.xml"
qemu-img info "$T/pool/enc.img" > "$T/info1" 2>&1
check create-raw-is-luks "grep -q '^file format: luks' '$T/info1' && grep -q '^encrypted: yes' '$T/info1'" \
	"$(tr '\n' '|' < "$T/info1" | head -c 300)"
qemu-img info "$T/pool/enc.qcow2" > "$T/info2" 2>&1
check create-qcow2-is-luks "grep -q '^file format: qcow2' '$T/info2' && grep -q '^encrypted: yes' '$T/info2' && grep -q 'format: luks' '$T/info2'" \
	"$(tr '\n' '|' < "$T/info2" | head -c 300)"
check create-no-key-left "[ -z \"\$(find '$SR' -name 'secret-*' 2> /dev/null)\" ]" \
	"$(find "$SR" -name 'secret-*')"
# luks_read FILE PASSPHRASE: the first 64 bytes QEMU reads through the
# LUKS layer of the raw image FILE (qemu-io's hex and text dump).
luks_read() {
	qemu-io --object "secret,id=s,data=$2" --image-opts \
		"driver=luks,key-secret=s,file.filename=$1" -c 'read -v 0 64' 2>&1
}
# The passphrase opens it, another does not.
check create-passphrase-opens "luks_read '$T/pool/enc.img' '$PASS' | grep -q '^read 64/64'" \
	"qemu-io cannot read enc.img with the passphrase: $(luks_read "$T/pool/enc.img" "$PASS" | tail -n 1)"
check create-wrong-passphrase "luks_read '$T/pool/enc.img' wrong | grep -q 'Invalid password'" \
	"enc.img opens with a wrong passphrase"

# ---- the guest -----------------------------------------------------------
disks="<disk type='volume' device='disk'><driver name='qemu' type='raw'/><source pool='encpool' volume='enc.img'/><target dev='vda' bus='virtio'/><encryption format='luks'><secret type='passphrase' uuid='$U1'/></encryption></disk><disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='$T/pool/enc.qcow2'/><target dev='vdb' bus='virtio'/><encryption format='luks'><secret type='passphrase' usage='$T/pool/enc.qcow2'/></encryption></disk>"
mkdom luks1 '' "s|<devices>|<devices>$disks|"
expect guest-define 0 vm-define "$T/luks1.xml"

xml-convert --from domain-xml --to qemu-argv "$T/luks1.xml" > "$T/argv" 2> "$T/err"
rc=$?
check argv-secret-object "[ $rc -eq 0 ] && grep -q -- '-object secret,id=secret-drive-vda,file=$R/luks1.d/vda.key ' '$T/argv' && grep -q -- '-drive file=$T/pool/enc.img,format=luks,key-secret=secret-drive-vda,if=none,id=drive-vda' '$T/argv' && grep -q -- 'format=qcow2,encrypt.format=luks,encrypt.key-secret=secret-drive-vdb,if=none,id=drive-vdb' '$T/argv'" \
	"exit $rc: $(head -c 600 "$T/err" "$T/argv")"

expect guest-start 0 vm-start luks1
if wait_boot luks1 1; then
	pass guest-boot
	send luks1 "echo $MARK-A | dd of=/dev/vda bs=512 conv=sync 2>/dev/null; echo $MARK-B | dd of=/dev/vdb bs=512 conv=sync 2>/dev/null; sync; echo written-\$((6*7))"
	check guest-wrote "said luks1 '^written-42'" \
		"no answer: $(tr -d '\r' < "$T/console.luks1" | tail -n 5 | tr '\n' '|')"
else
	fail guest-boot "the guest did not boot: $(vm-console --history luks1 2>&1 | tail -n 5 | tr '\n' '|')"
fi
check guest-no-key-file "[ -d '$R/luks1.d' ] && ! ls '$R/luks1.d/' | grep -q '\\.key\$'" \
	"key files left: $(ls "$R/luks1.d/" 2>&1)"
pid=$(qemu_pids luks1)
check guest-argv-no-passphrase "[ -n '$pid' ] && ! tr '\\0' '\\n' < /proc/$pid/cmdline | grep -q -- '$PASS' && tr '\\0' '\\n' < /proc/$pid/cmdline | grep -q 'key-secret=secret-drive-vda'" \
	"QEMU pid '$pid': argv holds the passphrase or no key-secret"
check guest-env-no-passphrase "[ -n '$pid' ] && ! tr '\\0' '\\n' < /proc/$pid/environ | grep -q -- '$PASS'" \
	"QEMU's environment holds the passphrase"
expect guest-destroy 0 vm-destroy luks1
gone guest luks1
check guest-marker-not-in-raw "! grep -a -q '$MARK' '$T/pool/enc.img' && ! grep -a -q '$MARK' '$T/pool/enc.qcow2'" \
	"the marker is in the clear on the host"
# Through the LUKS layer with the passphrase, the host reads it.
check guest-marker-behind-luks "luks_read '$T/pool/enc.img' '$PASS' | tr -d ' ' | grep -q 'VKMARK'" \
	"qemu-io does not read the marker: $(luks_read "$T/pool/enc.img" "$PASS" | head -n 3 | tr '\n' '|')"

# Started again, the guest reads what it wrote: the key opens the data.
expect guest-restart 0 vm-start luks1
if wait_boot luks1 1; then
	send luks1 "echo got-\$(head -c 40 /dev/vda | head -n 1); echo got-\$(head -c 40 /dev/vdb | head -n 1)"
	check guest-reads-vda "said luks1 'got-$MARK-A'" \
		"no $MARK-A: $(tr -d '\r' < "$T/console.luks1" | tail -n 5 | tr '\n' '|')"
	check guest-reads-vdb "said luks1 'got-$MARK-B'" \
		"no $MARK-B: $(tr -d '\r' < "$T/console.luks1" | tail -n 5 | tr '\n' '|')"
else
	fail guest-reboot "the guest did not boot again"
fi
expect guest-destroy-again 0 vm-destroy luks1
gone guest-again luks1

# ---- without the secret ----------------------------------------------------
expect secret-undefine 0 secret-undefine $U1
expect_err nosec-refused 4 "vm-start: error: disk 'vda': no secret with uuid or usage '$U1'" \
	vm-start luks1
gone nosec luks1
vm-undefine luks1 > /dev/null 2>&1
