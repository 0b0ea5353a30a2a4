# vm-start killed with SIGKILL at random points: afterwards the domain is
# either running (record, supervisor and QEMU all there) or shut off with
# no QEMU, no record and no lock held; never a guest without a record or
# a record without a guest.  Then it starts again normally.
. "$TOP/tests/lib.sh"
. "$TOP/tests/qemu/common.sh"

root_or_skip kill-start || exit 0
kit_or_skip kill-start || exit 0
TRIES=${KILL_START_TRIES:-20}
RUN=$VIRTKIT_ROOT/run/virtkit/qemu
mkdom ks
vm-define "$T/ks.xml" || { fail kill-start "cannot define"; exit 0; }

# consistent: right now, either running with its record or nothing at all
consistent() {
	_q=$(qemu_pids ks | wc -w)
	if [ -f "$RUN/ks.xml" ] && [ "$_q" -eq 1 ]; then
		vm-list --name | grep -qx ks
	else
		[ ! -f "$RUN/ks.xml" ] && [ "$_q" -eq 0 ]
	fi
}
# settled: wait (bounded) until that holds twice a second apart (a
# supervisor still busy would change it), with the domain lock free
settled() {
	_i=0
	while [ $_i -lt 100 ]; do
		if consistent; then
			sleep 1
			consistent && flock -n "$RUN/ks.lock" true && return 0
		fi
		_i=$((_i + 1))
		sleep 0.1
	done
	return 1
}

bad=0 ran=0 n=0
while [ $n -lt "$TRIES" ]; do
	vm-start ks > /dev/null 2>&1 &
	pid=$!
	sleep "$(awk -v s="$n" 'BEGIN { srand(s); printf "%.3f", rand() * 0.06 }')"
	kill -9 $pid 2> /dev/null
	wait $pid 2> /dev/null
	if ! settled; then
		bad=$((bad + 1))
		echo "try $n: record $([ -f "$RUN/ks.xml" ] && echo present || echo absent), QEMU: $(qemu_pids ks | wc -w)"
	fi
	if vm-list --name | grep -qx ks; then
		ran=$((ran + 1))
		vm-destroy ks > /dev/null 2>&1
	fi
	n=$((n + 1))
done
echo "$ran of $TRIES starts survived the kill"
[ $bad -eq 0 ] && pass kill-start-consistent || fail kill-start-consistent "$bad inconsistent states"
# Kills must have landed both before and after the guest came up.
if [ "$ran" -gt 0 ] && [ "$ran" -lt "$TRIES" ]; then
	pass kill-start-both-sides
else
	skip kill-start-both-sides "all $TRIES kills landed on one side ($ran survived): the timing of this machine did not vary"
fi
expect kill-start-then-start 0 vm-start ks
check kill-start-runs 'vm-list --name | grep -qx ks' "not running after a normal start"
expect kill-start-destroy 0 vm-destroy ks
