#!/bin/sh
# make demo: define the demo domain on the test driver under a private
# VIRTKIT_ROOT, list it and print its XML, timing each step.
set -e
BUILD=${BUILD:-build}
PATH=$PWD/$BUILD/bin:$PATH
VIRTKIT_ROOT=$(mktemp -d /tmp/virtkit-demo.XXXXXX)
export VIRTKIT_ROOT PATH
trap 'rm -rf "$VIRTKIT_ROOT"' EXIT
URI=test:///default

now() { date +%s%N; }
step() {
	what=$1; shift
	t0=$(now)
	echo "\$ $*"
	"$@"
	t1=$(now)
	echo "# $what: $(( (t1 - t0) / 1000000 )) ms"
	echo
}
step "define" vm-define -c $URI contrib/demo.xml
step "list" vm-list -c $URI --all
step "info" vm-info -c $URI demo
step "dump XML" vm-dumpxml -c $URI demo
echo "state was kept under $VIRTKIT_ROOT (removed now)"
