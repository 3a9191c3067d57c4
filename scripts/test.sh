#!/bin/sh
# The whole test suite, as CI runs it:
#   1. install what is missing (Debian packages),
#   2. build and run `make check` (cmocka unit tests + pytest system tests
#      against Debian's BIND as the oracle),
#   3. build again with -fsanitize=address,undefined and run the unit tests,
#   4. replay the fuzz regression inputs and seeds through every fuzz target.
# Exits non-zero on any failure.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh"

status=0
failed=0
steps_total=0
step() {
	echo "=== $*"
	steps_total=$((steps_total + 1))
}

step "build and make check"
"$top/scripts/build.sh" "$top/build"
if ! make -C "$top/build" -j2 check; then
	find "$top/build" -name '*.log' -path '*test*' -newer "$top/build/Makefile" \
		-exec grep -l -E '^(FAIL|ERROR)' {} + 2>/dev/null | while read -r f; do
		echo "--- $f"; tail -n 60 "$f"; done
	cat "$top/build/test-suite.log" 2>/dev/null | tail -n 200
	failed=$((failed + 1))
fi

step "unit tests under AddressSanitizer + UBSan"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
"$top/scripts/build.sh" "$top/build-asan" --enable-sanitizers
unit_tests=$(make -s -C "$top/build-asan" print-tests | tr ' ' '\n' | grep '^test/unit/' | tr '\n' ' ')
if [ -z "$unit_tests" ] || ! make -C "$top/build-asan" -j2 check TESTS="$unit_tests"; then
	cat "$top/build-asan/test-suite.log" 2>/dev/null | tail -n 200
	failed=$((failed + 1))
fi

# --- ThreadSanitizer (owner: zone table / db evidence, scripts/tsan.sh) ---
step "concurrency tests under ThreadSanitizer"
if ! "$top/scripts/tsan.sh" "$top/build-tsan"; then
	failed=$((failed + 1))
fi
# --- end ThreadSanitizer ---

step "fuzz regression inputs"
if [ -x "$top/test/fuzz/run.sh" ]; then
	if ! "$top/test/fuzz/run.sh" --regress; then
		failed=$((failed + 1))
	fi
else
	echo "test/fuzz/run.sh missing"
	failed=$((failed + 1))
fi

if [ "$failed" -ne 0 ]; then
	status=1
	echo "=== FAILED"
	echo "steps: $((steps_total - failed)) passed, $failed failed"
else
	echo "=== all test steps passed"
	echo "steps: $steps_total passed, 0 failed"
fi
exit "$status"
