# bench/libvirt.sh: libvirt's side of the benchmarks, shared by
# bench/storage and bench/define (sourced, bash).  The caller sets
# WITH_LIBVIRT (1: install what is missing), LV_URI and WORK, defines
# say() and may define lv_remove_ours (its vkbench-* objects); after
# lv_setup, LV_OK=1 or LV_WHY says why the libvirt column is empty.
# lv_stop_started stops the daemons lv_setup started, nothing else.

LV_STARTED_LIBVIRTD=0 LV_STARTED_VIRTLOGD=0 LV_OK=0 LV_WHY=
: "${LV_URI:=qemu:///system}"

lv() { virsh -q -c "$LV_URI" "$@"; }

# Installed with the qemu, storage and network drivers.
lv_installed() {
	local d
	command -v virsh > /dev/null && command -v libvirtd > /dev/null || return 1
	for d in qemu storage network; do
		compgen -G "/usr/lib/*/libvirt/connection-driver/libvirt_driver_$d.so" \
			> /dev/null || return 1
	done
}
lv_alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2> /dev/null; }

# Install only with --with-libvirt; add only what is missing (user and
# group in qemu.conf, the libvirt-qemu account); start virtlogd and
# libvirtd when they are not running.
lv_setup() {
	if [ "$(id -u)" != 0 ]; then
		LV_WHY="n/a (libvirt column needs root)"
		return 1
	fi
	if ! lv_installed; then
		if [ "$WITH_LIBVIRT" != 1 ]; then
			LV_WHY="n/a (libvirt not installed)"
			return 1
		fi
		# The storage and network drivers come with libvirt-daemon.
		say "libvirt: apt-get install libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients"
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
			libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients \
			> "$WORK/apt.log" 2>&1 ||
			{ tail -n 5 "$WORK/apt.log" >&2; LV_WHY="n/a (apt-get install failed)"; return 1; }
	fi
	if [ "$WITH_LIBVIRT" = 1 ]; then
		# Without libvirt-daemon-system there is no qemu.conf and no
		# libvirt-qemu account, which libvirtd resolves before reading
		# qemu.conf.
		getent passwd libvirt-qemu > /dev/null ||
			useradd --system --user-group --no-create-home \
				--home-dir /var/lib/libvirt --shell /usr/sbin/nologin libvirt-qemu
		mkdir -p /etc/libvirt
		grep -qs '^[[:space:]]*user[[:space:]]*=' /etc/libvirt/qemu.conf ||
			echo 'user = "root"' >> /etc/libvirt/qemu.conf
		grep -qs '^[[:space:]]*group[[:space:]]*=' /etc/libvirt/qemu.conf ||
			echo 'group = "root"' >> /etc/libvirt/qemu.conf
	fi
	mkdir -p /var/log/libvirt
	if ! lv_alive /run/virtlogd.pid; then
		virtlogd -d && LV_STARTED_VIRTLOGD=1
	fi
	if ! lv_alive /run/libvirtd.pid; then
		say "libvirt: starting libvirtd"
		libvirtd -d && LV_STARTED_LIBVIRTD=1
	fi
	local i=0
	until lv uri > /dev/null 2>&1; do
		i=$((i + 1))
		if [ $i -gt 100 ]; then
			LV_WHY="n/a (libvirtd does not answer: see /var/log/libvirt/libvirtd.log)"
			return 1
		fi
		sleep 0.1
	done
	LV_OK=1
	declare -F lv_remove_ours > /dev/null &&
		lv_remove_ours		# leftovers of an interrupted run
	return 0
}

lv_stop_started() {
	if [ "$LV_STARTED_LIBVIRTD" = 1 ] && [ -s /run/libvirtd.pid ]; then
		kill "$(cat /run/libvirtd.pid)" 2> /dev/null
		say "libvirt: stopped the libvirtd started here"
	fi
	if [ "$LV_STARTED_VIRTLOGD" = 1 ] && [ -s /run/virtlogd.pid ]; then
		kill "$(cat /run/virtlogd.pid)" 2> /dev/null
	fi
}
