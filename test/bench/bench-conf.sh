#!/bin/sh
# bench-conf.sh - time our named-checkconf against BIND's on one large
# generated named.conf (parsing and checking only, no zone loading).
#
#   test/bench/bench-conf.sh [ZONES] [RUNS] [BUILDDIR]
#
# Defaults: 100000 zones, 3 runs, /tmp/build-$ME or ./ for the build.
# Prints the best wall time of each tool and the ratio BIND / ours
# (above 1: ours is faster).
set -eu
zones=${1:-100000}
runs=${2:-3}
builddir=${3:-.}
here=$(cd "$(dirname "$0")" && pwd)
ours="$builddir/tools/named-checkconf"
bind=${BIND_CHECKCONF:-/usr/bin/named-checkconf}
tmp=$(mktemp -d /tmp/bench-conf.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

python3 "$here/gen-namedconf.py" "$zones" --dir "$tmp" > "$tmp/named.conf"
echo "named.conf: $zones zones, $(wc -c < "$tmp/named.conf") bytes"

best() { # best wall seconds of $runs runs of "$@"
	b=
	i=0
	while [ $i -lt "$runs" ]; do
		s=$(date +%s.%N)
		"$@" > /dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
		e=$(date +%s.%N)
		t=$(echo "$e - $s" | bc)
		if [ -z "$b" ] || [ "$(echo "$t < $b" | bc)" = 1 ]; then
			b=$t
		fi
		i=$((i + 1))
	done
	echo "$b"
}

tb=$(best "$bind" "$tmp/named.conf")
to=$(best "$ours" "$tmp/named.conf")
echo "BIND named-checkconf: ${tb}s"
echo "ours named-checkconf: ${to}s"
echo "ratio (BIND/ours): $(echo "scale=2; $tb / $to" | bc)"
