#!/bin/sh
# bench-conf.sh - our named.conf parser and named-checkconf against BIND's
# named-checkconf on one large generated named.conf (no zone loading).
#
#   test/bench/bench-conf.sh [ZONES] [RUNS] [BUILDDIR]
#
# Defaults: 100000 zones, 3 runs, the current directory as the build.
# Times are CPU seconds (user + system, best of RUNS): on a shared machine
# wall time measures the neighbours.  Reports
#   - BIND named-checkconf (parse + checks),
#   - our parser alone (test/bench/conf-parse-time: parse + schema),
#   - our named-checkconf (parse + checks), unless SKIP_TOOL=1,
# and the ratios BIND / ours (above 1: ours is faster).
set -eu
zones=${1:-100000}
runs=${2:-3}
builddir=${3:-.}
here=$(cd "$(dirname "$0")" && pwd)
ours="$builddir/tools/named-checkconf"
parser="$builddir/test/bench/conf-parse-time"
bind=${BIND_CHECKCONF:-/usr/bin/named-checkconf}
tmp=$(mktemp -d /tmp/bench-conf.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

python3 "$here/gen-namedconf.py" "$zones" --dir "$tmp" > "$tmp/named.conf"
echo "named.conf: $zones zones, $(wc -c < "$tmp/named.conf") bytes"

best() { # best CPU seconds of $runs runs of "$@"
	b=
	i=0
	while [ $i -lt "$runs" ]; do
		/usr/bin/time -f "%U %S" -o "$tmp/t" "$@" > /dev/null 2>&1 ||
			{ echo "failed: $*" >&2; exit 1; }
		t=$(awk '{ print $1 + $2 }' "$tmp/t")
		if [ -z "$b" ] || [ "$(echo "$t < $b" | bc)" = 1 ]; then
			b=$t
		fi
		i=$((i + 1))
	done
	echo "$b"
}

tb=$(best "$bind" "$tmp/named.conf")
tp=$(best "$parser" "$tmp/named.conf")
echo "BIND named-checkconf:      ${tb}s"
echo "our parser (parse+schema): ${tp}s  ratio BIND/ours $(echo "scale=2; $tb / $tp" | bc)"
if [ "${SKIP_TOOL:-0}" != 1 ]; then
	to=$(best "$ours" "$tmp/named.conf")
	echo "our named-checkconf:       ${to}s  ratio BIND/ours $(echo "scale=2; $tb / $to" | bc)"
fi
