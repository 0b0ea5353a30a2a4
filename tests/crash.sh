# A define killed with SIGKILL at random points never leaves a truncated
# or invalid config: the store holds the old or the new document.
. "$TOP/tests/lib.sh"

Q=qemu:///system
STORE=$VIRTKIT_ROOT/var/lib/virtkit/qemu
TRIES=${CRASH_TRIES:-200}
U=44444444-5555-6666-7777-888888888888
# A larger document makes the write window wider.
mk() {
	printf "<domain type='qemu'><name>victim</name><uuid>$U</uuid>"
	printf "<memory>%s</memory><vcpu>1</vcpu><os><type>hvm</type></os><devices>" "$1"
	i=0
	while [ $i -lt 200 ]; do
		printf "<disk type='file'><source file='/img/%s-%d.img'/><target dev='vd%s'/></disk>" \
			"$1" $i "$(printf '%03d' $i | tr 0-9 a-j)"
		i=$((i + 1))
	done
	printf "</devices></domain>\n"
}
mk 1000 > "$T/a.xml"
mk 2000 > "$T/b.xml"
expect crash-initial 0 vm-define -c $Q "$T/a.xml"

bad=0 killed=0 n=0
while [ $n -lt "$TRIES" ]; do
	f=$T/a.xml
	[ $((n % 2)) -eq 0 ] && f=$T/b.xml
	vm-define -c $Q "$f" 2> /dev/null &
	pid=$!
	# a random delay from 0 to ~25 ms
	d=$(awk -v s="$n" 'BEGIN { srand(s); printf "%.4f", rand() * 0.025 }')
	sleep "$d"
	kill -9 $pid 2> /dev/null && killed=$((killed + 1))
	wait $pid 2> /dev/null
	if ! xml-validate -q "$STORE/victim.xml" 2> "$T/verr"; then
		bad=$((bad + 1))
		echo "try $n: $(cat "$T/verr")"
	fi
	mem=$(grep -o "<memory unit='KiB'>[0-9]*" "$STORE/victim.xml" | cut -d'>' -f2)
	case $mem in 1000|2000) ;; *) bad=$((bad + 1)); echo "try $n: memory '$mem'" ;; esac
	n=$((n + 1))
done
echo "killed $killed of $TRIES defines mid-run"
[ $bad -eq 0 ] && pass crash-never-torn || fail crash-never-torn "$bad bad configs"
[ "$killed" -gt 0 ] && pass crash-kills-landed || fail crash-kills-landed "no define was killed mid-run"
# Stale temp files from killed writers are cleaned by the next writer.
expect crash-final-define 0 vm-define -c $Q "$T/a.xml"
left=$(ls -A "$STORE" | grep -v '^victim\.xml$')
[ -z "$left" ] && pass crash-no-leftovers || fail crash-no-leftovers "$left"
