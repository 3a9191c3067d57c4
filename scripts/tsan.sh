#!/bin/sh
# The concurrency tests under ThreadSanitizer, in their own build tree:
#   scripts/tsan.sh [BUILDDIR]     (default ./build-tsan)
# Builds with -fsanitize=thread and runs the tests whose readers and
# writers share data through RCU: the zone database's readers-against-
# writer test, the zone table test and the randomized database test.
# test/unit/tsan_urcu.c tells TSan what liburcu guarantees (liburcu itself
# is not instrumented).  Exits non-zero on any report or failure.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
builddir=${1:-"$top/build-tsan"}
if [ ! -x "$top/configure" ] || [ "$top/configure.ac" -nt "$top/configure" ]; then
	"$top/autogen.sh"
fi
mkdir -p "$builddir"
cd "$builddir"
if [ ! -f Makefile ]; then
	"$top/configure" -q CFLAGS="-g -O1 -fsanitize=thread -fno-omit-frame-pointer" \
		LDFLAGS="-fsanitize=thread"
fi
tests="test/unit/db_concurrency_test test/unit/zonetable_test test/unit/db_model_test \
	test/unit/server_test test/unit/log_test test/unit/net_test"
make -j2 $tests
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1"
# TSan slows the writer ~10x: give it time for thousands of changesets.
export DB_CONCURRENCY_SECONDS=${DB_CONCURRENCY_SECONDS:-5}
status=0
for t in $tests; do
	echo "--- $t (ThreadSanitizer)"
	if ! "./$t"; then
		status=1
	fi
done
exit "$status"
