#!/bin/sh
# run.sh - build the libFuzzer targets and run or replay them.
#
#   test/fuzz/run.sh [seconds] [target...]
#       Fuzz each target (default: all test/fuzz/fuzz_*.c) for `seconds`
#       (default 60), one after the other.  The seed corpus
#       test/fuzz/corpus/<target>/ is copied to a scratch directory first,
#       so the tree is never written except for crashes: each crashing,
#       leaking or hanging input is saved to test/fuzz/regress/<target>/.
#       Exits 1 if any target failed.
#
#   test/fuzz/run.sh --regress [target...]
#       Replays, once each, every seed and every file under
#       test/fuzz/regress/*/ against each target.  Fast; CI calls this.
#       Exits 1 if any input makes a target fail.
#
# The build is out of tree in $BINDERY_FUZZ_BUILD (default /tmp/bindery-fuzz)
# with CC=clang and --enable-fuzzing.  Set FUZZ_JOBS for make -j (default 2).
set -u

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=${BINDERY_FUZZ_BUILD:-/tmp/bindery-fuzz}
jobs=${FUZZ_JOBS:-2}

mode=fuzz
seconds=60
if [ $# -gt 0 ] && [ "$1" = "--regress" ]; then
	mode=regress
	shift
elif [ $# -gt 0 ]; then
	case $1 in
	*[!0-9]*) ;;
	*)
		seconds=$1
		shift
		;;
	esac
fi

if [ $# -gt 0 ]; then
	targets="$*"
else
	targets=
	for f in "$here"/fuzz_*.c; do
		[ -e "$f" ] || continue
		t=$(basename "$f" .c)
		# Only targets the build knows about (listed in fuzz.am).
		if grep -q "test/fuzz/$t\$" "$here/fuzz.am" ||
			grep -q "test/fuzz/$t[ \\\\]" "$here/fuzz.am"; then
			targets="$targets $t"
		fi
	done
fi
if [ -z "$targets" ]; then
	echo "run.sh: no fuzz targets" >&2
	exit 2
fi

# Build.
if [ ! -f "$src/configure" ]; then
	(cd "$src" && ./autogen.sh) || exit 2
fi
# A build directory configured for another checkout would build that
# checkout's code: keep one per source tree.
if [ -f "$build/Makefile" ] &&
	! grep -q "^abs_top_srcdir = $src\$" "$build/Makefile"; then
	build="$build-$(printf %s "$src" | cksum | cut -d' ' -f1)"
fi
mkdir -p "$build" || exit 2
if [ ! -f "$build/Makefile" ]; then
	(cd "$build" && CC=clang "$src/configure" -q --enable-fuzzing) || {
		echo "run.sh: configure failed (see $build/config.log)" >&2
		exit 2
	}
fi
progs=
for t in $targets; do
	progs="$progs test/fuzz/$t"
done
# shellcheck disable=SC2086
(cd "$build" && make -j"$jobs" $progs) || {
	echo "run.sh: build failed" >&2
	exit 2
}

failed=
scratch=$(mktemp -d "${TMPDIR:-/tmp}/bindery-fuzz-run.XXXXXX") || exit 2
trap 'rm -rf "$scratch"' EXIT INT TERM

for t in $targets; do
	bin="$build/test/fuzz/$t"
	if [ "$mode" = regress ]; then
		# One file per argument: libFuzzer runs each once and stops
		# at the first failure.
		list="$scratch/$t.list"
		: >"$list"
		for f in "$here/corpus/$t"/* "$here"/regress/*/*; do
			[ -f "$f" ] && echo "$f" >>"$list"
		done
		n=$(wc -l <"$list")
		if [ "$n" -eq 0 ]; then
			echo "$t: no inputs to replay"
			continue
		fi
		# Inputs go in batches so the command line stays short.
		if xargs -n 200 "$bin" -runs=1 -timeout=30 -rss_limit_mb=2048 \
			<"$list" >"$scratch/$t.log" 2>&1; then
			echo "$t: $n inputs replayed, ok"
		else
			echo "$t: FAILED on replay" >&2
			tail -40 "$scratch/$t.log" >&2
			failed="$failed $t"
		fi
		continue
	fi

	corpus="$scratch/$t-corpus"
	artifacts="$scratch/$t-artifacts"
	mkdir -p "$corpus" "$artifacts"
	if [ -d "$here/corpus/$t" ]; then
		cp "$here/corpus/$t"/* "$corpus"/ 2>/dev/null
	fi
	dict=
	if [ -f "$here/$t.dict" ]; then
		dict="-dict=$here/$t.dict"
	fi
	echo "$t: fuzzing for ${seconds}s"
	# shellcheck disable=SC2086
	"$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$artifacts/" $dict \
		"$corpus" >"$scratch/$t.log" 2>&1
	rc=$?
	grep -E '^stat::(number_of_executed_units|peak_rss_mb|new_units_added)' \
		"$scratch/$t.log" | sed "s/^/$t: /"
	saved=0
	# crash-, leak-, timeout-, oom- are failures; slow-unit- is not.
	for a in "$artifacts"/crash-* "$artifacts"/leak-* \
		"$artifacts"/timeout-* "$artifacts"/oom-*; do
		[ -f "$a" ] || continue
		mkdir -p "$here/regress/$t"
		cp "$a" "$here/regress/$t/" && saved=$((saved + 1))
	done
	if [ $rc -ne 0 ] || [ $saved -gt 0 ]; then
		echo "$t: FAILED (exit $rc), $saved input(s) saved to" \
			"test/fuzz/regress/$t/" >&2
		grep -E -A30 'ERROR|SUMMARY|deadly signal' "$scratch/$t.log" |
			head -60 >&2
		failed="$failed $t"
	else
		echo "$t: ok"
	fi
done

if [ -n "$failed" ]; then
	echo "run.sh: failed:$failed" >&2
	exit 1
fi
exit 0
