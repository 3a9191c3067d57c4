#!/bin/sh
# Runs the pytest system tests against the tools in this build directory.
# Run from the top build directory (automake's test driver does that).
# pytest's "no tests collected" (exit 5) is a failure, never a pass.
set -u
srcdir=${srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
BINDERY_BUILDDIR=${BINDERY_BUILDDIR:-$(pwd)}
BINDERY_SRCDIR=$(cd "$srcdir" && pwd)
export BINDERY_BUILDDIR BINDERY_SRCDIR
PYTHON=${PYTHON:-/usr/bin/python3}
"$PYTHON" -m pytest -q -p no:cacheprovider "$BINDERY_SRCDIR/test/system" "$@"
rc=$?
if [ "$rc" -eq 5 ]; then
	echo "run-pytest.sh: no system tests were collected" >&2
	exit 1
fi
exit "$rc"
