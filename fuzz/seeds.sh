# fuzz_seeds NAME: the seed inputs of fuzz target NAME, one path a line:
# the project's own test documents of that kind (goldens, rejections,
# virt-install's output), then the inputs saved under fuzz/corpus/NAME
# (findings, fixed, kept as regression tests).  TOP is the source tree.
# Sourced by fuzz/run.sh and tests/fuzz-replay.sh.
fuzz_seeds() {
	_d=$TOP/tests/data
	case $1 in
	domain) set -- "$1" "$_d"/domain/*.xml "$_d"/virtinst/*.xml \
		"$_d"/reject/*.xml "$_d"/assign/*.xml ;;
	network) set -- "$1" "$_d"/network/*.xml "$_d"/network-reject/*.xml ;;
	pool) set -- "$1" "$_d"/pool/*.xml "$_d"/storage-reject/*.xml ;;
	volume) set -- "$1" "$_d"/volume/*.xml "$_d"/storage-reject/*.xml ;;
	secret) set -- "$1" "$_d"/secret/*.xml "$_d"/secret-reject/*.xml ;;
	qemu-argv) set -- "$1" "$_d"/convert/*.args "$_d"/argv/*.args ;;
	*) return 1 ;;
	esac
	_n=$1
	shift
	for _f in "$@" "$TOP/fuzz/corpus/$_n"/*; do
		[ -f "$_f" ] && echo "$_f"
	done
	return 0
}
